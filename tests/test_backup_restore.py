"""scripts/backup.sh and scripts/restore.sh really bring the data back (docs/backup.md).

* PostgreSQL (only when the suite runs on PostgreSQL): the test database, holding the small
  tree, is dumped with the script, restored into a new database ``coso_restore_<random>``
  and compared table by table; the new database is dropped at the end.
* SQLite (always): a database file migrated and filled by ``manage.py`` in subprocesses
  (``migrate`` once per set of migrations, see ``migrated_database_copy``),
  with a write still sitting in its -wal file, is backed up while a connection is open,
  restored into another file and compared.
* The scripts' guards: a damaged backup, a restore without --yes, a backup of the other
  kind of database, the retention of old backups.
"""

import fcntl
import hashlib
import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
BACKUP = ROOT / "scripts" / "backup.sh"
RESTORE = ROOT / "scripts" / "restore.sh"
MEDIA_FILE = Path("imports") / "danh sách đoàn viên.xlsx"
MEDIA_BYTES = b"PK\x03\x04 not really a workbook, but bytes that must come back"

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def _env(**values):
    """The environment of a subprocess: ours without anything that points at a database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PG")
        and key not in {"DATABASE_URL", "MEDIA_ROOT", "DJANGO_ENV", "BACKUP_DIR", "BACKUP_KEEP_DAYS", "PYTHON"}
    }
    env["PYTHON"] = sys.executable
    env.update(values)
    return env


def _run(*command, env, ok=True, timeout=600):  # a hang guard, not a speed check
    result = subprocess.run(
        [str(part) for part in command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
    )
    if ok:
        assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _manage(*args, env):
    return _run(sys.executable, ROOT / "manage.py", *args, env=env)


def _migrations_key():
    """A digest of what decides the migrated schema and its seed rows (the data migrations
    load ``coso/<app>/defaults.py``)."""
    digest = hashlib.sha256()
    files = sorted(ROOT.glob("coso/*/migrations/*.py")) + sorted(ROOT.glob("coso/*/defaults.py"))
    files += [ROOT / "coso" / "settings.py", ROOT / "requirements.lock"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def migrated_database_copy(target):
    """Write at ``target`` an SQLite database migrated by ``manage.py migrate`` (seeds included).

    ``migrate`` takes tens of seconds (it renders the state of every migration), so it runs
    once per set of migrations: the result is kept in the temp directory under a digest of
    the migration files, settings and lock file, built under a file lock (parallel workers
    wait for the first), and copied for each test.
    """
    cache = Path(tempfile.gettempdir()) / "coso-test-templates"
    cache.mkdir(exist_ok=True)
    template = cache / f"migrated-{_migrations_key()}.sqlite3"
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not template.exists():
            building = cache / f".{template.name}.{os.getpid()}"
            _manage("migrate", "--no-input", "-v", "0", "--skip-checks", env=_env(DATABASE_URL=f"sqlite:///{building}"))
            db = sqlite3.connect(building)
            db.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            db.close()
            os.replace(building, template)
            for stale in cache.glob("migrated-*.sqlite3"):  # other migration sets, a day old
                if stale != template and stale.stat().st_mtime < template.stat().st_mtime - 86400:
                    stale.unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def _media(tmp_path):
    media = tmp_path / "media"
    (media / MEDIA_FILE).parent.mkdir(parents=True)
    (media / MEDIA_FILE).write_bytes(MEDIA_BYTES)
    return media


def _only_backup(directory):
    backups = sorted(Path(directory).glob("coso-*"))
    assert len(backups) == 1, backups
    return backups[0]


def _sqlite_counts(path):
    db = sqlite3.connect(path)
    try:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}
    finally:
        db.close()


# --- PostgreSQL -------------------------------------------------------------------------


def _pg_params(settings_dict, name=None):
    params = {"dbname": name or settings_dict["NAME"]}
    for key, param in (("USER", "user"), ("PASSWORD", "password"), ("HOST", "host"), ("PORT", "port")):
        if settings_dict.get(key):
            params[param] = str(settings_dict[key])
    return params


def _pg_url(settings_dict, name=None):
    """A DATABASE_URL for the scripts from Django's connection settings."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = settings_dict.get("PASSWORD") or ""
    auth = user + (f":{quote(password, safe='')}" if password else "")
    host = quote(settings_dict.get("HOST") or "", safe="")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(name or settings_dict['NAME'], safe='')}"


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL backup: the suite runs on SQLite (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgres_backup_restores_into_a_new_database(tmp_path):
    import psycopg
    from psycopg import sql

    from coso.accounts.models import User
    from coso.org.models import Unit
    from coso.people.models import Person
    from tests.builders import build_small_tree

    # Committed rows, so that pg_dump (another connection) sees them. The session's tree
    # (tests/fixtures.py) is already committed when an earlier test built it.
    if not Unit.objects.filter(code="t-qn").exists():
        build_small_tree()
    tables = [
        "org_unit",
        "org_unitevent",
        "people_person",
        "people_post",
        "people_historicalperson",
        "accounts_user",
        "accounts_rolegrant",
        "org_unitlevel",
        "django_migrations",
    ]
    with connection.cursor() as cursor:
        expected = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            expected[table] = cursor.fetchone()[0]
    assert expected["org_unit"] >= 8 and expected["people_person"] >= 8
    bactramy = Unit.objects.get(code="t-btm")
    expected_subtree = Unit.objects.subtree_of(bactramy).count()
    expected_order = list(
        Person.objects.order_by("sort_key", "id").values_list("family_name", "middle_name", "given_name")
    )
    assert User.objects.filter(username="tinhdoan").exists()

    settings_dict = connection.settings_dict
    env = _env(DATABASE_URL=_pg_url(settings_dict), MEDIA_ROOT=str(_media(tmp_path)))
    _run(BACKUP, tmp_path / "backups", env=env)
    backup = _only_backup(tmp_path / "backups")
    assert (backup / "db.dump").stat().st_size > 0
    assert "PGPASSWORD" not in (backup / "manifest.txt").read_text()

    target = f"coso_restore_{secrets.token_hex(4)}"
    with psycopg.connect(**_pg_params(settings_dict), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    try:
        restored_media = tmp_path / "restored-media"
        _run(
            RESTORE,
            "--yes",
            "--database-url",
            _pg_url(settings_dict, target),
            "--media-root",
            restored_media,
            backup,
            env=env,
        )
        with psycopg.connect(**_pg_params(settings_dict, target)) as restored:
            counts = {
                table: restored.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
                for table in tables
            }
            quy = restored.execute(
                "SELECT p.search_text, u.name FROM people_person p JOIN org_unit u ON u.id = p.unit_id "
                "WHERE p.family_name = %s AND p.middle_name = %s AND p.given_name = %s",
                ("Nguyễn", "Văn", "Quy"),
            ).fetchall()
            subtree = restored.execute(
                "SELECT count(*) FROM org_unit WHERE path LIKE %s", (bactramy.path + "%",)
            ).fetchone()[0]
            order = restored.execute(
                "SELECT family_name, middle_name, given_name FROM people_person ORDER BY sort_key, id"
            ).fetchall()
    finally:
        with psycopg.connect(**_pg_params(settings_dict), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target)))

    assert counts == expected
    assert quy == [("nguyen van quy", "Tỉnh đoàn Quảng Nam")]
    assert subtree == expected_subtree
    assert order == expected_order
    assert (restored_media / MEDIA_FILE).read_bytes() == MEDIA_BYTES


