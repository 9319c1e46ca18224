"""Bulk loading shared by ``generate.py`` and ``domain.py``: COPY on PostgreSQL (psycopg 3),
executemany elsewhere, and dropping a table's secondary indexes and foreign keys for a load."""

import json
import time

from django.db import connection, models
from django.utils import timezone


def log(message, started=None):
    suffix = f" ({time.monotonic() - started:.1f} s)" if started is not None else ""
    print(f"[{time.strftime('%H:%M:%S')}] {message}{suffix}", flush=True)


def is_postgres():
    return connection.vendor == "postgresql"


def model_columns(model, values):
    """Every concrete column of ``model`` but the auto pk, with defaults for what ``values`` lacks.

    COPY and bulk inserts bypass Django's defaults, so they are filled here; fields added
    later by the project keep working as long as they have a default.
    """
    now = timezone.now()
    columns, defaults = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.auto_created and field.attname not in values:
            continue  # the database numbers the rows (explicit ids when ``values`` has them)
        if field.attname in values:
            default = None
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            default = now
        else:
            default = field.get_default()  # "" for blank strings, None for nullable fields
            if default is None and not field.null:
                raise SystemExit(f"{model.__name__}.{field.name} has no default: teach bench/generate.py about it.")
        columns.append(field)
        defaults.append(default)
    return columns, defaults


class Writer:
    """Writes rows of one model: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self, model, fields):
        self.model = model
        self.fields = fields  # attnames given for each row, in order
        self.columns, self.defaults = model_columns(model, set(fields))
        position = {name: index for index, name in enumerate(fields)}
        self.plan = [
            (position.get(column.attname), default) for column, default in zip(self.columns, self.defaults, strict=True)
        ]

    def _full(self, row):
        return tuple(default if index is None else row[index] for index, default in self.plan)

    def write(self, rows):
        count = 0
        if is_postgres():
            names = ", ".join(connection.ops.quote_name(column.column) for column in self.columns)
            table = connection.ops.quote_name(self.model._meta.db_table)
            connection.ensure_connection()
            json_columns = [i for i, column in enumerate(self.columns) if isinstance(column, models.JSONField)]
            with connection.connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    full = self._full(row)
                    if json_columns:
                        full = list(full)
                        for index in json_columns:
                            full[index] = json.dumps(full[index])
                    copy.write_row(full)
                    count += 1
            return count
        # Elsewhere (SQLite): executemany of plain INSERTs, values prepared by each field.
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column.column) for column in self.columns)
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(self.columns))})"
        prepare = [column.get_db_prep_save for column in self.columns]
        batch = []
        with connection.cursor() as cursor:
            for row in rows:
                batch.append([prep(value, connection) for prep, value in zip(prepare, self._full(row), strict=True)])
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
        return count


class DroppedIndexes:
    """Drop the secondary indexes and foreign keys of a table during a load (PostgreSQL)."""

    def __init__(self, table, enabled=True, quiet=False):
        self.table = table
        self.enabled = enabled and is_postgres()
        self.quiet = quiet
        self.indexes = []
        self.foreign_keys = []

    def __enter__(self):
        if not self.enabled:
            return self
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s AND i.schemaname = current_schema() "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [self.table],
            )
            self.indexes = cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                [self.table],
            )
            self.foreign_keys = cursor.fetchall()
            for name, _ in self.foreign_keys:
                cursor.execute(f'ALTER TABLE "{self.table}" DROP CONSTRAINT "{name}"')
            for name, _ in self.indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        if not self.quiet:
            log(
                f"{self.table}: dropped {len(self.indexes)} indexes and {len(self.foreign_keys)} foreign keys for the load"
            )
        return self

    def __exit__(self, *exc):
        if not self.enabled:
            return False
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            for name, definition in self.indexes:
                step = time.monotonic()
                cursor.execute(definition)
                if not self.quiet:
                    log(f"  index {name}", step)
            for name, definition in self.foreign_keys:
                step = time.monotonic()
                cursor.execute(f'ALTER TABLE "{self.table}" ADD CONSTRAINT "{name}" {definition}')
                if not self.quiet:
                    log(f"  constraint {name}", step)
            cursor.execute("RESET maintenance_work_mem")
        log(f"{self.table}: {len(self.indexes)} indexes and {len(self.foreign_keys)} foreign keys recreated", started)
        return False
