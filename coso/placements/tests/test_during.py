"""During the placement: tasks, reports, host evaluations, checklist, finishing."""

import datetime

import pytest

from coso.core.errors import ConflictError, DomainError, OutOfScope
from coso.placements import services
from coso.placements.models import Placement, StepLog

from .conftest import level

D = datetime.date


@pytest.fixture
def cadre_user(tree, placement):
    from coso.accounts.models import User

    return User.objects.create(username="tai", person=placement.person)


def fill_report(actor, report):
    return services.save_report(
        actor=actor,
        report=report,
        version=report.version,
        contributions="Tham gia xây dựng chương trình",
        problems="Thiếu kinh phí",
        proposals="Tăng hỗ trợ",
    )


def test_report_workflow(tree, placement, cadre_user):
    report = placement.reports.get(sequence=1)
    with pytest.raises(DomainError) as err:
        services.submit_report(actor=cadre_user, report=report)
    assert [c for c, _m in err.value.violations] == [
        "contributions_required",
        "problems_required",
        "proposals_required",
    ]
    with pytest.raises(DomainError) as err:
        services.accept_report(actor=tree.users["tckt_officer"], report=report)
    assert err.value.code == "illegal_transition"
    report = fill_report(cadre_user, report)
    with pytest.raises(ConflictError):
        services.save_report(
            actor=cadre_user, report=report, version=report.version - 1, contributions="x", problems="y", proposals="z"
        )
    report = services.submit_report(actor=cadre_user, report=report, on=D(2019, 7, 10))
    assert report.state == "submitted"
    with pytest.raises(DomainError):
        fill_report(cadre_user, report)
    with pytest.raises(OutOfScope):  # the cadre does not accept their own report
        services.accept_report(actor=cadre_user, report=report)
    with pytest.raises(DomainError) as err:
        services.return_report(actor=tree.users["tckt_officer"], report=report, comment="")
    assert err.value.code == "comment_required"
    report = services.return_report(actor=tree.users["tckt_officer"], report=report, comment="Bổ sung số liệu")
    report = fill_report(cadre_user, report)
    report = services.submit_report(actor=cadre_user, report=report)
    report = services.accept_report(actor=tree.users["tckt_officer"], report=report)
    assert report.state == "accepted"
    with pytest.raises(DomainError):
        services.return_report(actor=tree.users["tckt_officer"], report=report, comment="muộn")
    assert [s.to_state for s in StepLog.objects.filter(workflow="report", object_id=report.pk)] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]


def test_someone_else_cannot_write_the_cadres_report(tree, placement):
    report = placement.reports.get(sequence=1)
    with pytest.raises(OutOfScope):
        fill_report(tree.users["district_standing_tamky"], report)


def test_host_evaluation_by_the_host_district(tree, placement):
    host = tree.users["district_standing"]  # Bắc Trà My
    ev = placement.evaluations.get(sequence=1)
    with pytest.raises(OutOfScope):
        services.save_evaluation(
            actor=tree.users["district_standing_tamky"],
            evaluation=ev,
            version=ev.version,
            strengths="",
            weaknesses="",
            comment="",
        )
    with pytest.raises(DomainError) as err:
        services.submit_evaluation(actor=host, evaluation=ev)
    assert [c for c, _m in err.value.violations] == ["comment_required", "level_required"]
    ev = services.save_evaluation(
        actor=host,
        evaluation=ev,
        version=ev.version,
        strengths="Nhiệt tình",
        weaknesses="Còn ít kinh nghiệm",
        comment="Hoàn thành tốt",
        level=level("HTTNV"),
    )
    ev = services.submit_evaluation(actor=host, evaluation=ev)
    assert ev.evaluator == host and ev.state == "submitted"
    with pytest.raises(OutOfScope):  # the host does not accept its own evaluation
        services.accept_evaluation(actor=host, evaluation=ev)
    ev = services.return_evaluation(actor=tree.users["tckt_officer"], evaluation=ev, comment="Ghi rõ hạn chế")
    with pytest.raises(DomainError):
        services.accept_evaluation(actor=tree.users["tckt_officer"], evaluation=ev)
    ev = services.submit_evaluation(actor=host, evaluation=ev)
    ev = services.accept_evaluation(actor=tree.users["tckt_officer"], evaluation=ev)
    assert ev.state == "accepted"


