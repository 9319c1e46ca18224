"""The demo: the organisations of the five seeds, built from the official administrative lists.

- Quảng Nam provincial union (plan 14 KH/TĐTN, 2013) with all its district-level unions, the six
  mountainous ones flagged, its communes (Bắc Trà My's 13 among them), departments, clusters.
- Tây Ninh provincial union (field-training plans 51-KH/TĐTN-TCKT 2018–2022, 18-KH/TĐTN-TCKT
  2023–2027) with its districts and communes.
- Ho Chi Minh City union with District 8 (plan 21-KH/ĐTN-BTC, 2014) and Tân Phú (11 wards, 2023).
- Branches and members in a few base unions, cadres in every role, a login for each role.

Only where ``settings.DEMO_ALLOWED`` (never in production): every demo login shares one password.
"""

import datetime
import importlib
import importlib.util
import random

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from coso.accounts.models import Role, RoleGrant, User
from coso.core.errors import DomainError
from coso.org import treebuilder
from coso.org.models import ClassificationLevel, Cluster, Department, Sector, Unit, UnitClassification, UnitLevel
from coso.people.models import Body, Certificate, Child, Person, Post, PostTitle, TargetGroup, Term

DEMO_PASSWORD = "coso-demo-2026"
QUANG_NAM_ROOT = "vn-49"
# A unit only the demo creates (build_tree also creates "vn-49", so that cannot mark the demo).
DEMO_MARKER_CODE = "demo-trason-cd1"

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Ngọc"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng"]
GIVEN_M = [
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quang",
    "Quy",
    "Sơn",
    "Tâm",
    "Thắng",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
]
GIVEN_F = [
    "Anh",
    "Ánh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Thảo",
    "Trang",
    "Uyên",
    "Yến",
]

DEMO_USERS = [
    # username, role, unit code, description
    ("admin", Role.SYSTEM_ADMIN, None, "Quản trị hệ thống"),
    ("tinhdoan.quangnam", Role.PROVINCIAL_STANDING, "vn-49", "Thường trực Tỉnh đoàn Quảng Nam"),
    ("tckt.quangnam", Role.TCKT_OFFICER, "vn-49", "Cán bộ Ban Tổ chức – Kiểm tra Tỉnh đoàn Quảng Nam"),
    ("truongban.quangnam", Role.DEPARTMENT_LEADER, "vn-49", "Trưởng Ban Phong trào Tỉnh đoàn Quảng Nam"),
    ("cumtruong.quangnam", Role.CLUSTER_LEADER, "vn-49", "Cụm trưởng cụm thi đua số 4 (miền núi phía Nam)"),
    ("canbo.quangnam", Role.MOVEMENT_CADRE, "vn-49", "Cán bộ phong trào Tỉnh đoàn Quảng Nam"),
    ("huyendoan.bactramy", Role.DISTRICT_STANDING, "vn-49-515", "Thường trực Huyện đoàn Bắc Trà My"),
    ("coso.trason", Role.BASE_OFFICER, "vn-49-515-20900", "Bí thư Đoàn xã Trà Sơn"),
    ("chidoan.trason", Role.BRANCH_OFFICER, "demo-trason-cd1", "Bí thư Chi đoàn thôn 1, xã Trà Sơn"),
    ("doanvien.trason", Role.MEMBER, "demo-trason-cd1", "Đoàn viên Chi đoàn thôn 1, xã Trà Sơn"),
    ("tanphu", Role.DISTRICT_STANDING, "vn-79-767", "Thường trực Quận đoàn Tân Phú"),
    ("quan8", Role.DISTRICT_STANDING, "vn-79-776", "Thường trực Quận đoàn 8"),
    ("tayninh", Role.PROVINCIAL_STANDING, "vn-72", "Thường trực Tỉnh đoàn Tây Ninh (Ban TCKT)"),
]


class DemoRefused(DomainError):
    pass


# Each domain app may add its demo in ``<app>/demo.py``: ``USERS`` (extra logins, rows like
# DEMO_USERS) and ``load(builder, users)``, run in this order once the tree, the people and
# every login exist (``users``: username -> User; the app links its users' persons).
DEMO_APPS = ["coso.visits", "coso.placements", "coso.cadrework", "coso.programme"]


