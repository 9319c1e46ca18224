"""The person list pages by cursor (issue 9): "Sau" continues right after the last row shown,
even when people are added in between, and a deep page costs what the first one does."""

import html
import re

from coso.people.models import Person
from tests.builders import person


def _rows_and_links(response):
    page = response.content.decode()
    table = page[page.index('data-testid="people"') :]
    table = table[: table.index("</table>")]
    ids = [int(pk) for pk in re.findall(r'href="/people/(\d+)/"', table)]
    links = {rel: html.unescape(href) for href, rel in re.findall(r'href="(\?[^"]*)" rel="(next|prev)"', page)}
    return ids, links, page


def _in_order(unit):
    return list(Person.objects.filter(unit=unit).order_by("sort_key", "id").values_list("pk", flat=True))


def test_next_page_follows_the_last_row_shown_when_people_are_added_in_between(tree, client_for):
    unit = tree.branch_trason
    for n in range(110):
        person(unit, f"Nguyễn Văn Mẫu{n:03d}")
    client = client_for("provincial_standing")
    first, links, page = _rows_and_links(client.get("/people/", {"unit": unit.pk}))
    assert len(first) == 50
    assert first == _in_order(unit)[:50]
    assert "Trang 1/3" in page
    assert "prev" not in links

    # Others add people meanwhile: some sort before the last row shown, some after.
    for name in ("Lê Văn An", "Trần Văn Anh", "Nguyễn Văn Mẫu000a", "Nguyễn Văn Mẫu049a", "Nguyễn Văn Mẫu050a"):
        person(unit, name)
    second, links2, page2 = _rows_and_links(client.get("/people/" + links["next"]))
    order = _in_order(unit)
    after_last = order[order.index(first[-1]) + 1 :]
    assert second == after_last[:50]  # no gap, and nothing shown twice
    assert not set(second) & set(first)
    assert "Trang 2/3" in page2

    third, links3, page3 = _rows_and_links(client.get("/people/" + links2["next"]))
    assert third == after_last[50:100]
    assert "Trang 3/3" in page3

    back, _links, page_back = _rows_and_links(client.get("/people/" + links3["prev"]))
    assert back == second
    assert "Trang 2/3" in page_back


def test_a_deep_page_makes_no_more_queries_than_the_first(tree, client_for, django_assert_max_num_queries):
    unit = tree.branch_trason
    for n in range(160):
        person(unit, f"Trần Thị Trang{n:03d}")
    client = client_for("provincial_standing")
    with django_assert_max_num_queries(12) as first_page:
        _ids, links, _page = _rows_and_links(client.get("/people/", {"unit": unit.pk}))
    for _ in range(2):
        with django_assert_max_num_queries(len(first_page.captured_queries)) as deep:
            ids, links, _page = _rows_and_links(client.get("/people/" + links["next"]))
        assert len(ids) == 50
    # The cursor reads from the key on, never by OFFSET.
    assert not any(" OFFSET " in q["sql"].upper() for q in deep.captured_queries)


def test_an_old_numbered_link_still_opens_its_page(tree, client_for):
    unit = tree.branch_trason
    for n in range(60):
        person(unit, f"Phạm Văn Số{n:03d}")
    ids, links, page = _rows_and_links(client_for("provincial_standing").get("/people/", {"unit": unit.pk, "page": 2}))
    assert ids == _in_order(unit)[50:100]
    assert "Trang 2/2" in page and "prev" in links


def test_a_broken_cursor_opens_the_first_page(tree, client_for):
    ids, _links, _page = _rows_and_links(
        client_for("provincial_standing").get("/people/", {"after": "x'; drop", "n": "7"})
    )
    assert ids[:1] == list(
        Person.objects.visible_to(tree.users["provincial_standing"])
        .order_by("sort_key", "id")
        .values_list("pk", flat=True)[:1]
    )
