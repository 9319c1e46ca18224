"""The two name-order indexes of persons hold the search text beside the key (issue 9): a
search in name order (the country's, a province's) checks each row it walks past in the index
alone, without reading the row (coso.core.keyset ``deferred``). PostgreSQL only (``INCLUDE``);
elsewhere the indexes are as before. Built before the old ones are dropped. At scale 1.0 see
docs/performance.md.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0004_unit_depth_sort_index"),
        ("people", "0007_person_province_district"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["sort_key", "id"], include=("search_text",), name="person_sort_search_idx"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["province", "sort_key", "id"], include=("search_text",), name="person_province_search_idx"
            ),
        ),
        migrations.RemoveIndex(model_name="person", name="person_sort_idx"),
        migrations.RemoveIndex(model_name="person", name="person_province_sort_idx"),
    ]
