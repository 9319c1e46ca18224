"""/api/programme/: each transition through the API, and its refusals (rules 400, capability
403, out of scope 404, stale version 409), with the same services as the pages."""

import json

import pytest
from django.test import Client

from coso.accounts.models import ApiToken
from coso.people.models import Person
from coso.programme.models import Assessment, Registration

from .conftest import criteria_for, rounds

API = "/api/programme"


class Api:
    def __init__(self, user):
        _token, key = ApiToken.issue(user, "test")
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"}

    def call(self, method, url, body=None):
        kwargs = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        return getattr(self.client, method)(API + url, **kwargs)

    def get(self, url):
        return self.call("get", url)

    def post(self, url, body):
        return self.call("post", url, body)

    def put(self, url, body):
        return self.call("put", url, body)


@pytest.fixture
def api(btm):
    return lambda key: Api(btm.users[key])


def items(programme, training=5, action=5, group="dia-ban-dan-cu"):
    chosen = criteria_for(programme, group, "training")[:training] + criteria_for(programme, group, "action")[:action]
    return [{"criterion_id": c.pk, "commitment": f"Tôi cam kết: {c.title.lower()}."} for c in chosen]


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json()


def codes(response):
    return [v["code"] for v in response.json()["violations"]]


def test_programmes_with_tracks_rounds_and_criteria(btm, api):
    member = api("member")
    listed = ok(member.get("/programmes"))
    assert [p["name"] for p in listed["items"]] == ["Ngày đoàn viên “Rèn luyện và hành động” năm 2014"]
    programme = ok(member.get(f"/programmes/{btm.programme.pk}"))
    general = next(t for t in programme["tracks"] if t["kind"] == "general")
    assert [(r["roman"], r["starts_on"]) for r in general["rounds"]] == [
        ("I", "2014-03-01"),
        ("II", "2014-05-01"),
        ("III", "2014-07-01"),
        ("IV", "2014-09-01"),
    ]
    criteria = ok(member.get(f"/programmes/{btm.programme.pk}/criteria?kind=training&target_group=dia-ban-dan-cu"))
    assert [c["code"] for c in criteria] == ["RL-01", "RL-02", "RL-03", "DC-RL-1", "DC-RL-2", "DC-RL-3"]
    assert ok(api("branch_officer_anmy").get("/programmes"))["count"] == 0  # Tam Kỳ's people see no BTM programme
    assert api("branch_officer_anmy").get(f"/programmes/{btm.programme.pk}").status_code == 404


def test_register_submit_return_fix_and_resubmit(btm, api):
    member, officer = api("member"), api("branch_officer")
    wrong = ok(member.post("/registrations", {"programme_id": btm.programme.pk, "items": items(btm.programme, 4)}), 400)
    assert wrong["code"] == "wrong_training_count"
    created = ok(member.post("/registrations", {"programme_id": btm.programme.pk, "items": items(btm.programme)}), 201)
    assert created["state"] == "draft" and created["member_name"] == "Đinh Thị Mai" and len(created["items"]) == 10
    rid = created["id"]
    submitted = ok(member.post(f"/registrations/{rid}/submit", {"version": created["version"]}))
    assert submitted["state"] == "submitted" and submitted["signed_on"]
    assert codes(officer.post(f"/registrations/{rid}/return", {"reason": " "})) == ["reason_required"]
    assert member.post(f"/registrations/{rid}/return", {"reason": "Tự trả"}).status_code == 403
    returned = ok(officer.post(f"/registrations/{rid}/return", {"reason": "Chọn tiêu chí phù hợp hơn"}))
    assert returned["state"] == "returned"
    new_items = items(btm.programme)
    new_items[0]["commitment"] = "Dự đủ 12 buổi sinh hoạt chi đoàn."
    stale = member.put(f"/registrations/{rid}/items", {"version": created["version"], "items": new_items})
    assert stale.status_code == 409
    fixed = ok(member.put(f"/registrations/{rid}/items", {"version": returned["version"], "items": new_items}))
    assert fixed["items"][0]["commitment"] == "Dự đủ 12 buổi sinh hoạt chi đoàn."
    assert ok(member.post(f"/registrations/{rid}/submit", {}))["state"] == "submitted"


