"""Coverage counted by grouped queries (issue 9): the figures a province's officer reads on
the coverage page and on a cluster's page are those of the rules applied trip by trip (days
inside the year, trips across New Year and month ends split, ad-hoc shown apart, a branch
covering its base union, the district union counting days but no base union), and the pages
make the same queries for one trip as for many."""

import datetime
import json
import random
import re
from collections import defaultdict

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import strategies as st

from coso.visits import coverage, rules
from coso.visits.models import Visit, VisitForm

from .conftest import D

YEAR = 2013


def trip(qn, unit, start, end, cadre=None, is_ad_hoc=False):
    """A trip written as an import or a correction would (no cap checked): the figures must
    hold whatever the trips' lengths."""
    return Visit.objects.create(
        cadre=cadre or qn.movement_cadre,
        unit=unit,
        start_date=start,
        end_date=end,
        form=VisitForm.SITUATION,
        content="Nắm tình hình",
        is_ad_hoc=is_ad_hoc,
    )


def the_trips(qn):
    trip(qn, qn.branch_trason, D(2012, 12, 30), D(2013, 1, 2))  # 2 days in 2013, covers Trà Sơn
    trip(qn, qn.bactramy, D(2013, 3, 30), D(2013, 4, 1))  # the district union: days, no base
    trip(qn, qn.tragiang, D(2013, 12, 31), D(2014, 1, 1), cadre=qn.tckt_cadre, is_ad_hoc=True)  # 1 day
    trip(qn, qn.anmy, D(2013, 1, 30), D(2013, 3, 2))  # January 2, all February, March 2
    trip(qn, qn.branch_anmy, D(2014, 1, 5), D(2014, 1, 5))  # another year
    trip(qn, qn.trason, D(2012, 6, 5), D(2012, 6, 6))  # another year


