"""The programme's results summary (``ResultCell``, ``CriterionCell``): the one way it is kept.

Every write that changes a figure of ``results.cells`` — a registration sent or returned, an
assessment's state, result or marks, a member moving to another branch — calls
:func:`refresh` for the branches it touched, inside its own transaction. The cells of those
branches are counted again from their records and replace the old ones: a branch has tens of
members, so this is a handful of small grouped queries, and being a recount (not a +1/−1 on
each step) it cannot drift whatever the order or the kind of the writes. :func:`rebuild`
counts a whole programme the same way (the migration that fills the table, the bench data).
Many writes in one transaction (an import) wrap themselves in :func:`batched`, so that each
branch is counted once at the end rather than once per write.
"""

from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum

from coso.org.models import Unit
from coso.programme.models import (
    Assessment,
    AssessmentItem,
    CriterionCell,
    ItemStatus,
    Outcome,
    Registration,
    RegistrationItem,
    ResultCell,
)

S = Assessment.State
# Where an assessment waits (a returned record waits at the step it went back to).
WAITING = {
    "waiting_branch": {S.SUBMITTED, S.BASE_RETURNED},
    "waiting_base": {S.EVALUATED, S.DISTRICT_RETURNED},
    "waiting_district": {S.REVIEWED},
}
STAGES = {
    "self_assessed": Assessment.SELF_ASSESSED,
    "evaluated": Assessment.EVALUATED_STATES,
    "reviewed": Assessment.REVIEWED_STATES,
    "recognised": {S.RECOGNISED},
    **WAITING,
}
# The results and items of a period are counted over every evaluated assessment (no prefix)
# and over the recognised ones only ("recognised_").
BASES = {"": Assessment.EVALUATED_STATES, "recognised_": {S.RECOGNISED}}
MARKS = {"done": ItemStatus.DONE, "partly": ItemStatus.PARTLY, "not_done": ItemStatus.NOT_DONE}
BATCH = 2000
# Inside ``batched()``: the (programme id or None, branch id) pairs waiting to be counted.
_pending = ContextVar("programme_summary_pending", default=None)


def refresh(*, branch_ids, programme=None):
    """Count again the cells of the branches ``branch_ids`` (of ``programme``, or of every
    programme). Called inside the transaction of the write that changed them."""
    branch_ids = {pk for pk in branch_ids if pk is not None}
    programme_id = getattr(programme, "pk", None)
    pending = _pending.get()
    if pending is not None:
        pending.update((programme_id, pk) for pk in branch_ids)
    elif branch_ids:
        _recount(sorted(branch_ids), programme_id)


@contextmanager
def batched():
    """Many writes in one transaction (an import of a branch's paper forms): their recounts
    wait, and each branch is counted once when the block ends, still inside the transaction.
    Nothing is counted if the block raises (its transaction rolls back)."""
    if _pending.get() is not None:
        yield
        return
    pending = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    by_programme = defaultdict(set)
    for programme_id, branch_id in pending:
        by_programme[programme_id].add(branch_id)
    every_programme = by_programme.pop(None, set())
    if every_programme:
        _recount(sorted(every_programme), None)
    for programme_id, branch_ids in by_programme.items():
        if branch_ids - every_programme:
            _recount(sorted(branch_ids - every_programme), programme_id)


def _recount(branch_ids, programme_id):
    # Two writes in one branch at once would each count without the other's uncommitted rows,
    # and the later commit would keep a figure missing one: the branches' row locks make the
    # second count wait for the first to commit.
    list(Unit.objects.select_for_update().filter(pk__in=branch_ids).order_by("pk").values_list("pk", flat=True))
    scope = Q(branch_id__in=branch_ids)
    regs = Registration.objects.filter(member__unit_id__in=branch_ids)
    if programme_id is not None:
        scope &= Q(programme_id=programme_id)
        regs = regs.filter(programme_id=programme_id)
    _replace(scope, regs)


def count_moved_members(sender, *, unit_ids, **kwargs):
    """``coso.people.signals.members_moved``: members left and joined these units."""
    refresh(branch_ids=unit_ids)


def sort_renamed_member(sender, *, person, **kwargs):
    """``coso.people.signals.person_renamed``: the member's registrations sort by the new name."""
    Registration.objects.filter(member_id=person.pk).update(member_sort_key=person.sort_key)


def rebuild(programme):
    """Count again every cell of ``programme``."""
    _replace(Q(programme_id=programme.pk), Registration.objects.filter(programme_id=programme.pk))


def _replace(scope, registrations):
    result_cells, criterion_cells = count(registrations.filter(state=Registration.State.SUBMITTED))
    ResultCell.objects.filter(scope).delete()
    CriterionCell.objects.filter(scope).delete()
    ResultCell.objects.bulk_create(result_cells, batch_size=BATCH)
    CriterionCell.objects.bulk_create(criterion_cells, batch_size=BATCH)


