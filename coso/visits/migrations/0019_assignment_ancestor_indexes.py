from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0018_fill_assignment_ancestors"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["cadre_province", "role"], name="assignment_prov_role_idx"),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(fields=["cadre_district", "role"], name="assignment_dist_role_idx"),
        ),
    ]
