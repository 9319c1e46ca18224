"""Results of the programme for any unit, computed in a constant number of queries.

Every figure is an aggregate over the unit's subtree (one ``path LIKE 'prefix%'``): counts are
grouped in the database by branch and target group ("cells"), then rolled up in Python to
whatever level a page or a report needs (branches, base unions, target groups, the total).
Nothing here runs a query per member or per unit.

A period is a round (``round=…``) or the whole year (``round=None``: the year-end
assessment, or the school year's). Stages count as in ``Assessment``: a record returned
upwards counts at the stage it went back to.

Selectors take an optional ``user``: when given, the unit must be in their view scope.
"""

from collections import defaultdict

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from coso.core.keyset import keyset_page
from coso.org.models import Unit
from coso.people.models import Person, TargetGroup
from coso.programme import permissions, summary
from coso.programme.models import (
    Assessment,
    BranchAssessment,
    Criterion,
    CriterionCell,
    Inspection,
    ItemStatus,
    Outcome,
    Registration,
    ResultCell,
    RoundReport,
)
from coso.programme.rules import rate

S = Assessment.State
COUNTERS = (
    "members",
    "registered",
    "self_assessed",
    "evaluated",
    "reviewed",
    "recognised",
    "items",
    "done",
    "partly",
    "not_done",
    "waiting_branch",
    "waiting_base",
    "waiting_district",
) + tuple(f"result_{outcome}" for outcome in Outcome.values)

# The figures of a period that count results (levels, items and their marks).
RESULTS = ("items", "done", "partly", "not_done") + tuple(f"result_{outcome}" for outcome in Outcome.values)
# The states whose results (levels, items done…) a figure counts: every evaluated one for the
# working pages; only the recognised ones for the round's report to the Standing Committee.
RECOGNISED_ONLY = frozenset({S.RECOGNISED})


def _check(user, unit):
    if user is not None:
        permissions.require_view(user, unit)


def _period(prefix, round):
    if round is None:
        return Q(**{f"{prefix}round__isnull": True})
    return Q(**{f"{prefix}round_id": round.pk})


def registrations_in(programme, unit, round=None, track=None):
    qs = Registration.objects.filter(
        programme=programme, state=Registration.State.SUBMITTED, member__unit__path__startswith=unit.path
    )
    if round is not None:
        qs = qs.filter(track_id=round.track_id)
    elif track is not None:
        qs = qs.filter(track=track)
    return qs


def blank():
    return dict.fromkeys(COUNTERS, 0)


def with_rates(row):
    row["registration_rate"] = rate(row["registered"], row["members"])
    row["self_assessment_rate"] = rate(row["self_assessed"], row["registered"])
    row["evaluation_rate"] = rate(row["evaluated"], row["registered"])
    row["recognition_rate"] = rate(row["recognised"], row["registered"])
    row["completion_rate"] = rate(row["done"], row["items"])
    return row


def _basis(counted):
    """The summary's prefix for the results counted over ``counted``: every evaluated
    assessment (the working pages) or the recognised ones only (the round's report)."""
    if counted is None or set(counted) == Assessment.EVALUATED_STATES:
        return ""
    if set(counted) == RECOGNISED_ONLY:
        return "recognised_"
    raise ValueError("results are summarised over the evaluated or the recognised assessments only")


def _summary_of(model, programme, unit_ids, round, track):
    """The summary cells of the units ``unit_ids`` for the period: the year's cells (which hold
    ``registered``) and, for a round, the round's — of the round's track, or of ``track``."""
    qs = model.objects.filter(programme=programme, branch_id__in=unit_ids)
    if round is not None:
        return qs.filter(Q(round__isnull=True) | Q(round_id=round.pk), track_id=round.track_id)
    if track is not None:
        qs = qs.filter(track=track)
    return qs.filter(round__isnull=True)


def _sum(field, period):
    return Coalesce(Sum(field, filter=period), 0)


def _period_of(round):
    return Q(round__isnull=True) if round is None else Q(round_id=round.pk)


