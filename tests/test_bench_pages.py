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


def test_dashboards_have_the_dashboard_goal():
    assert benchmark.GOAL_MS[benchmark.kind_of("visits:coverage")] == 300
    assert benchmark.GOAL_MS[benchmark.kind_of("people:list")] == 100


def test_http_helpers():
    assert percentile([5, 1, 4, 2, 3], 0.95) == 5 and percentile([5, 1, 4, 2, 3], 0.5) == 3
    assert _dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n") == b"abcde"
    with pytest.raises(SystemExit):
        Client(8000, host="10.0.0.1")
