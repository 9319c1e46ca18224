"""One small realistic tree for tests: a province, a plain district (Tam Kỳ), a mountainous
one (Bắc Trà My), communes, branches, a department, cadres and members, a user per role.

Built once per test session (see tests/conftest.py); browser tests build it per test.
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password

from coso.accounts.models import Role, RoleGrant, User
from coso.org.models import ClassificationLevel, Cluster, Department, Sector, Unit, UnitClassification, UnitLevel
from coso.people.models import Body, Person, Post, PostTitle, TargetGroup, Term

PASSWORD = "matkhau-thu-nghiem-2026"
_HASH = {}


def password_hash():
    # Argon2 is slow on purpose; hash the shared test password once per process.
    if "value" not in _HASH:
        _HASH["value"] = make_password(PASSWORD)
    return _HASH["value"]


def _level(code):
    return UnitLevel.objects.get(code=code)


def person(unit, full_name, sex="M", birth=(1995, 1, 1), **extra):
    family, *middle, given = full_name.split()
    extra.setdefault("is_member", True)
    return Person.objects.create(
        family_name=family,
        middle_name=" ".join(middle),
        given_name=given,
        sex=sex,
        birth_date=datetime.date(*birth),
        unit=unit,
        **extra,
    )


def user(username, role, unit, person_obj=None):
    account = User.objects.create(username=username, password=password_hash(), person=person_obj)
    if role:
        RoleGrant.objects.create(user=account, role=role, unit=unit, valid_from=datetime.date(2000, 1, 1))
    return account


def build_small_tree():
    t = SimpleNamespace()
    residential = Sector.objects.get(code="dia-ban-dan-cu")
    t.province = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh đoàn Quảng Nam", level=_level("tinh-doan"), code="t-qn")
    )
    t.tamky = Unit.objects.add_child(
        t.province, dict(name="Thành đoàn Tam Kỳ", level=_level("huyen-doan"), code="t-tk")
    )
    t.bactramy = Unit.objects.add_child(
        t.province, dict(name="Huyện đoàn Bắc Trà My", level=_level("huyen-doan"), code="t-btm", is_mountainous=True)
    )
    t.anmy = Unit.objects.add_child(
        t.tamky, dict(name="Đoàn phường An Mỹ", level=_level("doan-co-so"), sector=residential, code="t-am")
    )
    t.trason = Unit.objects.add_child(
        t.bactramy, dict(name="Đoàn xã Trà Sơn", level=_level("doan-co-so"), sector=residential, code="t-ts")
    )
    t.tragiang = Unit.objects.add_child(
        t.bactramy, dict(name="Đoàn xã Trà Giang", level=_level("doan-co-so"), sector=residential, code="t-tg")
    )
    t.branch_trason = Unit.objects.add_child(
        t.trason, dict(name="Chi đoàn thôn 1", level=_level("chi-doan"), code="t-ts-1")
    )
    t.branch_anmy = Unit.objects.add_child(
        t.anmy, dict(name="Chi đoàn khối phố 2", level=_level("chi-doan"), code="t-am-2")
    )
    for unit in ("province", "tamky", "bactramy", "anmy", "trason", "tragiang", "branch_trason", "branch_anmy"):
        setattr(t, unit, Unit.objects.get(pk=getattr(t, unit).pk))

    t.tckt = Department.objects.create(unit=t.province, code="TCKT", name="Ban Tổ chức – Kiểm tra")
    t.movement = Department.objects.create(unit=t.province, code="PT", name="Ban Phong trào")
    t.term = Term.objects.get(start_year=2022, end_year=2027)
    students = TargetGroup.objects.get(code="dia-ban-dan-cu")

    t.secretary = person(
        t.province,
        "Trần Thị Hồng",
        "F",
        (1985, 5, 2),
        is_cadre=True,
        on_payroll=True,
        works_full_time=True,
        party_status=Person.PartyStatus.MEMBER,
    )
    t.tckt_cadre = person(
        t.province,
        "Lê Văn Bình",
        birth=(1993, 3, 4),
        is_cadre=True,
        on_payroll=True,
        department=t.tckt,
        party_status=Person.PartyStatus.MEMBER,
    )
    t.movement_cadre = person(
        t.province,
        "Nguyễn Văn Quy",
        birth=(1996, 7, 8),
        is_cadre=True,
        on_payroll=True,
        department=t.movement,
        party_status=Person.PartyStatus.SOURCE,
    )
    t.btm_secretary = person(t.bactramy, "Hồ Văn Anh", birth=(1990, 1, 1), is_cadre=True, on_payroll=True)
    t.tamky_secretary = person(t.tamky, "Phạm Thị Ánh", "F", (1991, 2, 2), is_cadre=True, on_payroll=True)
    t.member_trason = person(t.branch_trason, "Đinh Thị Mai", "F", (2004, 4, 4), target_group=students)
    t.member_trason2 = person(t.branch_trason, "Hồ Văn Đông", birth=(2003, 3, 3), target_group=students)
    t.member_anmy = person(t.branch_anmy, "Võ Minh Tâm", birth=(2002, 2, 2), target_group=students)

    Post.objects.create(
        person=t.secretary,
        unit=t.province,
        body=Body.STANDING_OFFICERS,
        title=PostTitle.SECRETARY,
        term=t.term,
        start_date=datetime.date(2022, 10, 1),
    )
    Post.objects.create(
        person=t.btm_secretary,
        unit=t.bactramy,
        body=Body.STANDING_OFFICERS,
        title=PostTitle.SECRETARY,
        term=t.term,
        start_date=datetime.date(2022, 8, 1),
    )

    old_scheme_levels = {lvl.code: lvl for lvl in ClassificationLevel.objects.filter(scheme__code="to-chuc-truoc-2023")}
    UnitClassification.objects.create(unit=t.trason, year=2012, level=old_scheme_levels["YEU"])
    UnitClassification.objects.create(unit=t.tragiang, year=2012, level=old_scheme_levels["KHA"])

    t.cluster = Cluster.objects.create(
        owner=t.province, year=2013, name="Cụm 1", leader=t.secretary, deputy=t.tckt_cadre
    )
    t.cluster.units.set([t.tamky, t.bactramy])

    t.admin = User.objects.create(username="quantri.test", password=password_hash(), is_staff=True, is_superuser=True)
    t.users = {
        "provincial_standing": user("tinhdoan", Role.PROVINCIAL_STANDING, t.province, t.secretary),
        "tckt_officer": user("tckt", Role.TCKT_OFFICER, t.province, t.tckt_cadre),
        "department_leader": user("truongban", Role.DEPARTMENT_LEADER, t.province),
        "cluster_leader": user("cumtruong", Role.CLUSTER_LEADER, t.province),
        "movement_cadre": user("canbo", Role.MOVEMENT_CADRE, t.province, t.movement_cadre),
        "district_standing": user("huyendoan.btm", Role.DISTRICT_STANDING, t.bactramy, t.btm_secretary),
        "district_standing_tamky": user("thanhdoan.tk", Role.DISTRICT_STANDING, t.tamky, t.tamky_secretary),
        "base_officer": user("coso.trason.test", Role.BASE_OFFICER, t.trason),
        "branch_officer": user("chidoan.trason.test", Role.BRANCH_OFFICER, t.branch_trason),
        "member": user("doanvien.trason.test", Role.MEMBER, t.branch_trason, t.member_trason),
    }
    t.password = PASSWORD
    return t


def reload(tree):
    """Fresh copies of every model instance of the tree (tests may have changed rows)."""
    fresh = SimpleNamespace(**vars(tree))
    for key, value in vars(tree).items():
        if hasattr(value, "refresh_from_db") and hasattr(value, "pk"):
            setattr(fresh, key, type(value).objects.get(pk=value.pk))
    fresh.users = {k: User.objects.get(pk=v.pk) for k, v in tree.users.items()}
    return fresh
