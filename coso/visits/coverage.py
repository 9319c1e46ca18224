"""Coverage of the grassroots for a year: which base units of each district were visited
("10/13"), days per cadre, per unit and per month, and the year's totals in the seeds' words
("100% cán bộ đã đi cơ sở; hơn 240 ngày cơ sở", seed 003).

Days are counted inside the year only (a trip across New Year counts its days in each
year). Ad-hoc trips count in every figure and are also shown apart (``ad_hoc_days``).
A visit to a branch covers its base unit; a visit to the district union itself counts days
but covers no base unit.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DurationField, ExpressionWrapper, Min, Q, Sum, Value
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, Greatest, Least
from django.utils.translation import gettext as _

from coso.org.models import Unit, UnitLevel
from coso.people.models import Person
from coso.visits import selectors
from coso.visits.models import Assignment, Visit


def percent(part, whole):
    if not whole:
        return 0
    return int((Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def days_phrase(days):
    """247 → "hơn 240", 240 → "240", 9 → "9" (the way the seeds round a yearly figure)."""
    if days >= 20 and days % 10:
        return _("hơn %(n)s") % {"n": days // 10 * 10}
    return str(days)


@dataclass
class DistrictCoverage:
    district: Unit
    year: int
    base_units_total: int = 0
    visited_units: list = field(default_factory=list)  # names, Vietnamese order (empty without names)
    unvisited_units: list = field(default_factory=list)
    visited_count: int = 0
    days_by_cadre: list = field(default_factory=list)  # [(name, days)], by given name
    days_by_unit: list = field(default_factory=list)  # [(name, days)] for base units (or the district itself)
    days_by_month: list = field(default_factory=lambda: [0] * 12)
    total_days: int = 0
    ad_hoc_days: int = 0

    @property
    def base_units_visited(self):
        return self.visited_count

    @property
    def unvisited_count(self):
        return self.base_units_total - self.visited_count

    @property
    def label(self):
        return f"{self.base_units_visited}/{self.base_units_total}"

    @property
    def percent(self):
        return percent(self.base_units_visited, self.base_units_total)

    @property
    def text(self):
        return _("%(unit)s: đã đến %(label)s Đoàn cơ sở; %(days)s ngày cơ sở") % {
            "unit": self.district.name,
            "label": self.label,
            "days": self.total_days,
        }


def coverage(owner, year):
    """One :class:`DistrictCoverage` per district-level unit in ``owner``'s subtree (or for
    ``owner`` itself when it is one), in tree order. Four queries."""
    return coverage_of([owner], year)


def coverage_by_owner(owners, year, names=True):
    """``coverage`` of each of ``owners`` (units none of which lies under another, such as a
    cluster's): {owner id: [DistrictCoverage…]}, in the same four queries for all. Without
    ``names`` only the figures are kept (counts, days, days by cadre), not the lists of base
    unions visited and not visited nor the days by unit."""
    covers = coverage_of(owners, year, names=names)
    return {owner.pk: [cover for cover in covers if cover.district.path.startswith(owner.path)] for owner in owners}


def _under_any(owners, prefix=""):
    q = Q(pk__in=[])
    for owner in owners:
        q |= Q(**{f"{prefix}path__startswith": owner.path})
    return q


def _span_in_year(year):
    """The days inside ``year`` of a trip, as an SQL expression to sum (a duration: end − start,
    both clipped to the year; add one day per trip). Django's date subtraction is portable
    (PostgreSQL: an interval; SQLite: microseconds), both read back as a ``timedelta``."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return ExpressionWrapper(
        Least("end_date", Value(last)) - Greatest("start_date", Value(first)), output_field=DurationField()
    )


def _days(row):
    """The days inside the year of a group of trips: their ``_span_in_year`` summed, plus one a trip."""
    return row["span"].days + row["trips"]


