"""Small builders for cadre-work tests (a Quận đoàn Tân Phú with its wards, cadres with facts)."""

import datetime
from types import SimpleNamespace

from coso.org.models import Unit, UnitLevel
from coso.people.models import Body, Certificate, Person, Post, PostTitle, TrainingRecord

D = datetime.date

WARDS = [
    "Tân Sơn Nhì",
    "Tây Thạnh",
    "Sơn Kỳ",
    "Tân Quý",
    "Tân Thành",
    "Phú Thọ Hòa",
    "Phú Thạnh",
    "Phú Trung",
    "Hòa Thạnh",
    "Hiệp Tân",
    "Tân Thới Hòa",
]
_counter = {"n": 0}


def level(code):
    return UnitLevel.objects.get(code=code)


def district(name="Quận Đoàn Tân Phú", wards=WARDS, code="tp"):
    root = Unit.objects.add_root(
        create_kwargs=dict(name=f"Thành Đoàn ({code})", level=level("tinh-doan"), code=f"{code}-root")
    )
    owner = Unit.objects.add_child(root, dict(name=name, level=level("huyen-doan"), code=code))
    owner = Unit.objects.get(pk=owner.pk)
    units = []
    for i, ward in enumerate(wards):
        units.append(
            Unit.objects.add_child(
                owner, dict(name=f"Đoàn phường {ward}", level=level("doan-co-so"), code=f"{code}-w{i}")
            )
        )
        owner = Unit.objects.get(pk=owner.pk)
    return SimpleNamespace(
        root=Unit.objects.get(pk=root.pk), owner=owner, wards=[Unit.objects.get(pk=u.pk) for u in units]
    )


def cadre(unit, **facts):
    _counter["n"] += 1
    facts.setdefault("is_cadre", True)
    return Person.objects.create(
        family_name="Nguyễn",
        middle_name="Văn",
        given_name=f"Cán Bộ {_counter['n']}",
        sex="M",
        birth_date=D(1995, 1, 1),
        unit=unit,
        **facts,
    )


def train(person, kind, start, end=None, *, completed=True, level="", name="Lớp"):
    return TrainingRecord.objects.create(
        person=person, kind=kind, name=name, level=level, start_date=start, end_date=end, completed=completed
    )


CERT_DAY = D(2022, 6, 1)
POST_DAY = D(2022, 9, 1)


def certificate(person, level, issued_on=CERT_DAY, kind=Certificate.Kind.FOREIGN_LANGUAGE):
    return Certificate.objects.create(person=person, kind=kind, name="Chứng chỉ", level=level, issued_on=issued_on)


def post(person, unit, title=PostTitle.SECRETARY, start=POST_DAY, end=None, body=Body.STANDING_OFFICERS):
    return Post.objects.create(person=person, unit=unit, body=body, title=title, start_date=start, end_date=end)


K = TrainingRecord.Kind
