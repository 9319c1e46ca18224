"""The person list of a small scope (a district and below) is read through its units' ids and
sorted, a large one through the name index (issue 9); both give every user the same rows in
the same order, never one from another province; a count past a thousand says "more than"."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.accounts import scoping
from coso.core.text import fold
from coso.org.models import Unit
from coso.people import listing
from coso.people.models import Person
from tests.builders import _level, person

USERS = [
    "provincial_standing",
    "district_standing",
    "district_standing_tamky",
    "base_officer",
    "branch_officer",
    "member",
    "movement_cadre",
]
QUERIES = [{}, {"q": "van"}, {"q": "nguyen van"}, {"kind": "cadre"}, {"q": "thi", "sex": "F"}]


@pytest.fixture
def crowded(tree):
    """More people, with shared words in their names, and a second province's."""
    for n in range(30):
        person(tree.branch_trason, f"Nguyễn Văn Tên{n:02d}")
        person(tree.branch_anmy, f"Trần Thị Văn{n:02d}", "F")
    tree.other = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn")
    )
    tree.stranger = person(tree.other, "Nguyễn Văn Lạ")
    return tree


def _rows(response):
    page = response.content.decode()
    table = page[page.index('data-testid="people"') :]
    table = table[: table.index("</table>")]
    links = {rel: html.unescape(href) for href, rel in re.findall(r'href="(\?[^"]*)" rel="(next|prev)"', page)}
    return [int(pk) for pk in re.findall(r'href="/people/(\d+)/"', table)], links, page


def _all_pages(client, params):
    ids, links, page = _rows(client.get("/people/", params))
    pages = [page]
    while "next" in links:
        more, links, page = _rows(client.get("/people/" + links["next"]))
        ids += more
        pages.append(page)
    return ids, pages


def _expected(user, params):
    people = Person.objects.visible_to(user).order_by("sort_key", "id")
    words = fold(params.get("q", "")).split()
    rows = [
        p
        for p in people
        if all(word in p.search_text for word in words)
        and (params.get("kind") != "cadre" or p.is_cadre)
        and (not params.get("sex") or p.sex == params["sex"])
    ]
    return [p.pk for p in rows]


@pytest.mark.parametrize("small_scope_max", [scoping.SMALL_SCOPE_MAX_UNITS, 0], ids=["scope-first", "by-index"])
def test_every_user_gets_the_rows_of_their_scope_in_name_order_either_way(
    crowded, client_for, monkeypatch, small_scope_max
):
    monkeypatch.setattr(scoping, "SMALL_SCOPE_MAX_UNITS", small_scope_max)
    for role in USERS:
        client = client_for(role)
        user = crowded.users[role]
        for params in QUERIES:
            ids, _pages = _all_pages(client, params)
            assert ids == _expected(user, params), (role, params)
            assert crowded.stranger.pk not in ids


def test_a_district_officer_filtering_on_another_provinces_unit_sees_nobody(crowded, client_for):
    ids, _links, page = _rows(client_for("district_standing").get("/people/", {"unit": crowded.other.pk}))
    assert ids == []
    assert "Không tìm thấy ai." in page


def test_a_district_reads_its_persons_through_its_units_not_the_whole_name_index(crowded, client_for):
    client = client_for("district_standing")
    with CaptureQueriesContext(connection) as queries:
        ids, _links, _page = _rows(client.get("/people/", {"q": "nguyen van"}))
    assert ids == _expected(crowded.users["district_standing"], {"q": "nguyen van"})[:50]
    page_query = next(q["sql"] for q in queries.captured_queries if 'ORDER BY "people_person"."sort_key"' in q["sql"])
    district_units = set(Unit.objects.filter(path__startswith=crowded.bactramy.path).values_list("pk", flat=True))
    listed = {int(pk) for pk in re.search(r'"unit_id" IN \(([\d, ]+)\)', page_query).group(1).split(", ")}
    assert listed == district_units
    assert "NULLS FIRST" in page_query  # sorted, not read along the sort index


