"""Two partial indexes of the cadres alone, by province and by district, in name order (issue 9):
the KPI dashboard counts a province's cadres (2,390 of its 371,304 persons at scale 1.0) and
the evaluations list them 50 a page; read through the province's index of every person and the
cadre flag's, the count alone took 10-18 ms. Each build reads the person table once; at scale
1.0 see /work/notes (helper h9-cw).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_unit_depth_sort_index"),
        ("people", "0008_person_search_in_sort_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("is_cadre", True)),
                fields=["province", "sort_key", "id"],
                name="person_cadre_province_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                condition=models.Q(("is_cadre", True)),
                fields=["district", "sort_key", "id"],
                name="person_cadre_district_idx",
            ),
        ),
    ]
