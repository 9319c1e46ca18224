"""Production settings (docs/deploy.md): `check --deploy` is clean with production values,
the settings refuse to start without a SECRET_KEY, and the demo is refused.

Each case runs manage.py in a subprocess, because the settings module reads the
environment once, at import.
"""

import os
import secrets
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_backup_restore import migrated_database_copy

ROOT = Path(__file__).resolve().parent.parent

# What docs/deploy.md asks for, with throw-away values.
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "coso.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://coso.example.vn",
    "DATABASE_URL": "sqlite:////tmp/coso-deploy-check.db",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _env(**overrides):
    """A clean environment: only what a service manager would pass, plus PATH and HOME."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG", "TMPDIR") if key in os.environ}
    env.update(PRODUCTION)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def _run(*args, env):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=600,  # a guard against a hang, not a speed check: a loaded machine migrates slowly
    )


def _manage(*args, env):
    return _run(str(ROOT / "manage.py"), *args, env=env)


def test_check_deploy_is_clean_with_production_values():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr and "ERRORS" not in result.stderr


def test_check_deploy_is_clean_with_the_database_task_backend():
    env = _env(TASKS_BACKEND="django_tasks_db.DatabaseBackend")
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("key", [None, "", "too-short-to-be-a-secret"], ids=["missing", "empty", "short"])
def test_production_settings_refuse_to_start_without_a_real_secret_key(key):
    # What gunicorn does first: import the WSGI application.
    result = _run("-c", "import coso.wsgi", env=_env(SECRET_KEY=key))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.fixture
def production_database(tmp_path):
    """A migrated database (as after a release's `migrate`), used with the production settings."""
    path = migrated_database_copy(tmp_path / "coso.db")
    return path, _env(DATABASE_URL=f"sqlite:///{path}")


def _count(path, table):
    db = sqlite3.connect(path)
    try:
        return db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    finally:
        db.close()


@pytest.mark.parametrize("options", [[], ["--if-empty"]], ids=["plain", "if-empty"])
def test_demo_is_refused_in_production(production_database, options):
    path, env = production_database
    result = _manage("load_demo", *options, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Unknown command" not in output and "Traceback" not in output, output
    assert "demo" in output.lower() or "thử nghiệm" in output.lower()
    assert _count(path, "org_unit") == 0
    assert _count(path, "accounts_user") == 0


def test_demo_is_refused_in_production_even_after_building_the_real_tree(production_database):
    _path, env = production_database
    built = _manage(
        "build_tree", "--era", "before-2025", "--province", "Quảng Nam", "--district", "Bắc Trà My", env=env
    )
    assert built.returncode == 0, built.stdout + built.stderr
    result = _manage("load_demo", "--if-empty", env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "coso-demo-2026" not in output


def test_sessions_are_read_from_redis_in_production_and_postgresql_runs_without_jit():
    show = "from django.conf import settings; print(settings.SESSION_ENGINE); print(settings.DATABASES['default'].get('OPTIONS'))"
    with_redis = _manage("shell", "-c", show, env=_env(DATABASE_URL="postgres://postgres@127.0.0.1:5432/test"))
    assert with_redis.returncode == 0, with_redis.stderr
    engine, options = with_redis.stdout.strip().splitlines()[-2:]
    # Django's cached_db, whose signed-in keys name their account (one round trip for both).
    assert engine == "coso.accounts.session_store"
    assert "-c jit=off" in options
    # Without Redis each worker would cache sessions apart: a signed-out session must not live on.
    without_redis = _manage("shell", "-c", show, env=_env(REDIS_URL=None))
    assert without_redis.stdout.strip().splitlines()[-2] == "django.contrib.sessions.backends.db"


@pytest.mark.django_db
def test_postgresql_connections_have_jit_off():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (set DATABASE_URL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize(
    "redis_url, cached", [("redis://127.0.0.1:6379/0", "True"), (None, "False")], ids=["redis", "none"]
)
def test_production_caches_the_signed_in_account_only_in_redis(redis_url, cached):
    """Without Redis each worker would keep its own copy of an account: a deactivation made in
    one would not sign the account out in the others (coso/accounts/user_cache.py)."""
    code = "import django; django.setup(); from django.conf import settings; print(settings.USER_CACHE)"
    env = _env(REDIS_URL=redis_url, DJANGO_SETTINGS_MODULE="coso.settings")
    result = _run("-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == cached
