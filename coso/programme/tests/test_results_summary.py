"""The results summary (summary.refresh, ResultCell, CriterionCell): the figures the pages read
from it are exactly those of grouping every registration, assessment and item, after each kind
of write (evaluations, returns at each level, a recognition, a member's move, a returned and
resent registration, a merge of branches)."""

from collections import defaultdict

import pytest
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum

from coso.accounts.models import Role
from coso.org import services as org_services
from coso.people import services as people_services
from coso.people.models import Person
from coso.programme import results, services, summary
from coso.programme.models import (
    Assessment,
    AssessmentItem,
    ItemStatus,
    Outcome,
    Registration,
    RegistrationItem,
    ResultCell,
)
from tests.builders import user

from .conftest import at, pick, statuses
from .test_results import build

S = Assessment.State
DONE, PARTLY, NOT = "done", "partly", "not_done"


# ------------------------------------------------------------- the grouping the summary replaced


def _period(prefix, round):
    return Q(**{f"{prefix}round__isnull": True}) if round is None else Q(**{f"{prefix}round_id": round.pk})


def grouped_cells(programme, unit, round, counted):
    """``results.cells`` as it was computed before the summary: every assessment and item of the
    subtree grouped per request (the reference the summary must equal)."""
    counted = Assessment.EVALUATED_STATES if counted is None else counted
    out = defaultdict(results.blank)
    regs = results.registrations_in(programme, unit, round)
    period = _period("assessments__", round)

    def stage(states, **extra):
        return Count("assessments", filter=period & Q(assessments__state__in=states, **extra), distinct=True)

    figures = {f"result_{o}": stage(counted, assessments__result=o) for o in Outcome.values}
    figures.update({name: stage(states) for name, states in summary.WAITING.items()})
    for row in regs.values("member__unit_id", "target_group_id").annotate(
        n_registered=Count("id", distinct=True),
        n_self_assessed=stage(Assessment.SELF_ASSESSED),
        n_evaluated=stage(Assessment.EVALUATED_STATES),
        n_reviewed=stage(Assessment.REVIEWED_STATES),
        n_recognised=stage({S.RECOGNISED}),
        **figures,
    ):
        cell = out[(row["member__unit_id"], row["target_group_id"])]
        for name in ("registered", "self_assessed", "evaluated", "reviewed", "recognised"):
            cell[name] += row[f"n_{name}"]
        for name in figures:
            cell[name] += row[name]
    items = AssessmentItem.objects.filter(
        _period("assessment__", round), assessment__registration__in=regs, assessment__state__in=counted
    )
    for row in items.values(
        "assessment__registration__member__unit_id", "assessment__registration__target_group_id"
    ).annotate(
        n_items=Count("id"),
        n_done=Count("id", filter=Q(branch_status=ItemStatus.DONE)),
        n_partly=Count("id", filter=Q(branch_status=ItemStatus.PARTLY)),
        n_not_done=Count("id", filter=Q(branch_status=ItemStatus.NOT_DONE)),
    ):
        cell = out[(row["assessment__registration__member__unit_id"], row["assessment__registration__target_group_id"])]
        for name in ("items", "done", "partly", "not_done"):
            cell[name] += row[f"n_{name}"]
    for row in results.members_under(unit).values("unit_id", "target_group_id").annotate(n=Count("id")):
        out[(row["unit_id"], row["target_group_id"])]["members"] += row["n"]
    return dict(out)


MARKS = ("self_done", "self_partly", "self_not_done", "done", "partly", "not_done")


