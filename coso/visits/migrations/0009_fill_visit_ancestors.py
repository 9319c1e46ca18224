"""The existing trips' cadre's and host unit's province and district, by the module that keeps
them (``coso.visits.ancestry``, issue 9; through the current models): the cadre's copied from
the person's row in one UPDATE, the host's grouped by the visited units' ancestors. At scale 1.0
(842,385 trips) see docs/performance.md."""

from django.db import migrations


def fill(apps, schema_editor):
    from coso.visits import ancestry

    ancestry.fill_all(models=(ancestry.TRIPS,))


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0008_visit_ancestors"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
