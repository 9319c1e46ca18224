"""Every page of the menu and every dashboard on a generated national dataset (never part of
the test suite), for seven users, on PostgreSQL's default settings and on the settings
docs/deploy.md recommends; then the throughput of gunicorn as deploy/ installs it, beside two
floors measured in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_bench \\
        .venv/bin/python bench/benchmark.py --runs 10

Users (created once, password ``BENCH_PASSWORD``; bench databases only): ``bench_national``
(system administrator, the whole country), ``bench_province`` (provincial standing committee
of ``--province``, default Thành đoàn Hồ Chí Minh), ``bench_district`` (district standing
committee of ``--district``, default Quận đoàn 8), ``bench_base`` (officer of the base union
of that district with the most members), ``bench_branch`` (secretary of its largest branch),
``bench_cadre`` (a movement cadre of the province, linked to the provincial cadre with the
most visits) and ``bench_cluster`` (a cluster leader of the province, linked to the leader
of one of this year's clusters).

Pages: every route of the page namespaces that takes no argument (found in the URL
configuration, so a new page is measured without editing this file), the pages of one
record of each kind (a unit, a person, a trip, a plan, a report, a cluster, the programme
of Quận 8 and its district/base/branch/results pages, a KPI plan and indicator, a placement
plan…), and a few searches. A page a user may not open (403, 404, redirect to the login) is
shown as "–". Exports, files and forms that only POST are left out.

Latency: Django's test client in this process (no HTTP), one cold request then ``--runs``
timed ones; the number of SQL queries of one request. The process collects its garbage as
a server's worker does (``coso.core.heap``: at the end of each request, inside the timed
request here). Goals (issue 9): interactive pages p95 ≤ 100 ms, dashboards and reports ≤ 300 ms.

Throughput (``--throughput``, on by default on PostgreSQL): gunicorn with deploy's options
(4 sync workers) without recycling its workers, ``DJANGO_ENV=production``, ``--concurrency`` clients for
``--seconds`` per page; first the two floors (``BENCH_VIEWS``: a constant view, the same
behind ``login_required``), then each page of ``--throughput-users``, with its ratio to the
signed-in floor (goal ≥ 0.4; the signed-in floor ≥ 0.5 of the bare one).

Configurations (``--configs``): ``default`` is PostgreSQL as installed (plus the options the
project sets on its own connections, e.g. ``jit=off``); ``recommended`` adds per connection
what docs/deploy.md recommends that a connection can set (``work_mem=32MB``,
``effective_cache_size=18GB``; ``shared_buffers`` needs a server restart and is not part of
it); ``old-recommended`` is what docs/deploy.md said before issue 9 (``jit=off``,
``random_page_cost=1.1``, ``work_mem=32MB``), and ``serial`` no parallel query
(``max_parallel_workers_per_gather=0``), run only when named.

``--reads`` runs the older measures of single queries (tree, person counts, search, sorted
lists; ``--explain`` for their plans, ``--try-indexes``/``--drop-indexes`` for two
experimental indexes). ``--json FILE`` keeps every figure.
"""

import argparse
import asyncio
import json
import logging
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("CONN_MAX_AGE", "60")  # persistent connections, as in production

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, connections, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, get_resolver, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.httpbench import Client as HttpClient  # noqa: E402
from bench.httpbench import Server, hammer, percentile  # noqa: E402
from coso.accounts import scoping  # noqa: E402
from coso.accounts.models import Role, RoleGrant, User  # noqa: E402
from coso.core import heap  # noqa: E402
from coso.org.models import Cluster, Unit, UnitLevel  # noqa: E402
from coso.people.models import Person  # noqa: E402