def app_demos():
    modules = []
    for app in DEMO_APPS:
        name = f"{app}.demo"
        if importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    return modules


def all_demo_users():
    rows = list(DEMO_USERS)
    for module in app_demos():
        rows += list(getattr(module, "USERS", []))
    return rows


def demo_exists():
    return Unit.objects.filter(code=DEMO_MARKER_CODE).exists()


def refuse_unless_allowed():
    if not settings.DEMO_ALLOWED:
        raise DemoRefused(
            "demo_refused",
            "Không nạp dữ liệu thử nghiệm (demo) trên hệ thống thật: DEMO_ALLOWED đang tắt.",
        )


class _Builder:
    def __init__(self):
        self.rng = random.Random(2013)
        self.password = make_password(DEMO_PASSWORD)
        self.levels = {lvl.code: lvl for lvl in UnitLevel.objects.all()}
        self.term = Term.objects.get(start_year=2022, end_year=2027)
        self.term_2012 = Term.objects.get(start_year=2012, end_year=2017)
        self.groups = {g.code: g for g in TargetGroup.objects.all()}

    def unit(self, code):
        return Unit.objects.get(code=code)

    def person(self, unit, sex=None, birth_year=None, **extra):
        sex = sex or self.rng.choice("MF")
        male = sex == "M"
        birth_year = birth_year or self.rng.randint(1985, 2005)
        extra.setdefault("is_member", True)
        return Person.objects.create(
            family_name=self.rng.choice(FAMILY),
            middle_name=self.rng.choice(MIDDLE_M if male else MIDDLE_F),
            given_name=self.rng.choice(GIVEN_M if male else GIVEN_F),
            sex=sex,
            birth_date=datetime.date(birth_year, self.rng.randint(1, 12), self.rng.randint(1, 28)),
            unit=unit,
            phone=f"09{self.rng.randint(10000000, 99999999)}",
            **extra,
        )

    def named(self, unit, full_name, sex, birth, **extra):
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

    def cadre(self, unit, department=None, **extra):
        extra.setdefault("party_status", self.rng.choice([Person.PartyStatus.MEMBER, Person.PartyStatus.SOURCE]))
        return self.person(
            unit,
            birth_year=self.rng.randint(1984, 1998),
            is_cadre=True,
            on_payroll=True,
            works_full_time=True,
            department=department,
            education=Person.Education.UNIVERSITY,
            **extra,
        )

    def post(self, person, unit, body, title, start, term=None, department=None):
        return Post.objects.create(
            person=person,
            unit=unit,
            body=body,
            title=title,
            start_date=start,
            term=term or self.term,
            department=department,
        )

    def branch(self, parent, code, name):
        parent = Unit.objects.get(pk=parent.pk)
        return Unit.objects.add_child(
            parent, dict(name=name, code=code, level=self.levels["chi-doan"], sector=parent.sector)
        )

    def members(self, branch, count, group):
        for _ in range(count):
            self.person(
                branch,
                birth_year=self.rng.randint(1996, 2008),
                target_group=self.groups[group],
                joined_union_on=datetime.date(2020, 3, 26),
            )

    def departments(self, unit, rows):
        return {code: Department.objects.create(unit=unit, code=code, name=name) for code, name in rows}


def load_demo(stdout=None):
    refuse_unless_allowed()
    if Unit.objects.filter(code=QUANG_NAM_ROOT).exists():
        raise DemoRefused(
            "demo_tree_exists",
            "Cơ sở dữ liệu đã có cây tổ chức Quảng Nam (dựng bằng build_tree): demo cần một cơ sở dữ liệu trống.",
        )
    with transaction.atomic():
        return _load()


def _say(stdout, text):
    if stdout is not None:
        stdout.write(text)


def _load():
    treebuilder.build_province("Quảng Nam", era=treebuilder.BEFORE_2025)
    treebuilder.build_province("Tây Ninh", era=treebuilder.BEFORE_2025)
    treebuilder.build_province("Hồ Chí Minh", era=treebuilder.BEFORE_2025, districts=["Quận 8", "Tân Phú"])
    b = _Builder()
    _quang_nam(b)
    _tay_ninh(b)
    _ho_chi_minh(b)
    users = _users(b)
    for module in app_demos():
        module.load(b, users)
    return b


