"""Each person's province and district on the row (``coso.people.ancestry``, issue 9), filled
for the existing persons, and the index a province's list reads in name order.

PostgreSQL fills them with one ``UPDATE … FROM`` over a recursive walk of the tree from its
roots (each unit takes its own id when it is a province or a district, else its parent's; a
province starts with no district), with the head-count trigger off for that statement (the
counts do not change); SQLite (small data) through ``ancestry.nearest``. The new index is
built after the update, so once. At scale 1.0 (240,759 units, 7.05 million persons) see docs/performance.md.
"""

import django.db.models.deletion
from django.db import migrations, models

PROVINCE_AND_DISTRICT = """
WITH RECURSIVE tree (id, path, province_id, district_id) AS (
    SELECT u.id, u.path,
           CASE WHEN l.kind = 'province' THEN u.id END,
           CASE WHEN l.kind = 'district' THEN u.id END
    FROM org_unit u JOIN org_unitlevel l ON l.id = u.level_id
    WHERE u.depth = 1
  UNION ALL
    SELECT c.id, c.path,
           CASE WHEN l.kind = 'province' THEN c.id ELSE t.province_id END,
           CASE WHEN l.kind = 'province' THEN NULL WHEN l.kind = 'district' THEN c.id ELSE t.district_id END
    FROM tree t
    JOIN org_unit c ON c.depth = length(t.path) / {steplen} + 1
                   AND substr(c.path, 1, length(c.path) - {steplen}) = t.path
    JOIN org_unitlevel l ON l.id = c.level_id
)
UPDATE people_person p SET province_id = tree.province_id, district_id = tree.district_id
FROM tree WHERE p.unit_id = tree.id AND (tree.province_id IS NOT NULL OR tree.district_id IS NOT NULL)
"""


def fill(apps, schema_editor):
    from coso.people import ancestry

    Unit, Person = apps.get_model("org", "Unit"), apps.get_model("people", "Person")
    steplen = 4  # treebeard's MP_Node.steplen for Unit (the historical model has no steplen)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE people_person DISABLE TRIGGER headcount_person_update")
        schema_editor.execute(PROVINCE_AND_DISTRICT.format(steplen=steplen))
        schema_editor.execute("ALTER TABLE people_person ENABLE TRIGGER headcount_person_update")
        return
    units = list(Unit.objects.order_by().values_list("pk", "path"))
    upper = {
        path: (pk, kind)
        for path, pk, kind in Unit.objects.filter(level__kind__in=(ancestry.PROVINCE, ancestry.DISTRICT))
        .order_by()
        .values_list("path", "pk", "level__kind")
    }
    by_path = ancestry.nearest({path for _pk, path in units}, upper, steplen)
    groups = {}
    for pk, path in units:
        groups.setdefault(by_path[path], []).append(pk)
    for (province_id, district_id), ids in groups.items():
        for start in range(0, len(ids), 500):
            Person.objects.filter(unit_id__in=ids[start : start + 500]).update(
                province_id=province_id, district_id=district_id
            )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_defaults"),
        ("people", "0006_search_trigram"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="province",
            field=models.ForeignKey(
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="org.unit",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="district",
            field=models.ForeignKey(
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="org.unit",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["province", "sort_key", "id"], name="person_province_sort_idx"),
        ),
    ]
