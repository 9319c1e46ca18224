"""Reads for the programme pages: what each viewer must do (the home page's inbox), the period
a page shows, and the rows of the branch screen — each a fixed number of queries."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from coso.org.models import Unit
from coso.people.models import Person
from coso.programme import permissions, results
from coso.programme.models import (
    Assessment,
    AssessmentItem,
    BranchAssessment,
    Criterion,
    Registration,
    RegistrationItem,
    ResultCell,
    Round,
    RoundReport,
)
from coso.programme.permissions import BRANCH, RECOGNISE, REVIEW

A = Assessment.State
B = BranchAssessment.State
AWAITING = {
    BRANCH: ({A.SUBMITTED, A.BASE_RETURNED}, set()),
    REVIEW: ({A.EVALUATED, A.DISTRICT_RETURNED}, {B.SUBMITTED, B.DISTRICT_RETURNED}),
    RECOGNISE: ({A.REVIEWED}, {B.REVIEWED}),
}
# The summary's count of the results waiting for each step (AWAITING's states).
WAITING = {BRANCH: "waiting_branch", REVIEW: "waiting_base", RECOGNISE: "waiting_district"}
PAGE = {BRANCH: "programme:branch", REVIEW: "programme:base", RECOGNISE: "programme:district"}


def in_programme(programme, unit):
    return unit.path.startswith(programme.owner.path)


def _begun_rounds(programmes):
    """``{track id: [rounds begun by today]}`` of the programmes, in order."""
    begun = {}
    rounds = Round.objects.filter(track__programme__in=programmes, starts_on__lte=timezone.localdate())
    for rnd in rounds.order_by("number"):
        begun.setdefault(rnd.track_id, []).append(rnd)
    return begun


def _has_account(member_field):
    return Exists(get_user_model().objects.filter(person=OuterRef(member_field), is_active=True))


def _not_self_assessed(programmes, unit, begun):
    """``{programme id: (members, first round)}``: registered members of ``unit``'s subtree with
    no self-assessment for a round that has begun, whom the branch can act for — everyone where
    the programme lets the branch evaluate directly, else those without an account, whose paper
    form only the branch can enter. Two grouped queries whatever the number of members."""
    direct = {p.pk for p in programmes if p.direct_evaluation}
    submitted = Registration.objects.filter(
        programme__in=programmes, member__unit__path__startswith=unit.path, state=Registration.State.SUBMITTED
    )
    registered = {
        (p, track, account): n
        for p, track, account, n in submitted.annotate(account=_has_account("member_id"))
        .values("programme_id", "track_id", "account")
        .annotate(n=Count("id"))
        .values_list("programme_id", "track_id", "account", "n")
    }
    assessed = Assessment.objects.filter(registration__in=submitted, round__in=[r for rs in begun.values() for r in rs])
    done = {
        (p, rnd, account): n
        for p, rnd, account, n in assessed.exclude(state__in=Assessment.MEMBER_EDITABLE)
        .annotate(account=_has_account("registration__member_id"))
        .values("registration__programme_id", "round_id", "account")
        .annotate(n=Count("id"))
        .values_list("registration__programme_id", "round_id", "account", "n")
    }
    waiting = {}
    for (p, track, account), n in sorted(registered.items()):
        if account and p not in direct:
            continue
        for rnd in begun.get(track, []):
            left = n - done.get((p, rnd.pk, account), 0)
            if left > 0:
                count, first = waiting.get(p, (0, rnd))
                waiting[p] = (count + left, first if first.number <= rnd.number else rnd)
    return waiting


def inbox(user, programmes):
    """Rows ``{"capability", "programme", "unit", "members", "branches", "unregistered",
    "not_self_assessed", "reports", "url"}`` for each unit where the user holds a step of the
    workflow (``not_self_assessed``: ``(members, first round)`` or None, for the branch)."""
    rows = []
    if not programmes:
        return rows
    ids = [p.pk for p in programmes]
    begun = None
    for capability, (_states, branch_states) in AWAITING.items():
        paths = permissions.paths_with(user, capability)
        if not paths:  # None: everywhere (the system admin) — no personal inbox
            continue
        for unit in Unit.objects.filter(path__in=list(paths)).order_by("path"):
            # From the summary (the branches' cells, WAITING[capability] counts ``states``): the
            # assessments themselves were joined to their members' units (issue 9: 17 ms of a
            # district's home, 25–60 ms of the largest city's).
            members = dict(
                ResultCell.objects.filter(programme_id__in=ids, round__isnull=False, branch__path__startswith=unit.path)
                .values("programme_id")
                .annotate(n=Sum(WAITING[capability]))
                .values_list("programme_id", "n")
            )
            branches = dict(
                BranchAssessment.objects.filter(
                    programme_id__in=ids, branch__path__startswith=unit.path, state__in=branch_states
                )
                .values("programme_id")
                .annotate(n=Count("id"))
                .values_list("programme_id", "n")
            )
            registered = {}
            reports = {}
            members_total = 0
            not_self_assessed = {}
            if capability == BRANCH:
                begun = _begun_rounds(programmes) if begun is None else begun
                not_self_assessed = _not_self_assessed(programmes, unit, begun)
                members_total = Person.objects.filter(unit__path__startswith=unit.path, is_member=True).count()
                registered = dict(
                    Registration.objects.filter(programme_id__in=ids, member__unit__path__startswith=unit.path)
                    .values("programme_id")
                    .annotate(n=Count("id"))
                    .values_list("programme_id", "n")
                )
            if capability == RECOGNISE:
                reports = dict(
                    RoundReport.objects.filter(
                        round__track__programme_id__in=ids,
                        unit__path__startswith=unit.path,
                        state=RoundReport.State.SUBMITTED,
                    )
                    .values("round__track__programme_id")
                    .annotate(n=Count("id"))
                    .values_list("round__track__programme_id", "n")
                )
            for programme in programmes:
                if not in_programme(programme, unit):
                    continue
                rows.append(
                    {
                        "capability": capability,
                        "programme": programme,
                        "unit": unit,
                        "members": members.get(programme.pk, 0),
                        "branches": branches.get(programme.pk, 0),
                        "unregistered": max(members_total - registered.get(programme.pk, 0), 0),
                        "not_self_assessed": not_self_assessed.get(programme.pk),
                        "reports": reports.get(programme.pk, 0),
                        "url": PAGE[capability],
                    }
                )
    return rows


def rounds_of(programme):
    return list(
        Round.objects.filter(track__programme=programme).select_related("track").order_by("track__kind", "number")
    )


def pick_round(value, rounds, programme, unit=None, capability=None):
    """The period asked for (``round`` = a round id, or ``nam`` for the year). By default the
    round that has work for the page's step (``capability``: the earliest round with results
    of the unit waiting for that step — never one the step has already finished), else the
    earliest round with results of the unit not yet recognised, else the latest begun."""
    by_id = {str(r.pk): r for r in rounds}
    if value == "nam":
        return None
    if value in by_id:
        return by_id[value]
    if unit is not None:
        if capability in WAITING:
            waiting = results.first_round_with(programme, unit, WAITING[capability])
            if waiting is not None and str(waiting) in by_id:
                return by_id[str(waiting)]
        pending = results.first_round_with(programme, unit)
        if pending is not None and str(pending) in by_id:
            return by_id[str(pending)]
    today = timezone.localdate()
    begun = [r for r in rounds if r.starts_on <= today and r.track.kind == "general"]
    return begun[-1] if begun else (rounds[0] if rounds else None)


# The marks of an item a member has not assessed (or a period with no assessment yet).
NO_MARK = {
    "marked": False,
    "self_status": "",
    "self_points": None,
    "self_note": "",
    "branch_status": "",
    "branch_points": None,
    "branch_note": "",
}
MARKS = tuple(name for name in NO_MARK if name != "marked")


def branch_rows(programme, branch, round):
    """Every member of the branch with their registration, their assessment of the period and
    its items side by side — 6 queries whatever the size of the branch.

    Each item is one flat dict (``criterion_id``, ``title``, ``commitment``, ``item_points``
    and the marks of ``NO_MARK``) read with ``values_list``: 50 members' 500 items and 430
    marks as model instances (1,149 in all, with their states and caches, joined in cycles by
    ``prefetch_related``) were a third of the page's time, and garbage that only Python's
    full collection freed. Each query orders by its own columns, or not at all where rows are
    looked up by id: the models' default orders follow their foreign keys (an item by its
    registration, by its programme and member…), which made PostgreSQL join and hash the
    programme's whole registration table for one branch's items."""
    members = list(
        Person.objects.filter(unit=branch, is_member=True).select_related("target_group").order_by("sort_key", "id")
    )
    registrations = {
        r.member_id: r for r in Registration.objects.filter(programme=programme, member__unit=branch).order_by()
    }
    by_id = {r.pk: r for r in registrations.values()}
    items = {}
    for pk, registration_id, criterion_id, commitment, points in (
        RegistrationItem.objects.filter(registration__in=list(by_id))
        .order_by("position", "id")
        .values_list("pk", "registration_id", "criterion_id", "commitment", "points")
    ):
        items.setdefault(registration_id, []).append((pk, criterion_id, commitment, points))
    titles = dict(
        Criterion.objects.filter(pk__in={row[1] for rows in items.values() for row in rows}).values_list("pk", "title")
    )
    period = {"round": round} if round is not None else {"round__isnull": True}
    assessments = {}
    for a in (
        Assessment.objects.filter(registration__in=list(by_id), **period)
        .select_related("evaluated_by__person", "self_entered_by__person")
        .order_by()
    ):
        a.registration = by_id[a.registration_id]
        assessments[a.registration.member_id] = a
    marks = {}
    for assessment_id, item_id, *values in (
        AssessmentItem.objects.filter(assessment__in=[a.pk for a in assessments.values()])
        .order_by()
        .values_list("assessment_id", "item_id", *MARKS)
    ):
        marks[(assessment_id, item_id)] = dict(zip(MARKS, values, strict=True), marked=True)
    rows = []
    for member in members:
        registration = registrations.get(member.pk)
        assessment = assessments.get(member.pk)
        entries = []
        if registration is not None:
            for pk, criterion_id, commitment, points in items.get(registration.pk, ()):
                mark = marks.get((assessment.pk, pk), NO_MARK) if assessment is not None else NO_MARK
                entries.append(
                    {
                        "criterion_id": criterion_id,
                        "title": titles[criterion_id],
                        "commitment": commitment,
                        "item_points": points,
                        **mark,
                    }
                )
        rows.append({"member": member, "registration": registration, "assessment": assessment, "items": entries})
    return rows
