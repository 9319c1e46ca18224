"""/api/cadrework/: what the plan pages do, also through the API — a plan's heading, its
indicator table (with the measures' parameters), base unions' plans arriving, the planning of
secretaries and deputies, the yearly evaluation of cadres. Every edit carries ``version``
(409 when stale), refusals name their field, Tam Kỳ's records answer 404 and stay unchanged."""

import datetime

import pytest

from coso.accounts.models import ApiToken
from coso.api.tests.conftest import ApiClient
from coso.cadrework.api import SCOPE_MATRIX, tamky
from coso.cadrework.models import BaseUnitPlanSubmission, CadrePlan, Indicator
from coso.cadrework.tests.helpers import certificate
from coso.people.models import Evaluation, Planning

pytestmark = pytest.mark.django_db
D = datetime.date


def client(tree, role="district_standing"):
    _token, key = ApiToken.issue(tree.users[role], "test")
    return ApiClient(key)


@pytest.fixture
def api(btm):
    return client(btm)


def fields(response):
    return {(v["code"], v["field"]) for v in response.json()["violations"]}


def put(api, url, body):
    return api.request("PUT", url, body)


# --------------------------------------------------------------------------- plan heading


def test_plan_heading_edited_with_its_version(btm, api):
    url = f"/api/cadrework/plans/{btm.plan.pk}"
    version = api.get(url).json()["version"]
    body = {"year": 2023, "number": "07-KH/HĐTN", "title": "Kế hoạch công tác cán bộ năm 2023 (sửa đổi)"}
    response = put(api, url, dict(body, version=version))
    assert response.status_code == 200
    assert response.json()["title"] == body["title"] and response.json()["number"] == "07-KH/HĐTN"

    stale = put(api, url, dict(body, title="Ghi đè", version=version))
    assert stale.status_code == 409 and "người khác sửa" in stale.json()["message"]
    refused = put(api, url, dict(body, base_plan_deadline="2030-01-01", version=version + 1))
    assert refused.status_code == 400
    assert fields(refused) == {("deadline_year", "base_plan_deadline")}
    assert CadrePlan.objects.get(pk=btm.plan.pk).title == body["title"]


def test_a_ward_reads_the_district_plan_but_may_not_edit_it(btm):
    ward = client(btm, "base_officer")
    url = f"/api/cadrework/plans/{btm.plan.pk}"
    version = ward.get(url).json()["version"]
    assert put(ward, url, {"year": 2023, "title": "Của phường", "version": version}).status_code == 403
    assert CadrePlan.objects.get(pk=btm.plan.pk).title == btm.plan.title


# --------------------------------------------------------------------------- indicators


def test_indicator_params_choose_who_counts(btm, api):
    certificate(btm.ts_secretary, "B1")
    certificate(btm.tg_secretary, "B2")
    body = {
        "name": "Bí thư Đoàn xã có chứng chỉ ngoại ngữ B2",
        "population": "ward_secretaries",
        "measure": "language_certificate_at_least",
        "params": {"level": "B2"},
        "target_kind": "count",
        "target_value": 2,
    }
    created = api.post(f"/api/cadrework/plans/{btm.plan.pk}/indicators", body)
    assert created.status_code == 201
    row = created.json()
    assert row["params"] == {"level": "B2"} and "B2" in row["measure_label"] and row["order"] == 3
    result = api.get(f"/api/cadrework/indicators/{row['id']}/result").json()
    assert (result["achieved_count"], [p["name"] for p in result["achieved"]]) == (1, ["Bùi Văn Long"])

    url = f"/api/cadrework/indicators/{row['id']}"
    edited = put(api, url, dict(body, params={"level": "B1"}, version=row["version"]))
    assert edited.status_code == 200 and edited.json()["params"] == {"level": "B1"}
    assert api.get(f"{url}/result").json()["achieved_count"] == 2

    stale = put(api, url, dict(body, name="Ghi đè", version=row["version"]))
    assert stale.status_code == 409
    refused = put(api, url, dict(body, params={"level": "Z9"}, target_value=0, version=row["version"] + 1))
    assert refused.status_code == 400
    assert fields(refused) == {("bad_param", "params.level"), ("target_positive", "target_value")}
    bad_add = api.post(f"/api/cadrework/plans/{btm.plan.pk}/indicators", dict(body, params={"level": "Z9"}))
    assert bad_add.status_code == 400 and fields(bad_add) == {("bad_param", "params.level")}
    indicator = Indicator.objects.get(pk=row["id"])
    assert (indicator.name, indicator.params) == (body["name"], {"level": "B1"})


