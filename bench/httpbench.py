"""What benchmark.py's throughput run and loadtest.py share: a gunicorn started as deploy/
installs it, a small asyncio HTTP/1.1 client (no dependency), signing in through the login
page, and percentiles. Loopback only: the server binds 127.0.0.1 and the client refuses
any other host.

The server runs with ``DJANGO_ENV=production`` (the settings an operator gets: secure
cookies, whitenoise's manifest, persistent connections), a throw-away ``SECRET_KEY``,
``BENCH_VIEWS=1`` for the two floors, and the client sends ``X-Forwarded-Proto: https`` and
``X-Real-IP`` as deploy/nginx.conf does.
"""

import asyncio
import math
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK = "127.0.0.1"
# The options of deploy/coso-web.service (but the bind address and the access log).
GUNICORN_OPTIONS = [
    "--workers",
    "4",
    "--timeout",
    "120",
    "--graceful-timeout",
    "30",
    "--max-requests",
    "2000",
    "--max-requests-jitter",
    "200",
]


def percentile(values, share):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def free_port():
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def server_environment(database_url, pg_options="", redis_url="", base_options=""):
    env = dict(os.environ)
    env.update(
        DJANGO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS=f"{LOOPBACK},localhost",
        DATABASE_URL=database_url,
        BENCH_VIEWS="1",
        LOG_LEVEL="WARNING",
        DEBUG="0",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    # The project's per-connection options (POSTGRES_OPTIONS, coso/settings.py) plus the
    # configuration's; PGOPTIONS too, for settings that set none (it is overridden otherwise).
    env["POSTGRES_OPTIONS"] = " ".join(part for part in (base_options, pg_options) if part)
    if pg_options:
        env["PGOPTIONS"] = pg_options
    else:
        env.pop("PGOPTIONS", None)
    return env


def collectstatic(env):
    """whitenoise's manifest, which production pages need (into STATIC_ROOT, git-ignored)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )


class Server:
    """gunicorn coso.wsgi with deploy's options on a free loopback port; stopped on exit."""

    def __init__(
        self, database_url, *, pg_options="", base_options="", redis_url="", workers=4, static=True, recycle=True
    ):
        self.env = server_environment(database_url, pg_options, redis_url, base_options)
        self.port = free_port()
        self.workers = workers
        self.static = static
        # recycle=False: no --max-requests. At a floor's 1,000 req/s deploy's 2,000 recycles
        # each worker every few seconds, and a worker's start (Django loading, 1-2 s of CPU
        # on 2 cores) then decides the figure: the floors came out inverted, in either order.
        self.recycle = recycle
        self.process = None

    def __enter__(self):
        if self.static:
            collectstatic(self.env)
        if self.env.get("REDIS_URL"):
            # The bench's own Redis database: sessions and accounts cached by an earlier run (of
            # a database generated again, with the same ids) must not answer for this one.
            import redis

            redis.Redis.from_url(self.env["REDIS_URL"]).flushdb()
        options = list(GUNICORN_OPTIONS)
        options[1] = str(self.workers)
        if not self.recycle:
            options[options.index("--max-requests") + 1] = "0"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "coso.wsgi", *options, "--bind", f"{LOOPBACK}:{self.port}"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped: {self.process.stderr.read().decode()[-2000:]}")
            try:
                status, _headers, _body = asyncio.run(Client(self.port).get("/bench/floor/"))
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        return False


class Client:
    """One signed-in (or anonymous) browser: cookies, one connection per request (gunicorn's
    sync workers close it after each response, as behind nginx)."""

    def __init__(self, port, host=LOOPBACK):
        if host not in (LOOPBACK, "localhost"):
            raise SystemExit("The benchmark client talks to the loopback address only.")
        self.host, self.port = host, port
        self.cookies = {}

    def _headers(self, extra):
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Connection": "close",
            "X-Forwarded-Proto": "https",
            "X-Real-IP": LOOPBACK,
            "Accept-Language": "vi",
            "User-Agent": "coso-bench",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers.update(extra or {})
        return headers

    async def request(self, method, path, *, body=b"", headers=None, timeout=120):
        reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), timeout)
        try:
            head = self._headers(headers)
            if body:
                head["Content-Length"] = str(len(body))
            lines = [f"{method} {path} HTTP/1.1", *(f"{k}: {v}" for k, v in head.items()), "", ""]
            writer.write("\r\n".join(lines).encode("latin-1") + body)
            await writer.drain()
            data = await asyncio.wait_for(reader.read(), timeout)
        finally:
            writer.close()
        raw_head, _, payload = data.partition(b"\r\n\r\n")
        status_line, *header_lines = raw_head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        response_headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie = value.split(";", 1)[0]
                key, _, cookie_value = cookie.partition("=")
                if cookie_value in ('""', "") and "max-age=0" in value.lower():
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = cookie_value
            response_headers[name] = value
        if response_headers.get("transfer-encoding", "").lower() == "chunked":
            payload = _dechunk(payload)
        return status, response_headers, payload

    async def get(self, path, **kwargs):
        return await self.request("GET", path, **kwargs)

    async def login(self, username, password):
        """Sign in through the login page like a browser (CSRF cookie and token, Referer)."""
        status, _headers, body = await self.get("/login/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or not match:
            raise RuntimeError(f"login page: HTTP {status}")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": password}
        ).encode()
        origin = f"https://{self.host}:{self.port}"
        status, headers, _body = await self.request(
            "POST",
            "/login/",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"{origin}/login/",
                "Origin": origin,
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username}: HTTP {status}")
        return self


def _dechunk(payload):
    out, rest = bytearray(), payload
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2 :]
    return bytes(out)


async def hammer(clients, path, *, seconds, expect=200):
    """Every client requests ``path`` in a loop for ``seconds``: (requests/s, latencies, errors)."""
    deadline = time.monotonic() + seconds
    latencies, errors = [], []

    async def loop(client):
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, _headers, _body = await client.get(path)
            except (TimeoutError, OSError, RuntimeError, ValueError, IndexError) as error:
                errors.append(repr(error))
                continue
            if status != expect:
                errors.append(f"HTTP {status}")
                continue
            latencies.append(time.perf_counter() - started)

    began = time.monotonic()
    await asyncio.gather(*(loop(client) for client in clients))
    elapsed = time.monotonic() - began
    return len(latencies) / elapsed, latencies, errors
