"""Each assignment's cadre's province and district on its row (``coso.visits.ancestry``, issue
9): the leaders' list of the cadres late with their report reads a province's assignments by
them. 0018 fills them, 0019 builds their indexes (apart, as 0012–0014: the fill's foreign-key
checks stay pending until its transaction ends)."""

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
        ("visits", "0016_inbox_period_indexes"),
    ]

    operations = [
        migrations.AddField(model_name="assignment", name="cadre_district", field=_ancestor()),
        migrations.AddField(model_name="assignment", name="cadre_province", field=_ancestor()),
    ]