def cells(*, programme, unit, round=None, track=None, counted=None, members=True):
    """``{(branch id, target group id): counters}`` for the unit's subtree — 3 queries, read
    from the summary (``summary.refresh`` keeps it); 2 with ``members=False``, for a page
    that shows no member counts (``members`` stays 0: counting them groups every member of
    the subtree).

    Results (levels, items done, partly, not done) come from the assessments in ``counted``
    (default: every evaluated one; or ``RECOGNISED_ONLY``); the stage counts and ``waiting_*``
    from all of them."""
    basis = _basis(counted)
    period = _period_of(round)
    year = Q(round__isnull=True)
    sums = {"n_registered": _sum("registered", year)}
    sums.update({f"n_{name}": _sum(name, period) for name in summary.STAGES})
    sums.update({f"n_{name}": _sum(basis + name, period) for name in RESULTS})
    out = defaultdict(blank)
    unit_ids = _unit_ids(unit)
    for row in (
        _summary_of(ResultCell, programme, unit_ids, round, track)
        .values("branch_id", "target_group_id")
        .annotate(**sums)
        .order_by()
    ):
        cell = out[(row["branch_id"], row["target_group_id"])]
        for name in ("registered", *summary.STAGES, *RESULTS):
            cell[name] += row[f"n_{name}"]
    if not members:
        return out
    for row in members_under(unit, unit_ids).values("unit_id", "target_group_id").annotate(n=Count("id")):
        out[(row["unit_id"], row["target_group_id"])]["members"] += row["n"]
    return out


def first_round_with(programme, unit, waiting=None):
    """The id of the earliest round with results of the unit waiting at ``waiting`` (a
    ``summary.WAITING`` name), or without: not yet recognised — from the summary; else None."""
    cells = ResultCell.objects.filter(programme=programme, branch_id__in=_unit_ids(unit), round__isnull=False)
    cells = cells.filter(**{f"{waiting}__gt": 0}) if waiting else cells.filter(assessments__gt=F("recognised"))
    return cells.order_by("round__number").values_list("round_id", flat=True).first()


def registered_in(programme, unit):
    """How many of the unit's members registered (sent their form) — from the summary."""
    return _registered(_summary_of(ResultCell, programme, _unit_ids(unit), None, None))


def _registered(cells):
    return cells.aggregate(n=_sum("registered", Q(round__isnull=True)))["n"]


def members_under(unit, unit_ids=None):
    """The members of ``unit``'s subtree, chosen by the ids of its units (a programme's district
    or base: at most a few thousand). Joined to the units by the path's prefix, PostgreSQL
    estimates ten times the rows and scans all 7 M persons (1 s a query at national scale)."""
    return Person.objects.filter(is_member=True, unit_id__in=_unit_ids(unit) if unit_ids is None else unit_ids)


def _unit_ids(unit):
    return list(Unit.objects.subtree_of(unit).order_by().values_list("pk", flat=True))


def _add(into, cell):
    for name in COUNTERS:
        into[name] += cell[name]


def roll_up(cell_map, key):
    """Sum cells under ``key(cell key)``; keys mapping to ``None`` are dropped."""
    out = defaultdict(blank)
    for cell_key, cell in cell_map.items():
        group = key(cell_key)
        if group is not None:
            _add(out[group], cell)
    return out


def participation(*, programme, unit, round=None, track=None, user=None, counted=None):
    """Registered / self-assessed / evaluated / reviewed / recognised, results and items done,
    by branch, by target group and in total — 6 queries whatever the size."""
    _check(user, unit)
    cell_map = cells(programme=programme, unit=unit, round=round, track=track, counted=counted)
    unit_ids = {branch_id for branch_id, _group in cell_map}
    units = {u["id"]: u for u in Unit.objects.filter(pk__in=unit_ids).values("id", "name", "path", "sort_key")}
    groups = dict(TargetGroup.objects.values_list("id", "name"))
    by_branch = [
        with_rates({"unit_id": uid, "name": units[uid]["name"], "path": units[uid]["path"], **row})
        for uid, row in roll_up(cell_map, lambda k: k[0]).items()
    ]
    by_branch.sort(key=lambda r: r["path"])
    by_group = [
        with_rates({"target_group_id": gid, "name": groups.get(gid, _("Chưa xác định đối tượng")), **row})
        for gid, row in roll_up(cell_map, lambda k: k[1]).items()
    ]
    by_group.sort(key=lambda r: r["name"])
    total = blank()
    for cell in cell_map.values():
        _add(total, cell)
    return {
        "total": with_rates(total),
        "by_branch": by_branch,
        "by_target_group": by_group,
        "cells": cell_map,
        "units": units,
    }


