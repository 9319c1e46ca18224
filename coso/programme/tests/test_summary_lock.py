"""Two writes in one branch at once recount its results one after the other (issue 9): while a
transaction has recounted a branch, another connection cannot take that branch's row until the
write commits, so the later recount sees the earlier one's rows. PostgreSQL only (SQLite runs
one writer at a time anyway)."""

import pytest
from django.db import connection, transaction

from coso.programme import summary

ON_POSTGRES = connection.vendor == "postgresql"
LOCK = "SELECT id FROM org_unit WHERE id = %s FOR UPDATE NOWAIT"


def _other_connection():
    import psycopg

    params = connection.get_connection_params()
    return psycopg.connect(
        host=params.get("host"), port=params.get("port"), user=params.get("user"), dbname=params["dbname"]
    )


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks: PostgreSQL (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_recount_holds_its_branch_until_its_write_commits(committed_tree):
    import psycopg

    branch, neighbour = committed_tree.branch_trason, committed_tree.tamky
    other = _other_connection()
    try:
        with transaction.atomic():
            summary.refresh(branch_ids=[branch.pk])
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute(LOCK, [branch.pk])
            other.rollback()
            # a unit the recount did not touch stays free
            assert other.execute(LOCK, [neighbour.pk]).fetchone() == (neighbour.pk,)
            other.rollback()
        assert other.execute(LOCK, [branch.pk]).fetchone() == (branch.pk,)
        other.rollback()
    finally:
        other.close()
