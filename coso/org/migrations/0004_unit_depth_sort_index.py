from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_defaults"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="unit",
            index=models.Index(fields=["depth", "sort_key"], name="unit_depth_sort_idx"),
        ),
    ]