def by_units(*, programme, unit, targets, round=None, track=None, cell_map=None, units=None):
    """Roll the cells up to ``targets`` (units inside ``unit``, e.g. its base unions): each
    branch counts under the deepest target whose path prefixes its own."""
    if cell_map is None:
        cell_map = cells(programme=programme, unit=unit, round=round, track=track)
    if units is None:
        ids = {branch_id for branch_id, _group in cell_map}
        units = {u["id"]: u for u in Unit.objects.filter(pk__in=ids).values("id", "path")}
    target_paths = {t.path: t for t in targets}
    steplen = Unit.steplen

    def owner(cell_key):
        path = units[cell_key[0]]["path"]
        for end in range(len(path), 0, -steplen):
            if path[:end] in target_paths:
                return target_paths[path[:end]].pk
        return None

    return roll_up(cell_map, owner)


def criterion_completion(*, programme, unit, round=None, track=None, user=None, counted=None):
    """Per criterion of the catalogue: how many registered it, and how the members and the
    branches assessed it in the period (the branch's marks from the assessments in ``counted``,
    default every evaluated one) — 2 queries, read from the summary."""
    _check(user, unit)
    basis = _basis(counted)
    period = _period_of(round)
    marks = {}
    registered = {}
    for row in (
        _summary_of(CriterionCell, programme, _unit_ids(unit), round, track)
        .values("criterion_id")
        .annotate(
            n_registered=_sum("registered", Q(round__isnull=True)),
            self_done=_sum("self_done", period),
            self_partly=_sum("self_partly", period),
            self_not_done=_sum("self_not_done", period),
            done=_sum(basis + "done", period),
            partly=_sum(basis + "partly", period),
            not_done=_sum(basis + "not_done", period),
        )
        .order_by()
    ):
        criterion_id = row.pop("criterion_id")
        registered[criterion_id] = row.pop("n_registered")
        marks[criterion_id] = row
    rows = []
    for criterion in Criterion.objects.filter(programme=programme).select_related("target_group"):
        figures = marks.get(criterion.pk) or dict.fromkeys(
            ("self_done", "self_partly", "self_not_done", "done", "partly", "not_done"), 0
        )
        evaluated = figures["done"] + figures["partly"] + figures["not_done"]
        rows.append(
            {
                "criterion_id": criterion.pk,
                "code": criterion.code,
                "title": criterion.title,
                "kind": criterion.kind,
                "target_group": criterion.target_group.name if criterion.target_group_id else "",
                "registered": registered.get(criterion.pk, 0),
                **figures,
                "evaluated": evaluated,
                "completion_rate": rate(figures["done"], evaluated),
            }
        )
    return rows


def final_assessments(programme, unit):
    """Each member's latest evaluated period (the year-end one, else the last round): one
    assessment per registration, chosen in SQL (no later evaluated period exists)."""
    return summary.final_assessments(registrations_in(programme, unit))