BENCH_PASSWORD = "bench-coso-2026-mat-khau"
# Per-connection settings added to the project's own (coso/settings.py) for each configuration.
CONFIGS = {
    "default": "",
    # docs/deploy.md: work_mem 16–32 MB, effective_cache_size ~3/4 of memory (shared_buffers
    # needs a restart: not per connection).
    "recommended": "-c work_mem=32MB -c effective_cache_size=18GB",
    # What docs/deploy.md recommended before issue 9 (not run unless named).
    "old-recommended": "-c jit=off -c random_page_cost=1.1 -c work_mem=32MB",
    # No parallel workers: on 2 cores shared by 4 web workers, starting them can cost more than
    # the query (not run unless named).
    "serial": "-c max_parallel_workers_per_gather=0",
}
BASE_OPTIONS = (connection.settings_dict.get("OPTIONS") or {}).get("options", "")
WHO = ["national", "province", "district", "base", "branch", "cadre", "cluster"]
# Route names left out: files, exports, POST-only steps, the login machinery.
SKIP = re.compile(r"export|template|logout|login|import_|errors|paper|remove|progress|commit|password|feed|\.xlsx")
# Dashboards and reports (goal 300 ms); every other page is interactive (100 ms).
DASHBOARDS = {
    "home",
    "visits:home",
    "visits:coverage",
    "visits:ranking",
    "programme:home",
    "programme:results",
    "programme:district",
    "programme:base",
    "cadrework:home",
    "cadrework:indicator",
    "cadrework:plan_detail",
    "placements:home",
    "placements:compiled",
    "placements:eligibility",
}
GOAL_MS = {"dashboard": 300, "page": 100}
BENCH_INDEXES = {
    "bench_person_search_trgm": "CREATE INDEX IF NOT EXISTS bench_person_search_trgm ON people_person "
    "USING gin (search_text gin_trgm_ops)",
    "bench_person_sort": "CREATE INDEX IF NOT EXISTS bench_person_sort ON people_person (sort_key, id)",
}


logging.getLogger("django.request").setLevel(logging.ERROR)  # "Method Not Allowed" of POST-only routes


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------------------- users and records


def grant(username, role, unit, person=None, password_hash=None):
    user, _ = User.objects.get_or_create(username=username, defaults={"first_name": "Benchmark"})
    if password_hash and not user.check_password(BENCH_PASSWORD):
        user.password = password_hash
    if person is not None and user.person_id != person.pk:
        User.objects.filter(person=person).exclude(pk=user.pk).update(person=None)
        user.person = person
    user.save()
    RoleGrant.objects.get_or_create(
        user=user, role=role, unit=unit, defaults={"valid_from": timezone.localdate().replace(year=2000)}
    )
    scoping.forget(user)
    return user


def biggest(queryset, kind):
    """The unit of ``kind`` among ``queryset``'s: a base union with the most branches, a branch
    with the most persons."""
    units = Unit.objects.filter(level__kind=kind, pk__in=queryset)
    if kind == UnitLevel.Kind.BASE:
        return units.order_by("-numchild", "pk").first()
    return units.annotate(n=Count("people")).order_by("-n", "pk").first()


