"""Set-up records corrected after they were made, through the API (issue 12 point 5): a
blackout day and an assignment decision edited (``version`` checked, audited); an emulation
cluster deleted when made by mistake, kept (and why) once used."""

import datetime

from coso.org.models import Cluster
from coso.visits import services
from coso.visits.models import Assignment, AssignmentDecision, BlackoutDay

D = datetime.date


def test_a_blackout_day_is_edited_with_its_version(tree, api_as):
    api = api_as("provincial_standing")
    made = api.post(
        "/api/visits/blackout-days", {"owner_id": tree.province.pk, "date": "2024-03-20", "reason": "party_cell"}
    ).json()
    moved = api.patch(f"/api/visits/blackout-days/{made['id']}", {"version": made["version"], "date": "2024-03-21"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["date"] == "2024-03-21" and moved.json()["version"] == made["version"] + 1
    stale = api.patch(f"/api/visits/blackout-days/{made['id']}", {"version": made["version"], "date": "2024-03-22"})
    assert stale.status_code == 409
    other = api.patch(
        f"/api/visits/blackout-days/{made['id']}", {"version": made["version"] + 1, "reason": "other", "note": ""}
    )
    assert other.status_code == 400 and other.json()["field"] == "note"
    day = BlackoutDay.objects.get(pk=made["id"])
    assert day.date == D(2024, 3, 21)
    assert day.history.first().history_user == tree.users["provincial_standing"]


def test_a_decision_is_corrected_but_not_dated_after_its_assignments(tree, api_as):
    api = api_as("provincial_standing")
    decision = api.post(
        "/api/visits/decisions",
        {"owner_id": tree.province.pk, "number": "15-QĐ/TĐTN", "decided_on": "2024-02-28"},
    ).json()
    api.post(
        f"/api/visits/decisions/{decision['id']}/assignments",
        {"cadre_id": tree.movement_cadre.pk, "unit_ids": [tree.bactramy.pk], "valid_from": "2024-03-01"},
    )
    fixed = api.patch(
        f"/api/visits/decisions/{decision['id']}",
        {"version": decision["version"], "number": "16-QĐ/TĐTN", "signer_id": tree.secretary.pk},
    )
    assert fixed.status_code == 200, fixed.content
    assert fixed.json()["number"] == "16-QĐ/TĐTN" and fixed.json()["signer_id"] == tree.secretary.pk
    late = api.patch(
        f"/api/visits/decisions/{decision['id']}", {"version": fixed.json()["version"], "decided_on": "2024-03-05"}
    )
    assert late.status_code == 400 and late.json()["code"] == "decision_after_assignments"
    assert "01/03/2024" in late.json()["message"]
    assert api.patch(f"/api/visits/decisions/{decision['id']}", {"version": 1, "note": "x"}).status_code == 409
    record = AssignmentDecision.objects.get(pk=decision["id"])
    assert (
        record.decided_on == D(2024, 2, 28) and record.history.first().history_user == tree.users["provincial_standing"]
    )


def test_a_cluster_made_by_mistake_is_deleted_one_in_use_stays(tree, api_as):
    api = api_as("provincial_standing")
    spare = Cluster.objects.create(owner=tree.province, year=2013, name="Cụm nhầm", leader=tree.secretary)
    spare.units.set([tree.tamky])
    assert api.request("DELETE", f"/api/visits/clusters/{spare.pk}?version={spare.version + 1}").status_code == 409
    assert api.request("DELETE", f"/api/visits/clusters/{spare.pk}?version={spare.version}").status_code == 204
    assert not Cluster.objects.filter(pk=spare.pk).exists()
    assert Cluster.history.filter(id=spare.pk, history_type="-").get().history_user == tree.users["provincial_standing"]

    decision = AssignmentDecision.objects.create(owner=tree.province, number="3-QĐ", decided_on=D(2013, 1, 2))
    services.assign(
        actor=tree.users["provincial_standing"],
        decision=decision,
        cadre=tree.secretary,
        role=Assignment.Role.CLUSTER_LEADER,
        cluster=tree.cluster,
        valid_from=D(2013, 1, 2),
    )
    refused = api.request("DELETE", f"/api/visits/clusters/{tree.cluster.pk}")
    assert refused.status_code == 400 and refused.json()["code"] == "cluster_has_assignments"
    assert Cluster.objects.filter(pk=tree.cluster.pk).exists()


def test_a_points_programme_gets_its_groups_and_their_criteria(tree, api_as):
    api = api_as("district_standing")
    programme = api.post(
        "/api/programme/programmes",
        {"owner_id": tree.bactramy.pk, "year": 2024, "name": "Chấm điểm 2024", "mode": "points", "max_points": 100},
    ).json()
    group = api.post(
        f"/api/programme/programmes/{programme['id']}/points-groups",
        {"code": "N1", "name": "Học tập", "max_points": 20},
    )
    assert group.status_code == 201, group.content
    too_big = api.post(
        f"/api/programme/programmes/{programme['id']}/points-groups",
        {"code": "N2", "name": "Rèn luyện", "max_points": 120},
    )
    assert too_big.status_code == 400 and too_big.json()["field"] == "max_points"
    criterion = api.post(
        f"/api/programme/programmes/{programme['id']}/criteria",
        {
            "code": "N1-1",
            "kind": "training",
            "title": "Học nghị quyết",
            "points_group_id": group.json()["id"],
            "max_points": 10,
        },
    )
    assert criterion.status_code == 201, criterion.content
    shown = api.get(f"/api/programme/programmes/{programme['id']}").json()
    assert [(g["code"], g["max_points"]) for g in shown["points_groups"]] == [("N1", 20)]
    counted = api.post(
        "/api/programme/programmes", {"owner_id": tree.bactramy.pk, "year": 2024, "name": "Đếm tiêu chí 2024"}
    ).json()
    refused = api.post(
        f"/api/programme/programmes/{counted['id']}/points-groups", {"code": "N1", "name": "Học tập", "max_points": 20}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "not_points_mode"


def test_a_points_group_is_edited_within_its_criteria(tree, api_as, client_for):
    api = api_as("district_standing")
    programme = api.post(
        "/api/programme/programmes",
        {"owner_id": tree.bactramy.pk, "year": 2024, "name": "Chấm điểm 2024", "mode": "points", "max_points": 100},
    ).json()
    group = api.post(
        f"/api/programme/programmes/{programme['id']}/points-groups",
        {"code": "N1", "name": "Học tập", "max_points": 20},
    ).json()
    api.post(
        f"/api/programme/programmes/{programme['id']}/criteria",
        {"code": "N1-1", "kind": "training", "title": "Học", "points_group_id": group["id"], "max_points": 15},
    )
    low = api.request(
        "PUT", f"/api/programme/points-groups/{group['id']}", {"version": group["version"], "max_points": 10}
    )
    assert low.status_code == 400 and low.json()["code"] == "group_cap_below_criterion"
    renamed = api.request(
        "PUT",
        f"/api/programme/points-groups/{group['id']}",
        {"version": group["version"], "name": "Học tập, rèn luyện"},
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "Học tập, rèn luyện"
    assert (
        api.request("PUT", f"/api/programme/points-groups/{group['id']}", {"version": group["version"]}).status_code
        == 409
    )
    client = client_for("district_standing")
    page = client.get(f"/programme/points-groups/{group['id']}/edit/")
    assert page.status_code == 200 and "Lịch sử thay đổi" in page.content.decode()
    form = {"name": "Học tập", "max_points": 5, "order": 0, "version": renamed.json()["version"]}
    refused = client.post(f"/programme/points-groups/{group['id']}/edit/", form)
    assert refused.status_code == 200 and "không thể thấp hơn" in refused.content.decode()
    assert client.post(f"/programme/points-groups/{group['id']}/edit/", dict(form, max_points=30)).status_code == 302