def test_the_coverage_page_shows_each_districts_figures(qn, client_for):
    the_trips(qn)
    page = client_for("provincial_standing").get(f"/visits/coverage/?unit={qn.province.pk}&year=2013").content.decode()
    cards = re.findall(r'<div class="card-body">(.*?)</div></div></div>', page, re.S)
    tamky, btm = (re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", card)).strip() for card in cards)
    assert tamky == (
        "Thành đoàn Tam Kỳ 1/1 Đoàn cơ sở đã đến (100%) · 32 ngày "
        "Ngày theo cán bộ: Nguyễn Văn Quy 32 Ngày theo đơn vị: Đoàn phường An Mỹ 32"
    )
    assert btm == (
        "Huyện đoàn Bắc Trà My miền núi 2/2 Đoàn cơ sở đã đến (100%) · 6 ngày (1 đột xuất) "
        "Ngày theo cán bộ: Lê Văn Bình 1; Nguyễn Văn Quy 5 "
        "Ngày theo đơn vị: Huyện đoàn Bắc Trà My 3; Đoàn xã Trà Giang 1; Đoàn xã Trà Sơn 2"
    )
    chart = json.loads(re.search(r'<script id="coverage-data" type="application/json">(.*?)</script>', page, re.S)[1])
    assert [d["data"] for d in chart["datasets"]] == [
        [2, 28, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [2, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 1],
    ]
    # The province's cadres: Nguyễn Văn Quy 2 + 3 + 32 days, Lê Văn Bình 1, Trần Thị Hồng none.
    assert "67% cán bộ đã đi cơ sở; hơn 30 ngày cơ sở" in page
    assert "không có vị trí: 4<" in page  # the year's trips at the province's units, by proof of place


def test_a_clusters_page_shows_each_units_figures(qn, client_for):
    the_trips(qn)
    page = client_for("provincial_standing").get(f"/visits/clusters/{qn.cluster.pk}/").content.decode()
    table = re.search(r'data-testid="cluster-units">(.*?)</table>', page, re.S)[1]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    btm, tamky = rows[1:]  # in the units' order
    assert tamky.startswith("Thành đoàn Tam Kỳ Nguyễn Văn Quy") and tamky.endswith("1/1 32 Nguyễn Văn Quy: 32")
    assert btm.startswith("Huyện đoàn Bắc Trà My") and btm.endswith("2/2 6 Lê Văn Bình: 1 Nguyễn Văn Quy: 5")


def _reference(qn, year):
    """The rules applied trip by trip, as the coverage was first computed."""
    figures = defaultdict(lambda: {"months": [0] * 12, "ad_hoc": 0, "cadres": defaultdict(int), "units": set()})
    base_of = {qn.trason.pk: "Đoàn xã Trà Sơn", qn.branch_trason.pk: "Đoàn xã Trà Sơn"}
    base_of |= {qn.tragiang.pk: "Đoàn xã Trà Giang", qn.anmy.pk: "Đoàn phường An Mỹ"}
    base_of |= {qn.branch_anmy.pk: "Đoàn phường An Mỹ"}
    district_of = {qn.tamky.pk: "Thành đoàn Tam Kỳ", qn.anmy.pk: "Thành đoàn Tam Kỳ"}
    district_of |= {qn.branch_anmy.pk: "Thành đoàn Tam Kỳ"}
    for v in Visit.objects.select_related("cadre"):
        district = district_of.get(v.unit_id, "Huyện đoàn Bắc Trà My")
        for (y, m), days in rules.days_by_month(v.start_date, v.end_date).items():
            if y == year:
                figures[district]["months"][m - 1] += days
                figures[district]["ad_hoc"] += days if v.is_ad_hoc else 0
                figures[district]["cadres"][v.cadre.full_name] += days
                figures[district]["units"].add(base_of.get(v.unit_id))
    return figures


def test_the_grouped_figures_are_the_rules_trip_by_trip(qn):
    """Forty trips of any length (up to fourteen months, leap day included) at every level, by
    three cadres, some ad hoc: each figure of each year as the rules count it trip by trip."""
    rng = random.Random(9)
    units = [qn.tamky, qn.bactramy, qn.anmy, qn.trason, qn.tragiang, qn.branch_trason, qn.branch_anmy]
    cadres = [qn.movement_cadre, qn.tckt_cadre, qn.secretary]
    for _ in range(40):
        start = D(2011, 10, 1) + datetime.timedelta(days=rng.randrange(5 * 365))
        length = rng.choice([0, 0, 1, 2, 5, 31, 60, 400])
        trip(
            qn,
            rng.choice(units),
            start,
            start + datetime.timedelta(days=length),
            rng.choice(cadres),
            rng.random() < 0.3,
        )
    for year in (2012, 2013, 2014, 2016):
        expected = _reference(qn, year)
        for cover in coverage.coverage(qn.province, year):
            want = expected[cover.district.name]
            assert cover.days_by_month == want["months"], (year, cover.district.name)
            assert (cover.total_days, cover.ad_hoc_days) == (sum(want["months"]), want["ad_hoc"])
            assert dict(cover.days_by_cadre) == dict(want["cadres"])
            assert set(cover.visited_units) == want["units"] - {None}
        summary = coverage.year_summary(qn.province, year, cadres=cadres)
        assert summary.total_days == sum(sum(f["months"]) for f in expected.values())
        assert summary.ad_hoc_days == sum(f["ad_hoc"] for f in expected.values())


@given(
    st.lists(
        st.tuples(st.dates(D(2011, 1, 1), D(2015, 12, 31)), st.integers(0, 800)),
        max_size=12,
    ),
    st.sampled_from([2012, 2013, 2016]),
)
def test_month_days_from_grouped_sums_are_the_days_by_month(spans, year):
    trips = [(start, start + datetime.timedelta(days=n)) for start, n in spans]
    trips = [(s, e) for s, e in trips if s <= D(year, 12, 31) and e >= D(year, 1, 1)]
    expected = defaultdict(int)
    for start, end in trips:
        for key, days in rules.days_by_month(start, end).items():
            if key[0] == year:
                expected[key] += days
    groups = defaultdict(lambda: {"trips": 0, "first_days": 0, "last_days": 0})
    for start, end in trips:
        group = groups[(start.year, start.month, end.year, end.month)]
        group["trips"] += 1
        group["first_days"] += start.day
        group["last_days"] += end.day
    rows = [dict(sy=sy, sm=sm, ey=ey, em=em, **sums) for (sy, sm, ey, em), sums in groups.items()]
    assert coverage._month_days(year, rows) == {key: n for key, n in expected.items() if n}


def _count(client, url):
    client.get(url)  # what a first request reads once (the session, the grants)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_coverage_and_cluster_pages_make_the_same_queries_for_one_trip_as_for_many(
    qn, client_for, django_assert_num_queries
):
    client = client_for("provincial_standing")
    pages = [f"/visits/coverage/?unit={qn.province.pk}&year=2013", f"/visits/clusters/{qn.cluster.pk}/"]
    trip(qn, qn.anmy, D(2013, 3, 7), D(2013, 3, 7))
    counts = [_count(client, url) for url in pages]
    the_trips(qn)
    for day in range(1, 25):
        trip(qn, qn.branch_trason if day % 2 else qn.tragiang, D(2013, 5, day), D(2013, 5, day), qn.secretary)
    for url, n in zip(pages, counts, strict=True):
        with django_assert_num_queries(n):
            client.get(url)
