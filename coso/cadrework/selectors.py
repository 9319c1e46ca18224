"""Reads of cadre work, always through the user's scope where a user is involved."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q
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


def submission_status(plan, on, user=None):
    """Every base union under the plan's owner with its submission, as seen on day ``on`` (those
    ``user`` may see, when given).

    Late: sent after the deadline, or not sent and the deadline has passed. Two queries."""
    units = (
        Unit.objects.filter(path__startswith=plan.owner.path, level__kind=UnitLevel.Kind.BASE, is_active=True)
        .exclude(pk=plan.owner_id)
        .only("pk", "name", "path", "sort_key")
        .order_by("sort_key")
    )
    if user is not None:
        units = units.visible_to(user)
    sent = dict(BaseUnitPlanSubmission.objects.filter(plan=plan).values_list("unit_id", "submitted_on"))
    deadline = plan.base_plan_deadline
    rows = []
    for unit in units:
        submitted_on = sent.get(unit.pk)
        if submitted_on is not None and submitted_on > on:
            submitted_on = None  # not yet sent on that day
        if deadline is None:
            late = False
        elif submitted_on is None:
            late = on > deadline
        else:
            late = submitted_on > deadline
        rows.append(SubmissionStatus(unit=unit, submitted_on=submitted_on, late=late))
    return rows


@dataclass
class SubmissionCounts:
    on_time: int = 0
    late: int = 0
    missing: int = 0  # not sent, the deadline not passed

    @property
    def total(self):
        return self.on_time + self.late + self.missing


def submission_counts(rows):
    counts = SubmissionCounts()
    for row in rows:
        if row.late:
            counts.late += 1
        elif row.missing:
            counts.missing += 1
        else:
            counts.on_time += 1
    return counts


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
