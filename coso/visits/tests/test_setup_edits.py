"""Emulation clusters after they were made (issue 12 point 1): a unit taken out of a cluster
ends the cluster duties on it; the delete page removes a cluster made by mistake and names
why a used one stays."""

import datetime

from coso.org.models import Cluster
from coso.people.models import Post
from coso.visits import services
from coso.visits.models import Assignment, AssignmentDecision

D = datetime.date


def test_a_unit_taken_out_of_a_cluster_ends_the_cluster_duties_on_it(tree):
    officer = tree.users["provincial_standing"]
    for person in (tree.secretary, tree.tckt_cadre):
        Post.objects.create(
            person=person, unit=tree.province, body="btv", title="standing_member", start_date=D(2012, 1, 1)
        )
    decision = AssignmentDecision.objects.create(owner=tree.province, number="3-QĐ", decided_on=D(2013, 1, 2))
    rows = services.assign(
        actor=officer,
        decision=decision,
        cadre=tree.secretary,
        role=Assignment.Role.CLUSTER_LEADER,
        cluster=tree.cluster,
        valid_from=D(2013, 1, 2),
    )
    cluster = Cluster.objects.get(pk=tree.cluster.pk)
    services.save_cluster(
        actor=officer,
        cluster=cluster,
        version=cluster.version,
        name=cluster.name,
        units=[tree.bactramy],
        leader=cluster.leader,
        deputy=cluster.deputy,
    )
    ended = {a.unit_id: a.valid_to for a in Assignment.objects.filter(pk__in=[r.pk for r in rows])}
    assert ended[tree.tamky.pk] == D(2013, 12, 31)  # the cluster's year is over: its last day
    assert ended[tree.bactramy.pk] is None


def test_the_delete_page_names_why_a_used_cluster_stays(tree, client_for):
    client = client_for("provincial_standing")
    AssignmentDecision.objects.create(owner=tree.province, number="3-QĐ", decided_on=D(2013, 1, 2))
    Assignment.objects.create(
        decision=AssignmentDecision.objects.get(number="3-QĐ"),
        cadre=tree.secretary,
        unit=tree.tamky,
        role=Assignment.Role.CLUSTER_LEADER,
        cluster=tree.cluster,
        valid_from=D(2013, 1, 2),
    )
    page = client.get(f"/visits/clusters/{tree.cluster.pk}/delete/").content.decode()
    assert "không xoá được cụm" in page
    assert (
        client.post(f"/visits/clusters/{tree.cluster.pk}/delete/", {"version": tree.cluster.version}).status_code == 200
    )
    assert Cluster.objects.filter(pk=tree.cluster.pk).exists()
    spare = Cluster.objects.create(owner=tree.province, year=2013, name="Cụm nhầm")
    response = client.post(f"/visits/clusters/{spare.pk}/delete/", {"version": spare.version})
    assert response.status_code == 302 and not Cluster.objects.filter(pk=spare.pk).exists()


def test_a_decision_and_a_blackout_day_are_corrected_from_their_pages(tree, client_for):
    from coso.visits.models import BlackoutDay

    client = client_for("provincial_standing")
    decision = AssignmentDecision.objects.create(owner=tree.province, number="3-QĐ", decided_on=D(2013, 1, 2))
    page = client.get(f"/visits/decisions/{decision.pk}/").content.decode()
    assert f"/visits/decisions/{decision.pk}/edit/" in page
    url = f"/visits/decisions/{decision.pk}/edit/"
    form = {"number": "4-QĐ/TĐTN", "decided_on": "02/01/2013", "note": "Phân công theo dõi", "version": 1}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, dict(form, number="5-QĐ"))
    assert stale.status_code == 200 and "người khác sửa" in stale.content.decode()
    decision.refresh_from_db()
    assert decision.number == "4-QĐ/TĐTN"
    history = client.get(url).content.decode()
    assert "Lịch sử thay đổi" in history and "Trần Thị Hồng" in history  # who corrected it

    day = BlackoutDay.objects.create(owner=tree.province, date=D(2013, 4, 2), reason="agency")
    assert (
        f"/visits/blackout/{day.pk}/edit/"
        in client.get(f"/visits/org/{tree.province.pk}/blackout/2013/").content.decode()
    )
    url = f"/visits/blackout/{day.pk}/edit/"
    bad = client.post(url, {"date": "03/04/2013", "reason": "other", "note": "", "version": day.version})
    assert bad.status_code == 200 and "Hãy ghi lý do của ngày không đi cơ sở." in bad.content.decode()
    assert client.post(url, {"date": "03/04/2013", "reason": "agency", "version": day.version}).status_code == 302
    day.refresh_from_db()
    assert day.date == D(2013, 4, 3) and day.history.first().history_user == tree.users["provincial_standing"]