def _item_figures(assessments):
    """``{registration id: figures}`` of the given assessments, the items counted in one
    grouped query (one row per assessment)."""
    points = Sum(
        Case(
            When(items__branch_status=ItemStatus.DONE, then=F("items__item__points")),
            When(items__branch_status=ItemStatus.PARTLY, then=F("items__branch_points")),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    rows = assessments.values("pk", "registration_id", "round__number", "result", "state").annotate(
        n_items=Count("items"),
        n_done=Count("items", filter=Q(items__branch_status=ItemStatus.DONE)),
        n_partly=Count("items", filter=Q(items__branch_status=ItemStatus.PARTLY)),
        n_not_done=Count("items", filter=Q(items__branch_status=ItemStatus.NOT_DONE)),
        points=points,
    )
    return {row["registration_id"]: row for row in rows}


NOT_EVALUATED = {
    "evaluated": False,
    "period": None,
    "items": 0,
    "done": 0,
    "partly": 0,
    "not_done": 0,
    "done_ratio": None,
    "points": None,
    "result": "",
    "recognised": False,
}


def _classify(programme, row):
    if row is None:
        return dict(NOT_EVALUATED)
    return {
        "evaluated": True,
        "period": row["round__number"],
        "items": row["n_items"],
        "done": row["n_done"],
        "partly": row["n_partly"],
        "not_done": row["n_not_done"],
        "done_ratio": rate(row["n_done"], row["n_items"]),
        "points": row["points"] if programme.mode == programme.Mode.POINTS else None,
        "result": row["result"],
        "recognised": row["state"] == Assessment.State.RECOGNISED,
    }


# What a classification row shows of its member (their name and branch): nothing else is read.
MEMBER_FIELDS = (
    "id",
    "member_id",
    "member__family_name",
    "member__middle_name",
    "member__given_name",
    "member_sort_key",
    "member__sort_key",
    "member__unit_id",
    "member__unit__name",
)


def classification_page(*, programme, unit, offset=0, limit=None, user=None):
    """The year-end classification figures of the unit's registered members, sorted by name
    and paginated in the database: ``(total, rows)``, each row the member (``person``, with
    its unit) and the figures of ``classification_input``. 3 queries whatever the members: the
    count, the page of registrations with each one's final assessment chosen in SQL, and the
    items of those assessments grouped by assessment. Without ``limit``: every member (the
    export), the final assessments then chosen for the whole unit in the grouped query."""
    _check(user, unit)
    regs = registrations_in(programme, unit)
    total = regs.count()
    page = regs.select_related("member__unit").only(*MEMBER_FIELDS).order_by("member_sort_key", "member_id")
    if limit is None:
        page = list(page)
        finals = _item_figures(final_assessments(programme, unit))
    else:
        page = list(page.annotate(final_id=_latest_evaluated())[offset : offset + limit])
        finals = _finals_of(page)
    return total, [{"person": reg.member, **_classify(programme, finals.get(reg.pk))} for reg in page]


def _latest_evaluated():
    """The id of the outer registration's final assessment (its latest evaluated period)."""
    return Subquery(
        Assessment.objects.filter(registration=OuterRef("pk"), state__in=Assessment.EVALUATED_STATES)
        .order_by(F("round__number").desc(nulls_first=True))
        .values("pk")[:1]
    )


def _finals_of(registrations):
    ids = [reg.final_id for reg in registrations if reg.final_id is not None]
    return _item_figures(Assessment.objects.filter(pk__in=ids)) if ids else {}


def classification_keyset(*, programme, unit, params, per_page, user=None):
    """A keyset page (coso.core.keyset) of the unit's registered members, ordered by (the
    member's sort_key, the member's id) as ``classification_page``: ``(page, rows)``, the page
    carrying the count of the whole unit and the cursors of its neighbours, ``rows`` its members
    with their figures. 5 queries whatever the page: the unit's ids, the counts (the unit's and
    the programme's, from the summary), the registrations following the cursor with each one's
    final assessment chosen in SQL, their items grouped. A cursor only says where to start inside
    the unit: whatever it names, only the unit's members are read."""
    _check(user, unit)
    unit_ids = _unit_ids(unit)
    count = _registered(_summary_of(ResultCell, programme, unit_ids, None, None))
    regs = Registration.objects.filter(programme=programme, state=Registration.State.SUBMITTED)
    if count != _registered(ResultCell.objects.filter(programme=programme)):
        regs = regs.filter(member__unit_id__in=unit_ids)
    # else every registration of the programme is the unit's (its owner, usually): the page
    # walks the registrations' name index from the cursor (~200 rows read), where a filter on
    # the members' units would have PostgreSQL sort every registration of the district.
    page = keyset_page(
        regs.select_related("member__unit").only(*MEMBER_FIELDS).annotate(final_id=_latest_evaluated()),
        params,
        key="member_sort_key",
        tie="member_id",
        per_page=per_page,
        count=count,
    )
    # (and should a member have moved out in between, they are not shown)
    inside = set(unit_ids)
    page.object_list = [reg for reg in page.object_list if reg.member.unit_id in inside]
    finals = _finals_of(page.object_list)
    return page, [{"person": reg.member, **_classify(programme, finals.get(reg.pk))} for reg in page]


def classification_input(*, programme, unit, user=None):
    """For the year-end classification of members: ``{member id: figures}`` for every member
    of the unit registered in the programme. A member not evaluated yet has ``evaluated``
    False and no figures — nothing is guessed. 2 queries."""
    _check(user, unit)
    finals = _item_figures(final_assessments(programme, unit))
    return {
        member_id: _classify(programme, finals.get(reg_id))
        for reg_id, member_id in registrations_in(programme, unit).values_list("pk", "member_id")
    }


def emulation_input(*, programme, unit, user=None):
    """For the emulation ranking of the units directly under ``unit`` (the base unions of a
    district, the branches of a base union): members, registration, final results recognised,
    items done, round reports, inspections and the branches' own assessments — 7 queries."""
    _check(user, unit)
    children = list(Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("sort_key"))
    child_len = len(unit.path) + Unit.steplen

    def child_of(path):
        return path[:child_len] if len(path) >= child_len else None

    rows = {
        child.path: {
            "unit_id": child.pk,
            "name": child.name,
            "members": 0,
            "registered": 0,
            "evaluated": 0,
            "recognised": 0,
            "items": 0,
            "done": 0,
            **{f"result_{o}": 0 for o in Outcome.values},
            "round_reports": 0,
            "round_reports_accepted": 0,
            "inspections": 0,
            "inspection_ratings": defaultdict(int),
            "branch_assessments_recognised": 0,
            "branch_ratings": defaultdict(int),
        }
        for child in children
    }

    def row_for(path):
        key = child_of(path)
        return rows.get(key) if key else None

    # Grouped by unit id, not joined to the units' paths: PostgreSQL then counts by the unit index.
    paths = dict(Unit.objects.subtree_of(unit).order_by().values_list("pk", "path"))
    for unit_id, n in (
        members_under(unit, list(paths)).values("unit_id").annotate(n=Count("id")).values_list("unit_id", "n")
    ):
        if (row := row_for(paths[unit_id])) is not None:
            row["members"] += n
    # Registrations and final results from the summary (a few hundred cells), never one row
    # per member.
    finals = ("evaluated", "recognised", "items", "done", *(f"result_{o}" for o in Outcome.values))
    year = Q(round__isnull=True)
    for row in (
        _summary_of(ResultCell, programme, list(paths), None, None)
        .values("branch_id")
        .annotate(n_registered=_sum("registered", year), **{f"n_{n}": _sum(f"final_{n}", year) for n in finals})
        .order_by()
    ):
        if (target := row_for(paths[row["branch_id"]])) is not None:
            for name in ("registered", *finals):
                target[name] += row[f"n_{name}"]
    for path, state, n in (
        RoundReport.objects.filter(round__track__programme=programme, unit__path__startswith=unit.path)
        .values("unit__path", "state")
        .annotate(n=Count("id"))
        .values_list("unit__path", "state", "n")
    ):
        if (row := row_for(path)) is not None and state in RoundReport.COUNTED:
            row["round_reports"] += n
            row["round_reports_accepted"] += n if state == RoundReport.State.ACCEPTED else 0
    for path, rating, n in (
        Inspection.objects.filter(
            round__track__programme=programme, unit__path__startswith=unit.path, state=Inspection.State.CONCLUDED
        )
        .values("unit__path", "rating")
        .annotate(n=Count("id"))
        .values_list("unit__path", "rating", "n")
    ):
        if (row := row_for(path)) is not None:
            row["inspections"] += n
            if rating:
                row["inspection_ratings"][rating] += n
    for path, state, rating, n in (
        BranchAssessment.objects.filter(programme=programme, branch__path__startswith=unit.path)
        .values("branch__path", "state", "base_rating")
        .annotate(n=Count("id"))
        .values_list("branch__path", "state", "base_rating", "n")
    ):
        if (row := row_for(path)) is not None and state == BranchAssessment.State.RECOGNISED:
            row["branch_assessments_recognised"] += n
            if rating:
                row["branch_ratings"][rating] += n
    out = []
    for row in rows.values():
        row["inspection_ratings"] = dict(row["inspection_ratings"])
        row["branch_ratings"] = dict(row["branch_ratings"])
        row["registration_rate"] = rate(row["registered"], row["members"])
        row["recognition_rate"] = rate(row["recognised"], row["registered"])
        row["completion_rate"] = rate(row["done"], row["items"])
        out.append(row)
    return out
