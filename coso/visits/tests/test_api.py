"""/api/visits/: happy paths through the services, and the refusals in the API's error shape.
(The Bắc Trà My vs Tam Kỳ scope cases are in ``coso/visits/api/probes.py``'s ``SCOPE_MATRIX``, run by
``coso/api/tests/test_scope_matrix.py``.)"""

import json

import pytest
from django.test import Client

from coso.accounts.models import ApiToken
from coso.api.api import api
from coso.visits.models import MonthlyReport, Visit

MOUNTED = any(str(p.pattern).startswith("visits/") for p in api.urls[0])
pytestmark = pytest.mark.skipif(not MOUNTED, reason="/api/visits/ is not mounted in coso/api/api.py yet")


class Json:
    def __init__(self, user):
        _token, key = ApiToken.issue(user, "test")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"}

    def __call__(self, method, url, body=None):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method.lower())(url, **kwargs)


@pytest.fixture
def cadre_api(qn):
    return Json(qn.cadre_user)


def test_plan_created_filled_and_submitted(qn, cadre_api):
    response = cadre_api("POST", "/api/visits/plans", {"cadre_id": qn.movement_cadre.pk, "year": 2013, "quarter": 2})
    assert response.status_code == 201, response.content
    plan = response.json()
    assert plan["state"] == "draft" and plan["cadre_name"] == "Nguyễn Văn Quy"

    response = cadre_api(
        "POST",
        f"/api/visits/plans/{plan['id']}/visits",
        {"unit_id": qn.trason.pk, "start_date": "2013-04-09", "form": "sinh_hoat_chi_doan"},
    )
    assert response.status_code == 201, response.content
    planned = response.json()["planned_visits"]
    assert [p["unit_name"] for p in planned] == ["Đoàn xã Trà Sơn"] or len(planned) == 1

    response = cadre_api("POST", f"/api/visits/plans/{plan['id']}/submit", {})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"

    listed = cadre_api("GET", "/api/visits/plans?year=2013").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == plan["id"]


def test_visits_recorded_listed_patched_and_deleted(qn, cadre_api):
    response = cadre_api(
        "POST",
        "/api/visits/visits",
        {
            "cadre_id": qn.movement_cadre.pk,
            "unit_id": qn.anmy.pk,
            "start_date": "2013-03-07",
            "end_date": "2013-03-08",
            "form": "nam_tinh_hinh",
            "content": "Nắm tình hình",
        },
    )
    assert response.status_code == 201, response.content
    visit = response.json()
    assert visit["days"] == 2 and visit["unit_name"] == qn.anmy.name

    listed = cadre_api("GET", f"/api/visits/visits?month=2013-03&unit={qn.tamky.pk}").json()
    assert [v["id"] for v in listed["items"]] == [visit["id"]]
    assert cadre_api("GET", "/api/visits/visits?month=2013-04").json()["count"] == 0

    response = cadre_api("PATCH", f"/api/visits/visits/{visit['id']}", {"version": visit["version"], "findings": "Tốt"})
    assert response.status_code == 200, response.content
    assert response.json()["findings"] == "Tốt"

    stale = cadre_api("PATCH", f"/api/visits/visits/{visit['id']}", {"version": visit["version"], "findings": "Cũ"})
    assert stale.status_code == 409

    assert cadre_api("DELETE", f"/api/visits/visits/{visit['id']}").status_code == 204
    assert not Visit.objects.exists()


def test_an_over_cap_visit_is_refused_with_the_vietnamese_message(qn, cadre_api):
    body = {"cadre_id": qn.movement_cadre.pk, "unit_id": qn.anmy.pk, "form": "nam_tinh_hinh"}
    first = cadre_api("POST", "/api/visits/visits", {**body, "start_date": "2013-03-07", "end_date": "2013-03-08"})
    assert first.status_code == 201, first.content
    response = cadre_api("POST", "/api/visits/visits", {**body, "unit_id": qn.tamky.pk, "start_date": "2013-03-15"})
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "over_cap"
    assert "Vượt giới hạn: đồng chí Nguyễn Văn Quy đã có 2 ngày ở Thành đoàn Tam Kỳ" in error["message"]
    assert [v["code"] for v in error["violations"]] == ["over_cap"]
    assert Visit.objects.count() == 1


def test_report_drafted_submitted_confirmed_by_each_host(qn, cadre_api, go):
    go(qn.anmy, qn_date(2013, 3, 7))
    go(qn.trason, qn_date(2013, 3, 12))
    response = cadre_api(
        "POST", "/api/visits/reports/draft", {"cadre_id": qn.movement_cadre.pk, "year": 2013, "month": 3}
    )
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["total_days"] == 2 and len(report["lines"]) == 2

    response = cadre_api("POST", f"/api/visits/reports/{report['id']}/submit", {})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"

    btm = Json(qn.users["district_standing"])
    response = btm("POST", f"/api/visits/reports/{report['id']}/host-confirm", {"district_id": qn.bactramy.pk})
    assert response.status_code == 200, response.content
    hosts = {h["district_name"]: h["state"] for h in response.json()["hosts"]}
    assert hosts == {"Huyện đoàn Bắc Trà My": "confirmed"}  # a host reads its own part (issue 11)
    hosts = {
        h["district_name"]: h["state"] for h in cadre_api("GET", f"/api/visits/reports/{report['id']}").json()["hosts"]
    }
    assert hosts == {"Huyện đoàn Bắc Trà My": "confirmed", "Thành đoàn Tam Kỳ": "pending"}

    tk = Json(qn.users["district_standing_tamky"])
    response = tk("POST", f"/api/visits/reports/{report['id']}/host-confirm", {"district_id": qn.tamky.pk})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "host_confirmed"

    # Confirming for the other host is out of scope: 404 whatever the report.
    response = btm(
        "POST", f"/api/visits/reports/{report['id']}/host-return", {"district_id": qn.tamky.pk, "comment": "x"}
    )
    assert response.status_code == 404
    assert MonthlyReport.objects.get().state == "host_confirmed"


def test_practice_progress_coverage_ranking(qn, cadre_api, go):
    visit = go(qn.anmy, qn_date(2013, 3, 7))
    response = cadre_api(
        "POST",
        "/api/visits/practices",
        {
            "cadre_id": qn.movement_cadre.pk,
            "unit_id": qn.anmy.pk,
            "title": "Chợ phiên",
            "visit_id": visit.pk,
            "reported_on": "2013-03-08",
        },
    )
    assert response.status_code == 201, response.content
    assert cadre_api("GET", "/api/visits/practices").json()["count"] == 1

    progress = cadre_api("GET", f"/api/visits/progress/{qn.movement_cadre.pk}?year=2013&on=2013-03-20")
    assert progress.status_code == 200, progress.content
    assert progress.json()["cadre_name"] == "Nguyễn Văn Quy" and progress.json()["items"]

    admin = Json(qn.users["provincial_standing"])
    coverage = admin("GET", f"/api/visits/coverage?unit={qn.province.pk}&year=2013")
    assert coverage.status_code == 200, coverage.content
    tam_ky = next(c for c in coverage.json() if c["district_name"] == "Thành đoàn Tam Kỳ")
    assert tam_ky["total_days"] == 1

    ranking = admin("GET", f"/api/visits/ranking?unit={qn.province.pk}&year=2013&month=3")
    assert ranking.status_code == 200 and ranking.json() == []


def qn_date(year, month, day):
    import datetime

    return datetime.date(year, month, day)