def grouped_criteria(programme, unit, round, counted):
    """``{criterion id: (registered, *MARKS)}`` as ``criterion_completion`` grouped it."""
    counted = Assessment.EVALUATED_STATES if counted is None else counted
    regs = results.registrations_in(programme, unit, round)
    registered = dict(
        RegistrationItem.objects.filter(registration__in=regs)
        .values("criterion_id")
        .annotate(n=Count("id"))
        .values_list("criterion_id", "n")
    )
    own = Q(assessment__state__in=Assessment.SELF_ASSESSED)
    branch = Q(assessment__state__in=counted)
    marks = {
        row.pop("criterion_id"): row
        for row in AssessmentItem.objects.filter(_period("assessment__", round), assessment__registration__in=regs)
        .values("criterion_id")
        .annotate(
            self_done=Count("id", filter=own & Q(self_status=DONE)),
            self_partly=Count("id", filter=own & Q(self_status=PARTLY)),
            self_not_done=Count("id", filter=own & Q(self_status=NOT)),
            done=Count("id", filter=branch & Q(branch_status=DONE)),
            partly=Count("id", filter=branch & Q(branch_status=PARTLY)),
            not_done=Count("id", filter=branch & Q(branch_status=NOT)),
        )
    }
    ids = set(registered) | set(marks)
    return {cid: (registered.get(cid, 0), *(marks.get(cid, dict.fromkeys(MARKS, 0))[m] for m in MARKS)) for cid in ids}


FINALS = ("registered", "evaluated", "recognised", "items", "done", *(f"result_{o}" for o in Outcome.values))


def grouped_finals(programme, unit):
    """Per child unit, the registrations and final results ``emulation_input`` grouped."""
    child_len = len(unit.path) + 4
    out = defaultdict(lambda: dict.fromkeys(FINALS, 0))
    for path, n in results.registrations_in(programme, unit).values_list("member__unit__path").annotate(n=Count("id")):
        if len(path) >= child_len:
            out[path[:child_len]]["registered"] += n

    def items_of_final(**status):
        items = AssessmentItem.objects.filter(assessment=OuterRef("pk"), **status).order_by()
        return Subquery(items.values("assessment").annotate(n=Count("id")).values("n"), output_field=IntegerField())

    for path, state, result, n, items, done in (
        results.final_assessments(programme, unit)
        .annotate(n_items=items_of_final(), n_done=items_of_final(branch_status=DONE))
        .values_list("registration__member__unit__path", "state", "result")
        .annotate(n=Count("id"), items=Sum("n_items"), done=Sum("n_done"))
    ):
        if len(path) < child_len:
            continue
        row = out[path[:child_len]]
        row["evaluated"] += n
        row["recognised"] += n if state == S.RECOGNISED else 0
        if result:
            row[f"result_{result}"] += n
        row["items"] += items or 0
        row["done"] += done or 0
    return {path: row for path, row in out.items() if any(row.values())}


def assert_summary_equals_grouping(programme, units, rounds):
    for unit in units:
        for rnd in [None, *rounds]:
            for counted in (None, results.RECOGNISED_ONLY):
                assert dict(results.cells(programme=programme, unit=unit, round=rnd, counted=counted)) == (
                    grouped_cells(programme, unit, rnd, counted)
                ), (unit.name, rnd, counted)
                criteria = results.criterion_completion(programme=programme, unit=unit, round=rnd, counted=counted)
                reference = grouped_criteria(programme, unit, rnd, counted)
                assert {
                    row["criterion_id"]: (row["registered"], *(row[m] for m in MARKS))
                    for row in criteria
                    if row["criterion_id"] in reference or row["registered"] or any(row[m] for m in MARKS)
                } == reference, (unit.name, rnd, counted)
        emulation = {
            row["unit_id"]: {name: row[name] for name in FINALS}
            for row in results.emulation_input(programme=programme, unit=unit)
        }
        by_path = {u.path: u.pk for u in type(unit).objects.filter(path__startswith=unit.path, depth=unit.depth + 1)}
        assert {uid: figures for uid, figures in emulation.items() if any(figures.values())} == {
            by_path[path]: row for path, row in grouped_finals(programme, unit).items()
        }, unit.name
        assert results.registered_in(programme, unit) == results.registrations_in(programme, unit).count()
    # and a recount from nothing finds the same cells: what the writes left is what the records say
    before = _all_cells(programme)
    summary.rebuild(programme)
    assert _all_cells(programme) == before


