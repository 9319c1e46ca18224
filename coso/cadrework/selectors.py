"""Reads of cadre work, always through the user's scope where a user is involved."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, F, FilteredRelation, Max, OuterRef, Q, Subquery
from django.utils import timezone

from coso.cadrework.indicators import compute, dashboard  # noqa: F401  (the selector API of the dashboard)
from coso.cadrework.models import BaseUnitPlanSubmission, BodySeats
from coso.org.models import Unit, UnitLevel
from coso.people.models import Body, Post


def plans_visible_to(user):
    """Plans owned in the user's scope or by a union above it (see ``permissions.plans``)."""
    from coso.cadrework import permissions

    return permissions.plans(user)


@dataclass
class SubmissionStatus:
    unit: Unit
    submitted_on: datetime.date | None
    late: bool

    @property
    def missing(self):
        return self.submitted_on is None


def _base_unions(plan, user=None):
    """The active base unions under the plan's owner (those ``user`` may see, when given), in
    name order."""
    units = (
        Unit.objects.filter(path__startswith=plan.owner.path, level__kind=UnitLevel.Kind.BASE, is_active=True)
        .exclude(pk=plan.owner_id)
        .only("pk", "name", "path", "sort_key")
        # NULLS FIRST, not the order of the units' name index (as ``core.keyset``'s
        # ``by_index=False``): a page of a province's few thousand base unions is sorted, not
        # found by walking the country's name index past the other provinces' units.
        .order_by(F("sort_key").asc(nulls_first=True), "pk")
    )
    return units if user is None else units.visible_to(user)


def _status(plan, unit, submitted_on, on):
    """One base union's row as seen on day ``on``: late when sent after the deadline, or not
    sent and the deadline has passed."""
    if submitted_on is not None and submitted_on > on:
        submitted_on = None  # not yet sent on that day
    deadline = plan.base_plan_deadline
    if deadline is None:
        late = False
    elif submitted_on is None:
        late = on > deadline
    else:
        late = submitted_on > deadline
    return SubmissionStatus(unit=unit, submitted_on=submitted_on, late=late)


def submission_status(plan, on, user=None):
    """Every base union under the plan's owner with its submission, as seen on day ``on`` (those
    ``user`` may see, when given). Two queries."""
    sent = dict(BaseUnitPlanSubmission.objects.filter(plan=plan).values_list("unit_id", "submitted_on"))
    return [_status(plan, unit, sent.get(unit.pk), on) for unit in _base_unions(plan, user)]


@dataclass
class SubmissionCounts:
    on_time: int = 0
    late: int = 0
    missing: int = 0  # not sent, the deadline not passed

    @property
    def total(self):
        return self.on_time + self.late + self.missing


def submission_counts(plan, on, user=None):
    """How many of :func:`submission_status`'s rows are on time, late, not yet due: one grouped
    query (a national plan has tens of thousands of base unions; no row reaches Python)."""
    sent = FilteredRelation("cadre_plan_submissions", condition=Q(cadre_plan_submissions__plan=plan))
    deadline = plan.base_plan_deadline
    in_time = on if deadline is None else min(on, deadline)
    figures = (
        _base_unions(plan, user)
        .annotate(sent=sent)
        .aggregate(
            total=Count("pk"),
            in_time=Count("pk", filter=Q(sent__submitted_on__lte=in_time)),
            after=Count("pk", filter=Q(sent__submitted_on__gt=in_time, sent__submitted_on__lte=on)),
        )
    )
    not_sent = figures["total"] - figures["in_time"] - figures["after"]
    overdue = deadline is not None and on > deadline
    return SubmissionCounts(
        on_time=figures["in_time"],
        late=figures["after"] + (not_sent if overdue else 0),
        missing=0 if overdue else not_sent,
    )


def submission_page(plan, on, page, *, per_page, user=None, total=None):
    """A page of :func:`submission_status` read from SQL (``total``: the rows' count, when
    known, spares the paginator its own count)."""
    units = _base_unions(plan, user).annotate(
        sent_on=Subquery(
            BaseUnitPlanSubmission.objects.filter(plan=plan, unit=OuterRef("pk")).values("submitted_on")[:1]
        )
    )
    paginator = Paginator(units, per_page)
    if total is not None:
        paginator.count = total  # a cached property: the count already made
    found = paginator.get_page(page)
    found.object_list = [_status(plan, unit, unit.sent_on, on) for unit in found.object_list]
    return found


def late_submissions(plan, on):
    """Base unions whose plan came after the deadline, or had not come by ``on`` though the deadline passed."""
    return [row for row in submission_status(plan, on) if row.late]


@dataclass
class Vacancy:
    unit: Unit
    body: str
    seats: int
    filled: int
    since: datetime.date | None  # latest end of a post in the body, when seats are vacant

    @property
    def vacant(self):
        return max(self.seats - self.filled, 0)

    @property
    def body_label(self):
        return Body(self.body).label


def vacancies(unit, body=None, on=None):
    """Seats of each configured body of ``unit`` for the term covering ``on``, minus the
    people holding a post there on that day. Two queries whatever the number of posts."""
    on = on or timezone.localdate()
    seats = BodySeats.objects.filter(unit=unit, term__start_year__lte=on.year, term__end_year__gte=on.year)
    if body:
        seats = seats.filter(body=body)
    seats = {row.body: row.seats for row in seats}
    if not seats:
        return []
    current = Q(start_date__lte=on) & (Q(end_date__isnull=True) | Q(end_date__gte=on))
    figures = {
        row["body"]: row
        for row in Post.objects.filter(unit=unit, body__in=list(seats))
        .values("body")
        .annotate(
            filled=Count("person", filter=current, distinct=True),
            last_end=Max("end_date", filter=Q(end_date__lt=on)),
        )
        .order_by()
    }
    result = []
    for code, n in seats.items():
        row = figures.get(code, {})
        filled = row.get("filled", 0)
        since = row.get("last_end") if filled < n else None
        result.append(Vacancy(unit=unit, body=code, seats=n, filled=filled, since=since))
    return result
