#!/usr/bin/env bash
# Back up Cơ Sở: the database named by DATABASE_URL and the uploaded files in MEDIA_ROOT.
#
#   scripts/backup.sh [DEST_DIR]        # DEST_DIR defaults to $BACKUP_DIR, else ./var/backups
#
# Writes one directory per run, DEST_DIR/coso-YYYYmmddTHHMMSSZ/ (UTC), holding
#   db.dump        PostgreSQL: `pg_dump --format=custom` (restore with pg_restore)
#   db.sqlite3     SQLite: an online copy made with SQLite's backup API (Python's sqlite3,
#                  so the sqlite3 command-line tool is not needed); safe while the app runs
#   media.tar.gz   the whole MEDIA_ROOT (import uploads, generated documents)
#   manifest.txt   what, when and from where (never the password)
#   SHA256SUMS     checked by scripts/restore.sh before it touches anything
# The directory gets its final name only when everything is written and checked, so a
# half-written backup never looks like a good one.
#
# Environment (the same variables the app reads):
#   DATABASE_URL       postgres://user:pass@host:5432/name or sqlite:////abs/path.db;
#                      unset: the development SQLite file ./db.sqlite3
#   MEDIA_ROOT         unset: ./var/media
#   BACKUP_KEEP_DAYS   if set, delete this script's backups in DEST_DIR older than N days
#                      (only after a successful run)
#   PYTHON             interpreter for the helpers (stdlib only); default .venv/bin/python, else python3
# PostgreSQL needs pg_dump/pg_restore of the server's major version or newer
# (Debian: apt-get install postgresql-client-15).
#
# restore.sh sources this file for its helpers; `main` runs only when executed.
set -euo pipefail

COSO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() {
    echo "${0##*/}: $*" >&2
    exit 1
}

coso_python() {
    if [ -n "${PYTHON:-}" ]; then
        echo "$PYTHON"
    elif [ -x "$COSO_ROOT/.venv/bin/python" ]; then
        echo "$COSO_ROOT/.venv/bin/python"
    else
        command -v python3 || die "python3 not found (set PYTHON)"
    fi
}

# coso_db_env URL: set DB_KIND (postgresql | sqlite), DB_LABEL (for messages, no password),
# and either SQLITE_PATH or the libpq variables PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE
# (plus PGSSLMODE and friends from the URL's query). The password goes through the
# environment, never on a command line where `ps` would show it.
coso_db_env() {
    local url="$1" assignments
    unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSSLMODE PGSSLROOTCERT PGSSLCERT PGSSLKEY \
        PGCONNECT_TIMEOUT PGOPTIONS PGAPPNAME PGSERVICE SQLITE_PATH
    assignments="$("$(coso_python)" - "$url" "$COSO_ROOT" <<'PY'
import os
import shlex
import sys
from urllib.parse import parse_qsl, unquote, urlsplit

url, root = sys.argv[1], sys.argv[2]
out = {}
parts = urlsplit(url)
scheme = parts.scheme.lower()
if scheme in {"postgres", "postgresql", "pgsql", "postgis"}:
    userinfo, _, hostport = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    if hostport.startswith("["):  # [ipv6]:port
        host, _, rest = hostport[1:].partition("]")
        port = rest.lstrip(":")
    else:
        host, _, port = hostport.partition(":")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        sys.exit("DATABASE_URL has no database name")
    out.update(DB_KIND="postgresql", PGDATABASE=name, DB_LABEL=f"postgresql {unquote(host) or 'socket'}/{name}")
    for key, value in (("PGHOST", host), ("PGPORT", port), ("PGUSER", user), ("PGPASSWORD", password)):
        if value:
            out[key] = unquote(value)
    libpq = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT",
             "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT", "options": "PGOPTIONS",
             "application_name": "PGAPPNAME"}
    for key, value in parse_qsl(parts.query):
        if key in libpq:
            out[libpq[key]] = value
elif scheme == "sqlite":
    # The same reading as dj-database-url: sqlite:////abs/path, sqlite:///relative (to the cwd).
    path = unquote(url[len("sqlite://"):])
    if path in {"", "/:memory:", ":memory:"}:
        sys.exit("an in-memory SQLite database cannot be backed up")
    path = path[1:] if path.startswith("/") else path
    path = os.path.abspath(path)
    out.update(DB_KIND="sqlite", SQLITE_PATH=path, DB_LABEL=f"sqlite {path}")
else:
    sys.exit(f"unsupported DATABASE_URL scheme {scheme!r} (postgres:// or sqlite://)")
