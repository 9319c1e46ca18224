"""The Bắc Trà My officer must never see or change the province's plans, lists and the
placement hosted in Tam Kỳ through the placements pages.

Every route of the ``placements`` namespace must appear below: a route added without a row
here fails ``test_every_placements_route_is_in_the_matrix``. The data are built with the
services (``world`` in conftest.py: An placed in Bắc Trà My, Bình in Tam Kỳ).
"""

import datetime
import io

import pytest
from django.urls import get_resolver
from openpyxl import load_workbook

from coso.placements import services
from tests import probe

FOREIGN_NAMES = ["Trần Thị Bình", "Tam Kỳ", "51-KH/TĐTN-TCKT", "Lê Thị Chi"]


@pytest.fixture
def foreign(world):
    w = world
    w.task = services.assign_task(
        actor=w.tree.users["district_standing_tamky"],
        placement=w.p_binh,
        title="Phụ trách phong trào",
        assigned_on=datetime.date(2019, 2, 1),
    )
    w.candidate = w.ylist.candidates.get(person=w.binh)
    w.report = w.p_binh.reports.get(sequence=1)
    w.evaluation = w.p_binh.evaluations.get(sequence=1)
    return w


PLAN = "tckt_officer"
HOST = "district_standing_tamky"
# route -> (URL from the foreign objects, POST only, role that owns it in scope)
OBJECT_ROUTES = {
    "placements:plan_detail": (lambda w: f"/placements/plans/{w.plan.pk}/", False, PLAN),
    "placements:plan_edit": (lambda w: f"/placements/plans/{w.plan.pk}/edit/", False, PLAN),
    "placements:group_add": (lambda w: f"/placements/plans/{w.plan.pk}/groups/add/", False, PLAN),
    "placements:group_edit": (lambda w: f"/placements/plans/{w.plan.pk}/groups/2/edit/", False, PLAN),
    "placements:list_create": (lambda w: f"/placements/plans/{w.plan.pk}/lists/add/", True, PLAN),
    "placements:exception_add": (lambda w: f"/placements/plans/{w.plan.pk}/exceptions/add/", True, PLAN),
    "placements:eligibility": (lambda w: f"/placements/plans/{w.plan.pk}/eligibility/?q=binh", False, PLAN),
    "placements:eligibility_export": (lambda w: f"/placements/plans/{w.plan.pk}/eligibility.xlsx", False, PLAN),
    "placements:compiled": (lambda w: f"/placements/plans/{w.plan.pk}/report/?year=2019", False, PLAN),
    "placements:compiled_export": (lambda w: f"/placements/plans/{w.plan.pk}/report.xlsx", False, PLAN),
    "placements:compiled_paper": (lambda w: f"/placements/plans/{w.plan.pk}/report.docx", False, PLAN),
    "placements:list_detail": (lambda w: f"/placements/lists/{w.ylist.pk}/", False, PLAN),
    "placements:candidate_add": (lambda w: f"/placements/lists/{w.ylist.pk}/candidates/add/", True, PLAN),
    "placements:decision_paper": (lambda w: f"/placements/lists/{w.ylist.pk}/decision.docx", False, PLAN),
    "placements:list_action": (lambda w: f"/placements/lists/{w.ylist.pk}/propose/", True, PLAN),
    "placements:candidate_remove": (lambda w: f"/placements/candidates/{w.candidate.pk}/remove/", True, PLAN),
    "placements:candidate_agreement": (lambda w: f"/placements/candidates/{w.candidate.pk}/agreement/", True, PLAN),
    "placements:placement_detail": (lambda w: f"/placements/placements/{w.p_binh.pk}/", False, HOST),
    "placements:task_add": (lambda w: f"/placements/placements/{w.p_binh.pk}/tasks/add/", True, HOST),
    "placements:checklist_mark": (lambda w: f"/placements/placements/{w.p_binh.pk}/checklist/", True, PLAN),
    "placements:placement_finish": (lambda w: f"/placements/placements/{w.p_binh.pk}/finish/", True, PLAN),
    "placements:placement_cancel": (lambda w: f"/placements/placements/{w.p_binh.pk}/cancel/", True, PLAN),
    "placements:task_done": (lambda w: f"/placements/tasks/{w.task.pk}/done/", True, HOST),
    "placements:report_detail": (lambda w: f"/placements/reports/{w.report.pk}/", False, HOST),
    "placements:report_action": (lambda w: f"/placements/reports/{w.report.pk}/accept/", True, PLAN),
    "placements:report_paper": (lambda w: f"/placements/reports/{w.report.pk}/paper.docx", False, HOST),
    "placements:evaluation_detail": (lambda w: f"/placements/evaluations/{w.evaluation.pk}/", False, HOST),
    "placements:evaluation_paper": (lambda w: f"/placements/evaluations/{w.evaluation.pk}/form.docx", False, HOST),
    "placements:evaluation_action": (lambda w: f"/placements/evaluations/{w.evaluation.pk}/submit/", True, HOST),
}
EXTRA_FOREIGN_POSTS = [
    lambda w: f"/placements/lists/{w.ylist.pk}/decide/",
    lambda w: f"/placements/lists/{w.ylist.pk}/return/",
    lambda w: f"/placements/reports/{w.report.pk}/submit/",
    lambda w: f"/placements/reports/{w.report.pk}/return/",
    lambda w: f"/placements/evaluations/{w.evaluation.pk}/accept/",
    lambda w: f"/placements/evaluations/{w.evaluation.pk}/return/",
    lambda w: f"/placements/lists/{w.ylist.pk}/decision.pdf",
]
LIST_ROUTES = {
    "placements:home": lambda w: "/placements/",
}
POST_DATA = {
    "comment": "Chiếm quyền",
    "version": 1,
    "year": 2020,
    "title": "Việc",
    "assigned_on": "01/02/2019",
    "reason": "Chiếm quyền",
    "on": "01/03/2019",
    "name": "Chiếm quyền",
    "position": "any",
    "planned_titles": ["secretary"],
    "host_titles": ["secretary"],
}


