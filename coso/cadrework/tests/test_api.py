"""/api/cadrework/: the same rules as the pages — results computed from the data with the
people behind them, writes through the services, stale versions refused (409)."""

import pytest

from coso.accounts.models import ApiToken
from coso.api.tests.conftest import ApiClient
from coso.cadrework.models import BodySeats
from coso.people.models import Body

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(btm):
    _token, key = ApiToken.issue(btm.users["district_standing"], "test")
    return ApiClient(key)


def test_results_and_the_people_behind(btm, api):
    response = api.get(f"/api/cadrework/plans/{btm.plan.pk}/results")
    assert response.status_code == 200
    assert [(r["population_count"], r["achieved_count"], r["met"]) for r in response.json()] == [
        (2, 1, False),
        (3, 0, False),
    ]
    detail = api.get(f"/api/cadrework/indicators/{btm.degree.pk}/result?unit={btm.trason.pk}").json()
    assert detail["missing"] == [
        {"id": btm.ts_secretary.pk, "name": "Hồ Thị Mai", "unit_id": btm.trason.pk, "unit_name": "Đoàn xã Trà Sơn"}
    ]
    assert detail["achieved"] == [] and detail["percent"] == 0.0
    late = {row["unit_name"]: row["late"] for row in api.get(f"/api/cadrework/plans/{btm.plan.pk}/submissions").json()}
    assert late == {"Đoàn xã Trà Sơn": False, "Đoàn xã Trà Giang": True}


def test_indicator_with_a_bad_pair_is_refused_with_every_reason(btm, api):
    response = api.post(
        f"/api/cadrework/plans/{btm.plan.pk}/indicators",
        {
            "name": "x",
            "population": "pioneer_commander_sources",
            "measure": "has_b1_or_higher",
            "target_kind": "percent",
            "target_value": 120,
        },
    )
    assert response.status_code == 400
    codes = {v["code"] for v in response.json()["violations"]}
    assert codes == {"subject_mismatch", "percent_over_100"}


def test_course_flow_and_stale_version(btm, api):
    course = api.post(
        "/api/cadrework/courses",
        {
            "organiser_id": btm.bactramy.pk,
            "kind": "political_theory",
            "name": "Sơ cấp lý luận chính trị",
            "start_date": "2023-05-02",
            "end_date": "2023-05-03",
            "session_dates": ["2023-05-02", "2023-05-03"],
        },
    ).json()
    enrollment = api.post(
        f"/api/cadrework/courses/{course['id']}/enrollments",
        {"person_id": btm.ts_secretary.pk, "sent_on": "2023-04-20"},
    ).json()
    sessions = [s["id"] for s in course["sessions"]]
    attended = api.post(f"/api/cadrework/enrollments/{enrollment['id']}/attendance", {"session_ids": sessions})
    assert attended.json()["attended"] == sorted(sessions)
    stale = api.post(
        f"/api/cadrework/enrollments/{enrollment['id']}/complete",
        {"completed": True, "version": enrollment["version"] + 5},
    )
    assert stale.status_code == 409
    done = api.post(
        f"/api/cadrework/enrollments/{enrollment['id']}/complete", {"completed": True, "version": enrollment["version"]}
    )
    assert done.status_code == 200 and done.json()["completed"] is True
    assert btm.ts_secretary.trainings.get().kind == "political_theory"


def test_seats_put_with_version(btm, api):
    body = {"unit_id": btm.bactramy.pk, "body": "btv", "term_id": btm.term.pk, "seats": 4}
    assert api.request("PUT", "/api/cadrework/seats", body).status_code == 200
    row = BodySeats.objects.get(unit=btm.bactramy, body=Body.STANDING)
    assert api.request("PUT", "/api/cadrework/seats", dict(body, seats=6, version=row.version + 1)).status_code == 409
    answer = api.request("PUT", "/api/cadrework/seats", dict(body, seats=6, version=row.version)).json()
    assert answer[0]["seats"] == 6 and answer[0]["vacant"] == 6