class Context:
    """The users and one record of each kind, inside the chosen province."""

    def __init__(self, province_code, district_code):
        from coso.cadrework.models import CadrePlan
        from coso.placements.models import Placement, PlacementPlan, YearlyList
        from coso.programme.models import Programme, Registration
        from coso.visits.models import Assignment, MonthlyReport, QuarterPlan, Visit

        self.year = timezone.localdate().year
        province = Unit.objects.filter(code=province_code).first() or Unit.objects.get_root_nodes().first()
        if province is None:
            raise SystemExit("No unit here: run bench/generate.py first.")
        district = Unit.objects.filter(code=district_code).first()
        if district is None:
            children = Unit.objects.get_children(province)
            district = children.filter(level__kind=UnitLevel.Kind.DISTRICT).first() or children.first()
        self.province, self.district = province, district
        below = Unit.objects.filter(path__startswith=district.path)
        self.base = biggest(below.values("pk"), UnitLevel.Kind.BASE) or district
        self.branch = biggest(Unit.objects.filter(path__startswith=self.base.path).values("pk"), "branch") or self.base
        hashed = make_password(BENCH_PASSWORD)
        cadre_person = (
            Person.objects.filter(unit=province, is_cadre=True).annotate(n=Count("visits")).order_by("-n", "pk").first()
        )
        cluster = Cluster.objects.filter(owner=province, year=self.year, leader__isnull=False).order_by("pk").first()
        self.users = {
            "national": grant("bench_national", Role.SYSTEM_ADMIN, None, password_hash=hashed),
            "province": grant("bench_province", Role.PROVINCIAL_STANDING, province, password_hash=hashed),
            "district": grant("bench_district", Role.DISTRICT_STANDING, district, password_hash=hashed),
            "base": grant("bench_base", Role.BASE_OFFICER, self.base, password_hash=hashed),
            "branch": grant("bench_branch", Role.BRANCH_OFFICER, self.branch, password_hash=hashed),
            "cadre": grant("bench_cadre", Role.MOVEMENT_CADRE, province, cadre_person, password_hash=hashed),
        }
        if cluster is not None:
            self.users["cluster"] = grant(
                "bench_cluster", Role.CLUSTER_LEADER, province, cluster.leader, password_hash=hashed
            )
        self.cluster = cluster
        self.cadre = cadre_person
        visits = Visit.objects.filter(cadre=cadre_person) if cadre_person else Visit.objects.none()
        self.visit = visits.order_by("-start_date", "-pk").first()
        self.report = MonthlyReport.objects.filter(cadre=cadre_person).order_by("-year", "-month").first()
        self.plan = QuarterPlan.objects.filter(cadre=cadre_person).order_by("-year", "-quarter").first()
        self.assignment = Assignment.objects.filter(cadre=cadre_person).order_by("-valid_from").first()
        self.member = Person.objects.filter(unit=self.branch).order_by("pk").first()
        self.programme = Programme.objects.filter(owner=district).order_by("-year").first()
        self.registration = (
            Registration.objects.filter(programme=self.programme, member__unit=self.branch).order_by("pk").first()
        )
        self.cadre_plan = CadrePlan.objects.filter(owner=district).order_by("-year").first()
        self.indicator = self.cadre_plan.indicators.order_by("order").first() if self.cadre_plan else None
        self.placement_plan = PlacementPlan.objects.filter(owner=province).first()
        self.yearly_list = YearlyList.objects.filter(plan=self.placement_plan).order_by("-year").first()
        self.placement = Placement.objects.filter(plan=self.placement_plan).order_by("-year").first()

    def describe(self):
        return (
            f"province {self.province.name} ({self.province.code}), district {self.district.name}, "
            f"base {self.base.name}, branch {self.branch.name}"
        )


def discovered_pages():
    """(route name, url) of every page route that takes no argument."""
    resolver = get_resolver()
    names = ["home"]
    for namespace, (_prefix, sub) in resolver.namespace_dict.items():
        if namespace in ("admin", "api"):
            continue
        names += [f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)]
    pages = []
    for name in sorted(set(names)):
        if SKIP.search(name):
            continue
        try:
            pages.append((name, reverse(name)))
        except NoReverseMatch:
            continue  # takes arguments: see record_pages
    return pages


