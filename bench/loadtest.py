"""A load test: N users of mixed roles sign in and browse pages and call the API at once
(never part of the test suite). Loopback only, bounded in time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/coso_bench \\
        .venv/bin/python bench/loadtest.py --users 200 --seconds 60

Starts gunicorn as deploy/ installs it (4 sync workers, ``DJANGO_ENV=production``; see
``httpbench.Server``) unless ``--port`` names one already running on 127.0.0.1. Creates
(once) the accounts ``bench_load_001`` … with a mix of roles on random units of the
dataset — provincial and district standing committees, movement cadres linked to a
provincial cadre, base-union and branch officers, members linked to their person record —
signs each one in through the login page (at most ``--login-concurrency`` at a time), keeps
for each role the pages and API calls of its mix that answer 200 to its first user, then lets every user
request one of them, wait ``--think`` seconds (uniform, default 1–3), and so on, for
``--seconds``. Prints requests, errors (anything but 200, or no answer), throughput, and
the median / p95 / p99 latency overall, per role and for the slowest URLs.

Goal (issue 9): at 200 users, 0 errors and p95 ≤ 300 ms on the 2-core machine.
"""

import argparse
import asyncio
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coso.settings")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.httpbench import LOOPBACK, Server, percentile  # noqa: E402
from bench.httpbench import Client as HttpClient  # noqa: E402
from coso.accounts.models import Role, RoleGrant, User  # noqa: E402
from coso.org.models import Unit  # noqa: E402
from coso.people.models import Person  # noqa: E402

