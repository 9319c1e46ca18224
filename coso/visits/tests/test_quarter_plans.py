"""The quarter plan workflow: draft → submitted → approved | returned → submitted."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.visits import services
from coso.visits.models import ActivityRelation, PlanTransition, QuarterPlan, VisitForm

from .conftest import D, at


@pytest.fixture
def plan(qn):
    return services.create_plan(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, quarter=1)


def add(qn, plan, unit, start, end=None, **fields):
    return services.add_planned_visit(
        actor=qn.cadre_user,
        plan=plan,
        unit=unit,
        start_date=start,
        end_date=end or start,
        form=fields.pop("form", VisitForm.SURVEY),
        content=fields.pop("content", "Khảo sát sinh hoạt chi đoàn"),
        **fields,
    )


def test_create_plan_is_idempotent(qn, plan):
    assert services.create_plan(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, quarter=1) == plan
    assert plan.state == QuarterPlan.State.DRAFT
    assert (plan.first_day, plan.last_day) == (D(2013, 1, 1), D(2013, 3, 31))


def test_planned_visits_follow_the_same_rules(qn, plan):
    add(
        qn,
        plan,
        qn.anmy,
        D(2013, 3, 7),
        D(2013, 3, 8),
        activity_relation=ActivityRelation.BEFORE,
        activity_name="Ngày hội thanh niên",
        activity_date=D(2013, 3, 10),
    )
    with pytest.raises(DomainError) as error:
        add(qn, plan, qn.tamky, D(2013, 3, 20))
    assert error.value.code == "over_cap"
    with pytest.raises(DomainError) as error:
        add(qn, plan, qn.trason, D(2013, 3, 30), D(2013, 4, 1))
    assert [code for code, _m in error.value.violations] == ["outside_quarter"]
    with pytest.raises(DomainError) as error:
        add(qn, plan, qn.trason, D(2013, 2, 20))
    assert {"before_policy", "outside_area"} <= {code for code, _m in error.value.violations}


def test_planned_and_recorded_visits_are_counted_apart(qn, plan, go):
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    assert add(qn, plan, qn.anmy, D(2013, 3, 7), D(2013, 3, 8)).days == 2


def test_update_and_remove_planned_visits(qn, plan):
    planned = add(qn, plan, qn.anmy, D(2013, 3, 7))
    planned = services.update_planned_visit(
        actor=qn.cadre_user, planned_visit=planned, version=planned.version, end_date=D(2013, 3, 8)
    )
    assert planned.days == 2
    with pytest.raises(DomainError):
        services.update_planned_visit(
            actor=qn.cadre_user, planned_visit=planned, version=planned.version, end_date=D(2013, 3, 9)
        )
    services.remove_planned_visit(actor=qn.cadre_user, planned_visit=planned)
    assert not plan.planned_visits.exists()


def test_submit_approve_with_the_log(qn, plan):
    with pytest.raises(DomainError) as error:
        services.submit_plan(actor=qn.cadre_user, plan=plan)
    assert error.value.code == "plan_empty"
    add(qn, plan, qn.anmy, D(2013, 3, 7))
    plan = services.submit_plan(actor=qn.cadre_user, plan=plan, now=at(2013, 3, 1))
    assert plan.state == QuarterPlan.State.SUBMITTED and plan.first_submitted_at == at(2013, 3, 1)
    plan = services.approve_plan(actor=qn.manager, plan=plan, comment="Đồng ý", now=at(2013, 3, 2))
    assert plan.state == QuarterPlan.State.APPROVED
    log = list(
        PlanTransition.objects.filter(plan=plan).values_list("from_state", "to_state", "by__username", "comment")
    )
    assert log == [("draft", "submitted", "canbo", ""), ("submitted", "approved", "tinhdoan", "Đồng ý")]
    with pytest.raises(DomainError) as error:
        add(qn, plan, qn.trason, D(2013, 3, 12))
    assert error.value.code == "plan_not_editable"


def test_return_needs_a_reason_then_edit_and_resubmit(qn, plan):
    add(qn, plan, qn.anmy, D(2013, 3, 7))
    services.submit_plan(actor=qn.cadre_user, plan=plan, now=at(2013, 3, 1))
    with pytest.raises(DomainError) as error:
        services.return_plan(actor=qn.manager, plan=plan, comment=" ")
    assert error.value.code == "comment_required"
    plan = services.return_plan(actor=qn.manager, plan=plan, comment="Bổ sung chuyến đi Bắc Trà My")
    assert plan.state == QuarterPlan.State.RETURNED
    add(qn, plan, qn.trason, D(2013, 3, 12))
    plan = services.submit_plan(actor=qn.cadre_user, plan=plan, now=at(2013, 3, 5))
    assert plan.state == QuarterPlan.State.SUBMITTED
    assert plan.first_submitted_at == at(2013, 3, 1)  # the first registration counts for the deadline


def test_illegal_transitions_and_self_approval(qn, plan):
    add(qn, plan, qn.anmy, D(2013, 3, 7))
    with pytest.raises(DomainError) as error:
        services.approve_plan(actor=qn.manager, plan=plan)
    assert error.value.code == "illegal_transition"
    assert error.value.message == (
        "Không thể chuyển kế hoạch quý 1/2013 của đồng chí Nguyễn Văn Quy từ trạng thái «Đang soạn» sang «Đã duyệt»."
    )
    services.submit_plan(actor=qn.cadre_user, plan=plan)
    with pytest.raises(DomainError) as error:
        services.submit_plan(actor=qn.cadre_user, plan=plan)
    assert "từ trạng thái «Đã đăng ký» sang «Đã đăng ký»" in error.value.message
    with pytest.raises(OutOfScope):
        services.approve_plan(actor=qn.cadre_user, plan=plan)
    with pytest.raises(OutOfScope):
        services.approve_plan(actor=qn.users["district_standing"], plan=plan)


def test_a_registered_plan_stays_editable_when_no_approval_is_needed(qn, plan):
    add(qn, plan, qn.anmy, D(2013, 3, 7))
    services.submit_plan(actor=qn.cadre_user, plan=plan)
    assert add(qn, plan, qn.trason, D(2013, 3, 12)).plan == plan
    services.save_visit_policy(actor=qn.manager, owner=qn.province, year=2013, quarterly_plan_needs_approval=True)
    with pytest.raises(DomainError) as error:
        add(qn, plan, qn.trason, D(2013, 3, 13))
    assert error.value.code == "plan_not_editable"


def test_plans_are_visible_by_scope(qn, plan):
    assert list(QuarterPlan.objects.visible_to(qn.cadre_user)) == [plan]
    assert list(QuarterPlan.objects.visible_to(qn.users["district_standing"])) == []