def record_pages(ctx):
    """(route name, url) of the pages of one record of each kind, and a few searches."""
    year = ctx.year
    wanted = [
        ("org:detail", {"pk": ctx.district.pk}),
        ("org:children", {"pk": ctx.province.pk}),
        ("people:detail", {"pk": getattr(ctx.member, "pk", None)}),
        ("visits:visit_detail", {"pk": getattr(ctx.visit, "pk", None)}),
        ("visits:plan_detail", {"pk": getattr(ctx.plan, "pk", None)}),
        ("visits:report_detail", {"pk": getattr(ctx.report, "pk", None)}),
        ("visits:assignments", {"unit": ctx.province.pk}),
        ("visits:assignment_detail", {"pk": getattr(ctx.assignment, "pk", None)}),
        ("visits:policy", {"unit": ctx.province.pk, "year": year}),
        ("visits:cluster_detail", {"pk": getattr(ctx.cluster, "pk", None)}),
        ("programme:detail", {"pk": getattr(ctx.programme, "pk", None)}),
        ("programme:results", {"pk": getattr(ctx.programme, "pk", None)}),
        ("programme:district", {"pk": getattr(ctx.programme, "pk", None), "unit_pk": ctx.district.pk}),
        ("programme:base", {"pk": getattr(ctx.programme, "pk", None), "unit_pk": ctx.base.pk}),
        ("programme:branch", {"pk": getattr(ctx.programme, "pk", None), "unit_pk": ctx.branch.pk}),
        ("programme:helpers", {"pk": getattr(ctx.programme, "pk", None)}),
        ("programme:registration", {"pk": getattr(ctx.registration, "pk", None)}),
        ("cadrework:plan_detail", {"pk": getattr(ctx.cadre_plan, "pk", None)}),
        ("cadrework:indicator", {"pk": getattr(ctx.indicator, "pk", None)}),
        ("placements:plan_detail", {"pk": getattr(ctx.placement_plan, "pk", None)}),
        ("placements:eligibility", {"pk": getattr(ctx.placement_plan, "pk", None)}),
        ("placements:compiled", {"pk": getattr(ctx.placement_plan, "pk", None)}),
        ("placements:list_detail", {"pk": getattr(ctx.yearly_list, "pk", None)}),
        ("placements:placement_detail", {"pk": getattr(ctx.placement, "pk", None)}),
    ]
    pages = []
    for name, kwargs in wanted:
        if any(value is None for value in kwargs.values()):
            continue
        try:
            pages.append((name, reverse(name, kwargs=kwargs)))
        except NoReverseMatch:
            continue
    people = reverse("people:list")
    pages += [
        ("people:list", f"{people}?q=nguyen+van"),
        ("people:list", deep(f"{people}?q=nguyen+van")),
    ]
    return pages


# A deep page of a keyset-paginated list (coso/core/keyset.py) is reached as users reach it:
# by following each page's rel="next" link ("Sau »", a cursor ``after=<key>.<id>&n=N``) from
# the first page. ``?page=200`` would measure the OFFSET path kept only for old links.
DEEP_PAGE = 200
_DEEP = re.compile(r"#deep-(\d+)$")
_NEXT = re.compile(r"<a\b[^>]*\brel=\"next\"[^>]*>|<link\b[^>]*\brel=\"next\"[^>]*>")
_HREF = re.compile(r'\bhref="([^"]*)"')


def deep(url, page=DEEP_PAGE):
    """The label of the list at ``url``'s page ``page`` reached through its "next" links."""
    return f"{url}#deep-{page}"


def next_link(html, url):
    """The url of the rel="next" link of the page at ``url`` (None on the last page)."""
    tag = _NEXT.search(html)
    href = _HREF.search(tag.group(0)) if tag else None
    if not href:
        return None
    link = unescape(href.group(1))
    if link.startswith("?"):
        return urlsplit(url).path + link
    return link


def follow_next(client, url):
    """(url, page number) of the page that ``url`` (labelled by :func:`deep`) names, reached
    by following the "next" link of each page with this user's ``client``; the last page
    when the list is shorter. Any other url is returned as it is, as page 1."""
    match = _DEEP.search(url)
    if not match:
        return url, 1
    wanted = int(match.group(1))
    current, number = url[: match.start()], 1
    while number < wanted:
        response = client.get(current)
        if response.status_code != 200:
            break
        following = next_link(response.content.decode(errors="replace"), current)
        if not following:
            break
        current, number = following, number + 1
    return current, number


def kind_of(name):
    return "dashboard" if name in DASHBOARDS else "page"