for key, value in out.items():
    print(f"{key}={shlex.quote(value)}")
    if key.startswith("PG"):
        print(f"export {key}")
PY
)" || die "cannot read DATABASE_URL"
    eval "$assignments"
}

coso_default_database_url() {
    echo "${DATABASE_URL:-sqlite:///$COSO_ROOT/db.sqlite3}"
}

coso_default_media_root() {
    echo "${MEDIA_ROOT:-$COSO_ROOT/var/media}"
}

# sqlite_copy SRC DST: a consistent copy through SQLite's online backup API (it sees what
# is still in the -wal file), checked with PRAGMA integrity_check. DST ends in rollback
# journal mode so it is one self-contained file; the app switches it back to WAL.
sqlite_copy() {
    "$(coso_python)" - "$1" "$2" <<'PY'
import os
import sqlite3
import sys

src_path, dst_path = sys.argv[1], sys.argv[2]
if not os.path.isfile(src_path):
    sys.exit(f"SQLite database not found: {src_path}")
src = sqlite3.connect(src_path)
dst = sqlite3.connect(dst_path)
try:
    src.backup(dst)
    dst.execute("PRAGMA journal_mode=DELETE")
    result = dst.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        sys.exit(f"integrity check failed on {dst_path}: {result}")
finally:
    dst.close()
    src.close()
PY
}

main() {
    local dest="${1:-${BACKUP_DIR:-$COSO_ROOT/var/backups}}"
    local media_root stamp name final db_tool work
    umask 077 # the backup holds personal data: readable by its owner only
    coso_db_env "$(coso_default_database_url)"
    media_root="$(coso_default_media_root)"

    mkdir -p "$dest"
    dest="$(cd "$dest" && pwd)"
    exec 9>"$dest/.backup.lock"
    flock -n 9 || die "another backup is running in $dest"

    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    name="coso-$stamp"
    final="$dest/$name"
    [ ! -e "$final" ] || die "$final already exists"
    work="$dest/.$name.partial"
    rm -rf "$work"
    mkdir "$work"
    COSO_PARTIAL="$work" # global: the EXIT trap may run outside main's scope
    trap 'rm -rf "${COSO_PARTIAL:-}"' EXIT

    echo "backup: database ($DB_LABEL)"
    case "$DB_KIND" in
        postgresql)
            command -v pg_dump >/dev/null || die "pg_dump not found (apt-get install postgresql-client)"
            pg_dump --no-password --format=custom --compress=6 --file="$work/db.dump"
            pg_restore --list "$work/db.dump" >/dev/null # the archive is readable
            db_tool="$(pg_dump --version)"
            ;;
        sqlite)
            sqlite_copy "$SQLITE_PATH" "$work/db.sqlite3"
            db_tool="python sqlite3 $("$(coso_python)" -c 'import sqlite3; print(sqlite3.sqlite_version)')"
            ;;
    esac

    echo "backup: media ($media_root)"
    if [ -d "$media_root" ]; then
        tar -C "$media_root" -czf "$work/media.tar.gz" .
    else
        echo "backup: warning: MEDIA_ROOT $media_root does not exist; media.tar.gz is empty" >&2
        tar -czf "$work/media.tar.gz" --files-from /dev/null
    fi

    {
        echo "created_utc: $stamp"
        echo "host: $(hostname)"
        echo "database: $DB_LABEL"
        echo "database_kind: $DB_KIND"
        echo "tool: $db_tool"
        echo "media_root: $media_root"
        if git -C "$COSO_ROOT" rev-parse --short HEAD >/dev/null 2>&1; then
            echo "code_commit: $(git -C "$COSO_ROOT" rev-parse --short HEAD)"
        fi
    } >"$work/manifest.txt"
    (cd "$work" && sha256sum -- * >SHA256SUMS)

    mv "$work" "$final"
    trap - EXIT
    COSO_PARTIAL=""
    du -sh "$final" | sed 's/^/backup: done /'

    if [ -n "${BACKUP_KEEP_DAYS:-}" ]; then
        [[ "$BACKUP_KEEP_DAYS" =~ ^[0-9]+$ ]] || die "BACKUP_KEEP_DAYS must be a number of days"
        find "$dest" -mindepth 1 -maxdepth 1 -type d -name 'coso-*' -mtime +"$BACKUP_KEEP_DAYS" \
            -print -exec rm -rf {} + | sed 's/^/backup: pruned /'
    fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    main "$@"
fi