def test_the_branch_registers_for_a_member_and_nobody_else_may(btm, api):
    body = {
        "programme_id": btm.programme.pk,
        "member_id": btm.member_trason2.pk,
        "items": items(btm.programme),
        "signed_on": "2014-03-18",
        "submit": True,
    }
    assert api("member").post("/registrations", body).status_code == 404  # another member: not visible
    assert api("base_officer").post("/registrations", body).status_code == 403  # not the branch committee
    created = ok(api("branch_officer").post("/registrations", body), 201)
    assert created["on_behalf"] and created["state"] == "submitted" and created["signed_on"] == "2014-03-18"
    again = api("branch_officer").post("/registrations", body)
    assert again.status_code == 400 and again.json()["code"] == "already_registered"
    listed = ok(api("district_standing").get(f"/registrations?unit={btm.trason.pk}"))
    assert [r["member_name"] for r in listed["items"]] == ["Hồ Văn Đông"]


@pytest.fixture
def submitted(btm, api):
    """Both Trà Sơn members registered and their round I self-assessment sent, through the API."""
    btm.round1 = rounds(btm.programme)[0]
    for key in ("member", "member2"):
        client = api(key)
        reg = ok(
            client.post(
                "/registrations", {"programme_id": btm.programme.pk, "items": items(btm.programme), "submit": True}
            ),
            201,
        )
        marks = [{"criterion_id": i["criterion_id"], "status": "done"} for i in reg["items"]]
        marks[-1]["status"] = "not_done"
        assessed = ok(
            client.post(
                f"/registrations/{reg['id']}/self-assessment",
                {"round_id": btm.round1.pk, "items": marks, "summary": "Đã cố gắng"},
            )
        )
        assert assessed["state"] == "submitted"
        setattr(btm, f"assessment_{key}", assessed)
    return btm


def test_self_assessment_refusals(submitted, api):
    registration = Registration.objects.get(member=submitted.member_trason)
    missing = api("member").post(
        f"/registrations/{registration.pk}/self-assessment", {"round_id": submitted.rounds[1].pk, "items": []}
    )
    assert missing.status_code == 400 and "self_status_missing" in codes(missing)
    # The branch officer cannot self-assess for the member.
    other = api("branch_officer").post(
        f"/registrations/{registration.pk}/self-assessment", {"round_id": submitted.rounds[1].pk, "items": []}
    )
    assert other.status_code == 403


def test_evaluate_one_member_and_the_whole_branch(submitted, api):
    officer = api("branch_officer")
    first = submitted.assessment_member
    assert api("member").post(f"/assessments/{first['id']}/evaluate", {"result": "good"}).status_code == 403
    evaluated = ok(officer.post(f"/assessments/{first['id']}/evaluate", {"result": "good", "comment": "Tốt"}))
    assert evaluated["state"] == "evaluated" and evaluated["result"] == "good"
    assert [m["branch_status"] for m in evaluated["items"]][-2:] == ["done", "not_done"]  # the member's own marks

    bulk = ok(
        officer.post(
            f"/programmes/{submitted.programme.pk}/branch-evaluations",
            {
                "branch_id": submitted.branch_trason.pk,
                "round_id": submitted.round1.pk,
                "results": [
                    {"member_id": submitted.member_trason.pk, "result": "good"},
                    {"member_id": submitted.member_trason2.pk},  # no overall result: left as it was
                ],
            },
        )
    )
    assert bulk["done"] == []
    assert sorted(s["code"] for s in bulk["skipped"]) == ["already_evaluated", "incomplete"]
    bulk = ok(
        officer.post(
            f"/programmes/{submitted.programme.pk}/branch-evaluations",
            {
                "branch_id": submitted.branch_trason.pk,
                "round_id": submitted.round1.pk,
                "results": [{"member_id": submitted.member_trason2.pk, "result": "completed"}],
            },
        )
    )
    assert bulk["done"] == [submitted.assessment_member2["id"]]
    dup = officer.post(
        f"/programmes/{submitted.programme.pk}/branch-evaluations",
        {"branch_id": submitted.branch_trason.pk, "results": [{"member_id": 1}, {"member_id": 1}]},
    )
    assert dup.status_code == 400 and dup.json()["code"] == "duplicate_member"