# --- SQLite -----------------------------------------------------------------------------

CREATE_PERSON = """
from coso.org.models import Unit
from coso.people.models import Person
unit = Unit.objects.get(name="Huyện đoàn Bắc Trà My")
Person.objects.create(family_name="Nguyễn", middle_name="Văn", given_name="Quy", sex="M", unit=unit, is_cadre=True)
"""


def test_sqlite_backup_of_a_live_database_restores_everything(tmp_path):
    source = tmp_path / "coso.db"
    media = _media(tmp_path)
    env = _env(DATABASE_URL=f"sqlite:///{source}", MEDIA_ROOT=str(media))
    migrated_database_copy(source)
    _manage("build_tree", "--era", "before-2025", "--province", "Quảng Nam", "--skip-checks", env=env)
    _manage("shell", "-c", CREATE_PERSON, env=env)

    # A committed write left in the -wal file (no checkpoint) while the database is open,
    # as on a running server: a plain file copy would miss it, the backup API must not.
    live = sqlite3.connect(source)
    try:
        assert live.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        live.execute("PRAGMA wal_autocheckpoint=0")
        live.execute("INSERT INTO org_sector (code, name, name_en) VALUES ('chua-checkpoint', 'Khu vực thử', '')")
        live.commit()
        assert Path(f"{source}-wal").stat().st_size > 0
        _run(BACKUP, tmp_path / "backups", env=env)
    finally:
        live.close()
    backup = _only_backup(tmp_path / "backups")
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "db.sqlite3", "manifest.txt", "media.tar.gz"]

    target = tmp_path / "restored" / "coso.db"
    restored_media = tmp_path / "restored-media"
    _run(RESTORE, "--yes", "--database-url", f"sqlite:///{target}", "--media-root", restored_media, backup, env=env)

    expected = _sqlite_counts(source)
    assert expected["org_unit"] > 200  # the province, its districts and communes
    assert _sqlite_counts(target) == expected
    db = sqlite3.connect(target)
    try:
        assert db.execute("SELECT name FROM org_sector WHERE code = 'chua-checkpoint'").fetchone() == ("Khu vực thử",)
        quy = db.execute(
            "SELECT p.search_text, u.name FROM people_person p JOIN org_unit u ON u.id = p.unit_id "
            "WHERE p.given_name = 'Quy'"
        ).fetchall()
        district_path = db.execute("SELECT path FROM org_unit WHERE name = 'Huyện đoàn Bắc Trà My'").fetchone()[0]
        communes = db.execute("SELECT count(*) FROM org_unit WHERE path LIKE ? || '%' AND depth = 3", (district_path,))
        assert communes.fetchone()[0] > 5
    finally:
        db.close()
    assert quy == [("nguyen van quy", "Huyện đoàn Bắc Trà My")]
    assert (restored_media / MEDIA_FILE).read_bytes() == MEDIA_BYTES


