"""Each good practice's reporter's and unit's province and district on its row
(``coso.visits.ancestry``, issue 9); 0011 fills them (apart, as 0008 and 0009 for the trips)."""

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
        ("visits", "0009_fill_visit_ancestors"),
    ]

    operations = [
        migrations.AddField(model_name="goodpractice", name="reporter_district", field=_ancestor()),
        migrations.AddField(model_name="goodpractice", name="reporter_province", field=_ancestor()),
        migrations.AddField(model_name="goodpractice", name="unit_district", field=_ancestor()),
        migrations.AddField(model_name="goodpractice", name="unit_province", field=_ancestor()),
    ]
