"""/api/placements/: the main transitions and refusals (the scope matrix is in coso/api/tests)."""

import pytest

from coso.accounts.models import ApiToken
from coso.api.tests.conftest import ApiClient

from .conftest import make_cadre

EVALS = {2017: "HTTNV", 2018: "HTTNV", 2019: "HTXSNV"}


@pytest.fixture
def api(tree):
    def make(user):
        user = tree.users[user] if isinstance(user, str) else user
        _token, key = ApiToken.issue(user, "test")
        return ApiClient(key)

    return make


def codes(response):
    return [v["code"] for v in response.json()["violations"]]


def test_plan_rules_and_eligibility(world, api):
    tckt = api("tckt_officer")
    plan = tckt.get(f"/api/placements/plans/{world.plan.pk}").json()
    assert (plan["yearly_cap"], plan["age_limit"], plan["start_window_months"]) == (2, 30, [1, 2, 3])
    assert [g["host_titles"] for g in plan["groups"]] == [["deputy_secretary"], ["standing_member", "executive_member"]]
    ok = tckt.patch(f"/api/placements/plans/{world.plan.pk}", {"version": plan["version"], "age_limit": 32})
    assert ok.status_code == 200 and ok.json()["age_limit"] == 32
    stale = tckt.patch(f"/api/placements/plans/{world.plan.pk}", {"version": plan["version"], "age_limit": 28})
    assert stale.status_code == 409
    bad = tckt.patch(
        f"/api/placements/plans/{world.plan.pk}", {"version": ok.json()["version"], "start_window_months": [13]}
    )
    assert bad.status_code == 400 and codes(bad) == ["start_window"]
    assert (
        api("movement_cadre")
        .patch(f"/api/placements/plans/{world.plan.pk}", {"version": ok.json()["version"], "age_limit": 40})
        .status_code
        == 403
    )

    rows = tckt.get(f"/api/placements/plans/{world.plan.pk}/eligibility?start=2019-01-15").json()
    chi = next(r for r in rows if r["person_name"] == "Lê Thị Chi")
    assert not chi["eligible"] and [r["code"] for r in chi["reasons"] if not r["passed"]] == ["young_child"]
    redacted = (
        api("movement_cadre").get(f"/api/placements/plans/{world.plan.pk}/eligibility?start=2019-01-15&q=chi").json()
    )
    assert [[r["code"] for r in x["reasons"] if not r["passed"]] for x in redacted] == [["personal_condition"]]
    assert api("district_standing").get(f"/api/placements/plans/{world.plan.pk}/eligibility").status_code == 404


def test_yearly_list_transitions(world, api, tree):
    tckt, standing = api("tckt_officer"), api("provincial_standing")
    created = tckt.post(f"/api/placements/plans/{world.plan.pk}/lists", {"year": 2020})
    assert created.status_code == 201
    list_id = created.json()["id"]
    again = tckt.post(f"/api/placements/plans/{world.plan.pk}/lists", {"year": 2020})
    assert again.status_code == 400 and codes(again) == ["list_exists"]
    dung = make_cadre(tree, "Phạm Văn Dũng", group=1, birth=(1992, 2, 17), evaluations=EVALS)
    em = make_cadre(tree, "Võ Văn Em", group=2, evaluations=EVALS)
    hai = make_cadre(tree, "Lý Văn Hải", group=2, evaluations=EVALS)

    def propose(person, group, host, title, start="2020-02-10"):
        body = {"person_id": person.pk, "group": group, "host_id": host.pk, "host_title": title, "start_date": start}
        return tckt.post(f"/api/placements/lists/{list_id}/candidates", body)

    late = propose(em, 2, tree.tamky, "standing_member", start="2020-04-01")
    assert late.status_code == 400 and codes(late) == ["start_window"]
    wrong_post = propose(dung, 1, tree.bactramy, "standing_member")
    assert codes(wrong_post) == ["host_title"]
    assert propose(em, 2, tree.tamky, "standing_member").status_code == 201
    added = propose(dung, 1, tree.bactramy, "deputy_secretary")
    assert added.status_code == 201
    capped = propose(hai, 2, tree.tamky, "executive_member")
    assert capped.status_code == 400 and codes(capped) == ["yearly_cap"]
    assert capped.json()["message"] == "Năm 2020 đã có 2 cán bộ được cử; tối đa 2 cán bộ/năm."
    assert tckt.post(f"/api/placements/lists/{list_id}/propose", {}).json()["state"] == "proposed"
    body = {"decision_number": "30-QĐ/TĐTN", "decision_date": "2020-02-01", "signer": "Trần Thị Hồng"}
    assert tckt.post(f"/api/placements/lists/{list_id}/decide", body).status_code == 403
    missing = standing.post(f"/api/placements/lists/{list_id}/decide", body)
    assert missing.status_code == 400 and codes(missing) == ["party_agreement_missing"]
    returned = standing.post(f"/api/placements/lists/{list_id}/return", {"comment": ""})
    assert codes(returned) == ["comment_required"]
    c_dung = next(c for c in added.json()["candidates"] if c["person_id"] == dung.pk)
    agreed = tckt.post(
        f"/api/placements/lists/{list_id}/candidates/{c_dung['id']}/agreement",
        {"agreed_on": "2020-01-20", "document": "12-CV/HU"},
    )
    assert agreed.status_code == 200
    decided = standing.post(f"/api/placements/lists/{list_id}/decide", body)
    assert decided.status_code == 200 and decided.json()["state"] == "decided"
    assert decided.json()["signer"] == "Trần Thị Hồng|BÍ THƯ"
    placements = tckt.get(f"/api/placements/placements?plan={world.plan.pk}&year=2020").json()
    assert placements["count"] == 2
    removed = tckt.request("DELETE", f"/api/placements/lists/{list_id}/candidates/{c_dung['id']}")
    assert removed.status_code == 400 and codes(removed) == ["list_not_editable"]


