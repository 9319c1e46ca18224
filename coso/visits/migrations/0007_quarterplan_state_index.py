from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0006_visit_recent_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="quarterplan",
            index=models.Index(fields=["state", "cadre"], name="quarterplan_state_cadre_idx"),
        ),
    ]
