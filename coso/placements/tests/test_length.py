"""A placement's length is entered (never less than the plan's minimum); ending early needs a reason
and shows in the compiled report (issue 12, point 7)."""

import datetime

import pytest

from coso.accounts.models import User
from coso.core.errors import DomainError
from coso.people.models import PostTitle
from coso.placements import selectors, services

from .conftest import START, level, make_cadre

D = datetime.date


def _list_with(tree, plan, person, months):
    tckt = tree.users["tckt_officer"]
    ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2019)
    services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=person,
        group=2,
        host=tree.bactramy,
        host_title=PostTitle.STANDING_MEMBER,
        start_date=START,
        months=months,
    )
    return ylist


def test_a_length_under_the_minimum_is_refused_naming_it(tree, plan):
    person = make_cadre(tree, "Huỳnh Văn Tài", group=2)
    tckt = tree.users["tckt_officer"]
    ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2019)
    with pytest.raises(DomainError) as err:
        services.add_candidate(
            actor=tckt,
            yearly_list=ylist,
            person=person,
            group=2,
            host=tree.bactramy,
            host_title=PostTitle.STANDING_MEMBER,
            start_date=START,
            months=9,
        )
    assert err.value.code == "too_short"
    assert "tối thiểu 12 tháng" in err.value.message and "9 tháng" in err.value.message
    assert err.value.violation_fields == ["months"]
    assert not ylist.candidates.exists()


def test_the_length_entered_sets_the_end_and_the_reports(tree, plan):
    person = make_cadre(tree, "Huỳnh Văn Tài", group=2)
    ylist = _list_with(tree, plan, person, 18)
    services.propose(actor=tree.users["tckt_officer"], yearly_list=ylist)
    services.decide(
        actor=tree.users["provincial_standing"],
        yearly_list=ylist,
        decision_number="120-QĐ/TĐTN",
        decision_date=START - datetime.timedelta(days=5),
        signer="Trần Thị Hồng|BÍ THƯ",
    )
    placement = person.placements.get()
    assert placement.planned_end == D(2020, 7, 15)
    # every 6 months, then the final one: 6, 12 and the end at 18
    assert [(r.kind, r.due_date) for r in placement.reports.order_by("due_date")] == [
        ("six_month", D(2019, 7, 15)),
        ("six_month", D(2020, 1, 15)),
        ("final", D(2020, 7, 15)),
    ]


def test_ending_early_needs_a_reason_and_shows_in_the_compiled_report(tree, plan, placement):
    tckt = tree.users["tckt_officer"]
    with pytest.raises(DomainError) as err:
        services.finish_placement(actor=tckt, placement=placement, actual_end=D(2019, 8, 1))
    assert err.value.code == "too_short"
    assert "tối thiểu 12 tháng" in err.value.message and "lý do" in err.value.message
    # The six-month report due 15/07/2019 and the final ones are still required; the checklist too.
    with pytest.raises(DomainError) as err:
        services.finish_placement(
            actor=tckt, placement=placement, actual_end=D(2019, 8, 1), early_reason="Điều động làm Phó Bí thư"
        )
    assert "too_short" not in [c for c, _m in err.value.violations]
    assert "reports_pending" in [c for c, _m in err.value.violations]
    host = tree.users["district_standing"]
    cadre_user = User.objects.create(username="tai", person=placement.person)
    for report in placement.reports.filter(due_date__lte=D(2019, 8, 1)) | placement.reports.filter(kind="final"):
        report = services.save_report(
            actor=cadre_user, report=report, version=report.version, contributions="a", problems="b", proposals="c"
        )
        services.accept_report(actor=tckt, report=services.submit_report(actor=cadre_user, report=report))
    for ev in placement.evaluations.filter(due_date__lte=D(2019, 8, 1)) | placement.evaluations.filter(kind="final"):
        ev = services.save_evaluation(
            actor=host,
            evaluation=ev,
            version=ev.version,
            strengths="a",
            weaknesses="b",
            comment="c",
            level=level("HTTNV"),
        )
        services.accept_evaluation(actor=tckt, evaluation=services.submit_evaluation(actor=host, evaluation=ev))
    for item in ("party_moved", "union_moved", "dues_paid", "moved_back", "expenses_settled"):
        services.mark_checklist_item(actor=tckt, placement=placement, item=item, done_on=D(2019, 8, 1))
    placement = services.finish_placement(
        actor=tckt, placement=placement, actual_end=D(2019, 8, 1), early_reason="Điều động làm Phó Bí thư"
    )
    assert (placement.state, placement.actual_end, placement.early_end_reason) == (
        "finished",
        D(2019, 8, 1),
        "Điều động làm Phó Bí thư",
    )
    report = selectors.compiled_report(plan=plan)
    assert report["ended_early"] == 1
    (row,) = report["placements"]
    assert (row["months"], row["ended_early"], row["early_end_reason"]) == (12, True, "Điều động làm Phó Bí thư")
