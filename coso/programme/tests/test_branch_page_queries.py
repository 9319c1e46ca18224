"""The branch screen (issue 9 point 3: 66 queries, one evaluator's name per row) makes the same
number of queries for 3 members as for 12: names and marks are read with the rows."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coso.accounts.models import User

from .test_results import build

COUNTS = {}
BOUND = 20  # 15 measured in December 2026 (66 before issue 9's fix)


@pytest.mark.parametrize("size", [4, 16])
def test_the_branch_screen_does_not_grow_with_its_members(btm, size):
    commune, branches, members = build(btm, size)
    client = Client()
    client.force_login(User.objects.get(username=f"bt0-{size}"))
    url = reverse("programme:branch", kwargs={"pk": btm.programme.pk, "unit_pk": branches[0].pk})
    client.get(url)  # warm the per-process caches (levels, the menu)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    shown = [m for m in members if m.unit_id == branches[0].pk]
    assert len(shown) == size // 2 and all(m.given_name in page for m in shown)
    COUNTS[size] = len(ctx.captured_queries)
    assert COUNTS[size] <= BOUND
    if len(COUNTS) == 2:
        assert COUNTS[16] == COUNTS[4], COUNTS
