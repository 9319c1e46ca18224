"""The existing quarter plans' and monthly reports' cadre's province and district, by the module
that keeps them (``coso.visits.ancestry``, through the current models, as 0009 and 0011)."""

from django.db import migrations


def fill(apps, schema_editor):
    from coso.visits import ancestry

    ancestry.fill_all(models=(ancestry.PLANS, ancestry.REPORTS))


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0012_plan_report_ancestors"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
