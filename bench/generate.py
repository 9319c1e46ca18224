"""Generate a synthetic national dataset for load tests (never part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_bench \\
        .venv/bin/python bench/generate.py --scale 1.0

At ``--scale 1.0``: every province and commune of the official list (``--era``, default
before-2025: 63 provinces, 696 districts, 10,035 communes) built by
``coso.org.treebuilder``, then extra base unions (schools, agencies, enterprises, armed
forces) beside the communes up to about 40,000 base unions, 200,000 branches (chi đoàn),
50,000 cadres and 7,000,000 members. ``--scale`` multiplies the four sizes; each can be set
on its own (``--base-unions``, ``--branches``, ``--cadres``, ``--members``). The official
tree itself is always complete.

On PostgreSQL units and persons are written with ``COPY`` (psycopg 3); the person table's
secondary indexes and foreign keys are dropped during the load and recreated afterwards
with their exact definitions (``--keep-indexes`` to leave them). On SQLite ``bulk_create``
is used: small scales only. Generated rows have no simple_history records.

Safety: refuses a database named ``test``; ``--reset`` (wipe people and units first) only
runs on a database whose name contains ``bench``.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
os.environ.setdefault("DEBUG", "0")  # DEBUG keeps every query in memory

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from bench.loading import DroppedIndexes, Writer, is_postgres, log  # noqa: E402
from coso.core.text import fold, name_sort_key, vietnamese_key  # noqa: E402
from coso.org import treebuilder as tb  # noqa: E402
from coso.org.models import Sector, Unit, UnitLevel  # noqa: E402
from coso.people import ancestry  # noqa: E402
from coso.people.models import Person, TargetGroup  # noqa: E402

FULL = {"base_unions": 40_000, "branches": 200_000, "cadres": 50_000, "members": 7_000_000}
TODAY = date(2025, 6, 1)

# ---------------------------------------------------------------------------- names
# Family names with rough shares of the population (per mille), most common first.
FAMILY_NAMES = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 30),
    ("Huỳnh", 21),
    ("Phan", 45),
    ("Vũ", 20),
    ("Võ", 19),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Đào", 5),
    ("Lương", 4),
    ("Trương", 5),
    ("Mai", 4),
    ("Tạ", 3),
    ("Trịnh", 4),
    ("Cao", 3),
    ("Lâm", 3),
    ("Hà", 4),
    ("Thái", 2),
    ("Quách", 2),
    ("Kiều", 1),
    ("Chu", 2),
    ("Tô", 2),
    ("Lưu", 2),
    ("Vương", 2),
    ("La", 1),
    ("Triệu", 2),
    ("Hứa", 1),
    ("Văn", 1),
    ("Kim", 1),
    ("Y", 1),
]
MALE_MIDDLE = [
    ("Văn", 30),
    ("Hữu", 6),
    ("Đức", 8),
    ("Minh", 10),
    ("Quốc", 6),
    ("Thanh", 5),
    ("Công", 5),
    ("Ngọc", 4),
    ("Xuân", 4),
    ("Hoàng", 5),
    ("Đình", 6),
    ("Quang", 6),
    ("Anh", 4),
    ("Tuấn", 3),
    ("Gia", 4),
    ("Trọng", 4),
    ("Thành", 3),
    ("Bảo", 3),
    ("Chí", 3),
    ("Duy", 3),
    ("Tấn", 3),
    ("Nhật", 3),
    ("Hải", 2),
    ("Phúc", 2),
    ("Văn Minh", 1),
    ("Hữu Đức", 1),
    ("Ngọc Bảo", 1),
]
FEMALE_MIDDLE = [
    ("Thị", 34),
    ("Ngọc", 10),
    ("Thanh", 6),
    ("Thu", 6),
    ("Phương", 4),
    ("Kim", 5),
    ("Mỹ", 4),
    ("Minh", 4),
    ("Hồng", 4),
    ("Bảo", 3),
    ("Diệu", 2),
    ("Khánh", 3),
    ("Thùy", 4),
    ("Hoài", 2),
    ("Bích", 2),
    ("Quỳnh", 2),
    ("Hải", 2),
    ("Tuyết", 2),
    ("Cẩm", 2),
    ("Như", 2),
    ("Thị Ngọc", 2),
    ("Thị Thu", 2),
    ("Thị Kim", 1),
]
MALE_GIVEN = (
    "An Anh Bảo Bình Cường Chiến Công Dũng Duy Dương Đạt Đông Đức Giang Hải Hào Hiếu Hiển Hiệp Hoà Hòa Hoàng "
    "Huy Hùng Hưng Khang Khánh Khoa Kiên Lâm Linh Lộc Long Luân Mạnh Minh Nam Nghĩa Nguyên Nhân Nhật Phát Phong "
    "Phú Phúc Phước Quân Quang Quốc Quý Quy Sang Sơn Tài Tâm Tân Thái Thanh Thành Thắng Thiện Thịnh Thông Tiến "
    "Tín Toàn Trí Trọng Trung Trường Tú Tuấn Tùng Văn Việt Vinh Vĩnh Vũ Vương Xuân"
).split()
FEMALE_GIVEN = (
    "An Anh Ánh Bích Châu Chi Cúc Diễm Diệp Dung Duyên Giang Hà Hạnh Hằng Hân Hiền Hoa Hồng Huệ Hương Hường "
    "Huyền Khánh Lan Liên Linh Loan Ly Mai My Mỹ Nga Ngân Ngọc Nguyệt Nhi Nhung Như Oanh Phương Phượng Quyên "
    "Quỳnh Sương Tâm Thảo Thanh Thắm Thơ Thu Thủy Thùy Thư Thương Tiên Trang Trâm Trinh Tú Tuyết Uyên Vân Vi "
    "Việt Xuân Yến"
).split()

SCHOOL_KINDS = ["Trường THPT", "Trường THCS", "Trường Tiểu học", "Trường Cao đẳng nghề", "Trung tâm GDNN-GDTX"]
WORK_KINDS = ["Công ty TNHH", "Công ty Cổ phần", "Hợp tác xã", "Khu công nghiệp", "Nhà máy"]
ADMIN_KINDS = ["Cơ quan UBND", "Bệnh viện Đa khoa", "Trung tâm Y tế", "Kho bạc Nhà nước", "Chi cục Thuế"]
ARMED_KINDS = ["Công an", "Ban Chỉ huy Quân sự", "Đồn Biên phòng"]
EXTRA_KINDS = [
    ("truong-hoc", SCHOOL_KINDS, 45, "hoc-sinh"),
    ("cong-nhan-lao-dong", WORK_KINDS, 25, "cong-nhan"),
    ("hanh-chinh-su-nghiep", ADMIN_KINDS, 20, "cong-chuc"),
    ("luc-luong-vu-trang", ARMED_KINDS, 10, "luc-luong-vu-trang"),
]
CADRE_TITLES = ["Bí thư", "Phó Bí thư", "Ủy viên Ban Thường vụ", "Ủy viên Ban Chấp hành", "Chuyên viên"]


def _weighted(pairs):
    names, weights = zip(*pairs, strict=True)
    return list(names), list(weights)


FAMILY, FAMILY_W = _weighted(FAMILY_NAMES)
MIDDLE_M, MIDDLE_M_W = _weighted(MALE_MIDDLE)
MIDDLE_F, MIDDLE_F_W = _weighted(FEMALE_MIDDLE)


def _expand(names, weights, size=2000):
    """A flat table where each name appears in proportion to its weight: O(1) sampling."""
    total = sum(weights)
    table = []
    for name, weight in zip(names, weights, strict=True):
        table.extend([name] * max(1, round(size * weight / total)))
    return table


FAMILY_TABLE = _expand(FAMILY, FAMILY_W)
MIDDLE_TABLE = {"M": _expand(MIDDLE_M, MIDDLE_M_W), "F": _expand(MIDDLE_F, MIDDLE_F_W)}
GIVEN_TABLE = {"M": MALE_GIVEN, "F": FEMALE_GIVEN}


@cache
def name_keys(family, middle, given):
    """(search_text, sort_key) exactly as Person.save() computes them (no phone, no e-mail)."""
    full = " ".join(part for part in (family, middle, given) if part)
    return fold(f"{full}  ")[:255], name_sort_key(family, middle, given)


# ---------------------------------------------------------------------------- helpers


def spread(total, slots, rng, jitter=0.5):
    """Split ``total`` into ``slots`` positive-ish integers around the mean (sum exact)."""
    if slots <= 0:
        return []
    mean = total / slots
    raw = [mean * (1 - jitter + 2 * jitter * rng.random()) for _ in range(slots)]
    scale = total / sum(raw) if sum(raw) else 0
    counts = [int(value * scale) for value in raw]
    for index in rng.sample(range(slots), min(slots, total - sum(counts))):
        counts[index] += 1
    return counts


# ---------------------------------------------------------------------------- phases


def reset_database():
    name = connection.settings_dict["NAME"] or ""
    if "bench" not in str(name):
        raise SystemExit(f"--reset only runs on a database whose name contains 'bench' (this one: {name}).")
    started = time.monotonic()
    from coso.people.models import Person as P

    with connection.cursor() as cursor:
        if is_postgres():
            tables = [
                P._meta.db_table,
                P.history.model._meta.db_table,
                Unit._meta.db_table,
                Unit.history.model._meta.db_table,
            ]
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
        else:
            P.objects.all().delete()
            Unit.objects.all().delete()
    log("database reset (people and units)", started)


def build_official_tree(era):
    started = time.monotonic()
    roots = Unit.objects.filter(code__in=[tb.province_root_code(p) for p in tb.load_provinces(era)])
    if roots.exists():
        log(f"official tree ({era}) already there: {roots.count()} provinces kept")
        return
    report = tb.build_all(era, with_history=False, mountainous_districts=None)
    log(f"official tree ({era}): {len(report.roots)} provinces, {report.units} units", started)


def add_units(era, sizes, rng):
    """Extra base unions beside the communes, then branches under every base union."""
    started = time.monotonic()
    levels = {level.code: level for level in UnitLevel.objects.all()}
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    prefix = tb.ERA_CODE_PREFIX[era]
    communes = list(
        Unit.objects.filter(code__startswith=f"{prefix}-", level__code=tb.BASE_LEVEL)
        .values_list("path", "name", "is_mountainous")
        .order_by("path")
    )
    numchild = dict(Unit.objects.filter(code__startswith=f"{prefix}-").values_list("path", "numchild"))

    def next_child(parent_path):
        numchild[parent_path] = numchild.get(parent_path, 0) + 1
        return tb.child_path(parent_path, numchild[parent_path])

    base = tb.BASE_LEVEL
    extras = max(0, sizes["base_unions"] - len(communes))
    fields = [
        "path",
        "depth",
        "numchild",
        "name",
        "code",
        "admin_code",
        "level_id",
        "sector_id",
        "is_mountainous",
        "search_text",
        "sort_key",
    ]
    rows = []
    base_unions = [(path, name, mountainous, "dia-ban-dan-cu") for path, name, mountainous in communes]
    kinds = [kind for kind in EXTRA_KINDS for _ in range(kind[2])]
    for number in range(1, extras + 1):
        commune_path, commune_name, mountainous = communes[rng.randrange(len(communes))]
        sector_code, names, _weight, _group = kinds[rng.randrange(len(kinds))]
        place = commune_name.split(" ", 2)[-1]
        name = f"Đoàn {names[rng.randrange(len(names))]} {place}"
        if number % 7 == 0:
            name += f" số {number % 5 + 1}"
        path = next_child(commune_path[: -tb.STEPLEN])
        rows.append(
            (
                path,
                len(path) // tb.STEPLEN,
                0,
                name,
                f"bench-b{number}",
                "",
                levels[base].pk,
                sectors[sector_code].pk,
                mountainous,
                fold(name)[:255],
                vietnamese_key(name)[:600],
            )
        )
        base_unions.append((path, name, mountainous, sector_code))

    branch_counts = spread(sizes["branches"], len(base_unions), rng)
    branch_level = levels["chi-doan"].pk
    number = 0
    for (path, _name, mountainous, sector_code), count in zip(base_unions, branch_counts, strict=True):
        for index in range(1, count + 1):
            number += 1
            if sector_code == "dia-ban-dan-cu":
                name = f"Chi đoàn thôn {index}" if "xã" in _name else f"Chi đoàn khu phố {index}"
            elif sector_code == "truong-hoc":
                name = f"Chi đoàn lớp {10 + index % 3}A{index // 3 + 1}"
            else:
                name = f"Chi đoàn {index}"
            child = next_child(path)
            rows.append(
                (
                    child,
                    len(child) // tb.STEPLEN,
                    0,
                    name,
                    f"bench-c{number}",
                    "",
                    branch_level,
                    sectors[sector_code].pk,
                    mountainous,
                    fold(name)[:255],
                    vietnamese_key(name)[:600],
                )
            )
    log(f"planned {extras} extra base unions and {number} branches", started)
    step = time.monotonic()
    with transaction.atomic():
        written = Writer(Unit, fields).write(rows)
        # numchild of every parent that got children, in one statement.
        with connection.cursor() as cursor:
            cursor.execute(
                f"""UPDATE {Unit._meta.db_table} SET numchild = counts.n FROM (
                    SELECT substr(path, 1, length(path) - {tb.STEPLEN}) AS parent, count(*) AS n
                    FROM {Unit._meta.db_table} WHERE depth > 1 GROUP BY 1) AS counts
                WHERE {Unit._meta.db_table}.path = counts.parent AND {Unit._meta.db_table}.numchild <> counts.n"""
            )
    log(f"wrote {written} units", step)


def person_rows(unit_ids, counts, rng, *, cadre, groups):
    """Rows of ``PERSON_FIELDS`` for ``counts[i]`` people in ``unit_ids[i]``."""
    year = TODAY.year
    randrange, random_ = rng.randrange, rng.random
    families = FAMILY_TABLE
    n_fam = len(families)
    for (unit_id, group_id, province_id, district_id), count in zip(unit_ids, counts, strict=True):
        for _ in range(count):
            sex = "M" if random_() < 0.5 else "F"
            middles = MIDDLE_TABLE[sex]
            givens = GIVEN_TABLE[sex]
            family = families[randrange(n_fam)]
            middle = middles[randrange(len(middles))]
            given = givens[randrange(len(givens))]
            search_text, sort_key = name_keys(family, middle, given)
            age = 22 + randrange(24) if cadre else 16 + randrange(15)
            birth = date(year - age, 1, 1) + timedelta(days=randrange(365))
            joined = birth + timedelta(days=365 * 16 + randrange(365 * 3))
            if cadre:
                party = "member" if random_() < 0.6 else ("source" if random_() < 0.5 else "none")
                yield (
                    family,
                    middle,
                    given,
                    birth,
                    sex,
                    unit_id,
                    True,
                    age <= 30,
                    group_id,
                    joined,
                    party,
                    random_() < 0.7,
                    True,
                    CADRE_TITLES[randrange(len(CADRE_TITLES))],
                    "university",
                    search_text,
                    sort_key,
                    province_id,
                    district_id,
                )
            else:
                yield (
                    family,
                    middle,
                    given,
                    birth,
                    sex,
                    unit_id,
                    False,
                    True,
                    group_id,
                    joined,
                    "none",
                    False,
                    False,
                    "",
                    "",
                    search_text,
                    sort_key,
                    province_id,
                    district_id,
                )


PERSON_FIELDS = [
    "family_name",
    "middle_name",
    "given_name",
    "birth_date",
    "sex",
    "unit_id",
    "is_cadre",
    "is_member",
    "target_group_id",
    "joined_union_on",
    "party_status",
    "on_payroll",
    "works_full_time",
    "job_title",
    "education",
    "search_text",
    "sort_key",
    "province_id",
    "district_id",
]


def add_people(era, sizes, rng, keep_indexes):
    started = time.monotonic()
    groups = dict(TargetGroup.objects.values_list("code", "pk"))
    sector_group = {"dia-ban-dan-cu": "dia-ban-dan-cu", **{kind[0]: kind[3] for kind in EXTRA_KINDS}}
    sectors = dict(Sector.objects.values_list("pk", "code"))
    prefix = tb.ERA_CODE_PREFIX[era]
    tree = Unit.objects.filter(code__startswith=f"{prefix}-") | Unit.objects.filter(code__startswith="bench-")
    tree_rows = list(tree.values_list("id", "level__kind", "sector_id", "path").order_by("path"))
    # Each unit's province and district, as Person.save stores them (coso.people.ancestry).
    ancestors = ancestry.nearest(
        [path for *_, path in tree_rows],
        {path: (pk, kind) for pk, kind, _sector, path in tree_rows if kind in (ancestry.PROVINCE, ancestry.DISTRICT)},
        Unit.steplen,
    )
    rows = [(pk, kind, sector, *ancestors[path]) for pk, kind, sector, path in tree_rows]
    branches = [
        (pk, groups.get(sector_group.get(sectors.get(sector), "")), *above)
        for pk, kind, sector, *above in rows
        if kind == "branch"
    ]
    upper = [(pk, kind, *above) for pk, kind, _, *above in rows if kind in ("province", "district")]
    bases = [
        (pk, groups.get(sector_group.get(sectors.get(sector), "")), *above)
        for pk, kind, sector, *above in rows
        if kind == "base"
    ]
    log(f"{len(branches)} branches, {len(bases)} base unions, {len(upper)} provincial/district unions")

    # Cadres: about a third in provincial and district unions' agencies, the rest in base unions.
    upper_share = min(sizes["cadres"], len(upper) * 25) if upper else 0
    cadre_units = [(pk, groups.get("cong-chuc"), *above) for pk, _kind, *above in upper] + bases
    cadre_counts = spread(upper_share, len(upper), rng) + spread(sizes["cadres"] - upper_share, len(bases), rng)
    member_counts = spread(sizes["members"], len(branches), rng) if branches else []

    writer = Writer(Person, PERSON_FIELDS)
    total = 0
    with DroppedIndexes(Person._meta.db_table, enabled=not keep_indexes):
        step = time.monotonic()
        total += writer.write(person_rows(cadre_units, cadre_counts, rng, cadre=True, groups=groups))
        log(f"cadres: {total}", step)
        chunk = 5_000  # branches per COPY statement: progress lines without slowing down
        for start in range(0, len(branches), chunk):
            step = time.monotonic()
            written = writer.write(
                person_rows(
                    branches[start : start + chunk],
                    member_counts[start : start + chunk],
                    rng,
                    cadre=False,
                    groups=groups,
                )
            )
            total += written
            rate = written / max(time.monotonic() - step, 1e-9)
            log(f"members: {total - sum(cadre_counts):,} / {sizes['members']:,} ({rate:,.0f} rows/s)")
    if is_postgres():
        step = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Person._meta.db_table}")
            cursor.execute(f"ANALYZE {Unit._meta.db_table}")
        log("ANALYZE", step)
    log(f"wrote {total:,} persons", started)


def domain_step(args, rng):
    from bench import domain

    options = {"rng": rng, "today": args.today, "years": args.visit_years, "keep_indexes": args.keep_indexes}
    if args.programme_share is not None:
        options["programme_share"] = args.programme_share
    domain.add_domain(**options)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--era", choices=tb.ERAS, default=tb.BEFORE_2025)
    parser.add_argument("--base-unions", type=int, help="total base unions, communes included (default 40,000 × scale)")
    parser.add_argument("--branches", type=int, help="default 200,000 × scale")
    parser.add_argument("--cadres", type=int, help="default 50,000 × scale")
    parser.add_argument("--members", type=int, help="default 7,000,000 × scale")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--reset", action="store_true", help="wipe people and units first (bench databases only)")
    parser.add_argument("--keep-indexes", action="store_true", help="PostgreSQL: load persons with indexes in place")
    parser.add_argument("--skip-units", action="store_true", help="units already generated: only add people")
    parser.add_argument(
        "--domain-only",
        action="store_true",
        help="units and persons already generated: only add the domain records (visits, programme, KPI, placements)",
    )
    parser.add_argument(
        "--reset-domain", action="store_true", help="with --domain-only: delete the domain records first (bench only)"
    )
    parser.add_argument("--no-domain", action="store_true", help="units and persons only (the dataset of before)")
    parser.add_argument("--today", type=date.fromisoformat, help="the domain records' 'today' (default: the real date)")
    parser.add_argument("--visit-years", type=int, default=5, help="years of visits, reports and plans (default 5)")
    parser.add_argument(
        "--programme-share",
        type=float,
        default=None,
        help="share of the district unions whose members all take part in the programme (default 0.005; Quận 8 always)",
    )
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if Path(name).name == "test" or name == "test":
        raise SystemExit("Refusing to touch the database named 'test'.")
    sizes = {key: int(round(value * args.scale)) for key, value in FULL.items()}
    for key in sizes:
        if getattr(args, key) is not None:
            sizes[key] = getattr(args, key)
    if not is_postgres() and sizes["members"] > 500_000:
        raise SystemExit("SQLite: use a small --scale (at most 500,000 members); large runs need PostgreSQL.")

    rng = random.Random(args.seed)
    started = time.monotonic()
    log(f"database {connection.vendor} {name}; era {args.era}; sizes {sizes}")
    if args.domain_only:
        if not Person.objects.exists():
            raise SystemExit("--domain-only needs the units and persons of an earlier run.")
        if args.reset_domain:
            from bench import domain

            domain.reset_domain()
        domain_step(args, rng)
        log("done", started)
        return
    if args.reset:
        reset_database()
    elif Person.objects.exists() and not args.skip_units:
        raise SystemExit("People already exist here: use --reset (bench databases only) or a fresh database.")
    if not args.skip_units:
        build_official_tree(args.era)
        add_units(args.era, sizes, rng)
    add_people(args.era, sizes, rng, args.keep_indexes)
    if not args.no_domain:
        domain_step(args, rng)
    log(f"done: {Unit.objects.count():,} units, {Person.objects.count():,} persons", started)


if __name__ == "__main__":
    main()