def _month_days(year, rows):
    """``{(year, month): days}`` from trips grouped by the months they start and end in, with the
    sums of their first and last days of the month (no date arithmetic in SQL): a trip from
    day s of month A to day e of month B counts (days of A) − s + 1 in A, every day of the
    months between, e in B; within one month, e − s + 1."""
    days = defaultdict(int)
    for row in rows:
        start, end, n = (row["sy"], row["sm"]), (row["ey"], row["em"]), row["trips"]
        if start == end:
            days[start] += row["last_days"] - row["first_days"] + n
            continue
        y, m = start
        while (y, m) <= end:
            if (y, m) == start:
                days[(y, m)] += n * (calendar.monthrange(y, m)[1] + 1) - row["first_days"]
            elif (y, m) == end:
                days[(y, m)] += row["last_days"]
            elif y == year:
                days[(y, m)] += n * calendar.monthrange(y, m)[1]
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return {key: n for key, n in days.items() if key[0] == year}


def coverage_of(owners, year, names=True):
    """Four queries whatever the number of trips: the districts, the trips grouped by district,
    unit and month, the base unions and the units visited (one union), the trips grouped by
    district and cadre with the cadre's name (days summed in SQL). Without ``names`` the
    units' names and sort keys are not read and the lists of names not built (a cluster's
    page shows the counts)."""
    owners = list(owners)
    districts = list(Unit.objects.filter(_under_any(owners), level__kind=UnitLevel.Kind.DISTRICT).order_by("path"))
    if not districts:
        return []
    by_path = {d.path: DistrictCoverage(district=d, year=year) for d in districts}
    by_id = {d.pk: by_path[d.path] for d in districts}
    # A trip's district is its own ``host_district`` (coso/visits/ancestry.py): the nearest
    # district-level unit above the unit visited, i.e. the nearest of ``districts``.
    trips = (
        Visit.objects.filter(host_district_id__in=list(by_id))
        .overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        .order_by()
    )
    by_unit = defaultdict(list)  # (district id, unit id, is_ad_hoc) → its trips grouped by months
    for row in (
        trips.annotate(
            sy=ExtractYear("start_date"),
            sm=ExtractMonth("start_date"),
            ey=ExtractYear("end_date"),
            em=ExtractMonth("end_date"),
        )
        .values("host_district_id", "unit_id", "is_ad_hoc", "sy", "sm", "ey", "em")
        .annotate(trips=Count("*"), first_days=Sum(ExtractDay("start_date")), last_days=Sum(ExtractDay("end_date")))
    ):
        by_unit[(row["host_district_id"], row["unit_id"], row["is_ad_hoc"])].append(row)
    # The base unions and the units visited, by ids: a join of the trips to the units before
    # grouping made PostgreSQL hash the whole unit table (300 ms for a province).
    field_names = ("pk", "path", "name", "sort_key", "is_base") if names else ("pk", "path", "is_base")
    units = (
        Unit.objects.filter(_under_any(owners), level__kind=UnitLevel.Kind.BASE, is_active=True)
        .annotate(is_base=Value(True))
        .order_by()
        .values_list(*field_names)
        .union(
            Unit.objects.filter(pk__in={unit_id for _d, unit_id, _a in by_unit})
            .annotate(is_base=Value(False))
            .order_by()
            .values_list(*field_names),
            all=True,
        )
    )
    unit_rows = {}
    bases = []
    for row in units:
        pk, path, is_base = row[0], row[1], row[-1]
        name, sort_key = (row[2], row[3]) if names else ("", path)
        unit_rows[pk] = (path, name)
        if is_base:
            bases.append((sort_key, path, name))
    bases = [(path, name) for _key, path, name in sorted(bases)]
    base_names = dict(bases)
    base_district = {}
    for path, _name in bases:
        district = _nearest(path, by_path)
        if district:
            district.base_units_total += 1
            base_district[path] = district
    visited = defaultdict(set)
    unit_days = defaultdict(lambda: defaultdict(int))
    for (district_id, unit_id, is_ad_hoc), rows in by_unit.items():
        cover = by_id[district_id]
        path, name = unit_rows[unit_id]
        base = _nearest_key(path, base_names)
        if base:
            visited[cover.district.path].add(base)
        for (_y, m), days in _month_days(year, rows).items():
            cover.days_by_month[m - 1] += days
            cover.total_days += days
            if is_ad_hoc:
                cover.ad_hoc_days += days
            if names:
                unit_days[cover.district.path][base_names.get(base) or name] += days
    cadre_days = defaultdict(list)
    for row in (
        trips.values("host_district_id", "cadre_id")
        .annotate(
            trips=Count("*"),
            span=Sum(_span_in_year(year)),
            # Aggregates of the joined person, not grouping columns: one row per cadre.
            **{part: Min(f"cadre__{part}") for part in ("sort_key", *NAME_PARTS)},
        )
        .order_by()
    ):
        name = " ".join(row[part] for part in NAME_PARTS if row[part])
        cadre_days[row["host_district_id"]].append((row["sort_key"], row["cadre_id"], name, _days(row)))
    for path, cover in by_path.items():
        seen = visited[path]
        cover.visited_count = len(seen)
        if names:
            cover.visited_units = [name for base, name in bases if base in seen]
            cover.unvisited_units = [
                name for base, name in bases if base_district.get(base) is cover and base not in seen
            ]
        cover.days_by_cadre = [(name, days) for _key, _pk, name, days in sorted(cadre_days[cover.district.pk])]
        cover.days_by_unit = sorted(unit_days[path].items())
    return list(by_path.values())


