"""Decisions, assignments, reassignment that keeps history."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.visits import services
from coso.visits.models import Assignment

from .conftest import D


def test_decision_and_assignments(qn):
    assert qn.decision.number == "15-QĐ/TĐTN" and qn.decision.signer == qn.secretary
    assert [(a.unit.name, a.role, a.valid_from, a.valid_to) for a in qn.assignments] == [
        ("Thành đoàn Tam Kỳ", "follow", D(2013, 3, 1), None),
        ("Huyện đoàn Bắc Trà My", "follow", D(2013, 3, 1), None),
    ]
    with pytest.raises(DomainError) as error:
        services.record_decision(actor=qn.manager, owner=qn.province, number=" 15-QĐ/TĐTN ", decided_on=D(2013, 2, 28))
    assert error.value.code == "decision_exists"


def test_assignment_rules_are_all_reported(qn):
    with pytest.raises(DomainError) as error:
        services.assign(
            actor=qn.manager,
            decision=qn.decision,
            cadre=qn.member_anmy,
            units=[qn.province, qn.tamky],
            valid_from=D(2013, 2, 1),
        )
    assert [code for code, _m in error.value.violations] == [
        "not_a_cadre",
        "unit_outside_owner",
        "before_decision",
        "not_a_cadre",
        "before_decision",
    ]
    with pytest.raises(DomainError) as error:
        services.assign(actor=qn.manager, decision=qn.decision, cadre=qn.movement_cadre, units=[qn.tamky])
    assert error.value.message == (
        "Đồng chí Nguyễn Văn Quy đang được phân công theo dõi, phụ trách Thành đoàn Tam Kỳ từ 01/03/2013 "
        "(quyết định 15-QĐ/TĐTN)."
    )


def test_only_the_issuing_unit_assigns(qn):
    with pytest.raises(OutOfScope):
        services.record_decision(
            actor=qn.users["district_standing"], owner=qn.province, number="1", decided_on=D(2013, 1, 1)
        )
    with pytest.raises(OutOfScope):
        services.assign(actor=qn.cadre_user, decision=qn.decision, cadre=qn.tckt_cadre, units=[qn.tamky])


def test_reassignment_closes_the_old_row_and_opens_a_new_one(qn):
    later = services.record_decision(actor=qn.manager, owner=qn.province, number="40-QĐ/TĐTN", decided_on=D(2013, 7, 1))
    tamky = qn.assignments[0]
    new = services.reassign(
        actor=qn.manager, assignment=tamky, decision=later, valid_from=D(2013, 7, 1), cadre=qn.tckt_cadre
    )
    tamky.refresh_from_db()
    assert (tamky.valid_to, tamky.ended_by) == (D(2013, 6, 30), later)
    assert (new.cadre, new.unit, new.valid_from, new.valid_to, new.decision) == (
        qn.tckt_cadre,
        qn.tamky,
        D(2013, 7, 1),
        None,
        later,
    )
    assert tamky.history.count() == 2  # created, then closed
    rows = Assignment.objects.filter(unit=qn.tamky).order_by("valid_from")
    assert [(a.cadre.given_name, a.valid_from, a.valid_to) for a in rows] == [
        ("Quy", D(2013, 3, 1), D(2013, 6, 30)),
        ("Bình", D(2013, 7, 1), None),
    ]
    with pytest.raises(DomainError) as error:
        services.reassign(
            actor=qn.manager, assignment=tamky, decision=later, valid_from=D(2013, 8, 1), cadre=qn.secretary
        )
    assert error.value.code == "assignment_closed"


def test_reassignment_changes_the_area_checked(qn, go):
    later = services.record_decision(actor=qn.manager, owner=qn.province, number="40-QĐ/TĐTN", decided_on=D(2013, 7, 1))
    services.reassign(
        actor=qn.manager, assignment=qn.assignments[0], decision=later, valid_from=D(2013, 7, 1), cadre=qn.tckt_cadre
    )
    assert go(qn.anmy, D(2013, 6, 28)).days == 1
    with pytest.raises(DomainError) as error:
        go(qn.anmy, D(2013, 7, 2))
    assert error.value.code == "outside_area"
    assert go(qn.anmy, D(2013, 7, 2), cadre=qn.tckt_cadre, actor=qn.users["tckt_officer"]).days == 1


def test_end_assignment_and_reassign_too_early(qn):
    with pytest.raises(DomainError) as error:
        services.reassign(
            actor=qn.manager,
            assignment=qn.assignments[1],
            decision=qn.decision,
            valid_from=D(2013, 3, 1),
            unit=qn.tamky,
        )
    assert error.value.code == "reassign_too_early"
    ended = services.end_assignment(actor=qn.manager, assignment=qn.assignments[1], valid_to=D(2013, 12, 31))
    assert ended.valid_to == D(2013, 12, 31)
    with pytest.raises(DomainError):
        services.end_assignment(actor=qn.manager, assignment=ended, valid_to=D(2014, 1, 1))


def test_cluster_roles_cover_every_unit_of_the_cluster(qn):
    rows = services.assign(
        actor=qn.manager,
        decision=qn.decision,
        cadre=qn.secretary,
        role=Assignment.Role.CLUSTER_LEADER,
        cluster=qn.cluster,
        valid_from=D(2013, 3, 1),
    )
    assert sorted(a.unit.name for a in rows) == ["Huyện đoàn Bắc Trà My", "Thành đoàn Tam Kỳ"]
    with pytest.raises(DomainError) as error:
        services.assign(
            actor=qn.manager,
            decision=qn.decision,
            cadre=qn.tckt_cadre,
            role=Assignment.Role.CLUSTER_DEPUTY,
            units=[qn.tamky],
        )
    assert error.value.code == "cluster_required"
