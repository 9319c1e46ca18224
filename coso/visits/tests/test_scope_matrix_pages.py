"""A Bắc Trà My officer must never see or change anything of Tam Kỳ through the visits pages.

Every route of the ``visits`` namespace must appear below: a route added without a row here
fails ``test_every_visits_route_is_in_the_matrix``. The data are built with the services.
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver
from openpyxl import load_workbook

from coso.org.models import Cluster
from coso.visits import services
from coso.visits.models import VisitForm
from tests import probe

from .conftest import D

TK = "district_standing_tamky"
FOREIGN_NAMES = ["Tam Kỳ", "An Mỹ", "Võ Minh Tâm", "Phạm Thị Ánh", "khối phố 2"]


@pytest.fixture
def foreign(qn, settings, tmp_path):
    """Tam Kỳ's objects: Phạm Thị Ánh (Tam Kỳ standing officer) follows Tam Kỳ, visits An Mỹ,
    reports a good practice, plans a quarter and submits her March report. Nguyễn Văn Quy
    (province) visits An Mỹ and Trà Sơn. Tam Kỳ's own management records: its decision
    assigning her to An Mỹ, a blackout day, her weak-unit list, a cluster with minutes."""
    settings.MEDIA_ROOT = tmp_path
    t = qn
    ta_user = t.users["district_standing_tamky"]
    services.assign(
        actor=t.manager, decision=t.decision, cadre=t.tamky_secretary, units=[t.tamky], valid_from=D(2013, 3, 1)
    )
    t.f_visit = services.record_visit(
        actor=ta_user,
        cadre=t.tamky_secretary,
        unit=t.anmy,
        start_date=D(2013, 3, 12),
        end_date=D(2013, 3, 12),
        form=VisitForm.BRANCH_MEETING,
        content="Dự sinh hoạt khối phố 2",
    )
    t.f_photo = services.add_visit_photo(actor=ta_user, visit=t.f_visit, content=b"\xff\xd8\xff\xe0 An My")
    t.f_practice = services.record_good_practice(
        actor=ta_user, cadre=t.tamky_secretary, unit=t.anmy, title="Mô hình An Mỹ xanh", visit=t.f_visit
    )
    t.f_plan = services.create_plan(actor=ta_user, cadre=t.tamky_secretary, year=2013, quarter=2, note="An Mỹ")
    t.f_planned = services.add_planned_visit(
        actor=ta_user,
        plan=t.f_plan,
        unit=t.anmy,
        start_date=D(2013, 4, 9),
        end_date=D(2013, 4, 9),
        form=VisitForm.SURVEY,
    )
    t.f_report = services.draft_monthly_report(actor=ta_user, cadre=t.tamky_secretary, year=2013, month=3)
    services.submit_report(actor=ta_user, report=t.f_report)
    t.f_decision = services.record_decision(
        actor=ta_user, owner=t.tamky, number="3-QĐ/TĐTK", decided_on=D(2013, 1, 2), signer=t.tamky_secretary
    )
    t.f_assignment = services.assign(
        actor=ta_user, decision=t.f_decision, cadre=t.tamky_secretary, units=[t.anmy], valid_from=D(2013, 1, 2)
    )[0]
    t.f_blackout = services.add_blackout_day(actor=ta_user, owner=t.tamky, date=D(2013, 3, 5), reason="party_cell")
    t.f_selection = services.propose_weak_units(actor=ta_user, cadre=t.tamky_secretary, district=t.tamky, year=2013)
    t.f_cluster = Cluster.objects.create(owner=t.tamky, year=2013, name="Cụm khối phố Tam Kỳ", leader=t.tamky_secretary)
    t.f_cluster.units.set([t.anmy])
    t.f_meeting = services.schedule_cluster_meetings(actor=ta_user, cluster=t.f_cluster)[0]
    services.update_cluster_meeting(
        actor=ta_user,
        meeting=t.f_meeting,
        version=t.f_meeting.version,
        minutes_file=ContentFile(b"%PDF-1.4 An My", name="bien-ban-an-my.pdf"),
    )
    for unit, day in ((t.anmy, 14), (t.trason, 15)):
        services.record_visit(
            actor=t.cadre_user,
            cadre=t.movement_cadre,
            unit=unit,
            start_date=D(2013, 3, day),
            end_date=D(2013, 3, day),
            form=VisitForm.SITUATION,
        )
    return t


# route -> (URL from the foreign objects, POST only, role that owns it in scope)
OBJECT_ROUTES = {
    "visits:visit_detail": (lambda t: f"/visits/trips/{t.f_visit.pk}/", False, "district_standing_tamky"),
    "visits:visit_edit": (lambda t: f"/visits/trips/{t.f_visit.pk}/edit/", False, "district_standing_tamky"),
    "visits:visit_photo": (
        lambda t: f"/visits/trips/{t.f_visit.pk}/photos/{t.f_photo.pk}/",
        False,
        "district_standing_tamky",
    ),
    "visits:plan_detail": (lambda t: f"/visits/plans/{t.f_plan.pk}/", False, "district_standing_tamky"),
    "visits:planned_add": (lambda t: f"/visits/plans/{t.f_plan.pk}/planned/add/", True, "district_standing_tamky"),
    "visits:planned_remove": (
        lambda t: f"/visits/plans/planned/{t.f_planned.pk}/remove/",
        True,
        "district_standing_tamky",
    ),
    "visits:plan_action": (lambda t: f"/visits/plans/{t.f_plan.pk}/submit/", True, "district_standing_tamky"),
    "visits:report_detail": (lambda t: f"/visits/reports/{t.f_report.pk}/", False, "district_standing_tamky"),
    "visits:report_action": (
        lambda t: f"/visits/reports/{t.f_report.pk}/refresh/",
        True,
        "district_standing_tamky",
    ),
    "visits:practice_mark": (lambda t: f"/visits/practices/{t.f_practice.pk}/mark/", True, "provincial_standing"),
    # Management pages (views_manage.py): Tam Kỳ's organisation and records.
    "visits:assignments": (lambda t: f"/visits/org/{t.tamky.pk}/assignments/", False, TK),
    "visits:assignments_export": (lambda t: f"/visits/org/{t.tamky.pk}/assignments/export.xlsx", False, TK),
    "visits:policy": (lambda t: f"/visits/org/{t.tamky.pk}/policy/2013/", False, TK),
    "visits:blackout": (lambda t: f"/visits/org/{t.tamky.pk}/blackout/2013/", False, TK),
    "visits:ranking_rule": (lambda t: f"/visits/org/{t.tamky.pk}/ranking-rule/2013/", False, TK),
    "visits:decision_detail": (lambda t: f"/visits/decisions/{t.f_decision.pk}/", False, TK),
    "visits:assignment_detail": (lambda t: f"/visits/assignments/{t.f_assignment.pk}/", False, TK),
    "visits:assignment_action": (lambda t: f"/visits/assignments/{t.f_assignment.pk}/end/", True, TK),
    "visits:blackout_remove": (lambda t: f"/visits/blackout/{t.f_blackout.pk}/remove/", True, TK),
    "visits:blackout_edit": (lambda t: f"/visits/blackout/{t.f_blackout.pk}/edit/", False, TK),
    "visits:decision_edit": (lambda t: f"/visits/decisions/{t.f_decision.pk}/edit/", False, TK),
    "visits:weak_units_propose": (lambda t: "/visits/weak-units/propose/", True, TK),
    "visits:weak_unit_detail": (lambda t: f"/visits/weak-units/{t.f_selection.pk}/", False, TK),
    "visits:cluster_detail": (lambda t: f"/visits/clusters/{t.f_cluster.pk}/", False, TK),
    "visits:cluster_schedule": (lambda t: f"/visits/clusters/{t.f_cluster.pk}/schedule/", True, TK),
    "visits:cluster_edit": (lambda t: f"/visits/clusters/{t.f_cluster.pk}/edit/", False, TK),
    "visits:cluster_delete": (lambda t: f"/visits/clusters/{t.f_cluster.pk}/delete/", False, TK),
    "visits:cluster_add": (lambda t: f"/visits/org/{t.tamky.pk}/clusters/2013/add/", False, TK),
    "visits:meeting_edit": (lambda t: f"/visits/meetings/{t.f_meeting.pk}/", False, TK),
    "visits:meeting_minutes": (lambda t: f"/visits/meetings/{t.f_meeting.pk}/minutes/", False, TK),
}
EXTRA_FOREIGN_POSTS = [
    lambda t: f"/visits/plans/{t.f_plan.pk}/approve/",
    lambda t: f"/visits/plans/{t.f_plan.pk}/return/",
    lambda t: f"/visits/reports/{t.f_report.pk}/host_confirm/",
    lambda t: f"/visits/reports/{t.f_report.pk}/submit/",
    lambda t: f"/visits/reports/{t.f_report.pk}/host_return/",
    lambda t: f"/visits/reports/{t.f_report.pk}/review/",
    lambda t: f"/visits/reports/{t.f_report.pk}/return/",
    lambda t: f"/visits/assignments/{t.f_assignment.pk}/reassign/",
    lambda t: f"/visits/org/{t.tamky.pk}/assignments/",
    lambda t: f"/visits/org/{t.tamky.pk}/policy/2013/",
    lambda t: f"/visits/org/{t.tamky.pk}/blackout/2013/",
    lambda t: f"/visits/org/{t.tamky.pk}/ranking-rule/2013/",
    lambda t: f"/visits/decisions/{t.f_decision.pk}/",
    lambda t: f"/visits/weak-units/{t.f_selection.pk}/",
    lambda t: f"/visits/meetings/{t.f_meeting.pk}/",
]
# Lists, exports, dashboards and creation forms, with filters pointing at Tam Kỳ.
LIST_ROUTES = {
    "visits:home": lambda t: "/visits/",
    "visits:visit_list": lambda t: f"/visits/trips/?unit={t.anmy.pk}&year=2013&month=3",
    "visits:visit_export": lambda t: f"/visits/trips/export.xlsx?unit={t.tamky.pk}",
    "visits:visit_add": lambda t: f"/visits/trips/add/?unit={t.anmy.pk}",
    "visits:import_start": lambda t: "/visits/trips/import/",
    "visits:import_template": lambda t: "/visits/trips/import/template.xlsx",
    "visits:plan_create": lambda t: "/visits/plans/add/",
    "visits:report_create": lambda t: "/visits/reports/add/",
    "visits:practices": lambda t: "/visits/practices/?nhan_rong=0",
    "visits:practices_export": lambda t: "/visits/practices/export.xlsx",
    "visits:coverage": lambda t: f"/visits/coverage/?unit={t.tamky.pk}&year=2013",
    "visits:coverage_export": lambda t: f"/visits/coverage/export.xlsx?unit={t.province.pk}&year=2013",
    "visits:ranking": lambda t: f"/visits/ranking/?unit={t.tamky.pk}&year=2013&month=3",
    "visits:ranking_export": lambda t: f"/visits/ranking/export.xlsx?unit={t.province.pk}&year=2013&month=3",
    "visits:manage": lambda t: "/visits/manage/",
    "visits:weak_units": lambda t: "/visits/weak-units/?year=2013",
    "visits:weak_units_export": lambda t: "/visits/weak-units/export.xlsx?year=2013",
    "visits:clusters": lambda t: "/visits/clusters/?year=2013",
    "visits:clusters_export": lambda t: "/visits/clusters/export.xlsx?year=2013",
    "visits:offline_context": lambda t: "/visits/offline/context/",
}
# The offline page is the same for everyone, signed in or not (the service worker caches it):
# test_offline_and_proof.py checks that it holds no personal data.
PUBLIC_ROUTES = {"visits:offline"}
# The import's uploads (views_import.py): a token lives in the session that uploaded it.
IMPORT_ROUTES = {
    "visits:import_preview": (lambda token: f"/visits/trips/import/{token}/", "get"),
    "visits:import_errors": (lambda token: f"/visits/trips/import/{token}/errors.xlsx", "get"),
    "visits:import_commit": (lambda token: f"/visits/trips/import/{token}/commit/", "post"),
}
POST_DATA = {"comment": "Chiếm quyền", "version": 1, "to_replicate": "1"}


def _body_text(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    return response.content.decode()


def test_every_visits_route_is_in_the_matrix():
    sub = get_resolver().namespace_dict["visits"][1]
    names = {f"visits:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    missing = names - set(OBJECT_ROUTES) - set(LIST_ROUTES) - set(IMPORT_ROUTES) - PUBLIC_ROUTES
    assert not missing, f"routes without a scope test: {sorted(missing)}"


def _tamky_upload(t):
    """Phạm Thị Ánh's trip to An Mỹ, uploaded in the Tam Kỳ officer's own session."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Mã cán bộ", "Mã đơn vị", "Từ ngày", "Hình thức"])
    workbook.active.append([t.tamky_secretary.pk, "t-am", "16/04/2013", "Khảo sát chuyên đề"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = Client()
    client.force_login(t.users[TK])
    response = client.post("/visits/trips/import/", {"file": SimpleUploadedFile("an-my.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    return client, response["Location"].rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("route", sorted(IMPORT_ROUTES))
def test_a_foreign_upload_is_not_found(foreign, client_for, route):
    owner, token = _tamky_upload(foreign)
    builder, method = IMPORT_ROUTES[route]
    before = foreign.tamky_secretary.visits.count()
    response = getattr(client_for("district_standing"), method)(builder(token))
    assert response.status_code == 404
    assert not any(name in response.content.decode("utf-8", "replace") for name in FOREIGN_NAMES)
    assert foreign.tamky_secretary.visits.count() == before
    # The matrix is honest only if the Tam Kỳ officer does get the same request.
    response = getattr(owner, method)(builder(token))
    assert response.status_code == 200, response.content[:300]
    if method == "post":
        assert foreign.tamky_secretary.visits.count() == before + 1


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_foreign_object_is_not_found(foreign, client_for, route, method):
    client = client_for("district_standing")
    builder, _post_only, _owner = OBJECT_ROUTES[route]
    data = dict(POST_DATA, district=foreign.tamky.pk, unit=foreign.anmy.pk) if method == "post" else None
    response = getattr(client, method)(builder(foreign), data)
    assert response.status_code in (403, 404, 405)
    if method == "post":
        assert response.status_code in (403, 404)
    assert not any(name in response.content.decode() for name in FOREIGN_NAMES)


@pytest.mark.parametrize("index", range(len(EXTRA_FOREIGN_POSTS)))
def test_foreign_workflow_actions_are_not_found(foreign, client_for, index):
    client = client_for("district_standing")
    response = client.post(EXTRA_FOREIGN_POSTS[index](foreign), dict(POST_DATA, district=foreign.tamky.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("route", sorted(LIST_ROUTES))
def test_lists_never_show_foreign_rows(foreign, client_for, route):
    client = client_for("district_standing")
    response = client.get(LIST_ROUTES[route](foreign))
    assert response.status_code == 200
    text = _body_text(response)
    assert not any(name in text for name in FOREIGN_NAMES), route


def test_lists_do_show_own_rows(foreign, client_for):
    """The list test is honest only if the officer sees what is theirs: Quy's visit to Trà Sơn."""
    client = client_for("district_standing")
    assert "Đoàn xã Trà Sơn" in client.get("/visits/trips/").content.decode()
    assert "Nguyễn Văn Quy" in _body_text(client.get("/visits/trips/export.xlsx"))


def test_a_foreign_unit_cannot_be_posted(foreign, client_for):
    client = client_for("district_standing")
    response = client.post(
        "/visits/trips/add/",
        {
            "unit": foreign.anmy.pk,
            "start_date": "20/03/2013",
            "end_date": "20/03/2013",
            "form": "khac",
            "is_ad_hoc": "on",
        },
    )
    assert response.status_code == 200
    assert not foreign.btm_secretary.visits.exists()


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_same_pages_work_inside_scope(foreign, client_for, route):
    """The matrix is honest only if the owners of those objects do get them."""
    builder, post_only, owner = OBJECT_ROUTES[route]
    client = client_for(owner)
    url = builder(foreign)
    if post_only:
        response = client.post(url, {"district": foreign.tamky.pk, "comment": "Ghi chú", "to_replicate": "1"})
        assert response.status_code in (200, 302), route
    else:
        assert client.get(url).status_code == 200, route


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES) + sorted(LIST_ROUTES))
def test_anonymous_is_sent_to_login(foreign, client, route):
    builder = OBJECT_ROUTES[route][0] if route in OBJECT_ROUTES else LIST_ROUTES[route]
    response = client.get(builder(foreign))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_probe_no_role_outside_tam_ky_reads_its_records(foreign, client_for):
    """Issue 11, point 5: every role outside Tam Kỳ, every route above (GET), Tam Kỳ's real ids."""
    assert (
        probe.leaks(
            client_for, foreign, [*OBJECT_ROUTES.values(), *EXTRA_FOREIGN_POSTS, *LIST_ROUTES.values()], FOREIGN_NAMES
        )
        == []
    )