def test_indicators_reordered_and_removed_with_their_version(btm, api):
    move = api.post(f"/api/cadrework/indicators/{btm.resolutions.pk}/move", {"direction": "up"})
    assert move.status_code == 200
    assert [(i["id"], i["order"]) for i in move.json()["indicators"]] == [(btm.resolutions.pk, 1), (btm.degree.pk, 2)]
    top = api.post(f"/api/cadrework/indicators/{btm.resolutions.pk}/move", {"direction": "up"}).json()
    assert [i["id"] for i in top["indicators"]] == [btm.resolutions.pk, btm.degree.pk]
    assert api.post(f"/api/cadrework/indicators/{btm.degree.pk}/move", {"direction": "sideways"}).status_code == 422

    url = f"/api/cadrework/indicators/{btm.resolutions.pk}"
    version = Indicator.objects.get(pk=btm.resolutions.pk).version
    assert api.request("DELETE", f"{url}?version={version + 1}").status_code == 409
    assert Indicator.objects.filter(pk=btm.resolutions.pk).exists()
    removed = api.request("DELETE", f"{url}?version={version}")
    assert removed.status_code == 200
    assert [(i["id"], i["order"]) for i in removed.json()["indicators"]] == [(btm.degree.pk, 1)]
    assert api.request("DELETE", f"{url}?version={version}").status_code == 404


def test_indicators_of_another_district_answer_404_and_stay(btm, api):
    theirs = tamky(btm).indicator
    url = f"/api/cadrework/indicators/{theirs.pk}"
    body = {
        "name": "Chiếm",
        "population": "all_cadres_in_scope",
        "measure": "university_or_higher",
        "target_kind": "count",
        "target_value": 1,
        "version": theirs.version,
    }
    assert put(api, url, body).status_code == 404
    assert api.post(f"{url}/move", {"direction": "down"}).status_code == 404
    assert api.request("DELETE", f"{url}?version={theirs.version}").status_code == 404
    plan = f"/api/cadrework/plans/{theirs.plan_id}"
    assert put(api, plan, {"year": 2023, "title": "Chiếm", "version": theirs.plan.version}).status_code == 404
    kept = Indicator.objects.get(pk=theirs.pk)
    assert (kept.name, kept.version, kept.plan.title) == (theirs.name, theirs.version, theirs.plan.title)


# --------------------------------------------------------------------------- base unions' own plans


def test_base_union_plan_recorded_or_refused_on_its_field(btm, api):
    url = f"/api/cadrework/plans/{btm.plan.pk}/submissions"
    late = api.post(url, {"unit_id": btm.tragiang.pk, "submitted_on": "2023-08-20", "document_number": "3-KH"})
    assert late.status_code == 201 and late.json()["late"] is True
    again = api.post(url, {"unit_id": btm.trason.pk, "submitted_on": "2023-08-06"})
    assert again.status_code == 400 and fields(again) == {("already_submitted", "unit_id")}
    itself = api.post(url, {"unit_id": btm.bactramy.pk, "submitted_on": "2023-08-06"})
    assert fields(itself) == {("not_under_owner", "unit_id"), ("not_base_unit", "unit_id")}
    theirs = tamky(btm).plan
    outside = api.post(
        f"/api/cadrework/plans/{theirs.pk}/submissions", {"unit_id": btm.trason.pk, "submitted_on": "2023-08-06"}
    )
    assert outside.status_code == 404
    assert BaseUnitPlanSubmission.objects.filter(plan=theirs).count() == 0


# --------------------------------------------------------------------------- planning


def test_planning_added_removed_and_back(btm, api):
    listed = api.get(f"/api/cadrework/planning?unit={btm.bactramy.pk}").json()
    assert [(r["person_name"], r["title"], r["term"]) for r in listed["items"]] == [
        ("Bùi Văn Long", "deputy_secretary", "2022–2027")
    ]
    body = {"unit_id": btm.bactramy.pk, "person_id": btm.btm_secretary.pk, "title": "secretary", "term_id": btm.term.pk}
    added = api.post("/api/cadrework/planning", dict(body, decision_number="12-QĐ/HĐTN"))
    assert added.status_code == 201
    row = added.json()
    assert (row["person_name"], row["title_label"], row["removed_on"]) == ("Hồ Văn Anh", "Bí thư", None)

    twice = api.post("/api/cadrework/planning", body)
    assert twice.status_code == 400 and fields(twice) == {("already_planned", "person_id")}
    wrong = api.post("/api/cadrework/planning", dict(body, title="chairman"))
    assert ("bad_title", "title") in fields(wrong)

    remove = f"/api/cadrework/planning/{row['id']}/remove"
    assert api.post(remove, {"on": "2024-10-01", "version": row["version"] + 1}).status_code == 409
    removed = api.post(remove, {"on": "2024-10-01", "version": row["version"]})
    assert removed.status_code == 200 and removed.json()["removed_on"] == "2024-10-01"
    current = api.get(f"/api/cadrework/planning?unit={btm.bactramy.pk}&removed=false").json()
    assert [r["person_name"] for r in current["items"]] == ["Bùi Văn Long"]

    back = api.post("/api/cadrework/planning", body)
    assert back.status_code == 201 and back.json()["id"] == row["id"] and back.json()["removed_on"] is None
    planning = Planning.objects.get(pk=row["id"])
    assert [h.removed_on for h in planning.history.order_by("history_date")] == [None, D(2024, 10, 1), None]


