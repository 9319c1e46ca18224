"""The existing good practices' reporter's and unit's province and district, by the module that
keeps them (``coso.visits.ancestry``: a few thousand rows, through the current models)."""

from django.db import migrations


def fill(apps, schema_editor):
    from coso.visits import ancestry

    ancestry.fill_all(models=(ancestry.PRACTICES,))


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0010_practice_ancestors"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