def _body_text(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats-officedocument.spreadsheetml"):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    return response.content.decode("utf-8", "replace")


def test_every_placements_route_is_in_the_matrix():
    sub = get_resolver().namespace_dict["placements"][1]
    names = {f"placements:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    missing = names - set(OBJECT_ROUTES) - set(LIST_ROUTES)
    assert not missing, f"routes without a scope test: {sorted(missing)}"


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_foreign_object_is_not_found(foreign, client_for, route, method):
    client = client_for("district_standing")
    builder, _post_only, _owner = OBJECT_ROUTES[route]
    response = getattr(client, method)(builder(foreign), POST_DATA if method == "post" else None)
    assert response.status_code in (404, 405), route
    text = _body_text(response)
    assert not any(name in text for name in FOREIGN_NAMES)


@pytest.mark.parametrize("index", range(len(EXTRA_FOREIGN_POSTS)))
def test_foreign_workflow_actions_are_not_found(foreign, client_for, index):
    client = client_for("district_standing")
    url = EXTRA_FOREIGN_POSTS[index](foreign)
    response = client.get(url) if url.endswith(".pdf") else client.post(url, POST_DATA)
    assert response.status_code == 404


def test_nothing_changed_for_the_foreign_records(foreign, client_for):
    client = client_for("district_standing")
    for builder, _post_only, _owner in OBJECT_ROUTES.values():
        client.post(builder(foreign), POST_DATA)
    assert foreign.plan.yearly_lists.count() == 1
    assert foreign.p_binh.tasks.count() == 1 and foreign.task.__class__.objects.get(pk=foreign.task.pk).done_on is None
    foreign.report.refresh_from_db()
    assert foreign.report.state == "draft"
    foreign.p_binh.refresh_from_db()
    assert foreign.p_binh.state == "active" and not foreign.p_binh.cancel_reason
    assert [(g.group, g.name) for g in foreign.plan.group_rules.all()] == [
        (1, "Ủy viên BCH chuyên trách tại cơ quan Tỉnh đoàn, trong quy hoạch chức danh cao hơn"),
        (2, "Cán bộ các ban, trong quy hoạch Phó trưởng ban trở lên"),
    ]


@pytest.mark.parametrize("route", sorted(LIST_ROUTES))
def test_lists_never_show_foreign_rows(foreign, client_for, route):
    response = client_for("district_standing").get(LIST_ROUTES[route](foreign))
    assert response.status_code == 200
    text = _body_text(response)
    assert not any(name in text for name in FOREIGN_NAMES), route
    assert "Nguyễn Văn An" in text  # the officer's own hosted cadre: the test is honest


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_same_pages_work_inside_scope(foreign, client_for, route):
    builder, post_only, owner = OBJECT_ROUTES[route]
    client = client_for(owner)
    if post_only:
        assert client.post(builder(foreign), POST_DATA).status_code in (200, 302), route
    else:
        assert client.get(builder(foreign)).status_code == 200, route


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES) + sorted(LIST_ROUTES))
def test_anonymous_is_sent_to_login(foreign, client, route):
    builder = OBJECT_ROUTES[route][0] if route in OBJECT_ROUTES else LIST_ROUTES[route]
    response = client.get(builder(foreign))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_probe_no_role_outside_tam_ky_reads_its_records(foreign, client_for):
    """Issue 11, point 5: every role outside Tam Kỳ, every route above (GET), Tam Kỳ's real ids."""
    assert probe.leaks(client_for, foreign, [*OBJECT_ROUTES.values(), *LIST_ROUTES.values()], FOREIGN_NAMES) == []
