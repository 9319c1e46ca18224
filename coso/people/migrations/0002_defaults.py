from django.db import migrations


def load(apps, schema_editor):
    from coso.people import defaults

    defaults.load(apps)


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