def _all_cells(programme):
    fields = [f.attname for f in ResultCell._meta.concrete_fields if f.name != "id"]
    rows = ResultCell.objects.filter(programme=programme).values_list(*fields)
    return sorted(tuple(-1 if value is None else value for value in row) for row in rows)


@pytest.fixture
def worked(btm):
    """Round I recognised for all but one member (``test_results.build``), then round II in every
    state and one member's year-end evaluation."""
    commune, branches, members = build(btm, 6)
    first, second, third, fourth = members[:4]
    rnd = btm.rounds[1]
    officer = {b.pk: user(f"cd-{b.pk}", Role.BRANCH_OFFICER, b) for b in branches}
    base_officer = user("cs-summary", Role.BASE_OFFICER, commune)
    assessments = {}
    for m, pattern in zip(members[:4], [(DONE,), (DONE, PARTLY), (NOT, DONE), (PARTLY,)], strict=True):
        reg = m.programme_registrations.get()
        account = m.user_account if hasattr(m, "user_account") else reg.registered_by
        assessments[m.pk] = services.self_assess(
            actor=account, registration=reg, round=rnd, items=statuses(reg, pattern), now=at(2014, 5, 10)
        )
    services.branch_evaluate(
        actor=officer[first.unit_id], assessment=assessments[first.pk], result="excellent", now=at(2014, 5, 12)
    )
    services.branch_evaluate(
        actor=officer[second.unit_id],
        assessment=assessments[second.pk],
        result="completed",
        items={c: NOT for c in list(statuses(second.programme_registrations.get(), (DONE,)))[:3]},
        now=at(2014, 5, 12),
    )
    services.return_assessment(
        actor=base_officer, assessment=assessments[second.pk], reason="Xem lại tiêu chí 3.", now=at(2014, 5, 14)
    )
    services.return_assessment(
        actor=officer[third.unit_id], assessment=assessments[third.pk], reason="Ghi rõ hơn.", now=at(2014, 5, 13)
    )
    reg = first.programme_registrations.get()
    year = services.self_assess(
        actor=reg.registered_by, registration=reg, items=statuses(reg, (DONE, NOT)), now=at(2014, 12, 10)
    )
    services.branch_evaluate(actor=officer[first.unit_id], assessment=year, result="good", now=at(2014, 12, 12))
    btm.commune, btm.branches, btm.members, btm.base_officer, btm.officer = (
        commune,
        branches,
        members,
        base_officer,
        officer,
    )
    return btm


def test_the_summary_equals_the_grouping_after_every_step(worked):
    t = worked
    units = [t.bactramy, t.commune, *t.branches]
    assert_summary_equals_grouping(t.programme, units, t.rounds[:2])
    cells = results.cells(programme=t.programme, unit=t.commune, round=t.rounds[1])
    total = results.blank()
    for cell in cells.values():
        for name in total:
            total[name] += cell[name]
    # what the page shows for round II: 4 self-assessed (one returned to its member: 3), one
    # evaluated (the other went back to its branch), one waiting at the branch twice over
    assert (total["registered"], total["self_assessed"], total["evaluated"], total["result_excellent"]) == (6, 3, 1, 1)
    assert (total["waiting_branch"], total["waiting_base"]) == (2, 1)


def test_a_move_counts_the_member_in_the_new_branch(worked):
    t = worked
    first = t.members[0]
    other = next(b for b in t.branches if b.pk != first.unit_id)
    before = results.cells(programme=t.programme, unit=other, round=t.rounds[1])
    person = Person.objects.get(pk=first.pk)
    people_services.update_person(actor=t.admin, person=person, version=person.version, unit=other)
    after = results.cells(programme=t.programme, unit=other, round=t.rounds[1])
    assert sum(c["registered"] for c in after.values()) == sum(c["registered"] for c in before.values()) + 1
    assert sum(c["result_excellent"] for c in after.values()) == 1
    assert_summary_equals_grouping(t.programme, [t.commune, *t.branches], t.rounds[:2])


