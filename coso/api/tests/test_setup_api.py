"""Set-up through the API (issue 12): clusters, the visit policy and blackout days, assignment
decisions and assignments with reassignment, departments, terms."""

from coso.org.models import Cluster, Department
from coso.visits.models import Assignment


def test_terms_and_departments(tree, api_as):
    api = api_as("provincial_standing")
    terms = api.get("/api/org/terms").json()
    assert {"start_year": 2022, "end_year": 2027} in [{k: t[k] for k in ("start_year", "end_year")} for t in terms]
    response = api.post("/api/org/departments", {"unit_id": tree.province.pk, "code": "TN", "name": "Ban Thanh niên"})
    assert response.status_code == 201, response.content
    dept = response.json()
    assert (
        api.post("/api/org/departments", {"unit_id": tree.province.pk, "code": "TN", "name": "X"}).json()["field"]
        == "code"
    )
    response = api.patch(
        f"/api/org/departments/{dept['id']}", {"version": dept["version"], "name": "Ban Thanh niên trường học"}
    )
    assert response.status_code == 200 and response.json()["name"] == "Ban Thanh niên trường học"
    assert api.patch(f"/api/org/departments/{dept['id']}", {"version": dept["version"], "name": "Y"}).status_code == 409
    assert "Ban Thanh niên trường học" in [
        d["name"] for d in api.get(f"/api/org/departments?unit={tree.province.pk}").json()
    ]
    assert Department.objects.get(pk=dept["id"]).history.first().history_user == tree.users["provincial_standing"]


def test_a_cluster_needs_standing_committee_leaders_and_district_units(tree, api_as):
    api = api_as("provincial_standing")
    body = {
        "owner_id": tree.province.pk,
        "year": 2023,
        "name": "Cụm 2",
        "unit_ids": [tree.tamky.pk, tree.trason.pk],
        "leader_id": tree.secretary.pk,
        "deputy_id": tree.movement_cadre.pk,
    }
    refused = api.post("/api/visits/clusters", body)
    assert refused.status_code == 400
    codes = {v["code"] for v in refused.json()["violations"]}
    assert codes == {"unit_not_district", "deputy_not_standing"}
    assert any("Ủy viên Ban Thường vụ" in v["message"] for v in refused.json()["violations"])
    api.post(
        f"/api/persons/{tree.movement_cadre.pk}/posts",
        {"unit_id": tree.province.pk, "body": "btv", "title": "standing_member", "start_date": "2023-01-01"},
    )
    created = api.post("/api/visits/clusters", dict(body, unit_ids=[tree.tamky.pk, tree.bactramy.pk]))
    assert created.status_code == 201, created.content
    cluster = created.json()
    assert cluster["unit_ids"] == sorted([tree.tamky.pk, tree.bactramy.pk])
    again = api.post("/api/visits/clusters", dict(body, name="Cụm 3", unit_ids=[tree.tamky.pk]))
    assert "unit_in_other_cluster" in {v["code"] for v in again.json()["violations"]}
    edited = api.patch(f"/api/visits/clusters/{cluster['id']}", {"version": cluster["version"], "name": "Cụm miền núi"})
    assert edited.status_code == 200 and edited.json()["name"] == "Cụm miền núi"
    assert Cluster.objects.get(pk=cluster["id"]).history.count() >= 2
    assert [c["name"] for c in api.get("/api/visits/clusters?year=2023").json()["items"]] == ["Cụm miền núi"]


def test_policy_blackout_decision_assignment_and_reassignment(tree, api_as):
    api = api_as("provincial_standing")
    policy = api.get(f"/api/visits/policies/{tree.province.pk}/2014").json()
    assert policy["id"] is None and policy["yearly_minimum_days"] == 60  # the defaults until one is saved
    saved = api.request(
        "PUT", f"/api/visits/policies/{tree.province.pk}/2014", {"cap_days_mountainous": 4, "source": "KH 1"}
    )
    assert saved.status_code == 200 and saved.json()["cap_days_mountainous"] == 4
    stale = api.request("PUT", f"/api/visits/policies/{tree.province.pk}/2014", {"version": 0, "cap_days_other": 1})
    assert stale.status_code == 409
    day = api.post("/api/visits/blackout-days", {"owner_id": tree.province.pk, "date": "2014-03-04", "reason": "other"})
    assert day.status_code == 400 and day.json()["field"] == "note"
    day = api.post(
        "/api/visits/blackout-days", {"owner_id": tree.province.pk, "date": "2014-03-04", "reason": "agency"}
    )
    assert day.status_code == 201
    assert [d["date"] for d in api.get(f"/api/visits/blackout-days?owner={tree.province.pk}&year=2014").json()] == [
        "2014-03-04"
    ]
    decision = api.post(
        "/api/visits/decisions", {"owner_id": tree.province.pk, "number": "20-QĐ/TĐTN", "decided_on": "2014-02-20"}
    ).json()
    rows = api.post(
        f"/api/visits/decisions/{decision['id']}/assignments",
        {"cadre_id": tree.movement_cadre.pk, "unit_ids": [tree.bactramy.pk], "valid_from": "2014-03-01"},
    )
    assert rows.status_code == 201, rows.content
    (row,) = rows.json()
    later = api.post(
        "/api/visits/decisions", {"owner_id": tree.province.pk, "number": "31-QĐ/TĐTN", "decided_on": "2014-06-20"}
    ).json()
    moved = api.post(
        f"/api/visits/assignments/{row['id']}/reassign",
        {"decision_id": later["id"], "valid_from": "2014-07-01", "unit_id": tree.tamky.pk, "version": row["version"]},
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["unit_id"] == tree.tamky.pk
    old = Assignment.objects.get(pk=row["id"])
    assert str(old.valid_to) == "2014-06-30"
    current = api.get(f"/api/visits/assignments?cadre={tree.movement_cadre.pk}&current=true").json()["items"]
    assert [a["unit_id"] for a in current] == [tree.tamky.pk]


def test_accounts_and_grants_within_the_no_escalation_rule(tree, api_as):
    api = api_as("district_standing")  # Bắc Trà My's standing officer
    made = api.post(
        "/api/accounts/",
        {
            "person_id": tree.member_trason2.pk,
            "username": "dong.trason",
            "role": "branch_officer",
            "unit_id": tree.branch_trason.pk,
        },
    )
    assert made.status_code == 201, made.content
    account = made.json()
    assert account["temporary_password"] and [g["role"] for g in account["grants"]] == ["branch_officer"]
    # A role with rights the officer does not hold (sensitive facts) is refused, naming why.
    refused = api.post(f"/api/accounts/{account['id']}/grants", {"role": "tckt_officer", "unit_id": tree.bactramy.pk})
    assert refused.status_code == 400 and refused.json()["code"] == "role_above_actor"
    granted = api.post(f"/api/accounts/{account['id']}/grants", {"role": "base_officer", "unit_id": tree.trason.pk})
    assert granted.status_code == 201
    assert "dong.trason" in [a["username"] for a in api.get(f"/api/accounts/?unit={tree.trason.pk}").json()["items"]]
    revoked = api.post(f"/api/accounts/grants/{granted.json()['id']}/revoke", {})
    assert revoked.status_code == 200 and revoked.json()["valid_to"] is not None
