"""The visits workflows on the one engine (coso/core/workflow.py): a stale form moves
nothing, the buttons follow the declaration, a move leaves its reason in the history."""

import pytest

from coso.core.errors import ConflictError, DomainError
from coso.visits import services
from coso.visits.models import PlanTransition, QuarterPlan, VisitForm
from coso.visits.workflows import QUARTER_PLAN

from .conftest import D, at


@pytest.fixture
def submitted(qn):
    plan = services.create_plan(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, quarter=1)
    services.add_planned_visit(
        actor=qn.cadre_user,
        plan=plan,
        unit=qn.anmy,
        start_date=D(2013, 3, 7),
        end_date=D(2013, 3, 7),
        form=VisitForm.SURVEY,
        content="Khảo sát sinh hoạt chi đoàn",
    )
    return services.submit_plan(actor=qn.cadre_user, plan=plan, now=at(2013, 3, 1))


def test_a_decision_on_a_stale_version_changes_nothing(qn, submitted):
    stale = submitted.version - 1
    with pytest.raises(ConflictError):
        services.approve_plan(actor=qn.manager, plan=submitted, version=stale)
    submitted.refresh_from_db()
    assert submitted.state == QuarterPlan.State.SUBMITTED
    assert PlanTransition.objects.filter(plan=submitted).count() == 1


def test_buttons_follow_the_declaration(qn, submitted):
    assert QUARTER_PLAN.can("approve", qn.manager, submitted)
    assert not QUARTER_PLAN.can("approve", qn.cadre_user, submitted)  # nobody approves their own plan
    assert not QUARTER_PLAN.can("submit", qn.cadre_user, submitted)  # already submitted


def test_the_history_names_the_move_and_a_second_decision_is_refused(qn, submitted):
    plan = services.approve_plan(actor=qn.manager, plan=submitted, comment="Đồng ý")
    last = plan.history.first()
    assert (last.history_user, last.history_change_reason) == (qn.manager, "Đã đăng ký → Đã duyệt")
    with pytest.raises(DomainError) as error:
        services.return_plan(actor=qn.manager, plan=plan, comment="Muộn")
    assert error.value.code == "illegal_transition"
    assert "từ trạng thái «Đã duyệt» sang «Bị trả lại»" in error.value.message
