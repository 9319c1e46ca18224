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