def goal_ms(route, who):
    """Issue 9's goals: the home is a dashboard for the whole country's account only; every
    other account's home (a province's, a district's, a cadre's…) is an interactive page."""
    if route == "home" and who != "national":
        return GOAL_MS["page"]
    return GOAL_MS[kind_of(route)]


# ---------------------------------------------------------------------------- latency


def combined_options(pg_options):
    return " ".join(part for part in (BASE_OPTIONS, pg_options) if part)


def use_config(pg_options):
    """Every later connection of this process gets the project's per-connection options
    plus these (the connection's ``options`` parameter, which overrides ``PGOPTIONS``)."""
    connections.close_all()
    options = connection.settings_dict.setdefault("OPTIONS", {})
    if combined_options(pg_options):
        options["options"] = combined_options(pg_options)
    else:
        options.pop("options", None)


def measure_page(client, url, runs, budget):
    started = time.perf_counter()
    response = client.get(url)
    cold = time.perf_counter() - started
    runs = max(3, min(runs, int(budget / max(cold, 1e-3))))  # slow pages: fewer runs (at least 3)
    status = response.status_code
    login = str(settings.LOGIN_URL)
    if status in (403, 404, 405) or (status == 302 and "/login/" in response.get("Location", login)):
        return {"status": status, "visible": False}
    reset_queries()  # every request resets the log (request_started): count from an empty one
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the next request's request_started empties the log
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return {
        "status": status,
        "visible": True,
        "queries": queries,
        "bytes": len(response.content) if hasattr(response, "content") else 0,
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": percentile(times, 0.95) * 1000,
        "runs": runs,
    }


def latency(ctx, pages, runs, who, budget):
    heap.install()  # collect as a server's worker does (coso.wsgi): at the end of each request
    results = {}
    for name in who:
        user = ctx.users.get(name)
        if user is None:
            continue
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for route, url in pages:
            fetched, depth = follow_next(client, url)
            result = measure_page(client, fetched, runs, budget)
            result.update(route=route, url=url, kind=kind_of(route), user=name, fetched=fetched, depth=depth)
            result["goal_ms"] = goal_ms(route, name)
            results[(name, url)] = result
            if result["visible"]:
                goal = result["goal_ms"]
                flag = "" if result["p95_ms"] <= goal else "  MISSES"
                label = url if depth == 1 else f"{url} (page {depth})"
                print(
                    f"  {name:9} {label[:60]:60} {result['median_ms']:8.1f} / {result['p95_ms']:8.1f} ms"
                    f" {result['queries']:4d} q {result['bytes'] / 1024:8.0f} kB{flag}",
                    flush=True,
                )
    return results


# ---------------------------------------------------------------------------- throughput


async def _signed_in(port, username, count):
    first = await HttpClient(port).login(username, BENCH_PASSWORD)
    clients = [first]
    for _ in range(count - 1):
        clone = HttpClient(port)
        clone.cookies = dict(first.cookies)
        clients.append(clone)
    return clients


def _floor(clients, path, seconds):
    rate, lat, errors = asyncio.run(hammer(clients, path, seconds=seconds))
    return {"rps": rate, "p95_ms": percentile(lat, 0.95) * 1000, "errors": len(errors)}


def measure_floors(anonymous, signed_in, seconds):
    """The two floors, each measured twice in turns (bare, signed in, bare, signed in) after a
    warm-up of both, and the better of each kept: a floor measured once, first, while gunicorn's
    workers were still loading their first request, came out slower than the signed-in one."""
    for clients, path in ((anonymous, "/bench/floor/"), (signed_in, "/bench/floor/signed-in/")):
        asyncio.run(hammer(clients, path, seconds=2))
    best = {}
    for _turn in range(2):
        for key, clients, path in (
            ("floor", anonymous, "/bench/floor/"),
            ("floor_signed_in", signed_in, "/bench/floor/signed-in/"),
        ):
            measured = _floor(clients, path, seconds)
            if key not in best or measured["rps"] > best[key]["rps"]:
                best[key] = measured
    log(f"throughput floor: {best['floor']['rps']:,.0f} req/s; signed in: {best['floor_signed_in']['rps']:,.0f} req/s")
    return best


