"""Latency of the main reads on a generated dataset (never part of the test suite).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_bench \\
        .venv/bin/python bench/benchmark.py --runs 20

Logs in (Django test ``Client``, ``force_login``) as two users it creates if missing:
``bench_province`` with the role ``provincial_standing`` on a province union (default
Ho Chi Minh City, ``vn-79``) and ``bench_district`` with ``district_standing`` on a
district union (default Quận 8, ``vn-79-776``); with ``--national`` also
``bench_national`` (``system_admin``, the whole country) for the person measures. For each it measures, ``--runs`` times
after one cold run, the tree queries, the scoped person count, tone-free search
(``Person.objects.search`` within ``scoping.visible_people``), the person list sorted by
``sort_key`` with pagination, and the pages ``/``, ``/units/``, ``/people/?q=nguyen+van``
when they exist (a 404 is reported as "no page"). Prints a Markdown table: cold run,
median and p95 in milliseconds, and the number of rows.

``--explain`` prints PostgreSQL's plans of the person queries. ``--try-indexes`` creates,
in this database only, the indexes recommended in docs/performance.md (named
``bench_*``) so their effect can be measured; ``--drop-indexes`` removes them. They are
an experiment: the project's real indexes come from migrations.
"""

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from coso.accounts import scoping  # noqa: E402
from coso.accounts.models import Role, RoleGrant, User  # noqa: E402
from coso.org.models import Unit, UnitLevel  # noqa: E402
from coso.people.models import Person  # noqa: E402

BENCH_INDEXES = {
    "bench_person_search_trgm": "CREATE INDEX IF NOT EXISTS bench_person_search_trgm ON people_person "
    "USING gin (search_text gin_trgm_ops)",
    "bench_person_sort": "CREATE INDEX IF NOT EXISTS bench_person_sort ON people_person (sort_key, id)",
}
PAGES = ["/", "/units/", "/people/?q=nguyen+van"]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class Bench:
    def __init__(self, runs):
        self.runs = runs
        self.rows = []

    def measure(self, who, label, fn):
        started = time.perf_counter()
        result = fn()
        cold = time.perf_counter() - started
        times = []
        for _ in range(self.runs):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        row = (who, label, cold * 1000, statistics.median(times) * 1000, percentile(times, 0.95) * 1000, result)
        self.rows.append(row)
        print(f"  {who:9} {label:55} median {row[3]:9.1f} ms  p95 {row[4]:9.1f} ms  ({result})", flush=True)
        return result

    def note(self, who, label, text):
        self.rows.append((who, label, None, None, None, text))
        print(f"  {who:9} {label:55} {text}", flush=True)

    def table(self):
        lines = [
            "| user | measure | cold (ms) | median (ms) | p95 (ms) | rows / result |",
            "| --- | --- | ---: | ---: | ---: | --- |",
        ]
        for who, label, cold, median, p95, result in self.rows:
            if median is None:
                lines.append(f"| {who} | {label} | – | – | – | {result} |")
            else:
                lines.append(f"| {who} | {label} | {cold:.1f} | {median:.1f} | {p95:.1f} | {result} |")
        return "\n".join(lines)


def bench_user(username, role, unit):
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": "Benchmark"})
    RoleGrant.objects.get_or_create(user=user, role=role, unit=unit)
    scoping.forget(user)
    return user


def pick_units(province_code, district_code):
    province = Unit.objects.filter(code=province_code).first() or Unit.objects.get_root_nodes().first()
    if province is None:
        raise SystemExit("No unit here: run bench/generate.py first.")
    district = Unit.objects.filter(code=district_code).first()
    if district is None:
        children = Unit.objects.get_children(province)
        district = children.filter(level__kind=UnitLevel.Kind.DISTRICT).first() or children.first()
    return province, district


