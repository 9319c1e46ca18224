"""Each trip's cadre's and host unit's province and district on its row (``coso.visits.ancestry``,
issue 9); 0009 fills them (apart: PostgreSQL builds these columns' indexes at the end of this
migration, and cannot while the fill's foreign-key checks are pending in the same transaction)."""

import django.db.models.deletion
from django.db import migrations, models


def _ancestor():
    return models.ForeignKey(
        blank=True,
        editable=False,
        null=True,
        on_delete=django.db.models.deletion.SET_NULL,
        related_name="+",
        to="org.unit",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_unit_depth_sort_index"),
        ("people", "0007_person_province_district"),
        ("visits", "0007_quarterplan_state_index"),
    ]

    operations = [
        migrations.AddField(model_name="visit", name="cadre_district", field=_ancestor()),
        migrations.AddField(model_name="visit", name="cadre_province", field=_ancestor()),
        migrations.AddField(model_name="visit", name="host_district", field=_ancestor()),
        migrations.AddField(model_name="visit", name="host_province", field=_ancestor()),
    ]