def test_a_count_past_the_cap_says_more_than_and_pages_without_a_total(crowded, client_for, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_CAP", 10)
    monkeypatch.setattr("coso.people.views.COUNT_CAP", 10)
    client = client_for("provincial_standing")
    expected = _expected(crowded.users["provincial_standing"], {"q": "van"})
    assert len(expected) > 50
    ids, pages = _all_pages(client, {"q": "van"})
    assert ids == expected  # every row still reachable page by page
    assert "Hơn 10 người" in pages[0]
    assert "Trang 1<" in pages[0] and "Trang 1/" not in pages[0]
    assert "Trang 2<" in pages[1]

    few, _links, page = _rows(client.get("/people/", {"q": "nguyen van ten0"}))
    assert len(few) == 10 and "10 người" in page and "Hơn" not in page


def test_the_list_makes_the_same_few_queries_for_a_district_and_a_province(crowded, client_for):
    for role in ("district_standing", "provincial_standing"):
        client = client_for(role)
        for n in range(30):
            person(crowded.trason, f"Lê Văn Một{role[:3]}{n:02d}")
        client.get("/people/", {"q": "van"})
        with CaptureQueriesContext(connection) as queries:
            client.get("/people/", {"q": "van"})
        for n in range(40):
            person(crowded.trason, f"Lê Văn Thêm{role[:3]}{n:02d}")
        with CaptureQueriesContext(connection) as more:
            client.get("/people/", {"q": "van"})
        assert len(more.captured_queries) == len(queries.captured_queries) <= 7, role


def test_a_province_reads_its_persons_by_their_province_column_in_name_order(crowded, client_for, monkeypatch):
    monkeypatch.setattr(scoping, "SMALL_SCOPE_MAX_UNITS", 0)  # the province's path, on this small tree
    client = client_for("provincial_standing")
    with CaptureQueriesContext(connection) as queries:
        ids, _links, _page = _rows(client.get("/people/", {"q": "nguyen van"}))
    assert ids == _expected(crowded.users["provincial_standing"], {"q": "nguyen van"})[:50]
    assert crowded.stranger.pk not in ids
    page_query = next(q["sql"] for q in queries.captured_queries if 'ORDER BY "people_person"."sort_key"' in q["sql"])
    assert f'"people_person"."province_id" = {crowded.province.pk}' in page_query
    assert '"org_unit"."path"' not in page_query.split("FROM", 1)[1].split("ORDER BY")[0]
    # another province's unit named in the filter is refused like one that does not exist
    ids, _links, page = _rows(client.get("/people/", {"unit": crowded.other.pk}))
    assert ids == [] and "Không tìm thấy ai." in page


@pytest.mark.parametrize("role", ["admin", "provincial_standing"])
def test_a_search_in_name_order_finds_its_pages_ids_first_then_their_rows(crowded, client_for, monkeypatch, role):
    """The walk along the name index selects the ids alone (PostgreSQL checks the search text
    in the index, which holds it), then the page's rows by id; forward and back give the same
    pages, in name order, and the country's admin alone sees the other province's person."""
    monkeypatch.setattr(scoping, "SMALL_SCOPE_MAX_UNITS", 0)
    client = client_for(role)
    user = crowded.admin if role == "admin" else crowded.users[role]
    expected = _expected(user, {"q": "van"})
    assert len(expected) > 50
    with CaptureQueriesContext(connection) as queries:
        first, links, _page = _rows(client.get("/people/", {"q": "van"}))
    assert first == expected[:50]
    walk = next(q["sql"] for q in queries.captured_queries if 'ORDER BY "people_person"."sort_key"' in q["sql"])
    assert re.match(r'SELECT "people_person"\."id"( AS "id")? FROM "people_person" WHERE', walk), walk
    fetch = [q["sql"] for q in queries.captured_queries if '"people_person"."id" IN (' in q["sql"]]
    assert len(fetch) == 1 and 'JOIN "org_unit"' in fetch[0], fetch  # the rows with their units, once
    second, links, _page = _rows(client.get("/people/" + links["next"]))
    assert second == expected[50:100]
    back, _links, _page = _rows(client.get("/people/" + links["prev"]))
    assert back == first
    assert (crowded.stranger.pk in _all_pages(client, {"q": "nguyen van la"})[0]) == (role == "admin")
