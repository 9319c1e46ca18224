"""Trigram indexes for name search (issue 9): every search of persons and units is
``search_text LIKE '%word%'``, which a btree cannot serve; ``gin_trgm_ops`` can. PostgreSQL
only (``pg_trgm``); nothing on SQLite."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from coso.core.pgindexes import AddPostgresIndex


class Migration(migrations.Migration):
    atomic = False  # the indexes are built CONCURRENTLY: writes go on meanwhile

    dependencies = [
        ("org", "0003_defaults"),
        ("people", "0005_unit_headcount"),
    ]

    operations = [
        TrigramExtension(),
        AddPostgresIndex(
            model_name="person",
            index=GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="person_search_trgm"),
        ),
    ]