def person_measures(bench, who, user, explain=False):
    def people():
        scoping.forget(user)
        return scoping.visible_people(user, Person.objects.all())

    def sorted_people():
        return people().order_by("sort_key", "id")

    def search(text):
        return people().search(text).order_by("sort_key", "id")

    bench.measure(who, "people in scope: count", lambda: people().count())
    bench.measure(who, "person list sorted, page 1 (50, no count)", lambda: len(list(sorted_people()[:50])))
    bench.measure(
        who,
        "person list sorted, page 1 with Paginator count",
        lambda: len(Paginator(sorted_people(), 50).page(1).object_list),
    )
    bench.measure(
        who,
        "person list sorted, page 200 (offset 9,950)",
        lambda: len(list(sorted_people()[9950:10000])),
    )
    for text in ("nguyen van", "tran thi ngoc han"):
        bench.measure(who, f"search '{text}': first 50 sorted", lambda text=text: len(list(search(text)[:50])))
        bench.measure(who, f"search '{text}': count", lambda text=text: search(text).count())
    if explain and connection.vendor == "postgresql":
        for label, qs in (
            ("search 'nguyen van' first 50", search("nguyen van")[:50]),
            ("person list page 1", sorted_people()[:50]),
            ("people count", people()),
        ):
            print(f"\n--- EXPLAIN ANALYZE ({who}) {label}")
            print(qs.explain(analyze=True, buffers=True) if label != "people count" else people().explain(analyze=True))


def unit_measures(bench, who, user, unit):
    def children():
        scoping.forget(user)
        return len(list(scoping.visible_units(user, Unit.objects.get_children(unit)).select_related("level")))

    bench.measure(who, f"tree: children of {unit.name}", children)
    bench.measure(
        who,
        "tree: children with descendant counts",
        lambda: len(list(Unit.objects.get_descendants_group_count(unit))),
    )
    bench.measure(who, "tree: subtree unit count", lambda: Unit.objects.filter(path__startswith=unit.path).count())


def page_measures(bench, who, user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    for url in PAGES:
        response = client.get(url)
        if response.status_code == 404:
            bench.note(who, f"page {url}", "no page yet (404): skipped")
            continue
        if response.status_code != 200:
            bench.note(who, f"page {url}", f"HTTP {response.status_code}: skipped")
            continue
        bench.measure(who, f"page {url}", lambda url=url: f"HTTP {client.get(url).status_code}")


def manage_indexes(create):
    if connection.vendor != "postgresql":
        raise SystemExit("The experimental indexes are for PostgreSQL.")
    with connection.cursor() as cursor:
        if create:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for name, sql in BENCH_INDEXES.items():
                started = time.monotonic()
                cursor.execute(sql)
                print(f"created {name} in {time.monotonic() - started:.1f} s")
            cursor.execute("ANALYZE people_person")
        else:
            for name in BENCH_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
                print(f"dropped {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--province", default="vn-79", help="Unit.code of the provincial user's unit")
    parser.add_argument("--district", default="vn-79-776", help="Unit.code of the district user's unit")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--try-indexes", action="store_true", help="create the recommended indexes (bench_*) first")
    parser.add_argument("--drop-indexes", action="store_true", help="drop the bench_* indexes and stop")
    parser.add_argument("--skip-pages", action="store_true")
    parser.add_argument(
        "--national", action="store_true", help="also the person measures as a system administrator (whole country)"
    )
    parser.add_argument("--only-national", action="store_true", help="only the national person measures")
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if name == "test" or Path(name).name == "test":
        raise SystemExit("Refusing to touch the database named 'test'.")
    if args.drop_indexes:
        manage_indexes(False)
        return
    if args.try_indexes:
        manage_indexes(True)

    setup_test_environment()  # lets the test Client run against this database
    province, district = pick_units(args.province, args.district)
    province_user = bench_user("bench_province", Role.PROVINCIAL_STANDING, province)
    district_user = bench_user("bench_district", Role.DISTRICT_STANDING, district)
    print(
        f"{connection.vendor} {name}: {Unit.objects.count():,} units, {Person.objects.count():,} persons; "
        f"province {province.name} ({province.code}), district {district.name} ({district.code}); {args.runs} runs"
    )
    bench = Bench(args.runs)
    scopes = [("province", province_user, province), ("district", district_user, district)]
    if not args.only_national:
        for who, user, unit in scopes:
            unit_measures(bench, who, user, unit)
            person_measures(bench, who, user, explain=args.explain)
            if not args.skip_pages:
                page_measures(bench, who, user)
    if args.national or args.only_national:
        admin, _ = User.objects.get_or_create(username="bench_national", defaults={"first_name": "Benchmark"})
        RoleGrant.objects.get_or_create(user=admin, role=Role.SYSTEM_ADMIN, unit=None)
        person_measures(bench, "national", admin, explain=args.explain)
    print()
    print(bench.table())


if __name__ == "__main__":
    main()