def test_review_return_and_recognise(submitted, api):
    officer, base, district = api("branch_officer"), api("base_officer"), api("district_standing")
    for key in ("member", "member2"):
        ok(officer.post(f"/assessments/{getattr(submitted, f'assessment_{key}')['id']}/evaluate", {"result": "good"}))
    first = submitted.assessment_member["id"]
    back = ok(base.post(f"/assessments/{first}/return", {"reason": "Xem lại tiêu chí cuối"}))
    assert back["state"] == "base_returned"
    programme = f"/programmes/{submitted.programme.pk}"
    body = {"base_id": submitted.trason.pk, "round_id": submitted.round1.pk}
    assert officer.post(f"{programme}/base-reviews", body).status_code == 404  # the base union is out of sight
    reviewed = ok(base.post(f"{programme}/base-reviews", body))
    assert reviewed["done"] == [submitted.assessment_member2["id"]]
    assert [s["code"] for s in reviewed["skipped"]] == ["not_evaluated"]

    assert base.post(f"{programme}/recognitions", body).status_code == 403
    recognition = ok(district.post(f"{programme}/recognitions", {**body, "number": "05-TB/HĐTN"}), 201)
    assert recognition["members_recognised"] == 1 and recognition["members_pending"] == 1
    assert Assessment.objects.get(pk=submitted.assessment_member2["id"]).state == "recognised"
    nothing = district.post(f"{programme}/recognitions", body)
    assert nothing.status_code == 400 and nothing.json()["code"] == "nothing_to_recognise"
    listed = ok(district.get(f"/recognitions?programme={submitted.programme.pk}"))
    assert [r["number"] for r in listed["items"]] == ["05-TB/HĐTN"]


def test_the_branch_assesses_itself_and_the_base_reviews_it(btm, api):
    officer, base = api("branch_officer"), api("base_officer")
    url = f"/programmes/{btm.programme.pk}/branch-assessments"
    body = {"branch_id": btm.branch_trason.pk, "round_id": rounds(btm.programme)[0].pk, "rating": "good"}
    assert codes(officer.post(url, body)) == ["summary_required"]
    record = ok(officer.post(url, {**body, "summary": "Tổ chức đủ các hoạt động"}))
    assert record["state"] == "submitted"
    rid = record["id"]
    assert base.post(f"/branch-assessments/{rid}/review", {"rating": "excellent"}).status_code == 422
    returned = ok(base.post(f"/branch-assessments/{rid}/return", {"reason": "Ghi rõ số liệu"}))
    assert returned["state"] == "returned"
    again = ok(officer.post(url, {**body, "summary": "30 đoàn viên tham gia", "version": returned["version"]}))
    assert again["state"] == "submitted"
    reviewed = ok(base.post(f"/branch-assessments/{rid}/review", {"rating": "fair", "comment": "Khá"}))
    assert reviewed["state"] == "reviewed" and reviewed["base_rating"] == "fair"


def test_round_reports_inspections_and_the_compiled_report(btm, api):
    base, district = api("base_officer"), api("district_standing")
    round1 = rounds(btm.programme)[0]
    body = {"base_id": btm.trason.pk, "held_on": "2014-04-02", "activities": "Ra quân", "participants": 25}
    outside = base.post(f"/rounds/{round1.pk}/reports", body)
    assert outside.status_code == 400 and codes(outside) == ["held_outside_round"]
    report = ok(base.post(f"/rounds/{round1.pk}/reports", {**body, "held_on": "2014-03-26"}))
    assert report["state"] == "submitted"
    assert base.post(f"/round-reports/{report['id']}/accept", {}).status_code == 403
    assert codes(district.post(f"/round-reports/{report['id']}/return", {"reason": ""})) == ["reason_required"]
    assert ok(district.post(f"/round-reports/{report['id']}/accept", {"comment": "Tốt"}))["state"] == "accepted"

    inspection = ok(
        district.post(
            f"/rounds/{round1.pk}/inspections",
            {
                "district_id": btm.bactramy.pk,
                "unit_id": btm.trason.pk,
                "inspected_on": "2014-04-05",
                "findings": "Tổ chức đúng chủ đề",
                "rating": "good",
            },
        ),
        201,
    )
    assert inspection["state"] == "concluded"
    compiled = ok(district.get(f"/rounds/{round1.pk}/compiled-report?district={btm.bactramy.pk}"))
    assert compiled["total"]["base_units_reported"] == 1 and compiled["total"]["participants"] == 25
    assert compiled["total"]["inspections"] == 1


def test_results_count_what_was_registered(submitted, api):
    results = ok(
        api("district_standing").get(
            f"/results?programme={submitted.programme.pk}&unit={submitted.bactramy.pk}&round={submitted.round1.pk}"
        )
    )
    assert results["total"]["registered"] == 2 and results["total"]["self_assessed"] == 2
    branch = next(row for row in results["by_branch"] if row["name"] == "Chi đoàn thôn 1")
    assert branch["registered"] == 2 and branch["registration_rate"] == 1.0
    assert (
        api("district_standing_tamky")
        .get(f"/results?programme={submitted.programme.pk}&unit={submitted.bactramy.pk}")
        .status_code
        == 404
    )