PASSWORD = "bench-coso-2026-mat-khau"
# role: (share of the users, level kind of its unit, pages and API calls it tries)
COMMON = ["/", "/units/", "/people/", "/people/?q=nguyen+van", "/api/me", "/api/units/?limit=50"]
MIX = {
    Role.PROVINCIAL_STANDING: (
        0.05,
        "province",
        COMMON
        + ["/visits/", "/visits/coverage/", "/visits/ranking/", "/programme/", "/cadrework/", "/placements/"]
        + ["/api/persons/?limit=50", "/api/visits/coverage", "/api/cadrework/plans"],
    ),
    Role.DISTRICT_STANDING: (
        0.15,
        "district",
        COMMON
        + ["/visits/", "/visits/coverage/", "/programme/", "/cadrework/", "/units/list/"]
        + ["/api/persons/?limit=50", "/api/programme/programmes", "/api/cadrework/plans"],
    ),
    Role.MOVEMENT_CADRE: (
        0.10,
        "province",
        COMMON + ["/visits/", "/visits/trips/", "/visits/practices/", "/api/visits/visits", "/api/visits/reports"],
    ),
    Role.BASE_OFFICER: (0.30, "base", COMMON + ["/programme/", "/api/members/?limit=50"]),
    Role.BRANCH_OFFICER: (0.30, "branch", COMMON + ["/programme/", "/api/members/?limit=50"]),
    Role.MEMBER: (0.10, "branch", ["/", "/programme/", "/api/me"]),
}


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def make_users(count, rng):
    """``count`` accounts bench_load_NNN with the role mix (created once, kept between runs)."""
    existing = {u.username: u for u in User.objects.filter(username__startswith="bench_load_")}
    roles = []
    for role, (share, _kind, _pages) in MIX.items():
        roles += [role] * max(1, round(share * count))
    roles = (roles * (count // len(roles) + 1))[:count]
    rng.shuffle(roles)
    units = {}
    for kind in {kind for _s, kind, _p in MIX.values()}:
        ids = list(Unit.objects.filter(level__kind=kind, is_active=True).values_list("pk", flat=True))
        units[kind] = rng.sample(ids, min(len(ids), count)) or ids
    hashed = make_password(PASSWORD)
    users = []
    for number, role in enumerate(roles, start=1):
        username = f"bench_load_{number:03d}"
        user = existing.get(username)
        if user is not None:
            grant = user.grants.first()
            users.append((user, grant.role if grant else role))
            continue
        kind = MIX[role][1]
        unit_id = units[kind][number % len(units[kind])]
        person = None
        if role == Role.MOVEMENT_CADRE:
            person = Person.objects.filter(unit_id=unit_id, is_cadre=True, user__isnull=True).order_by("pk").first()
        elif role == Role.MEMBER:
            person = Person.objects.filter(unit_id=unit_id, is_cadre=False, user__isnull=True).order_by("pk").first()
        user = User.objects.create(
            username=username, password=hashed, first_name="Tải", last_name=f"{number}", person=person
        )
        RoleGrant.objects.create(
            user=user, role=role, unit_id=unit_id, valid_from=timezone.localdate().replace(year=2000)
        )
        users.append((user, role))
    return users


async def prepare(port, users, login_concurrency):
    """Sign every user in (a few at a time) and keep the URLs of its mix that answer 200."""
    gate = asyncio.Semaphore(login_concurrency)
    ready, failures = [], []
    probed = {}  # role -> the URLs of its mix that answered 200 to its first user

    async def one(user, role):
        async with gate:
            try:
                client = await HttpClient(port).login(user.username, PASSWORD)
            except (TimeoutError, RuntimeError, OSError) as error:
                failures.append(f"{user.username}: {error}")
                return
            if role not in probed:
                urls = []
                for url in MIX[role][2]:
                    status, _h, _b = await client.get(url)
                    if status == 200:
                        urls.append(url)
                probed[role] = urls
            ready.append((user.username, role, client))

    started = time.monotonic()
    first = {}
    for user, role in users:
        first.setdefault(role, user)
    await asyncio.gather(*(one(user, role) for role, user in first.items()))  # each role's probe first
    await asyncio.gather(*(one(user, role) for user, role in users if first[role] != user))
    ready = [(name, role, client, probed.get(role, [])) for name, role, client in ready]
    log(f"{len(ready)} users signed in in {time.monotonic() - started:.0f} s ({len(failures)} failed)")
    for failure in failures[:10]:
        log(f"  login failed: {failure}")
    return ready, failures


async def run(ready, seconds, think, rng):
    deadline = time.monotonic() + seconds
    samples = []  # (role, url, seconds)
    errors = defaultdict(int)

    async def browse(role, client, urls):
        await asyncio.sleep(rng.uniform(0, think[1]))  # do not start in step
        while time.monotonic() < deadline and urls:
            url = rng.choice(urls)
            started = time.perf_counter()
            try:
                status, _h, _b = await client.get(url, timeout=60)
            except (TimeoutError, OSError, ValueError, IndexError) as error:
                errors[f"{url}: {type(error).__name__}"] += 1
                continue
            elapsed = time.perf_counter() - started
            if status != 200:
                errors[f"{url}: HTTP {status}"] += 1
            else:
                samples.append((role, url, elapsed))
            await asyncio.sleep(rng.uniform(*think))

    began = time.monotonic()
    await asyncio.gather(*(browse(role, client, urls) for _name, role, client, urls in ready))
    return samples, errors, time.monotonic() - began


def summary(samples, errors, elapsed, users, goal_ms):
    times = [s for _r, _u, s in samples]
    total_errors = sum(errors.values())
    lines = [
        f"users {users}, {len(samples) + total_errors:,} requests in {elapsed:.0f} s "
        f"({(len(samples) + total_errors) / elapsed:.1f} req/s), errors {total_errors}",
        f"latency: median {statistics.median(times) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms, "
        f"p99 {percentile(times, 0.99) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        if times
        else "no successful request",
    ]
    if times:
        p95 = percentile(times, 0.95) * 1000
        verdict = "meets" if total_errors == 0 and p95 <= goal_ms else "MISSES"
        lines.append(f"goal (0 errors, p95 ≤ {goal_ms} ms): {verdict}")
    lines += ["", "| role | requests | median (ms) | p95 (ms) |", "| --- | ---: | ---: | ---: |"]
    by_role, by_url = defaultdict(list), defaultdict(list)
    for role, url, seconds in samples:
        by_role[role].append(seconds)
        by_url[url].append(seconds)
    for role, values in sorted(by_role.items()):
        lines.append(
            f"| {role} | {len(values):,} | {statistics.median(values) * 1000:.0f} | {percentile(values, 0.95) * 1000:.0f} |"
        )
    lines += ["", "| URL | requests | median (ms) | p95 (ms) |", "| --- | ---: | ---: | ---: |"]
    ranked = sorted(by_url.items(), key=lambda item: -percentile(item[1], 0.95))
    for url, values in ranked:
        lines.append(
            f"| `{url}` | {len(values):,} | {statistics.median(values) * 1000:.0f} | {percentile(values, 0.95) * 1000:.0f} |"
        )
    if errors:
        lines += ["", "errors: " + "; ".join(f"{k} × {v}" for k, v in sorted(errors.items(), key=lambda i: -i[1])[:15])]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", default="1,3", help="seconds between two requests of a user: min,max")
    parser.add_argument("--login-concurrency", type=int, default=8)
    parser.add_argument("--port", type=int, help="a server already running on 127.0.0.1 (else one is started)")
    parser.add_argument("--pg-options", default="", help="per-connection options added for the server it starts")
    parser.add_argument("--goal-ms", type=float, default=300.0)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/9", help="the server's REDIS_URL")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()

    name = str(connection.settings_dict["NAME"])
    if "bench" not in name:
        raise SystemExit(f"loadtest.py creates accounts: only on a database whose name contains 'bench' ({name}).")
    if args.seconds > 900:
        raise SystemExit("--seconds: at most 900 (a load test is bounded in time).")
    think = tuple(float(x) for x in args.think.split(","))
    rng = random.Random(args.seed)
    users = make_users(args.users, rng)
    log(f"{len(users)} accounts: " + ", ".join(f"{r} {sum(1 for _u, x in users if x == r)}" for r in MIX))

    def go(port):
        ready, failures = asyncio.run(prepare(port, users, args.login_concurrency))
        samples, errors, elapsed = asyncio.run(run(ready, args.seconds, think, rng))
        for failure in failures:
            errors[f"login: {failure.split(':', 1)[1].strip()}"] += 1
        print()
        print(summary(samples, errors, elapsed, len(users), args.goal_ms))
        print(f"\nload average after the run: {os.getloadavg()}")

    log(f"load average before: {os.getloadavg()}")
    if args.port:
        go(args.port)
    else:
        with Server(
            os.environ["DATABASE_URL"],
            pg_options=args.pg_options,
            base_options=(connection.settings_dict.get("OPTIONS") or {}).get("options", ""),
            redis_url=args.redis_url,
        ) as server:
            log(f"gunicorn on {LOOPBACK}:{server.port}")
            go(server.port)


if __name__ == "__main__":
    main()
