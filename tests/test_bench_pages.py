"""bench/benchmark.py finds the pages to measure in the URL configuration: every page of the
menu is among them, and neither exports nor files are."""

import pytest
from django.urls import reverse

from bench import benchmark
from bench.httpbench import Client, _dechunk, percentile

MENU = ["home", "org:tree", "people:list", "visits:home", "cadrework:home", "placements:home", "programme:home"]


def test_every_menu_page_is_measured_and_no_export_is():
    urls = {url for _name, url in benchmark.discovered_pages()}
    assert {reverse(name) for name in MENU + ["imports:list", "users:list", "visits:coverage"]} <= urls
    assert not [url for url in urls if url.endswith((".xlsx", ".docx", ".pdf")) or "logout" in url]


def test_dashboards_have_the_dashboard_goal_and_the_home_is_a_dashboard_for_the_country_only():
    assert benchmark.goal_ms("visits:coverage", "province") == 300
    assert benchmark.goal_ms("people:list", "national") == 100
    assert benchmark.goal_ms("home", "national") == 300
    assert {benchmark.goal_ms("home", who) for who in benchmark.WHO if who != "national"} == {100}


def test_http_helpers():
    assert percentile([5, 1, 4, 2, 3], 0.95) == 5 and percentile([5, 1, 4, 2, 3], 0.5) == 3
    assert _dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n") == b"abcde"
    with pytest.raises(SystemExit):
        Client(8000, host="10.0.0.1")


def test_the_deep_person_page_is_reached_through_the_next_links_not_an_offset():
    urls = [url for route, url in benchmark.record_pages(_NoRecords()) if route == "people:list"]
    assert not [url for url in urls if "page=" in url]
    assert benchmark.deep(f"{reverse('people:list')}?q=nguyen+van", benchmark.DEEP_PAGE) in urls


class _NoRecords:
    """A benchmark context with the units only (records_pages skips the missing records)."""

    year = 2026

    def __getattr__(self, name):
        if name in ("district", "province", "base", "branch"):
            return type("U", (), {"pk": 1})()
        return None


def test_next_link_reads_the_cursor_of_the_pagination():
    html = '<a class="page-link" href="?q=a+b&amp;after=0012.34&amp;n=2" rel="next">Sau »</a>'
    assert benchmark.next_link(html, "/people/?q=a+b") == "/people/?q=a+b&after=0012.34&n=2"
    assert benchmark.next_link('<a href="?before=1.2" rel="prev">', "/people/") is None


def test_follow_next_walks_the_keyset_pages_as_a_user_clicks_them(tree, client_for, monkeypatch):
    import functools

    from coso.core.keyset import keyset_page
    from coso.people import views as people_views
    from tests.builders import person

    monkeypatch.setattr(people_views, "keyset_page", functools.partial(keyset_page, per_page=2))
    names = [f"Nguyễn Văn Sâu{i}" for i in range(7)]
    for name in names:
        person(tree.branch_trason, name)
    client = client_for("district_standing")
    start = f"{reverse('people:list')}?q=nguyen+van+sau"

    url, depth = benchmark.follow_next(client, benchmark.deep(start, 3))
    assert depth == 3 and "after=" in url and "n=3" in url and "page=" not in url
    page = client.get(url).content.decode()
    assert "Trang 3/4" in page
    assert [n for n in names if n.split()[-1] in page] == names[4:6]  # the 5th and 6th, not an offset guess

    url, depth = benchmark.follow_next(client, benchmark.deep(start, 200))  # shorter list: its last page
    assert depth == 4 and "Trang 4/4" in client.get(url).content.decode()
    assert benchmark.follow_next(client, start) == (start, 1)
