"""The existing assignments' cadre's province and district, by the module that keeps them
(``coso.visits.ancestry``, through the current models, as 0013)."""

from django.db import migrations


def fill(apps, schema_editor):
    from coso.visits import ancestry

    ancestry.fill_all(models=(ancestry.ASSIGNMENTS,))


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0017_assignment_ancestors"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