def test_host_assigns_tasks(tree, placement, cadre_user):
    host = tree.users["district_standing"]
    task = services.assign_task(
        actor=host,
        placement=placement,
        title="Phụ trách Đoàn xã Trà Sơn",
        assigned_on=D(2019, 1, 20),
        due_date=D(2019, 6, 30),
    )
    assert task.assigned_by == host
    with pytest.raises(OutOfScope):
        services.assign_task(
            actor=tree.users["district_standing_tamky"], placement=placement, title="x", assigned_on=D(2019, 1, 20)
        )
    with pytest.raises(DomainError):
        services.assign_task(actor=host, placement=placement, title=" ", assigned_on=D(2019, 1, 20))
    task = services.complete_task(actor=cadre_user, task=task, done_on=D(2019, 6, 1))
    assert task.done_on == D(2019, 6, 1)


def _complete_everything(tree, placement, cadre_user):
    host, tckt = tree.users["district_standing"], tree.users["tckt_officer"]
    for report in placement.reports.all():
        report = fill_report(cadre_user, report)
        services.accept_report(actor=tckt, report=services.submit_report(actor=cadre_user, report=report))
    for ev in placement.evaluations.all():
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


def test_finish_requires_reports_evaluations_checklist_and_12_months(tree, placement, cadre_user):
    tckt = tree.users["tckt_officer"]
    with pytest.raises(DomainError) as err:
        services.finish_placement(actor=tckt, placement=placement, actual_end=D(2019, 12, 31))
    codes = [c for c, _m in err.value.violations]
    assert codes[:3] == ["too_short", "reports_pending", "evaluations_pending"]
    assert len([c for c in codes if c.startswith("checklist_")]) == 5
    _complete_everything(tree, placement, cadre_user)
    for item in ("party_moved", "union_moved", "dues_paid", "moved_back", "expenses_settled"):
        row = services.mark_checklist_item(actor=tckt, placement=placement, item=item, done_on=D(2019, 2, 1))
        assert row.done and row.done_by == tckt
    with pytest.raises(DomainError):
        services.mark_checklist_item(actor=tckt, placement=placement, item="party_moved", done_on=None)
    with pytest.raises(OutOfScope):
        services.mark_checklist_item(
            actor=tree.users["district_standing"], placement=placement, item="dues_paid", done_on=D(2019, 2, 1)
        )
    placement = services.finish_placement(actor=tckt, placement=placement, actual_end=D(2020, 1, 20))
    assert placement.state == Placement.State.FINISHED and placement.actual_end == D(2020, 1, 20)
    with pytest.raises(DomainError) as err:
        services.finish_placement(actor=tckt, placement=placement, actual_end=D(2020, 1, 20))
    assert err.value.code == "illegal_transition"
    with pytest.raises(DomainError):
        services.assign_task(
            actor=tree.users["district_standing"], placement=placement, title="x", assigned_on=D(2020, 2, 1)
        )


def test_cancel_by_tckt_or_the_standing_committee_with_a_reason(tree, placement):
    with pytest.raises(OutOfScope):  # the host district may not cancel
        services.cancel_placement(
            actor=tree.users["district_standing"], placement=placement, reason="x", on=D(2019, 3, 1)
        )
    with pytest.raises(DomainError):
        services.cancel_placement(actor=tree.users["tckt_officer"], placement=placement, reason="", on=D(2019, 3, 1))
    p = services.cancel_placement(
        actor=tree.users["tckt_officer"], placement=placement, reason="Ốm dài ngày", on=D(2019, 3, 1)
    )
    assert (p.state, p.cancel_reason, p.cancelled_by, p.actual_end) == (
        "cancelled",
        "Ốm dài ngày",
        tree.users["tckt_officer"],
        D(2019, 3, 1),
    )
    with pytest.raises(DomainError):
        services.finish_placement(actor=tree.users["tckt_officer"], placement=p, actual_end=D(2020, 2, 1))
