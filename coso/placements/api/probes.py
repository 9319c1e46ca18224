"""The placements API's ``SCOPE_MATRIX`` (``coso/api/matrix.py``) and the records it probes."""

import datetime

from coso.api.matrix import LIST, ScopeCase
from coso.placements.models import Candidate, ChecklistItem, PlacementTask

# --------------------------------------------------------------------------- scope matrix


def tamky(t):
    """A plan of the test tree's province with its 2013 list decided: Nguyễn Văn Quy (province)
    placed in Tam Kỳ with a task, his reports and Tam Kỳ's evaluations; made once per tree,
    with the ORM (no person or unit is created or changed)."""
    if getattr(t, "_placements_tamky", None):
        return t._placements_tamky
    from types import SimpleNamespace

    from coso.placements.models import (
        HostEvaluation,
        Placement,
        PlacementPlan,
        PlacementReport,
        TargetGroupRule,
        YearlyList,
    )

    d = datetime.date
    plan = PlacementPlan.objects.create(
        owner=t.province, name="Kế hoạch đào tạo thực tế 2013", start_year=2013, end_year=2017
    )
    TargetGroupRule.objects.create(plan=plan, group=2, name="Cán bộ các ban", host_titles=["standing_member"])
    ylist = YearlyList.objects.create(plan=plan, year=2013, state="decided", decision_number="5-QĐ/TĐTN")
    cand = Candidate.objects.create(
        yearly_list=ylist,
        person=t.movement_cadre,
        group=2,
        host=t.tamky,
        host_title="standing_member",
        start_date=d(2013, 2, 1),
    )
    placement = Placement.objects.create(
        person=t.movement_cadre,
        plan=plan,
        candidate=cand,
        year=2013,
        group=2,
        host=t.tamky,
        host_title="standing_member",
        start_date=d(2013, 2, 1),
        planned_end=d(2014, 2, 1),
    )
    report = PlacementReport.objects.create(placement=placement, kind="six_month", sequence=1, due_date=d(2013, 8, 1))
    evaluation = HostEvaluation.objects.create(
        placement=placement, kind="six_month", sequence=1, due_date=d(2013, 8, 1)
    )
    ChecklistItem.objects.bulk_create(ChecklistItem(placement=placement, item=i) for i in ChecklistItem.Item.values)
    task = PlacementTask.objects.create(placement=placement, title="Phụ trách phong trào", assigned_on=d(2013, 2, 5))
    t._placements_tamky = SimpleNamespace(
        plan=plan, ylist=ylist, candidate=cand, placement=placement, report=report, evaluation=evaluation, task=task
    )
    return t._placements_tamky


def _u(path):
    return lambda t: f"/api/placements{path(tamky(t))}"