def test_placement_rounds_through_the_api(world, api, tree):
    host, tckt, cadre = api("district_standing"), api("tckt_officer"), api(world.an_user)
    placement = host.get(f"/api/placements/placements/{world.p_an.pk}").json()
    assert placement["host_name"] == "Huyện đoàn Bắc Trà My" and len(placement["checklist"]) == 5
    assert all(r["late"] for r in placement["evaluations"])  # 2019–2020: long past
    task = host.post(
        f"/api/placements/placements/{world.p_an.pk}/tasks", {"title": "Phụ trách Trà Sơn", "assigned_on": "2019-01-20"}
    )
    assert task.status_code == 201
    assert (
        cadre.post(f"/api/placements/tasks/{task.json()['id']}/done", {"done_on": "2019-03-01"}).json()["done_on"]
        == "2019-03-01"
    )

    report = placement["reports"][0]
    empty = cadre.post(f"/api/placements/reports/{report['id']}/submit", {})
    assert codes(empty) == ["contributions_required", "problems_required", "proposals_required"]
    saved = cadre.patch(
        f"/api/placements/reports/{report['id']}",
        {"version": report["version"], "contributions": "Đóng góp", "problems": "Khó khăn", "proposals": "Đề xuất"},
    )
    assert saved.status_code == 200
    assert cadre.post(f"/api/placements/reports/{report['id']}/submit", {}).json()["state"] == "submitted"
    assert host.post(f"/api/placements/reports/{report['id']}/accept", {}).status_code == 403
    assert tckt.post(f"/api/placements/reports/{report['id']}/accept", {}).json()["state"] == "accepted"

    ev = placement["evaluations"][0]
    assert (
        cadre.patch(f"/api/placements/evaluations/{ev['id']}", {"version": ev["version"], "comment": "x"}).status_code
        == 403
    )
    wrote = host.patch(
        f"/api/placements/evaluations/{ev['id']}",
        {"version": ev["version"], "strengths": "Nhiệt tình", "comment": "Hoàn thành tốt", "level_code": "HTTNV"},
    )
    assert wrote.status_code == 200 and wrote.json()["level_code"] == "HTTNV"
    sent = host.post(f"/api/placements/evaluations/{ev['id']}/submit", {})
    assert sent.json()["state"] == "submitted" and sent.json()["late"] is False
    back = tckt.post(f"/api/placements/evaluations/{ev['id']}/return", {"comment": "Ghi rõ số liệu"})
    assert back.json()["state"] == "returned"

    marked = tckt.post(
        f"/api/placements/placements/{world.p_an.pk}/checklist", {"item": "party_moved", "done_on": "2019-02-01"}
    )
    assert {c["item"]: c["done"] for c in marked.json()}["party_moved"] is True
    no_date = tckt.post(f"/api/placements/placements/{world.p_an.pk}/checklist", {"item": "dues_paid"})
    assert codes(no_date) == ["date_required"]
    early = tckt.post(f"/api/placements/placements/{world.p_an.pk}/finish", {"actual_end": "2019-06-01"})
    assert early.status_code == 400 and "too_short" in codes(early) and "checklist_expenses_settled" in codes(early)

    compiled = tckt.get(f"/api/placements/plans/{world.plan.pk}/report?year=2019").json()
    assert compiled["count"] == 2 and "Khó khăn" in compiled["problems"]
    # Bắc Trà My does not see the cadre placed in Tam Kỳ.
    assert host.get(f"/api/placements/placements/{world.p_binh.pk}").status_code == 404
    names = [p["person_name"] for p in host.get("/api/placements/placements").json()["items"]]
    assert names == ["Nguyễn Văn An"]