def _quang_nam(b):
    province = b.unit("vn-49")
    depts = b.departments(
        province,
        [
            ("VP", "Văn phòng"),
            ("TCKT", "Ban Tổ chức – Kiểm tra"),
            ("PT", "Ban Phong trào"),
            ("TG", "Ban Tuyên giáo"),
            ("TN", "Ban Thiếu nhi"),
        ],
    )
    secretary = b.named(
        province,
        "Phan Thị Thu Hương",
        "F",
        (1980, 6, 12),
        is_cadre=True,
        on_payroll=True,
        works_full_time=True,
        party_status=Person.PartyStatus.MEMBER,
        education="master",
        political_theory="advanced",
    )
    b.post(secretary, province, Body.STANDING_OFFICERS, PostTitle.SECRETARY, datetime.date(2012, 10, 1), b.term_2012)
    deputies = []
    for _ in range(2):
        deputy = b.cadre(province, party_status=Person.PartyStatus.MEMBER)
        b.post(
            deputy,
            province,
            Body.STANDING_OFFICERS,
            PostTitle.DEPUTY_SECRETARY,
            datetime.date(2012, 10, 1),
            b.term_2012,
        )
        deputies.append(deputy)
    staff = {}
    for code, dept in depts.items():
        head = b.cadre(province, department=dept, party_status=Person.PartyStatus.MEMBER)
        b.post(head, province, Body.AGENCY, PostTitle.HEAD_OF_DEPARTMENT, datetime.date(2012, 1, 1), department=dept)
        b.post(head, province, Body.STANDING, PostTitle.STANDING_MEMBER, datetime.date(2012, 10, 1), b.term_2012)
        staff[code] = [head] + [b.cadre(province, department=dept) for _ in range(2)]
    movement_cadre = b.named(
        province,
        "Nguyễn Văn Quy",
        "M",
        (1990, 3, 15),
        is_cadre=True,
        on_payroll=True,
        works_full_time=True,
        department=depts["PT"],
        party_status=Person.PartyStatus.MEMBER,
        education="university",
    )
    staff["PT"].append(movement_cadre)
    Certificate.objects.create(
        person=movement_cadre,
        kind=Certificate.Kind.FOREIGN_LANGUAGE,
        name="Tiếng Anh",
        level="B1",
        issued_on=datetime.date(2012, 5, 20),
    )

    districts = list(Unit.objects.filter(path__startswith=province.path, depth=2).order_by("path"))
    mountainous = [d for d in districts if d.is_mountainous]
    plain = [d for d in districts if not d.is_mountainous]
    leaders = [deputies[0], deputies[1], staff["TCKT"][0], staff["TG"][1]]
    deputies_of_cluster = [staff["TG"][0], staff["TN"][0], staff["VP"][0], staff["PT"][1]]
    groups = [
        plain[: len(plain) // 3],
        plain[len(plain) // 3 : 2 * len(plain) // 3],
        plain[2 * len(plain) // 3 :],
        mountainous,
    ]
    for index, members in enumerate(groups):
        cluster = Cluster.objects.create(
            owner=province,
            year=2013,
            name=f"Cụm thi đua số {index + 1}",
            leader=leaders[index],
            deputy=deputies_of_cluster[index],
        )
        cluster.units.set(members)

    old = {lvl.code: lvl for lvl in ClassificationLevel.objects.filter(scheme__code="to-chuc-truoc-2023")}
    weights = [("VM", 3), ("KHA", 4), ("TB", 2), ("YEU", 1)]
    pool = [code for code, weight in weights for _ in range(weight)]
    classifications = [
        UnitClassification(unit=base, year=2012, level=old[b.rng.choice(pool)])
        for base in Unit.objects.filter(path__startswith=province.path, depth=3)
    ]
    UnitClassification.objects.bulk_create(classifications)

    bactramy = b.unit("vn-49-515")
    btm_secretary = b.named(
        bactramy,
        "Hồ Văn Anh",
        "M",
        (1986, 9, 2),
        is_cadre=True,
        on_payroll=True,
        works_full_time=True,
        party_status=Person.PartyStatus.MEMBER,
    )
    b.post(btm_secretary, bactramy, Body.STANDING_OFFICERS, PostTitle.SECRETARY, datetime.date(2012, 8, 1), b.term_2012)
    for _ in range(4):
        b.cadre(bactramy)
    tamky = b.unit("vn-49-502")
    tk_secretary = b.cadre(tamky, party_status=Person.PartyStatus.MEMBER)
    b.post(tk_secretary, tamky, Body.STANDING_OFFICERS, PostTitle.SECRETARY, datetime.date(2012, 8, 1), b.term_2012)

    trason = b.unit("vn-49-515-20900")
    ts_secretary = b.named(
        trason, "Hồ Thị Mai", "F", (1995, 4, 10), is_cadre=True, party_status=Person.PartyStatus.SOURCE
    )
    b.post(ts_secretary, trason, Body.STANDING_OFFICERS, PostTitle.SECRETARY, datetime.date(2012, 6, 1), b.term_2012)
    branch1 = b.branch(trason, "demo-trason-cd1", "Chi đoàn thôn 1")
    b.branch(trason, "demo-trason-cd2", "Chi đoàn thôn 2")
    b.branch(trason, "demo-trason-cd3", "Chi đoàn thôn 3")
    b.named(branch1, "Đinh Văn Đông", "M", (2000, 2, 3), target_group=b.groups["dia-ban-dan-cu"])
    b.named(branch1, "Hồ Thị Lan", "F", (2001, 8, 19), target_group=b.groups["dia-ban-dan-cu"])
    for code in ("demo-trason-cd1", "demo-trason-cd2", "demo-trason-cd3"):
        b.members(b.unit(code), 8, "dia-ban-dan-cu")
    tragiang = b.unit("vn-49-515-20914")
    b.members(b.branch(tragiang, "demo-tragiang-cd1", "Chi đoàn thôn 2"), 6, "dia-ban-dan-cu")


def _tay_ninh(b):
    province = b.unit("vn-72")
    depts = b.departments(
        province,
        [("VP", "Văn phòng"), ("TCKT", "Ban Tổ chức – Kiểm tra"), ("PT", "Ban Phong trào"), ("TG", "Ban Tuyên giáo")],
    )
    secretary = b.cadre(province, party_status=Person.PartyStatus.MEMBER)
    b.post(
        secretary,
        province,
        Body.STANDING_OFFICERS,
        PostTitle.SECRETARY,
        datetime.date(2017, 10, 1),
        Term.objects.get(start_year=2017),
    )
    # Young agency cadres: the candidates of the 2018 field-training plan (seed 002).
    for code in ("TCKT", "PT", "TG", "VP"):
        for _ in range(2):
            b.person(
                province,
                birth_year=b.rng.randint(1988, 1995),
                is_cadre=True,
                on_payroll=True,
                works_full_time=True,
                department=depts[code],
                party_status=b.rng.choice([Person.PartyStatus.MEMBER, Person.PartyStatus.SOURCE]),
                education=Person.Education.UNIVERSITY,
            )
    mother = b.named(
        province,
        "Lê Thị Ngọc Hạnh",
        "F",
        (1991, 11, 5),
        is_cadre=True,
        on_payroll=True,
        works_full_time=True,
        department=depts["PT"],
        party_status=Person.PartyStatus.MEMBER,
        education="university",
    )
    Child.objects.create(person=mother, birth_date=datetime.date(2017, 9, 1))


def _ho_chi_minh(b):
    city = b.unit("vn-79")
    b.departments(city, [("TCKT", "Ban Tổ chức – Kiểm tra")])
    tanphu = b.unit("vn-79-767")
    b.departments(
        tanphu,
        [("VP", "Văn phòng"), ("TCKT", "Ban Tổ chức – Kiểm tra"), ("PT", "Ban Phong trào"), ("TN", "Ban Thiếu nhi")],
    )
    secretary = b.cadre(tanphu, party_status=Person.PartyStatus.MEMBER)
    b.post(secretary, tanphu, Body.STANDING_OFFICERS, PostTitle.SECRETARY, datetime.date(2022, 9, 1))
    for _ in range(6):
        b.cadre(tanphu)
    new = {lvl.code: lvl for lvl in ClassificationLevel.objects.filter(scheme__code="to-chuc-tu-2023")}
    for ward in Unit.objects.filter(path__startswith=tanphu.path, depth=3):
        ward_secretary = b.cadre(ward)
        b.post(ward_secretary, ward, Body.STANDING_OFFICERS, PostTitle.SECRETARY, datetime.date(2022, 6, 1))
        UnitClassification.objects.create(unit=ward, year=2022, level=new[b.rng.choice(["HTXSNV", "HTTNV", "HTNV"])])
    first_ward = Unit.objects.filter(path__startswith=tanphu.path, depth=3).order_by("sort_key").first()
    b.members(b.branch(first_ward, "demo-tanphu-cd1", "Chi đoàn khu phố 1"), 8, "dia-ban-dan-cu")
    school_sector = Sector.objects.get(code="truong-hoc")
    school = Unit.objects.add_child(
        tanphu,
        dict(
            name="Đoàn trường THPT Tân Bình",
            code="demo-tanphu-thpt",
            level=b.levels["doan-co-so"],
            sector=school_sector,
        ),
    )
    b.members(b.branch(school, "demo-tanphu-thpt-10a1", "Chi đoàn 10A1"), 10, "hoc-sinh")

    quan8 = b.unit("vn-79-776")
    q8_secretary = b.cadre(quan8, party_status=Person.PartyStatus.MEMBER)
    b.post(q8_secretary, quan8, Body.STANDING_OFFICERS, PostTitle.SECRETARY, datetime.date(2012, 9, 1), b.term_2012)
    for _ in range(3):
        b.cadre(quan8)
    q8_ward = Unit.objects.filter(path__startswith=quan8.path, depth=3).order_by("sort_key").first()
    b.members(b.branch(q8_ward, "demo-q8-cd1", "Chi đoàn khu phố 3"), 8, "dia-ban-dan-cu")
    b.members(b.branch(q8_ward, "demo-q8-cd2", "Chi đoàn công nhân"), 6, "cong-nhan")


def _users(b):
    people = {
        "tinhdoan.quangnam": Person.objects.filter(unit__code="vn-49", given_name="Hương").first(),
        "canbo.quangnam": Person.objects.filter(unit__code="vn-49", given_name="Quy").first(),
        "huyendoan.bactramy": Person.objects.filter(unit__code="vn-49-515", given_name="Anh").first(),
        "coso.trason": Person.objects.filter(unit__code="vn-49-515-20900", given_name="Mai").first(),
        "doanvien.trason": Person.objects.filter(unit__code="demo-trason-cd1", given_name="Đông").first(),
    }
    tckt = Department.objects.get(unit__code="vn-49", code="TCKT")
    pt = Department.objects.get(unit__code="vn-49", code="PT")
    people["tckt.quangnam"] = Person.objects.filter(department=tckt).order_by("id")[1]
    people["truongban.quangnam"] = Person.objects.filter(department=pt).order_by("id").first()
    cluster = Cluster.objects.get(owner__code="vn-49", year=2013, name="Cụm thi đua số 4")
    people["cumtruong.quangnam"] = cluster.leader
    users = {}
    for username, role, unit_code, _description in all_demo_users():
        users[username] = user = User.objects.create(
            username=username,
            password=b.password,
            person=people.get(username),
            is_staff=role == Role.SYSTEM_ADMIN,
            is_superuser=role == Role.SYSTEM_ADMIN,
        )
        unit = b.unit(unit_code) if unit_code else None
        RoleGrant.objects.create(user=user, role=role, unit=unit, valid_from=datetime.date(2012, 1, 1))
    return users


def logins_text(base_url="http://127.0.0.1:8000/"):
    lines = [f"Cơ Sở đang chạy tại {base_url}", f"Mật khẩu chung của các tài khoản demo: {DEMO_PASSWORD}", ""]
    for username, _role, _unit, description in all_demo_users():
        lines.append(f"  {username:<22} {description}")
    return "\n".join(lines)
