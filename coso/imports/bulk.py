"""Fast inserts for large imports: rows and their simple_history records, by COPY on
PostgreSQL and executemany on SQLite.

Django's ``bulk_create`` spends most of a 100,000-row import preparing values field by
field, and on SQLite it splits every batch at 999 parameters; ``bulk_create_with_history``
does it twice. Here each row is a dict of attribute values, converted once with the
backend's own adapters, and written per batch with ``COPY … FROM STDIN`` on PostgreSQL
(psycopg 3 adapts the Python values; an executemany of 100,000 INSERTs cost as much CPU as
the rest of the commit) or one ``executemany`` on SQLite. Primary keys are reserved up front, so the history rows can
point at them: on PostgreSQL from the table's sequence, on SQLite above the highest id
ever used (the import's transaction holds SQLite's write lock, so nobody else inserts).

Only for rows already validated by the services' rules: nothing here checks anything.
"""

from contextlib import contextmanager
from operator import itemgetter

from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.errors import DomainError


@contextmanager
def large_page_cache(using="default", kib=256 * 1024):
    """On SQLite, let the connection cache up to ``kib`` of pages while a big insert runs:
    index pages then stay in memory instead of going back and forth to the disk."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


class BulkWriter:
    def __init__(self, model, *, user=None, change_reason="", using="default"):
        self.model = model
        self.connection = connections[using]
        self.table = model._meta.db_table
        ops = self.connection.ops
        now = ops.adapt_datetimefield_value(timezone.now())
        fields = model._meta.concrete_fields
        # Values every row gets unless it has its own: defaults, then the timestamps.
        self.base = {}
        for field in fields:
            default = field.get_default() if field.has_default() else None
            self.base[field.attname] = str(default) if isinstance(default, str) else default
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.base[field.attname] = now
        self.forced = {
            f.attname: now for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        self.insert_sql = self._sql(self.table, [f.column for f in fields])
        self.copy_sql = self._copy_sql(self.table, [f.column for f in fields])
        self.values = itemgetter(*[f.attname for f in fields])
        history = getattr(model, "history", None)
        self.history_sql = None
        if history is not None:
            history_fields = [f for f in history.model._meta.concrete_fields if f.attname != "history_id"]
            self.history_base = {
                "history_date": now,
                "history_change_reason": change_reason,
                "history_type": "+",
                "history_user_id": getattr(user, "pk", None),
            }
            self.history_sql = self._sql(history.model._meta.db_table, [f.column for f in history_fields])
            self.history_copy_sql = self._copy_sql(history.model._meta.db_table, [f.column for f in history_fields])
            self.history_values = itemgetter(*[f.attname for f in history_fields])

    def _sql(self, table, columns):
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(c) for c in columns)
        marks = ", ".join(["%s"] * len(columns))
        return f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"

    def _copy_sql(self, table, columns):
        quote = self.connection.ops.quote_name
        return f"COPY {quote(table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"

    def reserve_ids(self, count):
        if count == 0:
            return []
        vendor = self.connection.vendor
        with self.connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if vendor == "sqlite":
                quote = self.connection.ops.quote_name
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(self.table)}")
                highest = cursor.fetchone()[0]
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
                row = cursor.fetchone()
                start = max(highest, row[0] if row else 0) + 1
                return list(range(start, start + count))
        raise DomainError(
            "unsupported_database", _("Nhập nhanh chưa hỗ trợ cơ sở dữ liệu %(vendor)s.") % {"vendor": vendor}
        )

    def write(self, rows):
        """Insert ``rows`` (dicts of attribute values, without ``id``); returns their ids.

        Values go to the driver as Python values: dates and booleans are adapted by
        psycopg, and by the adapters Django registers with sqlite3."""
        ids = self.reserve_ids(len(rows))
        base, forced = self.base, self.forced
        full_rows = []
        for row, pk in zip(rows, ids, strict=True):
            full = {**base, **row, **forced}
            full["id"] = pk
            full_rows.append(full)
        rows_out = [self.values(full) for full in full_rows]
        history_out = None
        if self.history_sql is not None:
            history_base, values = self.history_base, self.history_values
            history_out = [values({**full, **history_base}) for full in full_rows]
        if self.connection.vendor == "postgresql":
            self._copy(self.copy_sql, rows_out)
            if history_out is not None:
                self._copy(self.history_copy_sql, history_out)
            return ids
        with self.connection.cursor() as cursor:
            cursor.executemany(self.insert_sql, rows_out)
            if history_out is not None:
                cursor.executemany(self.history_sql, history_out)
        return ids

    def _copy(self, sql, rows):
        self.connection.ensure_connection()
        with self.connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