def test_planning_of_another_district_answers_404_and_stays(btm, api):
    theirs = tamky(btm).planning
    response = api.post(f"/api/cadrework/planning/{theirs.pk}/remove", {"on": "2024-10-01", "version": theirs.version})
    assert response.status_code == 404
    assert api.get(f"/api/cadrework/planning?unit={theirs.unit_id}").json()["count"] == 0
    assert Planning.objects.get(pk=theirs.pk).removed_on is None


# --------------------------------------------------------------------------- evaluations


def test_cadre_evaluated_and_corrected_with_the_version(btm, api):
    levels = api.get("/api/cadrework/evaluations/levels?year=2023").json()
    assert levels[0]["rank"] == 1 and "HTTNV" in [lvl["code"] for lvl in levels]
    url = f"/api/cadrework/cadres/{btm.btm_secretary.pk}/evaluations/2023"
    first = put(api, url, {"level_code": "HTTNV", "self_assessment": "Hoàn thành tốt"})
    assert first.status_code == 200
    row = first.json()
    assert (row["person_name"], row["level_code"], row["self_assessment"]) == ("Hồ Văn Anh", "HTTNV", "Hoàn thành tốt")

    listed = api.get(f"/api/cadrework/evaluations?unit={btm.bactramy.pk}&year=2023").json()
    assert [(r["person_id"], r["level_name"]) for r in listed["items"]] == [
        (btm.btm_secretary.pk, "Hoàn thành tốt nhiệm vụ")
    ]
    corrected = put(api, url, {"level_code": "HTXSNV", "note": "Xuất sắc", "version": row["version"]})
    assert corrected.status_code == 200 and corrected.json()["level_code"] == "HTXSNV"
    stale = put(api, url, {"level_code": "HTNV", "version": row["version"]})
    assert stale.status_code == 409
    unknown = put(api, url, {"level_code": "GIOI", "version": row["version"] + 1})
    assert unknown.status_code == 400 and fields(unknown) == {("bad_level", "level_code")}
    assert Evaluation.objects.get(person=btm.btm_secretary, year=2023).level.code == "HTXSNV"


def test_evaluation_of_another_district_answers_404_and_stays(btm, api):
    theirs = tamky(btm).evaluation
    url = f"/api/cadrework/cadres/{theirs.person_id}/evaluations/2023"
    assert put(api, url, {"level_code": "HTNV", "version": theirs.version}).status_code == 404
    assert api.get(f"/api/cadrework/evaluations?unit={theirs.person.unit_id}").status_code == 404
    assert api.get("/api/cadrework/evaluations?year=2023").json()["count"] == 0
    kept = Evaluation.objects.get(pk=theirs.pk)
    assert (kept.level_id, kept.version) == (theirs.level_id, theirs.version)


# --------------------------------------------------------------------------- the scope matrix, on our records


def cadrework_records():
    return (
        list(CadrePlan.objects.order_by("pk").values_list("pk", "version", "title")),
        list(Indicator.objects.order_by("pk").values_list("pk", "version", "order", "name", "params")),
        list(BaseUnitPlanSubmission.objects.order_by("pk").values_list("pk", "plan_id", "unit_id")),
        list(Planning.objects.order_by("pk").values_list("pk", "version", "removed_on")),
        list(Evaluation.objects.order_by("pk").values_list("pk", "version", "level_id", "note")),
    )


WRITES = [case for case in SCOPE_MATRIX if case.method != "GET"]


@pytest.mark.parametrize("case", WRITES, ids=[f"{c} ({i})" for i, c in enumerate(WRITES)])
def test_other_district_changes_none_of_our_records(case, tree):
    """The scope matrix (coso/api/tests/test_scope_matrix.py) watches units and people; here
    the cadre-work records themselves stay as they were."""
    tamky(tree)
    before = cadrework_records()
    response = client(tree).request(case.method, case.url(tree), case.body(tree) if case.body else None)
    assert response.status_code in (403, 404), response.content
    assert cadrework_records() == before
