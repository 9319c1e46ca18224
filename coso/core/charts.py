"""Charts where people compare, drawn on the server (issue 15 point 12): a heat-map table
(rows × columns of counts, each cell coloured by its value and carrying the number as text),
horizontal bars (a label, a bar and the value as text, with an optional target line), and a
palette that gives every series its own colour however many series there are.

Nothing here needs JavaScript or a build step: the templates ``core/_heatmap.html`` and
``core/_bars.html`` render these structures as HTML tables and inline SVG (no inline styles,
so the content policy ``style-src 'self'`` holds); the colours of the heat-map are classes of
``coso/static/coso/site.css`` (``heat-0`` … ``heat-4``), chosen so that the number in each
cell keeps a contrast of at least 4.5:1 (WCAG AA).
"""

import colorsys
import math
from dataclasses import dataclass, field

# Kelly's colours of maximum contrast (white and black left out), the most distinct first:
# any 18 of the first 18 are at least 40 apart in RGB space (coso/core/tests/test_charts.py).
BASE_PALETTE = (
    "#0067a5",
    "#f38400",
    "#008856",
    "#be0032",
    "#875692",
    "#882d17",
    "#e68fac",
    "#848482",
    "#8db600",
    "#a1caf1",
    "#f3c300",
    "#604e97",
    "#f99379",
    "#2b3d26",
    "#b3446c",
    "#c2b280",
    "#654522",
    "#e25822",
    "#dcd300",
    "#f6a600",
)
GOLDEN_ANGLE = 137.508


def palette(n):
    """``n`` distinct colours (``#rrggbb``): the 20 of :data:`BASE_PALETTE`, then hues a golden
    angle apart in three lightnesses; a colour already given is never given again."""
    colours = list(BASE_PALETTE[:n])
    seen = set(colours)
    k = 0
    while len(colours) < n:
        hue = (k * GOLDEN_ANGLE) % 360 / 360
        lightness = (0.35, 0.5, 0.65)[k % 3]
        r, g, b = colorsys.hls_to_rgb(hue, lightness, 0.7)
        colour = f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
        if colour not in seen:
            seen.add(colour)
            colours.append(colour)
        k += 1
    return colours


HEAT_LEVELS = 4  # besides 0: the classes heat-1 … heat-4


@dataclass
class HeatCell:
    row: str
    column: str
    value: int
    level: int  # 0 (nothing) … HEAT_LEVELS


@dataclass
class HeatRow:
    label: str
    cells: list
    total: int


@dataclass
class HeatMap:
    columns: list  # short labels shown (T1 … T12)
    column_names: list  # full labels for screen readers (Tháng 1 … Tháng 12)
    rows: list = field(default_factory=list)
    legend: list = field(default_factory=list)  # [(level, "1–3")]
    maximum: int = 0

    @property
    def header(self):
        return list(zip(self.columns, self.column_names, strict=True))

    @property
    def cell_count(self):
        return sum(len(r.cells) for r in self.rows)


def heat_level(value, maximum):
    """0 for nothing; otherwise 1 … HEAT_LEVELS, the share of the table's largest value."""
    if value <= 0 or maximum <= 0:
        return 0
    return max(1, min(HEAT_LEVELS, math.ceil(HEAT_LEVELS * value / maximum)))


def heat_legend(maximum):
    """The value range of each level: [(0, "0"), (1, "1–3"), …], empty levels left out."""
    legend = [(0, "0")]
    low = 1
    for level in range(1, HEAT_LEVELS + 1):
        high = math.floor(maximum * level / HEAT_LEVELS)
        if high >= low:
            legend.append((level, str(low) if high == low else f"{low}–{high}"))
            low = high + 1
    return legend


def heatmap(rows, columns, column_names=None):
    """``rows``: [(label, [value per column])]. One cell per row × column, in order."""
    rows = list(rows)
    maximum = max((v for _label, values in rows for v in values), default=0)
    out = HeatMap(columns=list(columns), column_names=list(column_names or columns), maximum=maximum)
    for label, values in rows:
        values = list(values)
        if len(values) != len(out.columns):
            raise ValueError(f"{label}: {len(values)} values for {len(out.columns)} columns")
        cells = [
            HeatCell(row=label, column=name, value=v, level=heat_level(v, maximum))
            for name, v in zip(out.column_names, values, strict=True)
        ]
        out.rows.append(HeatRow(label=label, cells=cells, total=sum(values)))
    out.legend = heat_legend(maximum)
    return out


@dataclass
class Bar:
    label: str
    value: float
    width: float  # 0 … 100, share of the scale
    meets: bool | None = None  # against the target, when there is one
    display: str = ""


@dataclass
class Bars:
    bars: list
    scale: float
    target: float | None = None
    target_at: float | None = None  # 0 … 100

    def __iter__(self):
        return iter(self.bars)

    def __len__(self):
        return len(self.bars)


def bars(items, target=None, fmt=None):
    """``items``: [(label, value)]. The scale is the largest of the values and the target, so
    the target line is always inside the chart."""
    items = [(label, value or 0) for label, value in items]
    scale = max([v for _l, v in items] + [target or 0, 0])
    fmt = fmt or (lambda v: f"{v:g}")

    def share(v):
        return round(100 * max(v, 0) / scale, 1) if scale > 0 else 0

    out = [
        Bar(label=label, value=v, width=share(v), meets=(v >= target) if target else None, display=fmt(v))
        for label, v in items
    ]
    return Bars(bars=out, scale=scale, target=target, target_at=share(target) if target else None)
