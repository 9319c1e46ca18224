#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a database and a media directory.
#
#   scripts/restore.sh [options] BACKUP_DIR
#     --database-url URL   target database (default: $DATABASE_URL, else ./db.sqlite3)
#     --media-root DIR     where to unpack media.tar.gz (default: $MEDIA_ROOT, else ./var/media)
#     --no-media           restore the database only
#     --yes                do it without asking (needed when stdin is not a terminal)
#
# What it does, in order, stopping at the first failure:
#   1. checks SHA256SUMS (a damaged or incomplete backup is refused before anything changes);
#   2. PostgreSQL: pg_restore --clean --if-exists --no-owner --no-privileges
#      --single-transaction --exit-on-error into the target database, which must exist
#      (createdb -O coso coso_restore). One transaction: on any error nothing is changed.
#      Restore into an empty database where you can; --clean drops and recreates only the
#      objects that are in the backup;
#      SQLite: copies db.sqlite3 over the target through SQLite's backup API (never `cp`
#      over a live file: its -wal/-shm files would no longer match);
#   3. unpacks media.tar.gz into the media directory (files of the backup overwrite files of
#      the same name; other files there are left alone: unpack into an empty directory for
#      an exact copy).
# Stop the app servers and the worker first when restoring over the live database.
# Afterwards: `manage.py migrate` (if the code is newer than the backup), `manage.py check`,
# start the services, and log in.
set -euo pipefail

# shellcheck source=scripts/backup.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/backup.sh"

usage() {
    sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

restore_main() {
    local database_url media_root backup="" media=1 yes=0 answer
    database_url="$(coso_default_database_url)"
    media_root="$(coso_default_media_root)"
    while [ $# -gt 0 ]; do
        case "$1" in
            --database-url) database_url="${2:?--database-url needs a value}"; shift 2 ;;
            --media-root) media_root="${2:?--media-root needs a value}"; shift 2 ;;
            --no-media) media=0; shift ;;
            --yes | -y) yes=1; shift ;;
            -h | --help) usage ;;
            -*) echo "restore.sh: unknown option $1" >&2; usage ;;
            *) [ -z "$backup" ] || usage; backup="$1"; shift ;;
        esac
    done
    [ -n "$backup" ] || usage
    [ -d "$backup" ] || die "$backup is not a directory"
    backup="$(cd "$backup" && pwd)"

    [ -f "$backup/SHA256SUMS" ] || die "$backup/SHA256SUMS missing: not a complete backup"
    (cd "$backup" && sha256sum --check --quiet --strict SHA256SUMS) \
        || die "checksums do not match: the backup in $backup is damaged; nothing was changed"

    coso_db_env "$database_url"
    local source_file
    case "$DB_KIND" in
        postgresql) source_file="$backup/db.dump" ;;
        sqlite) source_file="$backup/db.sqlite3" ;;
    esac
    [ -f "$source_file" ] || die "$backup has no ${source_file##*/}: it was taken from another kind of database" \
        "(restore it into the same kind; moving between SQLite and PostgreSQL is dumpdata/loaddata)"

    echo "restore: from  $backup"
    sed 's/^/restore:   /' "$backup/manifest.txt"
    echo "restore: into  $DB_LABEL"
    if [ "$media" = 1 ]; then echo "restore: media $media_root"; fi
    if [ "$yes" != 1 ]; then
        [ -t 0 ] || die "refusing to overwrite $DB_LABEL without --yes (stdin is not a terminal)"
        read -r -p "Overwrite this database$([ "$media" = 1 ] && echo ' and media'); type yes: " answer
        [ "$answer" = "yes" ] || die "cancelled; nothing was changed"
    fi

    case "$DB_KIND" in
        postgresql)
            command -v pg_restore >/dev/null || die "pg_restore not found (apt-get install postgresql-client)"
            pg_restore --no-password --clean --if-exists --no-owner --no-privileges \
                --single-transaction --exit-on-error --dbname="$PGDATABASE" "$source_file"
            ;;
        sqlite)
            mkdir -p "$(dirname "$SQLITE_PATH")"
            sqlite_copy "$source_file" "$SQLITE_PATH"
            ;;
    esac
    echo "restore: database restored"

    if [ "$media" = 1 ]; then
        mkdir -p "$media_root"
        tar -C "$media_root" -xzf "$backup/media.tar.gz" --no-same-owner
        echo "restore: media restored"
    fi
    echo "restore: done. Next: manage.py migrate (if the code is newer), manage.py check, start the services."
}

restore_main "$@"
