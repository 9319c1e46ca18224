"""The per-unit counts keep their unit's path (issue 9).

A subtree's count summed the rows of the subtree's units found in ``org_unit`` by path: for
the largest city's 6,505 units PostgreSQL hashed all 240,759 rows of the counts (20–60 ms of
a province's home). With the path on the row, the sum is one range of an index that holds the
counts (index-only; ``text_pattern_ops``: with ``varchar_pattern_ops`` and ``INCLUDE``,
PostgreSQL 15 does not use the index for ``LIKE 'prefix%'``).

The path is written by the trigger that creates the row on a unit's insert and follows the
unit's moves (a move rewrites the paths of its whole subtree in one statement).
"""

from django.db import migrations, models

BACKFILL = "UPDATE people_unitheadcount SET path = (SELECT u.path FROM org_unit u WHERE u.id = unit_id)"

POSTGRESQL = [
    "ALTER TABLE people_unitheadcount ADD COLUMN path varchar(255) NOT NULL DEFAULT ''",
    # The index before the rows are filled: built after, it would follow the fill's HOT chains
    # and stay unused until every transaction older than the migration's has ended.
    "CREATE INDEX people_unitheadcount_path ON people_unitheadcount (path text_pattern_ops) "
    "INCLUDE (persons, cadres, members)",
    BACKFILL,
    "ANALYZE people_unitheadcount",
    """
    CREATE OR REPLACE FUNCTION headcount_unit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO people_unitheadcount (unit_id, path, persons, cadres, members)
        SELECT id, path, 0, 0, 0 FROM new_rows
        ON CONFLICT (unit_id) DO UPDATE SET path = EXCLUDED.path, persons = 0, cadres = 0, members = 0;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION headcount_unit_path() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE people_unitheadcount h SET path = n.path
        FROM new_rows n WHERE h.unit_id = n.id AND h.path <> n.path;
        RETURN NULL;
    END $$
    """,
    """CREATE TRIGGER headcount_unit_path AFTER UPDATE ON org_unit
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION headcount_unit_path()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS headcount_unit_path ON org_unit",
    "DROP FUNCTION IF EXISTS headcount_unit_path()",
    """
    CREATE OR REPLACE FUNCTION headcount_unit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO people_unitheadcount (unit_id, persons, cadres, members)
        SELECT id, 0, 0, 0 FROM new_rows
        ON CONFLICT (unit_id) DO UPDATE SET persons = 0, cadres = 0, members = 0;
        RETURN NULL;
    END $$
    """,
    "DROP INDEX IF EXISTS people_unitheadcount_path",
    "ALTER TABLE people_unitheadcount DROP COLUMN path",
]

SQLITE = [
    "ALTER TABLE people_unitheadcount ADD COLUMN path varchar(255) NOT NULL DEFAULT ''",
    BACKFILL,
    "CREATE INDEX people_unitheadcount_path ON people_unitheadcount (path)",
    "DROP TRIGGER IF EXISTS headcount_unit_insert",
    """
    CREATE TRIGGER headcount_unit_insert AFTER INSERT ON org_unit BEGIN
        INSERT OR REPLACE INTO people_unitheadcount (unit_id, path, persons, cadres, members)
        VALUES (NEW.id, NEW.path, 0, 0, 0);
    END
    """,
    """
    CREATE TRIGGER headcount_unit_path AFTER UPDATE OF path ON org_unit BEGIN
        UPDATE people_unitheadcount SET path = NEW.path WHERE unit_id = NEW.id;
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS headcount_unit_path",
    "DROP TRIGGER IF EXISTS headcount_unit_insert",
    """
    CREATE TRIGGER headcount_unit_insert AFTER INSERT ON org_unit BEGIN
        INSERT OR REPLACE INTO people_unitheadcount (unit_id, persons, cadres, members)
        VALUES (NEW.id, 0, 0, 0);
    END
    """,
    "DROP INDEX IF EXISTS people_unitheadcount_path",
    "ALTER TABLE people_unitheadcount DROP COLUMN path",
]


def _run(statements):
    def run(apps, schema_editor):
        for sql in statements[schema_editor.connection.vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("people", "0009_person_cadre_indexes")]

    operations = [
        migrations.AddField(
            model_name="unitheadcount",
            name="path",
            field=models.CharField(default="", max_length=255),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
