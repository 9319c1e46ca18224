"""Issue 13 point 1: the programme's workflows are declarations of the one engine
(``coso/programme/workflows.py``); their tables are the ones the models had, and every step
is a ``WorkflowStep`` row of the record's own step log (the rows of before stay readable)."""

from coso.core.models import WorkflowStep
from coso.programme import models, services
from coso.programme.workflows import ASSESSMENT, BRANCH_ASSESSMENT, INSPECTION, REGISTRATION, ROUND_REPORT

from .conftest import pick, statuses


def _table(wf):
    return {str(k): {str(v) for v in vs} for k, vs in wf.table().items()}


def test_the_tables_are_the_ones_the_models_had():
    assert _table(REGISTRATION) == {
        "draft": {"submitted"},
        "submitted": {"returned"},
        "returned": {"submitted"},
    }
    assert _table(ASSESSMENT) == {
        "draft": {"submitted", "evaluated"},
        "submitted": {"evaluated", "returned"},
        "returned": {"submitted", "evaluated"},
        "evaluated": {"reviewed", "base_returned"},
        "base_returned": {"evaluated", "returned"},
        "reviewed": {"recognised", "district_returned"},
        "district_returned": {"reviewed", "base_returned"},
        "recognised": set(),
    }
    assert _table(BRANCH_ASSESSMENT) == {
        "draft": {"submitted"},
        "submitted": {"reviewed", "returned"},
        "returned": {"submitted"},
        "reviewed": {"recognised", "district_returned"},
        "district_returned": {"reviewed", "returned"},
        "recognised": set(),
    }
    assert _table(ROUND_REPORT) == {
        "draft": {"submitted"},
        "submitted": {"accepted", "returned"},
        "returned": {"submitted"},
        "accepted": set(),
    }
    assert _table(INSPECTION) == {"draft": {"concluded"}, "concluded": set()}


def test_every_step_log_is_a_workflow_step_and_records_each_move(btm):
    for log in (
        models.RegistrationTransition,
        models.AssessmentTransition,
        models.BranchAssessmentTransition,
        models.RoundReportTransition,
        models.InspectionTransition,
    ):
        assert issubclass(log, WorkflowStep)
    registration = services.register(
        actor=btm.users["member"], programme=btm.programme, items=pick(btm.programme), submit=True
    )
    a = services.self_assess(
        actor=btm.users["member"],
        registration=registration,
        round=btm.rounds[0],
        items=statuses(registration, ("done",)),
    )
    steps = [(t.from_state, t.to_state, t.by) for t in a.transitions.all()]
    assert steps == [("", "draft", btm.users["member"]), ("draft", "submitted", btm.users["member"])]
    assert [(t.from_label, t.to_label) for t in registration.transitions.all()][-1] == (
        "Đang soạn",
        "Đã đăng ký",
    )
