"""The one workflow engine: its declarations are consistent, documented, and unchanged."""

from django.core.management import call_command

from coso.core.management.commands.workflow_diagrams import DOC
from coso.core.models import WorkflowStep
from coso.core.workflow import all_workflows, diagrams_markdown


def test_docs_workflows_md_is_what_the_declarations_generate():
    """docs/workflows.md cannot drift: regenerate it with ``manage.py workflow_diagrams``."""
    assert DOC.read_text(encoding="utf-8") == diagrams_markdown()
    call_command("workflow_diagrams", check=True)


def test_every_declared_state_is_reachable_and_every_step_log_has_one_shape():
    workflows = all_workflows()
    assert workflows, "no workflow declared"
    for name, wf in workflows.items():
        states = set(wf.states.values)
        assert wf.initial in states, name
        reached, frontier = {wf.initial}, [wf.initial]
        while frontier:
            for target in wf.targets(frontier.pop()):
                if target not in reached:
                    reached.add(target)
                    frontier.append(target)
        assert reached == states, f"{name}: unreachable {states - reached}"
        for t in wf.transitions:
            assert t.allowed is None or callable(t.allowed), (name, t.action)
            assert t.label, (name, t.action)
        if wf.log is not None:
            assert issubclass(wf.log, WorkflowStep), name


def test_the_visits_tables_are_the_ones_the_models_had():
    from coso.visits.models import HostConfirmation as H
    from coso.visits.models import MonthlyReport as R
    from coso.visits.models import QuarterPlan as P
    from coso.visits.models import WeakUnitSelection as W
    from coso.visits.workflows import HOST_CONFIRMATION, MONTHLY_REPORT, QUARTER_PLAN, WEAK_UNIT_SELECTION

    S = P.State
    assert QUARTER_PLAN.table() == {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.APPROVED, S.RETURNED},
        S.RETURNED: {S.SUBMITTED},
        S.APPROVED: set(),
    }
    S = R.State
    assert MONTHLY_REPORT.table() == {
        S.DRAFT: {S.SUBMITTED},
        S.SUBMITTED: {S.HOST_CONFIRMED, S.RETURNED},
        S.RETURNED: {S.SUBMITTED},
        S.HOST_CONFIRMED: {S.REVIEWED, S.RETURNED},
        S.REVIEWED: set(),
    }
    S = H.State
    assert HOST_CONFIRMATION.table() == {
        S.PENDING: {S.CONFIRMED, S.RETURNED},
        S.CONFIRMED: {S.PENDING},
        S.RETURNED: {S.PENDING},
    }
    S = W.State
    assert WEAK_UNIT_SELECTION.table() == {S.PROPOSED: {S.CONFIRMED}, S.CONFIRMED: set()}


def _old(table):
    """A transition table in the shape the models had: {state: {next states}}."""
    return {str(k): {str(v) for v in vs} for k, vs in table.items()}


def test_the_other_apps_tables_are_the_ones_they_had():
    from coso.cadrework.workflows import SOURCE
    from coso.imports.workflows import IMPORT_JOB
    from coso.placements import workflows as pw

    # placements: (state, action) -> new state
    pairs = {(s, t.action): t.target for t in pw.YEARLY_LIST.transitions for s in t.sources}
    assert pairs == {
        ("draft", "propose"): "proposed",
        ("returned", "propose"): "proposed",
        ("proposed", "decide"): "decided",
        ("proposed", "return"): "returned",
    }
    for wf in (pw.REPORT, pw.EVALUATION):
        pairs = {(s, t.action): t.target for t in wf.transitions for s in t.sources}
        assert pairs == {
            ("draft", "submit"): "submitted",
            ("returned", "submit"): "submitted",
            ("submitted", "accept"): "accepted",
            ("submitted", "return"): "returned",
        }
    pairs = {(s, t.action): t.target for t in pw.PLACEMENT.transitions for s in t.sources}
    assert pairs == {("active", "finish"): "finished", ("active", "cancel"): "cancelled"}
    assert _old(SOURCE.table()) == _old(
        {
            "in_pool": {"hs_union_cadre", "uni_union_cadre", "base_union_cadre", "left"},
            "hs_union_cadre": {"uni_union_cadre", "base_union_cadre", "left"},
            "uni_union_cadre": {"base_union_cadre", "left"},
            "base_union_cadre": {"left"},
            "left": set(),
        }
    )
    assert _old(IMPORT_JOB.table()) == _old(
        {
            "uploaded": {"validating", "failed"},
            "validating": {"ready", "invalid", "failed"},
            "ready": {"committing"},
            "committing": {"done", "invalid", "failed"},
            "invalid": set(),
            "done": set(),
            "failed": set(),
        }
    )