def count(regs):
    """The cells of the registrations ``regs`` (submitted ones), unsaved — 6 grouped queries."""
    cells = defaultdict(dict)  # (programme, branch, target group, track, round) -> counters
    key = ("programme_id", "member__unit_id", "target_group_id", "track_id")
    via = "registration__"
    for row in regs.values(*key).annotate(n=Count("id")):
        _add(cells[(*_key(row, key), None)], "registered", row["n"])

    assessments = Assessment.objects.filter(registration__in=regs)
    a_key = tuple(via + k for k in key)
    for row in assessments.values(*a_key, "round_id", "state", "result").annotate(n=Count("id")):
        cell = cells[(*_key(row, a_key), row["round_id"])]
        _add(cell, "assessments", row["n"])
        for name, states in STAGES.items():
            if row["state"] in states:
                _add(cell, name, row["n"])
        for prefix, states in BASES.items():
            if row["state"] in states and row["result"] in Outcome.values:
                _add(cell, f"{prefix}result_{row['result']}", row["n"])

    i_key = tuple("assessment__" + k for k in a_key)
    items = AssessmentItem.objects.filter(
        assessment__registration__in=regs, assessment__state__in=Assessment.EVALUATED_STATES
    )
    for row in items.values(*i_key, "assessment__round_id", "assessment__state").annotate(
        items=Count("id"), **{name: Count("id", filter=Q(branch_status=status)) for name, status in MARKS.items()}
    ):
        cell = cells[(*_key(row, i_key), row["assessment__round_id"])]
        for prefix, states in BASES.items():
            if row["assessment__state"] in states:
                for name in ("items", *MARKS):
                    _add(cell, prefix + name, row[name])

    for row in (
        final_assessments(regs)
        .annotate(n_items=_items_of_final(), n_done=_items_of_final(branch_status=ItemStatus.DONE))
        .values(*a_key, "state", "result")
        .annotate(n=Count("id"), items=Sum("n_items"), done=Sum("n_done"))
    ):
        cell = cells[(*_key(row, a_key), None)]
        _add(cell, "final_evaluated", row["n"])
        _add(cell, "final_recognised", row["n"] if row["state"] == S.RECOGNISED else 0)
        if row["result"] in Outcome.values:
            _add(cell, f"final_result_{row['result']}", row["n"])
        _add(cell, "final_items", row["items"] or 0)
        _add(cell, "final_done", row["done"] or 0)

    result_cells = [
        ResultCell(programme_id=k[0], branch_id=k[1], target_group_id=k[2], track_id=k[3], round_id=k[4], **counters)
        for k, counters in cells.items()
    ]
    return result_cells, _criterion_cells(regs, key, i_key)


def _criterion_cells(regs, key, i_key):
    cells = defaultdict(dict)  # (programme, branch, track, round, criterion) -> counters
    no_group = (0, 1, 3)  # a criterion's cell is not split by target group
    r_key = tuple("registration__" + k for k in key)
    for row in (
        RegistrationItem.objects.filter(registration__in=regs).values(*r_key, "criterion_id").annotate(n=Count("id"))
    ):
        k = _key(row, r_key)
        _add(cells[(*(k[i] for i in no_group), None, row["criterion_id"])], "registered", row["n"])

    def marks(field):
        return {name: Count("id", filter=Q(**{field: status})) for name, status in MARKS.items()}

    items = AssessmentItem.objects.filter(
        assessment__registration__in=regs, assessment__state__in=Assessment.SELF_ASSESSED
    )
    for row in items.values(*i_key, "assessment__round_id", "assessment__state", "criterion_id").annotate(
        **{f"self_{name}": c for name, c in marks("self_status").items()}, **marks("branch_status")
    ):
        k = _key(row, i_key)
        cell = cells[(*(k[i] for i in no_group), row["assessment__round_id"], row["criterion_id"])]
        for name in MARKS:
            _add(cell, f"self_{name}", row[f"self_{name}"])
        for prefix, states in BASES.items():
            if row["assessment__state"] in states:
                for name in MARKS:
                    _add(cell, prefix + name, row[name])
    return [
        CriterionCell(programme_id=k[0], branch_id=k[1], track_id=k[2], round_id=k[3], criterion_id=k[4], **counters)
        for k, counters in cells.items()
    ]


def _key(row, names):
    return tuple(row[name] for name in names)


def _add(cell, name, n):
    cell[name] = cell.get(name, 0) + n


def final_assessments(regs):
    """Each registration's latest evaluated period (the year-end one, else the last round):
    the assessments of ``regs`` for which no later evaluated period exists."""
    later = (
        Assessment.objects.filter(registration=OuterRef("registration"), state__in=Assessment.EVALUATED_STATES)
        .exclude(pk=OuterRef("pk"))
        .filter(Q(round__isnull=True) | Q(round__number__gt=OuterRef("round__number")))
    )
    return (
        Assessment.objects.filter(registration__in=regs, state__in=Assessment.EVALUATED_STATES)
        .filter(~Exists(later))
        .order_by()
    )


def _items_of_final(**status):
    """The items of the outer (final) assessment, counted by its own index lookup."""
    items = AssessmentItem.objects.filter(assessment=OuterRef("pk"), **status).order_by()
    return Subquery(items.values("assessment").annotate(n=Count("id")).values("n"), output_field=IntegerField())
