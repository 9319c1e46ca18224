"""Each quarter plan's and each monthly report's cadre's province and district on its row
(``coso.visits.ancestry``, issue 9): the inboxes of plans to approve and reports to review read
a province's by them. 0013 fills them, 0014 builds the inboxes' indexes (apart, as 0008–0009
for the trips: the fill's foreign-key checks stay pending until its transaction ends)."""

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
        ("visits", "0011_fill_practice_ancestors"),
    ]

    operations = [
        migrations.AddField(model_name="monthlyreport", name="cadre_district", field=_ancestor()),
        migrations.AddField(model_name="monthlyreport", name="cadre_province", field=_ancestor()),
        migrations.AddField(model_name="quarterplan", name="cadre_district", field=_ancestor()),
        migrations.AddField(model_name="quarterplan", name="cadre_province", field=_ancestor()),
    ]
