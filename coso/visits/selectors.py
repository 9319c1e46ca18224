"""Reads for grassroots visits: the facts the pure rules need, gathered in a constant number
of queries (unit ancestry by materialised-path prefixes, never one query per row), and the
per-cadre progress of the dashboards."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.core import dates
from coso.org.models import Cluster, Unit, UnitClassification, UnitLevel
from coso.people import ancestry
from coso.people.models import Person
from coso.visits import permissions, rules
from coso.visits.models import (
    Assignment,
    BlackoutDay,
    MonthlyReport,
    PlannedVisit,
    QuarterPlan,
    Visit,
    VisitForm,
    VisitPolicy,
)
from coso.visits.rules import Area, Cover, Trip, Violation

STEP = Unit.steplen
DISTRICT = UnitLevel.Kind.DISTRICT
BASE = UnitLevel.Kind.BASE
BRANCH = UnitLevel.Kind.BRANCH
BRANCH_MEETING_KINDS = {BASE, BRANCH}


NEWEST_FIRST = ("-start_date", "-id")


def trips_order(user):
    """The trip list's order, newest first. A scope of districts only holds a few trips in a
    thousand: they are sorted (NULLS LAST on a date never empty, so that the newest-first index
    is not walked through the whole country's trips to find a page of them); a province's or the
    country's are read along that index."""
    granted = scoping.granted_units(user)
    if granted and all(kind == ancestry.DISTRICT for _path, _pk, kind in granted):
        return F("start_date").desc(nulls_last=True), F("id").desc()
    return NEWEST_FIRST


def small_scope_trip_ids(user, narrow=lambda visits: visits, chunk=5000):
    """The ids of the trips ``Visit.objects.visible_to(user)`` holds, newest first (start date,
    then id), read as short lists when the user's scope is small (a district or below): trips
    to its units, trips of its persons (by their ids, in chunks), the user's own. None for a
    larger scope.

    One query with the OR of the first two makes PostgreSQL walk every trip of the country by
    date to find a base union's few (3.9 s at national scale), and the join of trips to the
    scope's persons walks every trip by its cadre (135 ms for a district). ``narrow`` applies
    the list's filters to each part. None too for a scope of provinces and districts: the trips'
    own columns name those (``permissions.visible_trips_q``)."""
    granted = scoping.granted_units(user)
    if granted is None or all(kind in (ancestry.PROVINCE, ancestry.DISTRICT) for _path, _pk, kind in granted):
        return None
    unit_ids = scoping.small_scope_unit_ids(user)
    if unit_ids is None:
        return None
    person_ids = list(Person.objects.filter(unit_id__in=unit_ids).order_by().values_list("pk", flat=True))
    if getattr(user, "person_id", None):
        person_ids.append(user.person_id)
    parts = [Visit.objects.filter(unit_id__in=unit_ids)]
    parts += [
        Visit.objects.filter(cadre_id__in=person_ids[start : start + chunk])
        for start in range(0, len(person_ids), chunk)
    ]
    rows = set()
    for part in parts:
        rows.update(narrow(part).order_by().values_list("start_date", "id"))
    return [pk for _start, pk in sorted(rows, reverse=True)]


def prefixes(path):
    """The paths of a unit and its ancestors, root first."""
    return [path[: i * STEP] for i in range(1, len(path) // STEP + 1)]


def ancestor_index(paths, kind):
    """``{path: row}`` — for each path, its nearest ancestor-or-self whose level is ``kind``
    (``row``: pk, path, name, is_mountainous), in one query. Paths without one are absent."""
    paths = set(paths)
    if not paths:
        return {}
    wanted = {prefix for path in paths for prefix in prefixes(path)}
    rows = {
        row["path"]: row
        for row in Unit.objects.filter(path__in=wanted, level__kind=kind).values("pk", "path", "name", "is_mountainous")
    }
    index = {}
    for path in paths:
        for prefix in reversed(prefixes(path)):
            if prefix in rows:
                index[path] = rows[prefix]
                break
    return index


def area_for(path, name, mountainous, districts):
    """The cap's area of a unit: its district-level ancestor, else the unit itself."""
    row = districts.get(path)
    if row is None:
        return Area(key=path, name=name, mountainous=mountainous)
    return Area(key=row["path"], name=row["name"], mountainous=row["is_mountainous"])


def host_for(path, pk, districts):
    """The unit that confirms a visit: the district-level ancestor, else the unit visited."""
    row = districts.get(path)
    return row["pk"] if row else pk


def month_window(start, end):
    low, high = min(start, end), max(start, end)
    return low.replace(day=1), rules.month_last_day(high.year, high.month)


# --------------------------------------------------------------------------- facts of one trip


def _trip_rows(cadre, window, planned):
    first, last = window
    if planned:
        qs = PlannedVisit.objects.filter(plan__cadre=cadre)
    else:
        qs = Visit.objects.filter(cadre=cadre)
    return list(
        qs.filter(start_date__lte=last, end_date__gte=first).values(
            "pk", "start_date", "end_date", "unit__path", "unit__name", "unit__is_mountainous"
        )
    )


def covers_for(cadre, start, end):
    rows = (
        Assignment.objects.filter(cadre=cadre, valid_from__lte=max(start, end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=min(start, end)))
        .values_list("unit__path", "valid_from", "valid_to")
    )
    return [Cover(path, valid_from, valid_to) for path, valid_from, valid_to in rows]


def blackout_for(owner_ids, start, end):
    labels = defaultdict(list)
    for day in BlackoutDay.objects.filter(owner_id__in=owner_ids, date__gte=start, date__lte=end).order_by(
        "date", "reason"
    ):
        if day.label not in labels[day.date]:
            labels[day.date].append(day.label)
    joiner = f" {_('và')} "
    return {day: joiner.join(names) for day, names in labels.items()}


def locked_months_for(cadre, start, end):
    months = rules.days_by_month(min(start, end), max(start, end))
    if not months:
        return {}
    q = Q()
    for year, month in months:
        q |= Q(year=year, month=month)
    reports = MonthlyReport.objects.filter(q, cadre=cadre, state__in=MonthlyReport.LOCKING)
    return {(r.year, r.month): r.get_state_display() for r in reports}


def trip_violations(
    *,
    cadre,
    unit,
    start_date,
    end_date,
    is_ad_hoc=False,
    exclude_pk=None,
    planned=False,
    today=None,
    check_locks=True,
    extra_locked=None,
):
    """Every violation of a trip (a recorded visit, or a planned one with ``planned=True``),
    against the cadre's other trips of the same months. For forms' live checks too."""
    far = [
        Violation("date_out_of_window", message, name)
        for name, value in (("start_date", start_date), ("end_date", end_date))
        if (message := dates.window_message(value))
    ]
    if far:  # nothing else can be checked on such dates
        return far
    policy = VisitPolicy.for_unit(cadre.unit, start_date.year)
    window = month_window(start_date, end_date)
    rows = [row for row in _trip_rows(cadre, window, planned) if row["pk"] != exclude_pk]
    districts = ancestor_index({unit.path} | {row["unit__path"] for row in rows}, DISTRICT)
    existing = [
        Trip(
            row["start_date"],
            row["end_date"],
            area_for(row["unit__path"], row["unit__name"], row["unit__is_mountainous"], districts),
            row["unit__name"],
            row["pk"],
        )
        for row in rows
    ]
    trip = Trip(start_date, end_date, area_for(unit.path, unit.name, unit.is_mountainous, districts), unit.name)
    low, high = min(start_date, end_date), max(start_date, end_date)
    locked = {}
    if check_locks and not planned:
        locked = locked_months_for(cadre, low, high)
        locked.update(extra_locked or {})
    return rules.check_trip(
        cadre_name=cadre.full_name,
        unit_name=unit.name,
        unit_path=unit.path,
        trip=trip,
        is_ad_hoc=is_ad_hoc,
        policy=policy,
        existing=existing,
        blackout=blackout_for({cadre.unit_id, policy.owner_id}, low, high),
        covers=covers_for(cadre, low, high),
        today=today,
        locked_months=locked,
    )


# --------------------------------------------------------------------------- report lines


def month_lines(cadre, year, month):
    """The visits of a cadre overlapping a month, with their days in that month and their host."""
    first, last = datetime.date(year, month, 1), rules.month_last_day(year, month)
    visits = list(
        Visit.objects.filter(cadre=cadre).overlapping(first, last).select_related("unit").order_by("start_date", "pk")
    )
    districts = ancestor_index({v.unit.path for v in visits}, DISTRICT)
    lines = []
    for visit in visits:
        days = rules.days_by_month(visit.start_date, visit.end_date).get((year, month), 0)
        lines.append((visit, days, host_for(visit.unit.path, visit.unit_id, districts)))
    return lines


# --------------------------------------------------------------------------- weak units


def weak_unit_candidates(district, year):
    """Base units of the district in proposal order, with their classification of ``year - 1``:
    ``[(unit_id, name, level_id or None, rank or None)]``."""
    units = list(
        Unit.objects.filter(path__startswith=district.path, level__kind=BASE, is_active=True)
        .exclude(pk=district.pk)
        .values_list("pk", "sort_key", "name")
    )
    classified = {
        unit_id: (level_id, rank)
        for unit_id, level_id, rank in UnitClassification.objects.filter(
            unit_id__in=[u[0] for u in units], year=year - 1
        ).values_list("unit_id", "level_id", "level__rank")
    }
    names = {pk: name for pk, _key, name in units}
    ordered = rules.order_weak_candidates((pk, key, classified.get(pk, (None, None))[1]) for pk, key, _name in units)
    return [(pk, names[pk], classified.get(pk, (None, None))[0], rank) for pk, _key, rank in ordered]


def weak_unit_outcomes(selection):
    """For each pick: last year's and this year's level, and whether it improved and left the
    below-average levels — the target of plan 000."""
    picks = list(selection.picks.select_related("unit", "previous_level"))
    now = {
        c.unit_id: c.level
        for c in UnitClassification.objects.filter(
            unit_id__in=[p.unit_id for p in picks], year=selection.year
        ).select_related("level")
    }
    result = []
    for pick in picks:
        current = now.get(pick.unit_id)
        improved = None
        if current is not None and pick.previous_level is not None:
            improved = current.rank < pick.previous_level.rank
        result.append(
            {
                "unit": pick.unit,
                "previous": pick.previous_level,
                "current": current,
                "improved": improved,
                "target_met": current is not None and not current.is_below_average and improved is not False,
            }
        )
    return result


# --------------------------------------------------------------------------- progress


def is_cluster_leader(cadre, year):
    return (
        Cluster.objects.filter(year=year).filter(Q(leader=cadre) | Q(deputy=cadre)).exists()
        or Assignment.objects.filter(
            cadre=cadre,
            role__in=[Assignment.Role.CLUSTER_LEADER, Assignment.Role.CLUSTER_DEPUTY],
            valid_from__lte=datetime.date(year, 12, 31),
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(year, 1, 1)))
        .exists()
    )


def progress(cadre, year, on=None, quarter=None):
    """Each minimum of the plan for one cadre, as of ``on`` (default today): days this year,
    branch meetings this quarter, cluster leaders' base units this quarter, monthly follow-up
    of the units followed, the quarter plan, last month's report, trip reports on time.
    ``quarter`` (default: the quarter of ``on``) looks back at a finished quarter."""
    on = on or timezone.localdate()
    policy = VisitPolicy.for_unit(cadre.unit, year)
    year_first, year_last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    quarter = quarter or rules.quarter_of(min(max(on, year_first), year_last))
    q_first, q_last = rules.quarter_bounds(year, quarter)
    visits = list(
        Visit.objects.filter(cadre=cadre)
        .overlapping(year_first, year_last)
        .values("start_date", "end_date", "form", "unit__path", "unit__name", "unit__level__kind", "recorded_at")
    )
    bases = ancestor_index({v["unit__path"] for v in visits}, BASE)
    items = []

    if policy.yearly_minimum_days:
        days = sum(
            n for v in visits for (y, _m), n in rules.days_by_month(v["start_date"], v["end_date"]).items() if y == year
        )
        items.append(rules.yearly_days_item(days=days, policy=policy, year=year, on=on))

    in_quarter = [v for v in visits if q_first <= v["start_date"] <= q_last]
    if policy.branch_meetings_per_quarter:
        count = sum(
            1
            for v in in_quarter
            if v["form"] == VisitForm.BRANCH_MEETING and v["unit__level__kind"] in BRANCH_MEETING_KINDS
        )
        items.append(rules.branch_meetings_item(count=count, policy=policy, year=year, quarter=quarter, on=on))

    if policy.cluster_leader_base_units_per_quarter and is_cluster_leader(cadre, year):
        names = sorted({bases[v["unit__path"]]["name"] for v in in_quarter if v["unit__path"] in bases})
        items.append(rules.cluster_base_units_item(unit_names=names, policy=policy, year=year, quarter=quarter, on=on))

    follows = list(
        Assignment.objects.filter(cadre=cadre, role=Assignment.Role.FOLLOW, valid_from__lte=year_last)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year_first))
        .values("unit__path", "unit__name", "valid_from", "valid_to")
    )
    if follows:
        due = defaultdict(set)
        for a in follows:
            due[a["unit__name"]].update(
                rules.follow_up_due_months(
                    valid_from=a["valid_from"],
                    valid_to=a["valid_to"],
                    applies_from=policy.applies_from,
                    year=year,
                    on=on,
                )
            )
        visited = set()
        for v in visits:
            for a in follows:
                if v["unit__path"].startswith(a["unit__path"]):
                    for y, m in rules.days_by_month(v["start_date"], v["end_date"]):
                        if y == year:
                            visited.add((a["unit__name"], m))
        items.append(
            rules.follow_up_item(due={k: sorted(v) for k, v in due.items()}, visited=visited, year=year, on=on)
        )

    if policy.quarterly_plan_required and not (policy.applies_from and policy.applies_from > q_last):
        plan = QuarterPlan.objects.filter(cadre=cadre, year=year, quarter=quarter).first()
        submitted = timezone.localdate(plan.first_submitted_at) if plan and plan.first_submitted_at else None
        items.append(rules.quarter_plan_item(submitted_on=submitted, policy=policy, year=year, quarter=quarter, on=on))

    previous = (on.replace(day=1) - datetime.timedelta(days=1)) if on.year == year else None
    if previous and previous.year == year and not (policy.applies_from and policy.applies_from > previous):
        report = MonthlyReport.objects.filter(cadre=cadre, year=year, month=previous.month).first()
        submitted = timezone.localdate(report.first_submitted_at) if report and report.first_submitted_at else None
        due_date = rules.report_due_date(year, previous.month, policy.monthly_report_due_day)
        items.append(
            rules.monthly_report_item(submitted_on=submitted, due_date=due_date, year=year, month=previous.month, on=on)
        )

    if policy.report_within_days_after_trip is not None:
        limit = policy.report_within_days_after_trip
        late = [
            f"{v['unit__name']} {rules.date_range_text(v['start_date'], v['end_date'])}"
            for v in visits
            if timezone.localdate(v["recorded_at"]) > v["end_date"] + datetime.timedelta(days=limit)
        ]
        items.append(rules.late_trip_reports_item(late=late, within_days=limit))

    return rules.Progress(cadre_name=cadre.full_name, year=year, on=on, items=items)


