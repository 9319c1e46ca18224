"""Charts where people compare (issue 15 point 12): the coverage heat-map (one cell per
district × month, the days written in it), one colour per district in the line chart, each
cadre's days against the yearly minimum ("1+2") and the ranking's points as bars; every chart
has its numbers as text."""

import json
import re

from coso.visits import coverage as coverage_mod
from coso.visits import services

from .conftest import D, add_base_unit


def _cells(html):
    heat = re.search(r'data-testid="coverage-heatmap".*?</figure>', html, re.S).group(0)
    return heat, [
        (row, int(column), int(value), int(level))
        for level, row, column, value in re.findall(
            r'<td class="heat-(\d) text-end" data-row="([^"]+)" data-column="(\d+)" data-value="(\d+)"', heat
        )
    ]


def test_coverage_heat_map_of_eighteen_districts_by_twelve_months(qn, go, client_for):
    for i in range(1, 17):
        add_base_unit(qn.province, f"Huyện đoàn Thử {i:02d}", "huyen-doan")
    go(qn.trason, D(2013, 3, 12))
    go(qn.tragiang, D(2013, 3, 30), D(2013, 4, 1))
    go(qn.tamky, D(2013, 3, 7))
    page = client_for("provincial_standing").get(f"/visits/coverage/?unit={qn.province.pk}&year=2013").content.decode()
    heat, cells = _cells(page)
    districts = coverage_mod.coverage(qn.province, 2013)
    assert len(districts) == 18 and len(cells) == 18 * 12
    expected = [(d.district.name, m, d.days_by_month[m - 1]) for d in districts for m in range(1, 13)]
    assert [(row, column, value) for row, column, value, _level in cells] == expected
    by_cell = {(row, column): (value, level) for row, column, value, level in cells}
    assert by_cell[("Huyện đoàn Bắc Trà My", 3)] == (3, 4) and by_cell[("Huyện đoàn Bắc Trà My", 4)] == (1, 2)
    assert by_cell[("Thành đoàn Tam Kỳ", 3)] == (1, 2) and by_cell[("Huyện đoàn Thử 07", 5)] == (0, 0)
    # readable as text: a caption, headers for rows and months, the legend, each cell's number
    assert "<caption" in heat and 'scope="row">Huyện đoàn Thử 16</th>' in heat
    assert '<abbr title="Tháng 12">T12</abbr>' in heat
    assert re.search(
        r'data-testid="coverage-heatmap-legend">Chú giải \(số ngày\): <span class="heat-swatch heat-0">0</span>', heat
    )
    assert 'title="Huyện đoàn Bắc Trà My, Tháng 3: 3 ngày">3</td>' in heat
    # the line chart: every district its own colour, and a text alternative pointing at the table
    data = json.loads(
        re.search(r'<script id="coverage-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    )
    colours = [d["borderColor"] for d in data["datasets"]]
    assert len(colours) == 18 and len(set(colours)) == 18
    assert re.search(r'<canvas id="coverage-chart" aria-label="[^"]+" role="img">[^<]+</canvas>', page)


def test_each_cadres_days_against_the_yearly_minimum(qn, go, client_for):
    services.save_visit_policy(actor=qn.manager, owner=qn.province, year=2013, yearly_minimum_days=2)
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    go(qn.anmy, D(2013, 3, 12), cadre=qn.tckt_cadre, actor=qn.users["tckt_officer"], is_ad_hoc=True)
    page = client_for("provincial_standing").get(f"/visits/coverage/?unit={qn.province.pk}&year=2013").content.decode()
    chart = re.search(r'data-testid="cadre-days-chart".*?</figure>', page, re.S).group(0)
    rows = re.findall(r'<li class="bars-row" data-label="([^"]+)" data-value="([^"]+)">', chart)
    summary = coverage_mod.year_summary(qn.province, 2013)
    assert rows == [(name, str(days)) for name, days in summary.days_by_cadre]
    assert dict(rows)["Nguyễn Văn Quy"] == "2" and dict(rows)["Lê Văn Bình"] == "1"
    assert "Mức tối thiểu năm (chủ trương 1+2): 2 ngày" in chart
    assert chart.count('class="bars-target"') == len(rows) + 1  # one line per bar, one in the key
    assert chart.count("(chưa đạt)") == 2  # Bình (1 day) and Hồng (0): said in words, not by colour only


def test_ranking_points_as_bars(qn, go, client_for):
    go(qn.trason, D(2013, 3, 12))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report)
    services.host_confirm(actor=qn.users["district_standing"], report=report, district=qn.bactramy)
    page = client_for("provincial_standing").get(f"/visits/ranking/?unit={qn.province.pk}&year=2013&month=3")
    chart = re.search(r'data-testid="ranking-chart".*?</figure>', page.content.decode(), re.S).group(0)
    rows = re.findall(r'data-label="([^"]+)" data-value="([^"]+)"', chart)
    assert rows == [(row.cadre.full_name, str(row.total)) for row in page.context["rows"]]
    assert rows and rows[0][0] == "Nguyễn Văn Quy"
    assert "Tổng điểm thi đua của từng cán bộ" in chart
    empty = client_for("provincial_standing").get(f"/visits/ranking/?unit={qn.province.pk}&year=2013&month=5")
    assert 'data-testid="ranking-chart"' not in empty.content.decode()