def test_groups_and_cancel_through_the_api(world, api):
    tckt, host = api("tckt_officer"), api("district_standing_tamky")
    url = f"/api/placements/plans/{world.plan.pk}/groups"
    g2 = next(g for g in tckt.get(f"/api/placements/plans/{world.plan.pk}").json()["groups"] if g["group"] == 2)
    ok = tckt.patch(f"{url}/2", {"version": g2["version"], "host_titles": ["deputy_secretary"]})
    assert ok.status_code == 200 and ok.json()["host_titles"] == ["deputy_secretary"]
    stale = tckt.patch(f"{url}/2", {"version": g2["version"], "name": "Khác"})
    assert stale.status_code == 409
    bad = tckt.post(url, {"name": "", "planned_titles": [], "host_titles": ["deputy_secretary"]})
    assert bad.status_code == 400 and codes(bad) == ["name_required", "planned_titles"]
    added = tckt.post(url, {"name": "Đối tượng khác", "planned_titles": ["secretary"], "host_titles": ["secretary"]})
    assert added.status_code == 201 and added.json()["group"] == 3
    # The host district may not cancel; TCKT does, with the reason and the date.
    cancel = f"/api/placements/placements/{world.p_binh.pk}/cancel"
    assert host.post(cancel, {"reason": "x", "on": "2019-03-01"}).status_code == 403
    done = tckt.post(cancel, {"reason": "Chuyển công tác", "on": "2019-03-01"})
    assert done.status_code == 200
    assert (done.json()["state"], done.json()["cancel_reason"], done.json()["actual_end"]) == (
        "cancelled",
        "Chuyển công tác",
        "2019-03-01",
    )


def test_a_plan_created_through_the_api_keeps_the_rules_of_an_edited_one(tree, api):
    """One service path for creating and editing a plan (issue 12): a window month 13 or a
    yearly cap of 0 is refused when the plan is made, as when it is edited."""
    tckt = api("tckt_officer")
    body = {"owner_id": tree.province.pk, "name": "Kế hoạch 2023–2027", "start_year": 2023, "end_year": 2027}
    bad = tckt.post("/api/placements/plans", dict(body, start_window_months=[0, 13]))
    assert bad.status_code == 400 and codes(bad) == ["start_window"]
    assert bad.json()["violations"][0]["field"] == "start_window_months"
    years = tckt.post("/api/placements/plans", dict(body, end_year=2022, name=" "))
    assert codes(years) == ["name_required", "years"]
    made = tckt.post("/api/placements/plans", dict(body, start_window_months=[1, 2]))
    assert made.status_code == 201 and made.json()["start_window_months"] == [1, 2]
    plan = made.json()
    edited = tckt.patch(f"/api/placements/plans/{plan['id']}", {"version": plan["version"], "start_window_months": [1]})
    assert edited.status_code == 200
    group = plan["groups"][1]
    assert (
        tckt.patch(
            f"/api/placements/plans/{plan['id']}/groups/{group['group']}",
            {"version": group["version"], "name": "Cán bộ các ban"},
        ).status_code
        == 200
    )
    # Audited: who made and changed the plan and its target groups.
    from coso.placements.models import PlacementPlan

    record = PlacementPlan.objects.get(pk=plan["id"])
    officer = tree.users["tckt_officer"]
    assert [h.history_user for h in record.history.all()] == [officer, officer]
    assert record.group_rules.get(group=group["group"]).history.first().history_user == officer


def test_the_plan_and_group_pages_show_their_history(world, tree, client_for):
    client = client_for("tckt_officer")
    page = client.get(f"/placements/plans/{world.plan.pk}/edit/").content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Lịch sử thay đổi" in client.get(f"/placements/plans/{world.plan.pk}/groups/1/edit/").content.decode()
