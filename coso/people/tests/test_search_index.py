"""Name search on PostgreSQL has a trigram index the migrations create (issue 9): the
``LIKE '%word%'`` of every person search can use it; SQLite has no such index and searches
the same way."""

import pytest
from django.db import connection

from coso.people.models import Person


@pytest.mark.django_db
def test_the_migrations_create_the_trigram_index_on_postgresql_only():
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'person_search_trgm'")
            assert cursor.fetchall() == []
            return
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'person_search_trgm'")
        (definition,) = cursor.fetchone()
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)
    assert "USING gin" in definition and "gin_trgm_ops" in definition and "search_text" in definition


@pytest.mark.django_db
def test_a_rare_name_is_found_through_the_index_on_postgresql(tree):
    found = Person.objects.search("Võ Minh Tâm").order_by("sort_key", "id")
    assert [p.full_name for p in found] == ["Võ Minh Tâm"]
    if connection.vendor == "postgresql":
        # On a test table of a few rows the planner may walk the sort index and filter; with
        # plain scans off, only an index that can answer the LIKEs (a bitmap scan) is left.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            plan = found.explain()
        assert "Bitmap Index Scan on person_search_trgm" in plan, plan
