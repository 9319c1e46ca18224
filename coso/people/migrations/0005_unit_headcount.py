"""Per-unit counts of persons, kept by triggers (``people.models.UnitHeadcount``, issue 9).

The home pages counted the persons of the user's subtree on every request (7 million rows for
the national office). Each unit now has one row of its own persons' counts, changed by the
database in the same statement as the write to ``people_person``; a subtree's count is a sum
over its units. PostgreSQL uses statement triggers over transition tables (one grouped
update per import batch); SQLite row triggers.

No foreign key to ``org_unit``: Django's test flush truncates the units without cascading.
The unit's row is created by a trigger on the unit's insert (an upsert, since ids may be
reused after a flush) and dropped on its delete.
"""

from django.db import migrations, models

TABLE = """
CREATE TABLE people_unitheadcount (
    unit_id integer NOT NULL PRIMARY KEY,
    persons integer NOT NULL DEFAULT 0,
    cadres integer NOT NULL DEFAULT 0,
    members integer NOT NULL DEFAULT 0
)
"""

BACKFILL = """
INSERT INTO people_unitheadcount (unit_id, persons, cadres, members)
SELECT u.id,
       COUNT(p.id),
       SUM(CASE WHEN p.is_cadre THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.is_member THEN 1 ELSE 0 END)
FROM org_unit u LEFT JOIN people_person p ON p.unit_id = u.id
GROUP BY u.id
"""

SQLITE = [
    """
    CREATE TRIGGER headcount_unit_insert AFTER INSERT ON org_unit BEGIN
        INSERT OR REPLACE INTO people_unitheadcount (unit_id, persons, cadres, members)
        VALUES (NEW.id, 0, 0, 0);
    END
    """,
    """
    CREATE TRIGGER headcount_unit_delete AFTER DELETE ON org_unit BEGIN
        DELETE FROM people_unitheadcount WHERE unit_id = OLD.id;
    END
    """,
    """
    CREATE TRIGGER headcount_person_insert AFTER INSERT ON people_person BEGIN
        UPDATE people_unitheadcount
        SET persons = persons + 1, cadres = cadres + NEW.is_cadre, members = members + NEW.is_member
        WHERE unit_id = NEW.unit_id;
    END
    """,
    """
    CREATE TRIGGER headcount_person_delete AFTER DELETE ON people_person BEGIN
        UPDATE people_unitheadcount
        SET persons = persons - 1, cadres = cadres - OLD.is_cadre, members = members - OLD.is_member
        WHERE unit_id = OLD.unit_id;
    END
    """,
    """
    CREATE TRIGGER headcount_person_update AFTER UPDATE OF unit_id, is_cadre, is_member ON people_person BEGIN
        UPDATE people_unitheadcount
        SET persons = persons - 1, cadres = cadres - OLD.is_cadre, members = members - OLD.is_member
        WHERE unit_id = OLD.unit_id;
        UPDATE people_unitheadcount
        SET persons = persons + 1, cadres = cadres + NEW.is_cadre, members = members + NEW.is_member
        WHERE unit_id = NEW.unit_id;
    END
    """,
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS headcount_{name}"
    for name in ("unit_insert", "unit_delete", "person_insert", "person_delete", "person_update")
]

# The deltas of one statement, grouped by unit: +1 per new row, -1 per old row.
_APPLY = """
    UPDATE people_unitheadcount h
    SET persons = h.persons + d.persons, cadres = h.cadres + d.cadres, members = h.members + d.members
    FROM (
        SELECT unit_id, SUM(sign) AS persons, SUM(sign * is_cadre::int) AS cadres,
               SUM(sign * is_member::int) AS members
        FROM ({rows}) AS changed
        GROUP BY unit_id
    ) AS d
    WHERE h.unit_id = d.unit_id AND (d.persons <> 0 OR d.cadres <> 0 OR d.members <> 0);
"""
_NEW = "SELECT unit_id, is_cadre, is_member, 1 AS sign FROM new_rows"
_OLD = "SELECT unit_id, is_cadre, is_member, -1 AS sign FROM old_rows"

POSTGRESQL = [
    """
    CREATE FUNCTION headcount_unit_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO people_unitheadcount (unit_id, persons, cadres, members)
        SELECT id, 0, 0, 0 FROM new_rows
        ON CONFLICT (unit_id) DO UPDATE SET persons = 0, cadres = 0, members = 0;
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION headcount_unit_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM people_unitheadcount WHERE unit_id IN (SELECT id FROM old_rows);
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION headcount_person_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {_APPLY.format(rows=_NEW)} RETURN NULL; END $$
    """,
    f"""
    CREATE FUNCTION headcount_person_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {_APPLY.format(rows=_OLD)} RETURN NULL; END $$
    """,
    f"""
    CREATE FUNCTION headcount_person_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN {_APPLY.format(rows=_NEW + " UNION ALL " + _OLD)} RETURN NULL; END $$
    """,
    """CREATE TRIGGER headcount_unit_insert AFTER INSERT ON org_unit
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION headcount_unit_insert()""",
    """CREATE TRIGGER headcount_unit_delete AFTER DELETE ON org_unit
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION headcount_unit_delete()""",
    """CREATE TRIGGER headcount_person_insert AFTER INSERT ON people_person
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION headcount_person_insert()""",
    """CREATE TRIGGER headcount_person_delete AFTER DELETE ON people_person
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION headcount_person_delete()""",
    """CREATE TRIGGER headcount_person_update AFTER UPDATE ON people_person
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
       FOR EACH STATEMENT EXECUTE FUNCTION headcount_person_update()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS headcount_unit_insert ON org_unit",
    "DROP TRIGGER IF EXISTS headcount_unit_delete ON org_unit",
    "DROP TRIGGER IF EXISTS headcount_person_insert ON people_person",
    "DROP TRIGGER IF EXISTS headcount_person_delete ON people_person",
    "DROP TRIGGER IF EXISTS headcount_person_update ON people_person",
    *(
        f"DROP FUNCTION IF EXISTS headcount_{name}()"
        for name in ("unit_insert", "unit_delete", "person_insert", "person_delete", "person_update")
    ),
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements(vendor):
            schema_editor.execute(sql)

    return run


def _create(vendor):
    triggers = {"postgresql": POSTGRESQL, "sqlite": SQLITE}[vendor]
    return [TABLE, BACKFILL, *triggers]


def _drop(vendor):
    triggers = {"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}[vendor]
    return [*triggers, "DROP TABLE people_unitheadcount"]


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_defaults"),
        ("people", "0004_person_records_issuer_result_decision"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitHeadcount",
            fields=[
                (
                    "unit",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=models.DO_NOTHING,
                        primary_key=True,
                        related_name="headcount",
                        serialize=False,
                        to="org.unit",
                    ),
                ),
                ("persons", models.IntegerField(default=0)),
                ("cadres", models.IntegerField(default=0)),
                ("members", models.IntegerField(default=0)),
            ],
            options={"db_table": "people_unitheadcount", "managed": False},
        ),
        migrations.RunPython(_run(_create), _run(_drop)),
    ]