def throughput(ctx, pages, pg_options, who, concurrency, seconds, redis_url, latency_results=None, slow_ms=1000):
    database_url = os.environ["DATABASE_URL"]
    results = {}
    server = Server(database_url, pg_options=pg_options, base_options=BASE_OPTIONS, redis_url=redis_url, recycle=False)
    with server:
        anonymous = [HttpClient(server.port) for _ in range(concurrency)]
        for name in who:
            user = ctx.users.get(name)
            if user is None:
                continue
            clients = asyncio.run(_signed_in(server.port, user.username, concurrency))
            if "floor" not in results:
                results.update(measure_floors(anonymous, clients, seconds))
            for route, url in pages:
                measured = (latency_results or {}).get((name, url))
                if measured and measured.get("visible") and measured["median_ms"] > slow_ms:
                    # Far below any ratio worth measuring; its latency says it all.
                    results[(name, url)] = {"rps": None, "skipped": f"median {measured['median_ms']:,.0f} ms"}
                    continue
                if measured and "fetched" in measured:
                    url_fetched = measured["fetched"]  # a deep page: its cursor as latency found it
                else:
                    url_fetched = _DEEP.sub("", url)
                status, _h, _b = asyncio.run(clients[0].get(url_fetched))
                if status != 200:
                    continue
                rate, lat, errors = asyncio.run(hammer(clients, url_fetched, seconds=seconds))
                results[(name, url)] = {
                    "rps": rate,
                    "p95_ms": percentile(lat, 0.95) * 1000,
                    "errors": len(errors),
                    "route": route,
                }
                log(f"throughput {name} {url}: {rate:,.1f} req/s")
    return results


# ---------------------------------------------------------------------------- tables


def fmt(value, digits=0):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f}"


