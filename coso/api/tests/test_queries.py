"""No N+1: a list costs the same number of queries whatever its length."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.org import services
from coso.people.models import Body, Post, PostTitle
from tests.builders import person

# Token look-up and its last-used stamp, the caller's grants, the parent record of a
# nested list (a unit's children, a person's history), the count, the page.
LIST_QUERIES = 6


def grow(tree, size):
    """``size`` more units under Trà Sơn, each with a member, a cadre's post and a history record."""
    for index in range(size):
        unit = services.create_unit(
            actor=tree.admin,
            parent=tree.trason,
            name=f"Chi đoàn thôn {index + 10}",
            level=tree.branch_trason.level,
            code=f"grow-{size}-{index}",
        )
        member = person(unit, f"Lê Văn Số{index}", target_group=tree.member_trason.target_group)
        Post.objects.create(
            person=tree.btm_secretary,
            unit=unit,
            body=Body.EXECUTIVE,
            title=PostTitle.OTHER,
            start_date=datetime.date(2023, 1, 1),
        )
        member.phone = str(index)
        member.save()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


URLS = [
    lambda t: "/api/units/",
    lambda t: f"/api/units/{t.trason.pk}/children",
    lambda t: "/api/persons/",
    lambda t: "/api/members/",
    lambda t: f"/api/persons/{t.btm_secretary.pk}/posts",
    lambda t: f"/api/units/{t.trason.pk}/classifications",
    lambda t: f"/api/persons/{t.member_trason.pk}/history",
]


@pytest.mark.parametrize(
    "url", URLS, ids=["units", "children", "persons", "members", "posts", "classifications", "history"]
)
def test_list_queries_do_not_grow_with_rows(url, tree, api_as, django_assert_max_num_queries):
    client = api_as("district_standing")
    grow(tree, 2)
    small = count_queries(client, url(tree))
    grow(tree, 20)
    with django_assert_max_num_queries(small):
        client.get(url(tree))
    assert small <= LIST_QUERIES


def test_history_queries_do_not_grow_with_changes(tree, api_as, django_assert_max_num_queries):
    client = api_as("district_standing")
    url = f"/api/persons/{tree.member_trason.pk}/history"
    small = count_queries(client, url)
    member = tree.member_trason
    for index in range(15):
        member.phone = str(index)
        member.save()
    with django_assert_max_num_queries(small):
        assert len(client.get(url).json()["items"]) == 16
