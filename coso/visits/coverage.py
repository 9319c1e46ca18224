"""Coverage of the grassroots for a year: which base units of each district were visited
("10/13"), days per cadre, per unit and per month, and the year's totals in the seeds' words
("100% cán bộ đã đi cơ sở; hơn 240 ngày cơ sở", seed 003).

Days are counted inside the year only (a trip across New Year counts its days in each
year). Ad-hoc trips count in every figure and are also shown apart (``ad_hoc_days``).
A visit to a branch covers its base unit; a visit to the district union itself counts days
but covers no base unit.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.org.models import Unit, UnitLevel
from coso.people.models import Person
from coso.visits import rules, selectors
from coso.visits.models import Assignment, Visit


def days_in_year(start, end, year):
    return sum(days for (y, _m), days in rules.days_by_month(start, end).items() if y == year)


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
    visited_units: list = field(default_factory=list)  # names, Vietnamese order
    unvisited_units: list = field(default_factory=list)
    days_by_cadre: list = field(default_factory=list)  # [(name, days)], by given name
    days_by_unit: list = field(default_factory=list)  # [(name, days)] for base units (or the district itself)
    days_by_month: list = field(default_factory=lambda: [0] * 12)
    total_days: int = 0
    ad_hoc_days: int = 0

    @property
    def base_units_visited(self):
        return len(self.visited_units)

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


def coverage_by_owner(owners, year):
    """``coverage`` of each of ``owners`` (units none of which lies under another, such as a
    cluster's): {owner id: [DistrictCoverage…]}, in the same four queries for all."""
    covers = coverage_of(owners, year)
    return {owner.pk: [cover for cover in covers if cover.district.path.startswith(owner.path)] for owner in owners}


def _under_any(owners, prefix=""):
    q = Q(pk__in=[])
    for owner in owners:
        q |= Q(**{f"{prefix}path__startswith": owner.path})
    return q


def unit_ids_under(owners):
    """The ids of the units under ``owners``: a list when short (read by the trips' unit index),
    else a subquery. An OR of path prefixes joined to the trips made PostgreSQL read every trip
    of the country (a cluster's page: 290 ms at national scale)."""
    units = Unit.objects.filter(_under_any(owners)).order_by().values_list("pk", flat=True)
    limit = scoping.SMALL_SCOPE_MAX_UNITS
    ids = list(units[: limit + 1])
    return ids if len(ids) <= limit else units


def coverage_of(owners, year):
    owners = list(owners)
    districts = list(Unit.objects.filter(_under_any(owners), level__kind=UnitLevel.Kind.DISTRICT).order_by("path"))
    bases = list(
        Unit.objects.filter(_under_any(owners), level__kind=UnitLevel.Kind.BASE, is_active=True)
        .order_by("sort_key")
        .values_list("path", "name")
    )
    visits = (
        Visit.objects.filter(unit_id__in=unit_ids_under(owners))
        .overlapping(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        .values(
            "start_date",
            "end_date",
            "is_ad_hoc",
            "unit__path",
            "unit__name",
            "cadre_id",
            "cadre__family_name",
            "cadre__middle_name",
            "cadre__given_name",
            "cadre__sort_key",
        )
    )
    by_path = {d.path: DistrictCoverage(district=d, year=year) for d in districts}
    base_names = dict(bases)
    base_district = {}
    for path, _name in bases:
        district = _nearest(path, by_path)
        if district:
            district.base_units_total += 1
            base_district[path] = district
    visited = defaultdict(set)
    cadre_days = defaultdict(lambda: defaultdict(int))
    unit_days = defaultdict(lambda: defaultdict(int))
    cadre_names = {}
    for v in visits:
        cover = _nearest(v["unit__path"], by_path)
        if cover is None:
            continue
        base_path = _nearest_key(v["unit__path"], base_names)
        if base_path:
            visited[cover.district.path].add(base_path)
        for (y, m), days in rules.days_by_month(v["start_date"], v["end_date"]).items():
            if y != year:
                continue
            cover.days_by_month[m - 1] += days
            cover.total_days += days
            if v["is_ad_hoc"]:
                cover.ad_hoc_days += days
            cadre_days[cover.district.path][v["cadre_id"]] += days
            unit_days[cover.district.path][base_names.get(base_path) or v["unit__name"]] += days
        name = " ".join(p for p in (v["cadre__family_name"], v["cadre__middle_name"], v["cadre__given_name"]) if p)
        cadre_names[v["cadre_id"]] = (v["cadre__sort_key"], name)
    for path, cover in by_path.items():
        seen = visited[path]
        cover.visited_units = [name for base, name in bases if base in seen]
        cover.unvisited_units = [name for base, name in bases if base_district.get(base) is cover and base not in seen]
        cover.days_by_cadre = [
            (cadre_names[cadre_id][1], days)
            for cadre_id, days in sorted(cadre_days[path].items(), key=lambda item: cadre_names[item[0]][0])
        ]
        cover.days_by_unit = sorted(unit_days[path].items())
    return list(by_path.values())


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
    for start, end, cadre_id, is_ad_hoc in (
        Visit.objects.filter(cadre__in=cadres)
        .overlapping(first, last)
        .values_list("start_date", "end_date", "cadre_id", "is_ad_hoc")
    ):
        n = days_in_year(start, end, year)
        days[cadre_id] += n
        ad_hoc += n if is_ad_hoc else 0
    return YearSummary(
        owner=owner,
        year=year,
        cadres_total=len(cadres),
        cadres_went=sum(1 for c in cadres if days[c.pk] > 0),
        total_days=sum(days.values()),
        ad_hoc_days=ad_hoc,
        days_by_cadre=[(c.full_name, days[c.pk]) for c in cadres],
    )
