"""Pages that stay small whatever the number of units (issue 9): a province's coverage page
names the first base unions of each district's card and links to the district's own page,
which names them all; the list of clusters shows fifty a page."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.org.models import Cluster
from coso.visits import views, views_manage

from .conftest import D, add_base_unit


def cards(page):
    """Each district card's text, tags taken out."""
    found = re.findall(r'<div class="card-body">(.*?)</div></div></div>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip() for card in found]


def test_a_provinces_coverage_names_the_first_base_unions_and_the_district_page_names_all(
    qn, go, client_for, monkeypatch
):
    monkeypatch.setattr(views, "COVERAGE_PREVIEW", 2)
    for name in ("Đoàn xã Trà Mai", "Đoàn xã Trà Nú"):
        add_base_unit(qn.bactramy, name)
    go(qn.trason, D(2013, 3, 12))
    go(qn.bactramy, D(2013, 3, 14))
    go(qn.branch_trason, D(2013, 4, 9))
    client = client_for("provincial_standing")

    page = client.get(f"/visits/coverage/?unit={qn.province.pk}&year=2013").content.decode()
    tamky, btm = cards(page)
    assert tamky == "Thành đoàn Tam Kỳ 0/1 Đoàn cơ sở đã đến (0%) · 0 ngày Chưa đến (1): Đoàn phường An Mỹ"
    assert btm == (
        "Huyện đoàn Bắc Trà My miền núi 1/4 Đoàn cơ sở đã đến (25%) · 3 ngày "
        "Chưa đến (3): Đoàn xã Trà Giang, Đoàn xã Trà Mai … và 1 Đoàn cơ sở khác "
        "Ngày theo cán bộ: Nguyễn Văn Quy 3 "
        "Ngày theo đơn vị: Huyện đoàn Bắc Trà My 1; Đoàn xã Trà Sơn 2 "
        "Danh sách đầy đủ của Huyện đoàn Bắc Trà My"
    )
    link = re.search(r'<a href="([^"]+)" data-testid="district-lists">', page)[1].replace("&amp;", "&")
    assert link == f"?unit={qn.bactramy.pk}&year=2013"

    (own,) = cards(client.get(f"/visits/coverage/{link}").content.decode())
    assert "Chưa đến (3): Đoàn xã Trà Giang, Đoàn xã Trà Mai, Đoàn xã Trà Nú " in own
    assert "khác" not in own and "Danh sách đầy đủ" not in own


def test_the_district_link_of_another_district_shows_only_the_users_own_district(qn, client_for):
    """Bắc Trà My's standing office following Tam Kỳ's link sees its own district's card: no
    name of a Tam Kỳ base union reaches it."""
    page = client_for("district_standing").get(f"/visits/coverage/?unit={qn.tamky.pk}&year=2013").content.decode()
    assert [card.split(" ")[:4] for card in cards(page)] == [["Huyện", "đoàn", "Bắc", "Trà"]]
    assert "Đoàn phường An Mỹ" not in page and "Thành đoàn Tam Kỳ" not in page


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


def test_the_list_of_clusters_shows_a_page_at_a_time_in_the_same_queries(qn, client_for, monkeypatch):
    monkeypatch.setattr(views_manage, "CLUSTERS_PER_PAGE", 2)
    for n in (2, 3):
        cluster = Cluster.objects.create(owner=qn.province, year=2013, name=f"Cụm {n}")
        cluster.units.set([qn.tamky])
    client = client_for("provincial_standing")
    client.get("/visits/clusters/?year=2013")  # the session's first use writes it

    first_queries, first = queries(client, "/visits/clusters/?year=2013")
    assert "Cụm 1" in first and "Cụm 2" in first and "Cụm 3" not in first
    assert "Huyện đoàn Bắc Trà My, Thành đoàn Tam Kỳ" in first or "Thành đoàn Tam Kỳ, Huyện đoàn Bắc Trà My" in first
    assert "3 cụm thi đua" in first and "Trang 1/2" in first
    assert 'href="?year=2013&amp;page=2"' in first

    second_queries, second = queries(client, "/visits/clusters/?year=2013&page=2")
    assert "Cụm 3" in second and "Cụm 1" not in second and "Trang 2/2" in second
    assert f'href="/visits/clusters/{Cluster.objects.get(name="Cụm 3").pk}/"' in second
    assert second_queries == first_queries


def test_a_user_outside_the_organiser_lists_none_of_its_clusters_on_any_page(qn, client_for, monkeypatch):
    """Bắc Trà My's standing office, below the province that organises the clusters, sees
    none of them, whichever page it asks for."""
    monkeypatch.setattr(views_manage, "CLUSTERS_PER_PAGE", 1)
    Cluster.objects.create(owner=qn.province, year=2013, name="Cụm 2").units.set([qn.tamky])
    client = client_for("district_standing")
    for url in ("/visits/clusters/?year=2013", "/visits/clusters/?year=2013&page=2"):
        page = client.get(url).content.decode()
        assert "Cụm 1" not in page and "Cụm 2" not in page and "Không có cụm thi đua nào trong năm." in page