# Ids a user sends are looked up in the user's scope: an id out of scope is answered exactly like
# an id that does not exist, never with the person's name (issue 11, point 2).
def test_bulk_evaluation_names_nobody_outside_the_callers_scope(submitted, api):
    officer = api("branch_officer")  # Chi đoàn thôn 1 (Bắc Trà My)
    outsider = submitted.member_anmy  # Tam Kỳ: not visible to the officer
    missing = Person.objects.order_by("-pk").first().pk + 1000
    bulk = ok(
        officer.post(
            f"/programmes/{submitted.programme.pk}/branch-evaluations",
            {
                "branch_id": submitted.branch_trason.pk,
                "round_id": submitted.round1.pk,
                "results": [{"member_id": outsider.pk, "result": "good"}, {"member_id": missing, "result": "good"}],
            },
        )
    )
    by_id = {s["member_id"]: s for s in bulk["skipped"]}
    assert outsider.full_name not in str(bulk)
    assert by_id[outsider.pk]["member_name"] == f"Mã số {outsider.pk}"
    assert by_id[missing]["member_name"] == f"Mã số {missing}"
    # Same code, same wording: an id out of scope cannot be told from one that does not exist.
    assert by_id[outsider.pk]["code"] == by_id[missing]["code"]
    assert by_id[outsider.pk]["message"].replace(str(outsider.pk), "N") == by_id[missing]["message"].replace(
        str(missing), "N"
    )


@pytest.fixture
def on_paper(btm, api):
    """Two Trà Sơn members without an account registered by the branch from their paper forms."""
    btm.round1 = rounds(btm.programme)[0]
    officer = api("branch_officer")
    btm.paper_regs = []
    for member in (btm.member_trason, btm.member_trason2):
        body = {
            "programme_id": btm.programme.pk,
            "member_id": member.pk,
            "items": items(btm.programme),
            "signed_on": "2014-03-18",
            "submit": True,
        }
        btm.paper_regs.append(ok(officer.post("/registrations", body), 201))
    return btm


def _all_done(registration):
    return [{"criterion_id": i["criterion_id"], "status": "done"} for i in registration["items"]]


def test_the_branch_enters_a_paper_self_assessment_recorded_as_such(on_paper, api):
    reg = on_paper.paper_regs[0]
    url = f"/registrations/{reg['id']}/paper-self-assessment"
    body = {"round_id": on_paper.round1.pk, "items": _all_done(reg), "summary": "Phiếu giấy"}
    assert api("base_officer").post(url, body).status_code == 403  # not the branch committee
    assert api("branch_officer_anmy").post(url, body).status_code == 404  # Tam Kỳ's branch: not visible
    missing = api("branch_officer").post(url, {"round_id": on_paper.round1.pk, "items": []})
    assert missing.status_code == 400 and "self_status_missing" in codes(missing)
    entered = ok(api("branch_officer").post(url, body))
    assert entered["state"] == "submitted" and entered["self_on_behalf"] and not entered["direct_by_branch"]
    assert entered["summary"] == "Phiếu giấy"
    seen = ok(api("base_officer").get(f"/assessments/{entered['id']}"))
    assert seen["self_on_behalf"]


def test_the_branch_evaluates_directly_only_where_the_programme_allows(on_paper, api):
    from coso.programme import services

    reg = on_paper.paper_regs[1]
    url = f"/registrations/{reg['id']}/direct-evaluation"
    body = {"round_id": on_paper.round1.pk, "result": "good", "items": _all_done(reg), "comment": "Trực tiếp"}
    refused = api("branch_officer").post(url, body)
    assert refused.status_code == 400 and refused.json()["code"] == "direct_evaluation_not_allowed"
    services.update_programme(
        actor=on_paper.users["district_standing"], programme=on_paper.programme, version=None, direct_evaluation=True
    )
    assert api("branch_officer_anmy").post(url, body).status_code == 404
    assert api("base_officer").post(url, body).status_code == 403
    partial = api("branch_officer").post(url, {**body, "items": _all_done(reg)[:3]})
    assert partial.status_code == 400
    evaluated = ok(api("branch_officer").post(url, body))
    assert evaluated["state"] == "evaluated" and evaluated["result"] == "good"
    assert evaluated["direct_by_branch"] and not evaluated["self_on_behalf"]
    assert evaluated["branch_comment"] == "Trực tiếp"
    assert all(m["branch_status"] == "done" and m["self_status"] == "" for m in evaluated["items"])
    again = api("branch_officer").post(url, body)
    assert again.status_code == 400 and again.json()["code"] == "assessment_not_open"