def test_a_returned_and_resent_registration_and_a_merge(worked):
    t = worked
    last = t.members[-1]  # registered, never self-assessed
    reg = last.programme_registrations.get()
    officer = t.officer[last.unit_id]
    services.return_registration(actor=officer, registration=reg, reason="Chọn lại tiêu chí.", now=at(2014, 5, 2))
    assert results.registered_in(t.programme, t.commune) == 5
    assert_summary_equals_grouping(t.programme, [t.commune], t.rounds[:1])
    reg = Registration.objects.get(pk=reg.pk)
    services.update_registration(  # its items deleted and written again
        actor=officer, registration=reg, items=pick(t.programme), version=reg.version
    )
    reg = Registration.objects.get(pk=reg.pk)
    services.submit_registration(actor=officer, registration=reg, version=reg.version, now=at(2014, 5, 3))
    assert results.registered_in(t.programme, t.commune) == 6
    assert_summary_equals_grouping(t.programme, [t.commune], t.rounds[:1])
    org_services.merge_units(actor=t.admin, absorbed=t.branches[1], into=t.branches[0])
    merged = results.cells(programme=t.programme, unit=t.branches[0], round=t.rounds[0])
    assert sum(c["registered"] for c in merged.values()) == 6
    assert_summary_equals_grouping(t.programme, [t.commune, *t.branches], t.rounds[:2])


def test_the_bulk_steps_keep_the_summary(worked):
    t = worked
    rnd = t.rounds[1]
    fourth = t.members[3]
    services.branch_evaluate_many(
        actor=t.officer[fourth.unit_id],
        branch=fourth.unit,
        programme=t.programme,
        round=rnd,
        results={fourth.pk: {"result": "good"}},
        now=at(2014, 5, 20),
    )
    services.base_review(actor=t.base_officer, programme=t.programme, base=t.commune, round=rnd, now=at(2014, 5, 25))
    services.district_recognise(
        actor=t.users["district_standing"], programme=t.programme, base=t.commune, round=rnd, now=at(2014, 6, 1)
    )
    part = results.participation(programme=t.programme, unit=t.commune, round=rnd)
    assert part["total"]["recognised"] == 2
    assert_summary_equals_grouping(t.programme, [t.bactramy, t.commune], [rnd])


def test_only_the_evaluated_or_the_recognised_results_are_summarised(worked):
    with pytest.raises(ValueError):
        results.cells(programme=worked.programme, unit=worked.commune, counted={S.REVIEWED})


def _names(programme, unit, params=""):
    from django.http import QueryDict

    page, rows = results.classification_keyset(programme=programme, unit=unit, params=QueryDict(params), per_page=4)
    return page, [row["person"].pk for row in rows]


def test_the_members_list_by_name_after_a_move_and_a_new_name(worked):
    t = worked
    expected = list(
        results.registrations_in(t.programme, t.commune)
        .order_by("member__sort_key", "member_id")
        .values_list("member_id", flat=True)
    )
    page, first = _names(t.programme, t.commune)
    _page2, second = _names(t.programme, t.commune, page.next_query)
    assert first + second == expected
    # a member moved out of the district: neither its list nor its count shows them any more
    leaver = Person.objects.get(pk=t.members[0].pk)
    people_services.update_person(actor=t.admin, person=leaver, version=leaver.version, unit=t.tamky)
    page, first = _names(t.programme, t.commune)
    _page2, second = _names(t.programme, t.commune, page.next_query)
    assert leaver.pk not in first + second and len(first + second) == 5
    assert leaver.pk not in _names(t.programme, t.bactramy)[1] + _names(t.programme, t.bactramy, "after=~.0")[1]
    # a new name sorts where it now belongs (Vietnamese order: by the given name first)
    last = Person.objects.get(pk=t.members[-1].pk)
    people_services.update_person(actor=t.admin, person=last, version=last.version, given_name="An")
    assert _names(t.programme, t.commune)[1][0] == last.pk