# The plans, lists and candidates belong to the province: no district officer (Tam Kỳ's
# either) may reach them, so those cases have no control.
SCOPE_MATRIX = [
    ScopeCase(
        "POST",
        "/placements/plans",
        lambda t: "/api/placements/plans",
        lambda t: {"owner_id": t.tamky.pk, "name": "Kế hoạch", "start_year": 2023, "end_year": 2027},
        control=False,  # Tam Kỳ is not a provincial union: nobody there makes a plan
    ),
    ScopeCase(
        "GET",
        "/placements/plans",
        lambda t: f"/api/placements/plans?owner={tamky(t).plan.owner_id}",
        kind=LIST,
        control=False,
    ),
    ScopeCase("GET", "/placements/plans/{plan_id}", _u(lambda x: f"/plans/{x.plan.pk}"), control=False),
    ScopeCase(
        "PATCH",
        "/placements/plans/{plan_id}",
        _u(lambda x: f"/plans/{x.plan.pk}"),
        lambda t: {"version": tamky(t).plan.version, "yearly_cap": 9},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/plans/{plan_id}/groups",
        _u(lambda x: f"/plans/{x.plan.pk}/groups"),
        lambda t: {"name": "x", "planned_titles": ["secretary"], "host_titles": ["secretary"]},
        control=False,
    ),
    ScopeCase(
        "PATCH",
        "/placements/plans/{plan_id}/groups/{group}",
        _u(lambda x: f"/plans/{x.plan.pk}/groups/2"),
        lambda t: {"version": 1, "name": "Chiếm quyền"},
        control=False,
    ),
    ScopeCase(
        "GET", "/placements/plans/{plan_id}/eligibility", _u(lambda x: f"/plans/{x.plan.pk}/eligibility"), control=False
    ),
    ScopeCase(
        "POST",
        "/placements/plans/{plan_id}/exceptions",
        _u(lambda x: f"/plans/{x.plan.pk}/exceptions"),
        lambda t: {
            "person_id": t.movement_cadre.pk,
            "reason": "x",
            "decision_number": "1",
            "decision_date": "2013-01-01",
        },
        control=False,
    ),
    ScopeCase("GET", "/placements/plans/{plan_id}/report", _u(lambda x: f"/plans/{x.plan.pk}/report"), control=False),
    ScopeCase("GET", "/placements/plans/{plan_id}/lists", _u(lambda x: f"/plans/{x.plan.pk}/lists"), control=False),
    ScopeCase(
        "POST",
        "/placements/plans/{plan_id}/lists",
        _u(lambda x: f"/plans/{x.plan.pk}/lists"),
        lambda t: {"year": 2014},
        control=False,
    ),
    ScopeCase("GET", "/placements/lists/{list_id}", _u(lambda x: f"/lists/{x.ylist.pk}"), control=False),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/candidates",
        _u(lambda x: f"/lists/{x.ylist.pk}/candidates"),
        lambda t: {
            "person_id": t.movement_cadre.pk,
            "group": 2,
            "host_id": t.tamky.pk,
            "host_title": "standing_member",
            "start_date": "2013-02-01",
        },
        control=False,
    ),
    ScopeCase(
        "DELETE",
        "/placements/lists/{list_id}/candidates/{candidate_id}",
        _u(lambda x: f"/lists/{x.ylist.pk}/candidates/{x.candidate.pk}"),
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/candidates/{candidate_id}/agreement",
        _u(lambda x: f"/lists/{x.ylist.pk}/candidates/{x.candidate.pk}/agreement"),
        lambda t: {"agreed_on": "2013-01-20", "document": "1-CV/HU"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/propose",
        _u(lambda x: f"/lists/{x.ylist.pk}/propose"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/return",
        _u(lambda x: f"/lists/{x.ylist.pk}/return"),
        lambda t: {"comment": "x"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/decide",
        _u(lambda x: f"/lists/{x.ylist.pk}/decide"),
        lambda t: {"decision_number": "1", "decision_date": "2013-01-01", "signer": "A"},
        control=False,
    ),
    # The placement hosted in Tam Kỳ: Tam Kỳ's officer (the host) reads it, assigns tasks,
    # writes and sends the evaluation; TCKT alone accepts, keeps the checklist, finishes.
    ScopeCase(
        "GET",
        "/placements/placements",
        lambda t: f"/api/placements/placements?host={tamky(t) and t.tamky.pk}",
        kind=LIST,
    ),
    ScopeCase("GET", "/placements/placements/{placement_id}", _u(lambda x: f"/placements/{x.placement.pk}")),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/tasks",
        _u(lambda x: f"/placements/{x.placement.pk}/tasks"),
        lambda t: {"title": "Dự đại hội chi đoàn", "assigned_on": "2013-03-01"},
    ),
    ScopeCase(
        "POST",
        "/placements/tasks/{task_id}/done",
        _u(lambda x: f"/tasks/{x.task.pk}/done"),
        lambda t: {"done_on": "2013-04-01"},
    ),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/checklist",
        _u(lambda x: f"/placements/{x.placement.pk}/checklist"),
        lambda t: {"item": "party_moved", "done_on": "2013-02-10"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/finish",
        _u(lambda x: f"/placements/{x.placement.pk}/finish"),
        lambda t: {"actual_end": "2014-02-01"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/cancel",
        _u(lambda x: f"/placements/{x.placement.pk}/cancel"),
        lambda t: {"reason": "Chiếm quyền", "on": "2013-06-01"},
        control=False,
    ),
    ScopeCase("GET", "/placements/reports/{report_id}", _u(lambda x: f"/reports/{x.report.pk}")),
    ScopeCase(
        "PATCH",
        "/placements/reports/{report_id}",
        _u(lambda x: f"/reports/{x.report.pk}"),
        lambda t: {"version": tamky(t).report.version, "contributions": "x"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/reports/{report_id}/submit",
        _u(lambda x: f"/reports/{x.report.pk}/submit"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/reports/{report_id}/accept",
        _u(lambda x: f"/reports/{x.report.pk}/accept"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/reports/{report_id}/return",
        _u(lambda x: f"/reports/{x.report.pk}/return"),
        lambda t: {"comment": "x"},
        control=False,
    ),
    ScopeCase("GET", "/placements/evaluations/{evaluation_id}", _u(lambda x: f"/evaluations/{x.evaluation.pk}")),
    ScopeCase(
        "PATCH",
        "/placements/evaluations/{evaluation_id}",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}"),
        lambda t: {"version": tamky(t).evaluation.version, "comment": "Tốt", "level_code": "HTTNV"},
    ),
    ScopeCase(
        "POST",
        "/placements/evaluations/{evaluation_id}/submit",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}/submit"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/evaluations/{evaluation_id}/accept",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}/accept"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/evaluations/{evaluation_id}/return",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}/return"),
        lambda t: {"comment": "x"},
        control=False,
    ),
]
