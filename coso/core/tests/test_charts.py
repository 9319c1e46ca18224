"""The server-side charts (issue 15 point 12): heat-map cells, legend and levels, bars with a
target, and a palette that gives every series its own colour."""

import itertools
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from coso.core import charts


def _rgb(colour):
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("n", [1, 12, 18, 20, 21, 40, 63])
def test_the_palette_never_repeats_a_colour(n):
    colours = charts.palette(n)
    assert len(colours) == n and len(set(colours)) == n
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colours)


def test_eighteen_districts_get_colours_far_apart():
    colours = charts.palette(18)
    closest = min(
        sum((x - y) ** 2 for x, y in zip(_rgb(a), _rgb(b), strict=True)) ** 0.5
        for a, b in itertools.combinations(colours, 2)
    )
    assert closest > 35  # of 441 in RGB space: no two lines that look alike


def test_heat_map_has_one_cell_per_row_and_column_with_its_value():
    rows = [(f"Huyện {i}", [(i * m) % 7 for m in range(1, 13)]) for i in range(1, 19)]
    heat = charts.heatmap(rows, [f"T{m}" for m in range(1, 13)], [f"Tháng {m}" for m in range(1, 13)])
    assert heat.cell_count == 18 * 12
    for (label, values), row in zip(rows, heat.rows, strict=True):
        assert row.label == label and [c.value for c in row.cells] == values and row.total == sum(values)
        assert [c.column for c in row.cells] == [f"Tháng {m}" for m in range(1, 13)]
    assert heat.maximum == 6
    assert {c.level for r in heat.rows for c in r.cells if c.value == 0} == {0}
    assert {c.level for r in heat.rows for c in r.cells if c.value == 6} == {charts.HEAT_LEVELS}
    # levels grow with the value
    pairs = sorted({(c.value, c.level) for r in heat.rows for c in r.cells})
    assert [lv for _v, lv in pairs] == sorted(lv for _v, lv in pairs)


@pytest.mark.parametrize(
    "maximum,legend",
    [
        (0, [(0, "0")]),
        (1, [(0, "0"), (4, "1")]),
        (8, [(0, "0"), (1, "1–2"), (2, "3–4"), (3, "5–6"), (4, "7–8")]),
        (10, [(0, "0"), (1, "1–2"), (2, "3–5"), (3, "6–7"), (4, "8–10")]),
    ],
)
def test_the_legend_covers_every_value_once(maximum, legend):
    assert charts.heat_legend(maximum) == legend
    for value in range(1, maximum + 1):  # each value's level is the legend's row that holds it
        level = charts.heat_level(value, maximum)
        label = dict(legend)[level]
        low, _, high = label.partition("–")
        assert int(low) <= value <= int(high or low)


def test_heat_map_renders_cells_legend_and_a_caption():
    heat = charts.heatmap([("Bắc Trà My", [0, 3] + [0] * 10), ("Tam Kỳ", [1] * 12)], ["T1", "T2"] + [""] * 10)
    html = render_to_string(
        "core/_heatmap.html",
        {"heat": heat, "caption": "Số ngày", "row_header": "Huyện", "legend_title": "Chú giải", "unit": "ngày"},
    )
    cells = re.findall(
        r'<td class="heat-(\d) text-end" data-row="([^"]+)" data-column="(\d+)" data-value="(\d+)"', html
    )
    assert len(cells) == 24
    assert ("4", "Bắc Trà My", "2", "3") in cells and ("0", "Bắc Trà My", "1", "0") in cells
    assert "<caption" in html and "Số ngày" in html and 'scope="row">Tam Kỳ' in html
    assert 'class="heat-swatch heat-4">3<' in html


def test_every_heat_level_has_a_colour_with_readable_text():
    css = (Path(settings.BASE_DIR) / "coso" / "static" / "coso" / "site.css").read_text()

    def luminance(colour):
        def channel(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = map(channel, _rgb(colour if len(colour) == 7 else "#" + colour[1] * 6))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    for level in range(charts.HEAT_LEVELS + 1):
        rule = re.search(rf"\.heat-{level} \{{([^}}]*)\}}", css).group(1)
        bg = re.search(r"background-color: (#[0-9a-f]+)", rule).group(1)
        fg = re.search(r"(?<!-)color: (#[0-9a-f]+)", rule).group(1)
        high, low = sorted([luminance(bg), luminance(fg)], reverse=True)
        assert (high + 0.05) / (low + 0.05) >= 4.5, level


def test_bars_share_one_scale_with_the_target_inside():
    chart = charts.bars([("An", 30), ("Bình", 75), ("Chi", 0), ("Dũng", -2)], target=60)
    assert chart.scale == 75 and chart.target_at == 80.0
    assert [(b.width, b.meets) for b in chart] == [(40.0, False), (100.0, True), (0, False), (0, False)]
    html = render_to_string("core/_bars.html", {"chart": chart, "caption": "Ngày", "target_label": "Tối thiểu"})
    assert html.count('class="bars-row"') == 4
    assert 'width="40.0"' in html and 'x1="80.0"' in html  # never "40,0" in Vietnamese
    assert 'aria-hidden="true"' in html and ">30" in html and "Tối thiểu: 60" in html
    without = charts.bars([("An", 2)])
    assert without.target_at is None and [b.width for b in without] == [100.0]