@dataclass(frozen=True)
class ReportParts:
    """What one viewer reads of a monthly report shared by its host districts. ``whole``: every
    part (lines, confirmations, step log, history, review); otherwise only the report's header
    and the lines and confirmations of ``host_ids``, the hosts in the viewer's scope."""

    report: object
    whole: bool
    lines: list
    confirmations: list
    host_ids: frozenset | None = None

    @property
    def days(self):
        return self.report.total_days if self.whole else sum(line.days_in_month for line in self.lines)

    @property
    def review_comment(self):
        return self.report.review_comment if self.whole else ""


def report_parts(user, report, led=None):
    """The one decision of who reads which part of a monthly report, used by its page, the API
    and its paper: the cadre and their leaders everything; a host district its own lines, its own
    confirmation and the header (everything when every host of the report is its own). ``report`` comes from ``MonthlyReport.objects.visible_to(user)``
    (with ``cadre__unit``)."""
    lines = list(report.lines.select_related("visit__unit", "host"))
    confirmations = list(report.host_confirmations.select_related("district", "by"))
    if permissions.reads_whole_report(user, report, review_units(report, confirmations), led):
        return ReportParts(report, True, lines, confirmations)
    hosts = frozenset(c.district_id for c in confirmations if scoping.can(user, scoping.VIEW, c.district))
    if hosts >= {c.district_id for c in confirmations} | {line.host_id for line in lines}:
        return ReportParts(report, True, lines, confirmations)  # every part is the viewer's own
    return ReportParts(
        report,
        False,
        [line for line in lines if line.host_id in hosts],
        [c for c in confirmations if c.district_id in hosts],
        hosts,
    )


def review_units(report, confirmations=None):
    """The districts whose cluster leaders may review the report: its hosts, or (a month
    without trips) the units the cadre follows. ``confirmations``: already fetched ones."""
    if confirmations is not None:
        hosts = [c.district_id for c in confirmations]
    else:
        hosts = list(report.host_confirmations.values_list("district_id", flat=True))
    if hosts:
        return hosts
    return list(
        Assignment.objects.filter(cadre_id=report.cadre_id, valid_from__year__lte=report.year).values_list(
            "unit_id", flat=True
        )
    )


def proof_counts(visits):
    """How many of ``visits`` (a queryset) each proof of place has, in the badges' order:
    [(code, label, count)], one grouped query."""
    from django.db.models import Count

    from coso.visits.models import Proof

    counts = dict(visits.order_by().values_list("proof").annotate(n=Count("id")))
    return [(code, label, counts.get(code, 0)) for code, label in Proof.choices]
