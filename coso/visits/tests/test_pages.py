"""The visits pages: record a visit, refusals on the form, the plan and report workflows
through the pages, dashboards, and list pages whose query count does not grow with rows."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from coso.visits import services
from coso.visits.models import GoodPractice, MonthlyReport, QuarterPlan, Visit, VisitForm

from .conftest import D


def _visit_post(unit, start="12/03/2013", end=None, **extra):
    data = {
        "unit": unit.pk,
        "start_date": start,
        "end_date": end or start,
        "form": VisitForm.SITUATION,
        "content": "Dự sinh hoạt chuyên đề tháng 3",
        "findings": "",
        "problems": "",
        "proposals": "",
    }
    data.update(extra)
    return data


def test_record_a_visit_with_a_good_practice(qn, client_for):
    client = client_for("movement_cadre")
    form_page = client.get("/visits/trips/add/")
    assert form_page.status_code == 200
    # The picker suggests the cadre's assigned area first (issue 9: no select of every unit).
    assert 'data-param-under="' in form_page.content.decode()
    response = client.post(
        "/visits/trips/add/",
        _visit_post(qn.anmy, practice_title="Ngày thứ bảy tình nguyện", practice_description="Mỗi tháng một lần"),
    )
    visit = Visit.objects.get(cadre=qn.movement_cadre)
    assert response.status_code == 302 and response["Location"] == f"/visits/trips/{visit.pk}/"
    assert (visit.unit, visit.start_date, visit.days) == (qn.anmy, D(2013, 3, 12), 1)
    assert GoodPractice.objects.get(visit=visit).title == "Ngày thứ bảy tình nguyện"
    detail = client.get(response["Location"]).content.decode()
    assert "Đoàn phường An Mỹ" in detail and "Ngày thứ bảy tình nguyện" in detail
    listing = client.get("/visits/trips/?year=2013&month=3").content.decode()
    assert "12/03/2013" in listing and "Đoàn phường An Mỹ" in listing


def test_over_cap_is_refused_with_every_reason_and_typed_values_kept(qn, go, client_for):
    go(qn.anmy, D(2013, 3, 12), D(2013, 3, 13))
    client = client_for("movement_cadre")
    response = client.post(
        "/visits/trips/add/", _visit_post(qn.anmy, "14/03/2013", content="Việc đã gõ không được mất")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Vượt giới hạn" in body and "tối đa 2 ngày/tháng" in body
    assert "Việc đã gõ không được mất" in body and "14/03/2013" in body
    assert Visit.objects.filter(cadre=qn.movement_cadre).count() == 1


def test_an_ad_hoc_visit_is_marked_apart(qn, client_for):
    client = client_for("movement_cadre")
    response = client.post("/visits/trips/add/", _visit_post(qn.trason, "05/03/2013", is_ad_hoc="on"))
    assert response.status_code == 302
    assert Visit.objects.get(cadre=qn.movement_cadre).is_ad_hoc


def test_edit_a_visit_keeps_version(qn, go, client_for):
    visit = go(qn.anmy, D(2013, 3, 12))
    client = client_for("movement_cadre")
    assert client.get(f"/visits/trips/{visit.pk}/edit/").status_code == 200
    data = _visit_post(qn.anmy, content="Sửa nội dung", version=visit.version)
    assert client.post(f"/visits/trips/{visit.pk}/edit/", data).status_code == 302
    visit.refresh_from_db()
    assert visit.content == "Sửa nội dung"
    stale = client.post(f"/visits/trips/{visit.pk}/edit/", dict(data, content="Cũ", version=visit.version - 1))
    assert stale.status_code == 200 and "người khác sửa" in stale.content.decode()


def test_report_submit_host_return_confirm_and_review_through_pages(qn, go, client_for, client):
    go(qn.trason, D(2013, 3, 12))
    cadre = client_for("movement_cadre")
    response = cadre.post("/visits/reports/add/", {"year": 2013, "month": 3, "summary": "Tốt"})
    report = MonthlyReport.objects.get(cadre=qn.movement_cadre, year=2013, month=3)
    assert response["Location"] == f"/visits/reports/{report.pk}/"
    assert cadre.post(f"/visits/reports/{report.pk}/submit/", {"version": report.version}).status_code == 302
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.SUBMITTED

    host = client_for("district_standing")
    home = host.get("/visits/").content.decode()
    assert f"/visits/reports/{report.pk}/" in home
    page = host.get(f"/visits/reports/{report.pk}/").content.decode()
    assert "Xác nhận" in page and "host_confirm" in page
    refused = host.post(f"/visits/reports/{report.pk}/host_return/", {"district": qn.bactramy.pk, "comment": ""})
    assert refused.status_code == 200 and "Hãy ghi rõ lý do trả lại" in refused.content.decode()
    host.post(f"/visits/reports/{report.pk}/host_return/", {"district": qn.bactramy.pk, "comment": "Thiếu ngày 13"})
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.RETURNED

    cadre = client_for("movement_cadre")
    cadre.post(f"/visits/reports/{report.pk}/submit/", {"version": report.version})
    host = client_for("district_standing")
    host.post(f"/visits/reports/{report.pk}/host_confirm/", {"district": qn.bactramy.pk, "comment": "Đúng thực tế"})
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.HOST_CONFIRMED
    page = host.get(f"/visits/reports/{report.pk}/").content.decode()
    assert "Đúng thực tế" in page and "Thiếu ngày 13" in page

    leader = client_for("provincial_standing")  # Trần Thị Hồng leads Cụm 1 (2013)
    assert f"/visits/reports/{report.pk}/" in leader.get("/visits/").content.decode()
    leader.post(f"/visits/reports/{report.pk}/review/", {"comment": "Đạt", "version": report.version})
    report.refresh_from_db()
    assert report.state == MonthlyReport.State.REVIEWED and report.review_comment == "Đạt"


def test_the_cadre_cannot_confirm_their_own_report(qn, go, client_for):
    go(qn.trason, D(2013, 3, 12))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report)
    cadre = client_for("movement_cadre")
    assert "host_confirm" not in cadre.get(f"/visits/reports/{report.pk}/").content.decode()
    response = cadre.post(f"/visits/reports/{report.pk}/host_confirm/", {"district": qn.bactramy.pk})
    assert response.status_code == 403


def test_plan_add_submit_return_and_approve(qn, client_for):
    cadre = client_for("movement_cadre")
    response = cadre.post("/visits/plans/add/", {"year": 2013, "quarter": 2, "note": "Theo dõi Trà Sơn"})
    plan = QuarterPlan.objects.get(cadre=qn.movement_cadre, year=2013, quarter=2)
    assert response["Location"] == f"/visits/plans/{plan.pk}/"
    added = cadre.post(
        f"/visits/plans/{plan.pk}/planned/add/",
        {"unit": qn.trason.pk, "start_date": "09/04/2013", "end_date": "09/04/2013", "form": VisitForm.SURVEY},
    )
    assert added.status_code == 302 and plan.planned_visits.count() == 1
    refused = cadre.post(
        f"/visits/plans/{plan.pk}/planned/add/",
        {"unit": qn.trason.pk, "start_date": "09/07/2013", "end_date": "09/07/2013", "form": VisitForm.SURVEY},
    )
    assert refused.status_code == 200 and "quý" in refused.content.decode()
    planned = plan.planned_visits.get()
    cadre.post(f"/visits/plans/{plan.pk}/submit/", {"version": plan.version})
    plan.refresh_from_db()
    assert plan.state == QuarterPlan.State.SUBMITTED
    assert "approve" not in cadre.get(f"/visits/plans/{plan.pk}/").content.decode()

    approver = client_for("department_leader")
    page = approver.get(f"/visits/plans/{plan.pk}/").content.decode()
    assert "/approve/" in page
    refused = approver.post(f"/visits/plans/{plan.pk}/return/", {"comment": ""})
    assert "Hãy ghi rõ lý do trả lại" in refused.content.decode()
    approver.post(f"/visits/plans/{plan.pk}/return/", {"comment": "Bổ sung tháng 5"})
    plan.refresh_from_db()
    assert plan.state == QuarterPlan.State.RETURNED

    cadre = client_for("movement_cadre")
    assert cadre.post(f"/visits/plans/planned/{planned.pk}/remove/").status_code == 302
    assert plan.planned_visits.count() == 0
    cadre.post(f"/visits/plans/{plan.pk}/submit/")
    client_for("department_leader").post(f"/visits/plans/{plan.pk}/approve/", {"comment": "Đồng ý"})
    plan.refresh_from_db()
    assert plan.state == QuarterPlan.State.APPROVED


def test_practices_mark_to_replicate(qn, go, client_for):
    visit = go(qn.trason, D(2013, 3, 12))
    practice = services.record_good_practice(
        actor=qn.cadre_user, cadre=qn.movement_cadre, unit=qn.trason, title="Sổ tay đoàn viên", visit=visit
    )
    leader = client_for("provincial_standing")
    assert "Sổ tay đoàn viên" in leader.get("/visits/practices/").content.decode()
    leader.post(f"/visits/practices/{practice.pk}/mark/", {"to_replicate": "1"})
    practice.refresh_from_db()
    assert practice.to_replicate
    assert "Sổ tay đoàn viên" in leader.get("/visits/practices/?nhan_rong=1").content.decode()
    cadre = client_for("movement_cadre")
    assert cadre.post(f"/visits/practices/{practice.pk}/mark/", {"to_replicate": "0"}).status_code == 403


def test_coverage_and_ranking_dashboards_and_exports(qn, go, client_for):
    go(qn.trason, D(2013, 3, 12))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report)
    services.host_confirm(actor=qn.users["district_standing"], report=report, district=qn.bactramy)
    client = client_for("provincial_standing")
    page = client.get(f"/visits/coverage/?unit={qn.province.pk}&year=2013").content.decode()
    assert "1/2" in page and "Đoàn xã Trà Giang" in page and 'id="coverage-data"' in page
    assert "ngày cơ sở" in page and "<script>" not in page
    export = client.get(f"/visits/coverage/export.xlsx?unit={qn.province.pk}&year=2013")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Thành đoàn Tam Kỳ" and rows[2][1] == "1/2"
    page = client.get(f"/visits/ranking/?unit={qn.province.pk}&year=2013&month=3").content.decode()
    assert "Nguyễn Văn Quy" in page and "1 ngày cơ sở × 2 điểm = 2" in page
    export = client.get(f"/visits/ranking/export.xlsx?unit={qn.province.pk}&year=2013&month=3")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "Nguyễn Văn Quy"


def test_home_shows_progress_and_attention(qn, go, client_for):
    from coso.visits.attention import visits_attention

    go(qn.anmy, D(2013, 3, 12))
    page = client_for("movement_cadre").get("/visits/").content.decode()
    assert 'data-testid="progress"' in page and "Ghi chuyến đi" in page
    assert isinstance(visits_attention(qn.cadre_user), list)


def _bulk_visits(qn, n):
    Visit.objects.bulk_create(
        Visit(
            cadre=qn.movement_cadre,
            unit=qn.trason if i % 2 else qn.anmy,
            start_date=D(2013, 1 + i % 12, 1 + i // 12),
            end_date=D(2013, 1 + i % 12, 1 + i // 12),
            form=VisitForm.SITUATION,
            content=f"chuyến {i}",
        )
        for i in range(n)
    )
    for visit in Visit.objects.filter(cadre=qn.movement_cadre)[:n]:
        GoodPractice.objects.create(
            title=f"Mô hình {visit.pk}",
            unit=visit.unit,
            visit=visit,
            reported_by=qn.movement_cadre,
            reported_on=visit.start_date,
        )


@pytest.mark.parametrize(
    "url,role",
    [
        ("/visits/trips/", "movement_cadre"),
        ("/visits/trips/?year=2013", "provincial_standing"),
        ("/visits/practices/", "provincial_standing"),
        ("/visits/practices/", "movement_cadre"),
        ("/visits/", "movement_cadre"),
    ],
)
def test_list_pages_queries_do_not_grow_with_rows(qn, client_for, url, role, django_assert_max_num_queries):
    client = client_for(role)
    _bulk_visits(qn, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _bulk_visits(qn, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
