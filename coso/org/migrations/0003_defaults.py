from django.db import migrations


def load(apps, schema_editor):
    from coso.org import defaults

    defaults.load(apps)


class Migration(migrations.Migration):
    dependencies = [("org", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
