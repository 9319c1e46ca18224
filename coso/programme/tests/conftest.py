"""Fixtures of the programme tests, on top of the shared small tree (tests/builders.py).

Both districts of the tree run the District 8 2014 programme (its rounds, school track and
criteria catalogue), so tests can cross district borders. Members of the tree are residents
("dia-ban-dan-cu").
"""

import datetime

import pytest
from django.utils import timezone

from coso.accounts.models import Role
from coso.org.models import Sector, Unit, UnitLevel
from coso.people.models import TargetGroup
from coso.programme import services
from coso.programme.models import Criterion, Round
from tests.builders import person, user

D = datetime.date


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def group(code):
    return TargetGroup.objects.get(code=code)


def criteria_for(programme, group_code, kind):
    """Criteria a member of the group may choose, in catalogue order (common ones first)."""
    tg = group(group_code)
    return list(
        Criterion.objects.filter(programme=programme, kind=kind).filter(target_group__isnull=True).order_by("order")
    ) + list(Criterion.objects.filter(programme=programme, kind=kind, target_group=tg).order_by("order"))


def pick(programme, group_code="dia-ban-dan-cu", training=5, action=5):
    """Registration items: the first ``training`` and ``action`` criteria fitting the group."""
    chosen = (
        criteria_for(programme, group_code, "training")[:training]
        + criteria_for(programme, group_code, "action")[:action]
    )
    return [{"criterion": c, "commitment": f"Tôi cam kết: {c.title.lower()}."} for c in chosen]


def rounds(programme):
    return list(Round.objects.filter(track__programme=programme, track__kind="general").order_by("number"))


def add_unit(parent, name, level_code, **extra):
    parent = Unit.objects.get(pk=parent.pk)
    unit = Unit.objects.add_child(parent, dict(name=name, level=UnitLevel.objects.get(code=level_code), **extra))
    return Unit.objects.get(pk=unit.pk)


@pytest.fixture
def btm(tree):
    """Bắc Trà My's programme (2014 catalogue), with an account for the second member."""
    tree.programme = services.district8_2014(tree.bactramy, actor=tree.users["district_standing"])
    tree.rounds = rounds(tree.programme)
    tree.users["member2"] = user("doanvien2.trason", Role.MEMBER, tree.branch_trason, tree.member_trason2)
    tree.users["member_anmy"] = user("doanvien.anmy", Role.MEMBER, tree.branch_anmy, tree.member_anmy)
    tree.users["branch_officer_anmy"] = user("chidoan.anmy", Role.BRANCH_OFFICER, tree.branch_anmy)
    tree.users["base_officer_anmy"] = user("coso.anmy", Role.BASE_OFFICER, tree.anmy)
    return tree


@pytest.fixture
def tk(btm):
    """Tam Kỳ's programme too."""
    btm.tk_programme = services.district8_2014(btm.tamky, actor=btm.users["district_standing_tamky"])
    btm.tk_rounds = rounds(btm.tk_programme)
    return btm


@pytest.fixture
def registered(btm):
    """Both Trà Sơn members registered and submitted in March 2014."""
    for key in ("member", "member2"):
        services.register(
            actor=btm.users[key], programme=btm.programme, items=pick(btm.programme), submit=True, now=at(2014, 3, 20)
        )
    btm.reg1 = btm.member_trason.programme_registrations.get()
    btm.reg2 = btm.member_trason2.programme_registrations.get()
    return btm


def statuses(registration, pattern):
    """``{criterion id: status}`` cycling ``pattern`` over the registration's items."""
    items = list(registration.items.order_by("position"))
    return {item.criterion_id: pattern[i % len(pattern)] for i, item in enumerate(items)}


def school_tree(tree):
    """A school union under Bắc Trà My with one branch and one student."""
    school = add_unit(
        tree.bactramy, "Đoàn trường THPT Bắc Trà My", "doan-co-so", sector=Sector.objects.get(code="truong-hoc")
    )
    branch = add_unit(school, "Chi đoàn 10A1", "chi-doan")
    student = person(branch, "Nguyễn Thị Lan", "F", (1999, 9, 9), target_group=group("hoc-sinh"))
    return school, branch, student