def latency_table(results, pages, who):
    lines = [
        "| page | goal (p95) | " + " | ".join(who) + " |",
        "| --- | ---: | " + " | ".join("---:" for _ in who) + " |",
    ]
    seen = set()
    for route, url in pages:
        if url in seen:
            continue
        seen.add(url)
        cells = []
        for name in who:
            r = results.get((name, url))
            if not r or not r["visible"]:
                cells.append("–")
                continue
            mark = "" if r["p95_ms"] <= r["goal_ms"] else " ✗"
            cells.append(f"{fmt(r['median_ms'])} / {fmt(r['p95_ms'])} ({r['queries']} q){mark}")
        goals = sorted({goal_ms(route, name) for name in who})
        goal = " / ".join(map(str, goals)) if len(goals) == 1 else f"{goals[0]} ({goals[-1]} national)"
        lines.append(f"| `{url}` | {goal} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def throughput_table(by_config):
    configs = list(by_config)
    lines = [
        "| page (user) | " + " | ".join(f"{c}: req/s | ratio" for c in configs) + " |",
        "| --- | " + " | ".join("---: | ---:" for _ in configs) + " |",
    ]
    keys = []
    for results in by_config.values():
        for key in results:
            if key not in keys:
                keys.append(key)
    for key in keys:
        label = {"floor": "floor: constant view", "floor_signed_in": "floor: constant view behind login_required"}.get(
            key
        )
        if label is None:
            label = f"`{key[1]}` ({key[0]})"
        cells = []
        for config in configs:
            results = by_config[config]
            r = results.get(key)
            if r is None:
                cells.append("– | –")
                continue
            if r.get("skipped"):
                cells.append(f"not run ({r['skipped']}) | ✗")
                continue
            if key == "floor":
                ratio = "1"
            elif key == "floor_signed_in":
                base = results.get("floor", {}).get("rps")
                value = r["rps"] / base if base else float("nan")
                ratio = f"{value:.2f} of bare" + (" ✗" if value < 0.5 else "")
            else:
                base = results.get("floor_signed_in", {}).get("rps")
                value = r["rps"] / base if base else float("nan")
                ratio = f"{value:.3f}" + (" ✗" if value < 0.4 else "")
            errors = f" ({r['errors']} errors)" if r.get("errors") else ""
            cells.append(f"{fmt(r['rps'], 1)}{errors} | {ratio}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine():
    load = os.getloadavg()
    cores = os.cpu_count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute(
            "SELECT name, setting, unit FROM pg_settings WHERE name IN "
            "('shared_buffers','work_mem','jit','random_page_cost','effective_cache_size','max_parallel_workers_per_gather')"
        )
        pg = {name: f"{setting}{unit or ''}" for name, setting, unit in cursor.fetchall()}
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            memory = f"{int(handle.readline().split()[1]) / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return {
        "cores": cores,
        "memory": memory,
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": version,
        "postgresql_settings": pg,
        "load": load,
        "uptime": uptime,
    }


# ---------------------------------------------------------------------------- the older single-query measures


class Reads:
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

    def table(self):
        lines = [
            "| user | measure | cold (ms) | median (ms) | p95 (ms) | rows / result |",
            "| --- | --- | ---: | ---: | ---: | --- |",
        ]
        for who, label, cold, median, p95, result in self.rows:
            lines.append(f"| {who} | {label} | {cold:.1f} | {median:.1f} | {p95:.1f} | {result} |")
        return "\n".join(lines)


def reads(ctx, runs, explain):
    bench = Reads(runs)
    for who in ("province", "district", "national"):
        user = ctx.users[who]
        unit = {"province": ctx.province, "district": ctx.district}.get(who)

        def people(user=user):
            scoping.forget(user)
            return scoping.visible_people(user, Person.objects.all())

        if unit is not None:
            bench.measure(
                who,
                "tree: children of the unit (scoped)",
                lambda unit=unit, user=user: len(
                    list(scoping.visible_units(user, Unit.objects.get_children(unit)).select_related("level"))
                ),
            )
            bench.measure(
                who,
                "tree: subtree unit count",
                lambda unit=unit: Unit.objects.filter(path__startswith=unit.path).count(),
            )
        bench.measure(who, "people in scope: count", lambda people=people: people().count())
        sorted_people = lambda people=people: people().order_by("sort_key", "id")  # noqa: E731
        bench.measure(who, "person list sorted, page 1 (50, no count)", lambda s=sorted_people: len(list(s()[:50])))
        bench.measure(
            who,
            "person list sorted, page 1 with Paginator count",
            lambda s=sorted_people: len(Paginator(s(), 50).page(1).object_list),
        )
        bench.measure(who, "person list sorted, page 200", lambda s=sorted_people: len(list(s()[9950:10000])))
        for text in ("nguyen van", "tran thi ngoc han"):
            search = lambda text=text, people=people: people().search(text).order_by("sort_key", "id")  # noqa: E731
            bench.measure(who, f"search '{text}': first 50 sorted", lambda s=search: len(list(s()[:50])))
            bench.measure(who, f"search '{text}': count", lambda s=search: s().count())
            if explain and connection.vendor == "postgresql":
                print(search()[:50].explain(analyze=True, buffers=True))
    print()
    print(bench.table())


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


# ---------------------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--province", default="vn-79", help="Unit.code of the provincial user's unit")
    parser.add_argument("--district", default="vn-79-776", help="Unit.code of the district user's unit")
    parser.add_argument("--users", default=",".join(WHO), help=f"comma-separated, of {','.join(WHO)}")
    parser.add_argument("--configs", default="default,recommended", help="comma-separated, of default,recommended")
    parser.add_argument(
        "--budget", type=float, default=10.0, help="seconds per (user, page): a slow page gets fewer runs (≥ 3)"
    )
    parser.add_argument("--only", default="", help="a regular expression: only the pages whose URL matches")
    parser.add_argument("--no-throughput", action="store_true")
    parser.add_argument("--throughput-users", default="province", help="whose pages the throughput run requests")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3.0, help="per page in the throughput run")
    parser.add_argument(
        "--slow-ms", type=float, default=1000.0, help="throughput: pages whose median is above this are not run"
    )
    parser.add_argument("--json", help="write every figure to this file")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="the server's REDIS_URL")
    parser.add_argument("--reads", action="store_true", help="the older single-query measures instead of the pages")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--try-indexes", action="store_true")
    parser.add_argument("--drop-indexes", action="store_true")
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        raise SystemExit(f"benchmark.py creates its users: only on a database whose name contains 'bench' ({name}).")
    if args.drop_indexes:
        manage_indexes(False)
        return
    if args.try_indexes:
        manage_indexes(True)

    setup_test_environment()  # lets the test Client run against this database
    ctx = Context(args.province, args.district)
    who = [w for w in args.users.split(",") if w in ctx.users]
    log(
        f"{connection.vendor} {name}: {Unit.objects.count():,} units, {Person.objects.count():,} persons; "
        f"{ctx.describe()}; {args.runs} runs"
    )
    if args.reads:
        reads(ctx, args.runs, args.explain)
        return
    pages = discovered_pages() + record_pages(ctx)
    if args.only:
        pages = [(route, url) for route, url in pages if re.search(args.only, url)]
    log(f"{len(pages)} pages × {len(who)} users")
    configs = [c for c in args.configs.split(",") if c in CONFIGS]
    if connection.vendor != "postgresql":
        configs = ["default"]
    figures = {"machine": machine(), "configs": {}}
    tables = []
    throughput_by_config = {}
    for config in configs:
        log(f"configuration {config}: options {combined_options(CONFIGS[config])!r}")
        use_config(CONFIGS[config])
        results = latency(ctx, pages, args.runs, who, args.budget)
        figures["configs"][config] = {"latency": {f"{k[0]} {k[1]}": v for k, v in results.items()}}
        tables.append(
            f"### Latency, {config} settings (median / p95 ms, queries)\n\n" + latency_table(results, pages, who)
        )
        misses = [
            f"{r['user']} {r['url']} (p95 {r['p95_ms']:.0f} > {r['goal_ms']} ms)"
            for r in results.values()
            if r["visible"] and r["p95_ms"] > r["goal_ms"]
        ]
        visible = [r for r in results.values() if r["visible"]]
        tables.append(
            f"{len(visible) - len(misses)} of {len(visible)} (user, page) pairs meet their goal; misses: "
            + ("; ".join(misses) if misses else "none")
        )
        if not args.no_throughput and connection.vendor == "postgresql":
            tp_who = [w for w in args.throughput_users.split(",") if w in ctx.users]
            tp = throughput(
                ctx,
                pages,
                CONFIGS[config],
                tp_who,
                args.concurrency,
                args.seconds,
                args.redis_url,
                latency_results=results,
                slow_ms=args.slow_ms,
            )
            throughput_by_config[config] = tp
            figures["configs"][config]["throughput"] = {
                (k if isinstance(k, str) else f"{k[0]} {k[1]}"): v for k, v in tp.items()
            }
    use_config("")
    figures["machine_after"] = machine()["uptime"]
    print()
    m = figures["machine"]
    print(
        f"Machine: {m['cores']} cores, {m['memory']}, Python {m['python']}, Django {m['django']}, "
        f"PostgreSQL {m['postgresql']} {m['postgresql_settings']}; before: {m['uptime']}; after: {figures['machine_after']}"
    )
    print()
    print("\n\n".join(tables))
    if throughput_by_config:
        print()
        print(
            f"### Throughput: gunicorn, 4 workers not recycled, {args.concurrency} clients, {args.seconds:g} s per page "
            "(ratio: to the signed-in floor)\n"
        )
        print(throughput_table(throughput_by_config))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
