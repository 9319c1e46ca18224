"""The inboxes' indexes on the plans' and reports' state and cadre's province or district
(filled by 0013)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0013_fill_plan_report_ancestors"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="monthlyreport",
            index=models.Index(fields=["state", "cadre_province"], name="monthlyreport_state_prov_idx"),
        ),
        migrations.AddIndex(
            model_name="monthlyreport",
            index=models.Index(fields=["state", "cadre_district"], name="monthlyreport_state_dist_idx"),
        ),
        migrations.AddIndex(
            model_name="quarterplan",
            index=models.Index(fields=["state", "cadre_province"], name="quarterplan_state_prov_idx"),
        ),
        migrations.AddIndex(
            model_name="quarterplan",
            index=models.Index(fields=["state", "cadre_district"], name="quarterplan_state_dist_idx"),
        ),
    ]
