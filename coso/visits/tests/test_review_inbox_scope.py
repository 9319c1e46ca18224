"""The review inbox asks each way of seeing a report apart (issue 9: the OR of "the cadre is in
scope" and "a host confirmation is in scope" read every host confirmation of a province):
every user gets exactly the first reports ``MonthlyReport.objects.visible_to`` gives, in order,
whatever the page size; a district sees a provincial cadre's report only where it hosted;
another province's reports never show."""

import pytest

from coso.org.models import Unit
from coso.visits import permissions, services
from coso.visits.models import MonthlyReport
from tests.builders import _level, person

from .conftest import D, at

USERS = [
    "provincial_standing",
    "tckt_officer",
    "cluster_leader",
    "district_standing",
    "district_standing_tamky",
    "base_officer",
    "member",
    "movement_cadre",
]
ORDER = ("year", "month", "id")


def _confirmed(qn, cadre_user, cadre, month, hosts=()):
    report = services.draft_monthly_report(actor=cadre_user, cadre=cadre, year=2013, month=month)
    report = services.submit_report(actor=cadre_user, report=report, now=at(2013, month, 28))
    for host_user, district in hosts:
        report = services.host_confirm(actor=host_user, report=report, district=district, now=at(2013, month, 28))
    assert report.state == MonthlyReport.State.HOST_CONFIRMED
    return report


@pytest.fixture
def waiting(qn, go):
    """Reports of the provincial cadre awaiting review: March with trips to Tam Kỳ and Bắc Trà My
    (both hosts confirmed), May with a trip to Bắc Trà My only, April and June without trips;
    and one report of another province's cadre in the same state."""
    go(qn.anmy, D(2013, 3, 7))
    go(qn.tragiang, D(2013, 3, 20))
    go(qn.tragiang, D(2013, 5, 9))
    tamky, btm = qn.users["district_standing_tamky"], qn.users["district_standing"]
    reports = {
        3: _confirmed(qn, qn.cadre_user, qn.movement_cadre, 3, [(tamky, qn.tamky), (btm, qn.bactramy)]),
        4: _confirmed(qn, qn.cadre_user, qn.movement_cadre, 4),
        5: _confirmed(qn, qn.cadre_user, qn.movement_cadre, 5, [(btm, qn.bactramy)]),
        6: _confirmed(qn, qn.cadre_user, qn.movement_cadre, 6),
    }
    other = Unit.objects.add_root(create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn"))
    qn.foreign_report = MonthlyReport.objects.create(
        cadre=person(other, "Võ Văn Xa", is_cadre=True),
        year=2013,
        month=2,
        due_date=D(2013, 3, 5),
        state=MonthlyReport.State.HOST_CONFIRMED,
    )
    qn.waiting = reports
    return qn


@pytest.mark.parametrize("limit", [1, 2, 50])
def test_every_user_gets_the_first_reports_of_their_scope_in_order(waiting, limit):
    confirmed = MonthlyReport.objects.filter(state=MonthlyReport.State.HOST_CONFIRMED)
    for key in USERS:
        user = waiting.users[key]
        expected = list(confirmed.visible_to(user).order_by(*ORDER)[:limit])
        assert list(permissions.first_reports_in_scope(user, confirmed, ORDER, limit)) == expected, key


def test_a_district_sees_only_the_months_it_hosted_and_no_one_another_provinces(waiting):
    confirmed = MonthlyReport.objects.filter(state=MonthlyReport.State.HOST_CONFIRMED)
    months = lambda key: [r.month for r in permissions.first_reports_in_scope(waiting.users[key], confirmed, ORDER, 50)]  # noqa: E731
    assert months("district_standing") == [3, 5]
    assert months("district_standing_tamky") == [3]
    assert months("provincial_standing") == [3, 4, 5, 6]
    assert months("member") == []
    for key in USERS:
        shown = permissions.first_reports_in_scope(waiting.users[key], confirmed, ORDER, 50)
        assert waiting.foreign_report not in shown
