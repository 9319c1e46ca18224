"""Browser tests: Playwright (sync API, via pytest-playwright) driving Debian's Chromium
against pytest-django's live server.

* One browser per test session (per xdist worker), launched from ``/usr/bin/chromium`` or
  ``$CHROMIUM_PATH``; ``make test`` installs it (scripts/install-chromium.sh).
* ``page``: a new browser context per test, desktop 1280×800, locale vi-VN.
* ``phone_page``: a new context per test, 390×844, ``is_mobile``, touch.
* Both use the live server and start from the freshly migrated database: the rows the data
  migrations seed and nothing else (``transactional_db`` with serialized rollback; see
  ``_e2e_db``). ``base_url`` is the live server, so ``page.goto("/login/")`` works;
  ``live_server.url`` is there for full URLs.
* ``login(page, live_server, username, password)`` signs in through the login form.
* Every test under e2e/ is marked ``e2e``: ``pytest -m "not e2e"`` skips them.

Artifacts: ``pytest --screenshot only-on-failure --tracing retain-on-failure`` keeps them in
test-results/.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio loop in the test's thread; Django then believes it
# is called from async code and refuses ORM calls (SynchronousOnlyOperation). Tests only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP_VIEWPORT = {"width": 1440, "height": 900}  # an office desktop: the full menu shows from 1400 px
PHONE_VIEWPORT = {"width": 390, "height": 844}
# Chrome on Android, so that pages (and anything sniffing "Mobile") see a phone.
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Mobile Safari/537.36"
)
# Default wait for each Playwright action/assertion, in milliseconds.
TIMEOUT_MS = int(os.environ.get("E2E_TIMEOUT_MS", "15000"))

E2E_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Override pytest-playwright's launch options: Debian chromium, headless."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}: run scripts/install-chromium.sh "
            "(make test does) or set CHROMIUM_PATH",
            pytrace=False,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM_PATH,
        "headless": browser_type_launch_args.get("headless", True),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """Context options shared by ``page`` and ``phone_page`` (not the viewport)."""
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }


@pytest.fixture(scope="session")
def _django_connections(django_db_setup):
    """Django's connection objects as the test databases were set up (before Playwright)."""
    from django.db import connections

    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="session")
def playwright(_django_connections, playwright):
    """pytest-playwright's ``playwright``, keeping Django on the same connection objects.

    Between its calls the sync API leaves an asyncio loop marked as running in this thread.
    Django's connection handler then switches to per-context storage and would open new
    connection objects, without the state the test database setup left on the old ones
    (the serialized seed rows that ``serialized_rollback`` restores). Put the old ones back.
    """
    from django.db import connections

    for alias, connection in _django_connections.items():
        connections[alias] = connection
    return playwright


_fresh_start = {"done": False}


@pytest.fixture
def _e2e_db(transactional_db, django_db_serialized_rollback):
    """The database as migrated: serialized rollback restores the seed rows before each test
    and empties the database after it. Before the first browser test of the session, also
    remove what earlier tests committed (session-scoped data fixtures), which Django's
    transactional tests assume is not there.
    """
    if not _fresh_start["done"]:
        from django.core.management import call_command
        from django.db import DEFAULT_DB_ALIAS, connections

        connection = connections[DEFAULT_DB_ALIAS]
        call_command("flush", database=DEFAULT_DB_ALIAS, interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(connection._test_serialized_contents)
        _fresh_start["done"] = True


def _open_page(context):
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


@pytest.fixture
def page(new_context, live_server, _e2e_db):
    """A desktop page (1440×900, vi-VN) in a fresh browser context."""
    return _open_page(new_context(viewport=DESKTOP_VIEWPORT))


@pytest.fixture
def phone_page(new_context, live_server, _e2e_db):
    """A phone page (390×844, mobile, touch, Android user agent, vi-VN) in a fresh context."""
    return _open_page(
        new_context(
            viewport=PHONE_VIEWPORT,
            is_mobile=True,
            has_touch=True,
            device_scale_factor=3,
            user_agent=PHONE_USER_AGENT,
        )
    )


def login(page, live_server, username, password, *, expect_success=True):
    """Sign in through the form at /login/ and wait for the answer.

    Raises AssertionError if the browser is still on /login/ afterwards (unless
    ``expect_success=False``, to test a refused login). Returns the page.
    """
    page.goto(f"{live_server.url}/login/")
    form = page.locator("form:has(input[name='username'])")
    form.locator("input[name='username']").fill(username)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation(wait_until="domcontentloaded"):
        form.locator("[type='submit']").first.click()
    if expect_success and page.url.split("?")[0].rstrip("/").endswith("/login"):
        raise AssertionError(f"login as {username!r} failed; still on {page.url}")
    return page


@pytest.fixture
def login_as(live_server):
    """``login_as(page, username, password)``: ``login`` with the live server bound."""

    def _login_as(page, username, password, **kwargs):
        return login(page, live_server, username, password, **kwargs)

    return _login_as