# --- The scripts' guards (small databases, no Django) ------------------------------------


def _tiny_database(tmp_path):
    source = tmp_path / "tiny.db"
    db = sqlite3.connect(source)
    db.execute("CREATE TABLE t (name TEXT)")
    db.execute("INSERT INTO t VALUES ('Đoàn xã Trà Sơn')")
    db.commit()
    db.close()
    return _env(DATABASE_URL=f"sqlite:///{source}", MEDIA_ROOT=str(_media(tmp_path)))


def _tiny_backup(tmp_path):
    env = _tiny_database(tmp_path)
    _run(BACKUP, tmp_path / "backups", env=env)
    return _only_backup(tmp_path / "backups"), env


def test_restore_refuses_a_damaged_backup(tmp_path):
    backup, env = _tiny_backup(tmp_path)
    with open(backup / "db.sqlite3", "r+b") as dump:
        dump.seek(200)
        dump.write(b"\xff")
    target = tmp_path / "target.db"
    result = _run(RESTORE, "--yes", "--database-url", f"sqlite:///{target}", "--no-media", backup, env=env, ok=False)
    assert result.returncode != 0
    assert "checksums do not match" in result.stderr
    assert not target.exists()


def test_restore_asks_before_overwriting(tmp_path):
    backup, env = _tiny_backup(tmp_path)
    target = tmp_path / "target.db"
    result = _run(RESTORE, "--database-url", f"sqlite:///{target}", backup, env=env, ok=False)
    assert result.returncode != 0
    assert "--yes" in result.stderr
    assert not target.exists()


def test_restore_refuses_a_backup_of_the_other_kind_of_database(tmp_path):
    backup, env = _tiny_backup(tmp_path)
    result = _run(
        RESTORE,
        "--yes",
        "--no-media",
        "--database-url",
        "postgres://nobody@127.0.0.1:1/nothing",
        backup,
        env=env,
        ok=False,
    )
    assert result.returncode != 0
    assert "no db.dump" in result.stderr


def test_backup_prunes_only_old_backups(tmp_path):
    env = _tiny_database(tmp_path)
    old = tmp_path / "backups" / "coso-20200101T000000Z"
    old.mkdir(parents=True)
    os.utime(old, (1577836800, 1577836800))
    keep_unrelated = tmp_path / "backups" / "something-else"
    keep_unrelated.mkdir()
    os.utime(keep_unrelated, (1577836800, 1577836800))
    _run(BACKUP, tmp_path / "backups", env={**env, "BACKUP_KEEP_DAYS": "30"})
    names = sorted(p.name for p in (tmp_path / "backups").iterdir() if not p.name.startswith("."))
    assert old.name not in names
    assert "something-else" in names
    assert len([name for name in names if name.startswith("coso-")]) == 1  # the new one
