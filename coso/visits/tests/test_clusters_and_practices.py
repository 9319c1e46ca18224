"""Cluster meetings and good practices."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.visits import services
from coso.visits.models import ClusterMeeting, GoodPractice

from .conftest import D, at


def test_the_five_meetings_on_working_days(qn):
    meetings = services.schedule_cluster_meetings(actor=qn.manager, cluster=qn.cluster)
    assert [(m.kind, m.scheduled_on) for m in meetings] == [
        ("q1", D(2013, 3, 29)),  # 31/03/2013 is a Sunday
        ("six_months", D(2013, 6, 28)),  # 30/06/2013 is a Sunday
        ("q3", D(2013, 9, 30)),
        ("year_end_inspection", D(2013, 12, 10)),
        ("year_end", D(2013, 12, 13)),  # 15/12/2013 is a Sunday
    ]
    again = services.schedule_cluster_meetings(actor=qn.manager, cluster=qn.cluster)
    assert [m.pk for m in again] == [m.pk for m in meetings]


def test_the_cluster_leader_records_a_meeting(qn):
    leader = qn.users["provincial_standing"]  # Trần Thị Hồng, leader of Cụm 1
    q1 = services.schedule_cluster_meetings(actor=leader, cluster=qn.cluster)[0]
    held = services.update_cluster_meeting(
        actor=leader,
        meeting=q1,
        version=q1.version,
        held_on=D(2013, 3, 28),
        host_unit=qn.bactramy,
        minutes_text="Giao ban quý I tại Bắc Trà My",
    )
    assert held.held_on == D(2013, 3, 28) and held.history.count() == 2
    with pytest.raises(DomainError) as error:
        services.update_cluster_meeting(
            actor=leader, meeting=held, version=held.version, held_on=D(2014, 1, 2), host_unit=qn.anmy
        )
    assert [code for code, _m in error.value.violations] == ["wrong_year", "host_outside_cluster"]
    with pytest.raises(OutOfScope):
        services.schedule_cluster_meetings(actor=qn.cadre_user, cluster=qn.cluster)
    assert ClusterMeeting.objects.filter(cluster=qn.cluster).count() == 5


def test_good_practice_reported_then_marked_to_replicate(qn, go):
    visit = go(qn.trason, D(2013, 3, 12))
    practice = services.record_good_practice(
        actor=qn.cadre_user,
        cadre=qn.movement_cadre,
        unit=qn.trason,
        title="Chi đoàn sinh hoạt ở nhà văn hoá thôn",
        visit=visit,
    )
    assert practice.reported_on == D(2013, 3, 12) and not practice.to_replicate
    with pytest.raises(OutOfScope):
        services.mark_practice_to_replicate(actor=qn.cadre_user, practice=practice)
    marked = services.mark_practice_to_replicate(actor=qn.manager, practice=practice, now=at(2013, 3, 28))
    assert (marked.to_replicate, marked.marked_by, marked.marked_at) == (True, qn.manager, at(2013, 3, 28))
    assert list(GoodPractice.objects.visible_to(qn.users["district_standing"])) == [marked]
    assert list(GoodPractice.objects.visible_to(qn.users["district_standing_tamky"])) == []
    with pytest.raises(DomainError):
        services.record_good_practice(actor=qn.cadre_user, cadre=qn.movement_cadre, unit=qn.trason, title="  ")