NAME_PARTS = ("family_name", "middle_name", "given_name")


def district_coverage(district, year):
    return coverage(district, year)[0]


def _nearest(path, table):
    for prefix in reversed(selectors.prefixes(path)):
        if prefix in table:
            return table[prefix]
    return None


def _nearest_key(path, table):
    for prefix in reversed(selectors.prefixes(path)):
        if prefix in table:
            return prefix
    return None


@dataclass
class YearSummary:
    owner: Unit
    year: int
    cadres_total: int
    cadres_went: int
    total_days: int
    ad_hoc_days: int
    days_by_cadre: list  # [(name, days)] by given name, zeros included

    @property
    def percent(self):
        return percent(self.cadres_went, self.cadres_total)

    @property
    def text(self):
        return _("%(percent)s%% cán bộ đã đi cơ sở; %(days)s ngày cơ sở") % {
            "percent": self.percent,
            "days": days_phrase(self.total_days),
        }


def year_summary(owner, year, cadres=None):
    """The year's totals for the cadres of ``owner``: by default the cadres working in the
    owner's agency (``Person.unit == owner``) and every cadre assigned by one of its decisions
    during the year. Four queries."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if cadres is None:
        assigned = Assignment.objects.filter(decision__owner=owner, valid_from__lte=last).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=first)
        )
        # Two index lookups, not one OR: ``Q(is_cadre, unit=owner) | Q(pk__in=…)`` ordered by
        # sort_key made PostgreSQL walk the whole person sort index (docs/performance.md).
        ids = set(Person.objects.filter(is_cadre=True, unit=owner).values_list("pk", flat=True))
        ids.update(assigned.values_list("cadre_id", flat=True))
        cadres = Person.objects.filter(pk__in=ids)
    cadres = list(cadres.order_by("sort_key", "pk")) if hasattr(cadres, "order_by") else list(cadres)
    days = defaultdict(int)
    ad_hoc = 0
    for row in (
        Visit.objects.filter(cadre__in=cadres)
        .overlapping(first, last)
        .order_by()
        .values("cadre_id", "is_ad_hoc")
        .annotate(trips=Count("*"), span=Sum(_span_in_year(year)))
    ):
        n = _days(row)
        days[row["cadre_id"]] += n
        ad_hoc += n if row["is_ad_hoc"] else 0
    return YearSummary(
        owner=owner,
        year=year,
        cadres_total=len(cadres),
        cadres_went=sum(1 for c in cadres if days[c.pk] > 0),
        total_days=sum(days.values()),
        ad_hoc_days=ad_hoc,
        days_by_cadre=[(c.full_name, days[c.pk]) for c in cadres],
    )
