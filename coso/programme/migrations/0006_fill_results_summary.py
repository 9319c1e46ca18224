from django.core.management import call_command
from django.db import migrations


def fill(apps, schema_editor):
    # The summary is counted by the one function that keeps it (coso.programme.summary), not
    # by a copy of it frozen here: a second counting would be a second truth.
    call_command("rebuild_programme_summary", verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("programme", "0005_results_summary")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
