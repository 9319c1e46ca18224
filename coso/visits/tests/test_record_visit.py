"""Recording and editing visits: every rule through the service, scope, locking."""

import datetime
from collections import defaultdict

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from coso.core.errors import ConflictError, DomainError, OutOfScope
from coso.visits import rules, services
from coso.visits.models import BlackoutDay, Visit, VisitForm

from .conftest import D, at

TAM_KY_FULL = (
    "Vượt giới hạn: đồng chí Nguyễn Văn Quy đã có 2 ngày ở Thành đoàn Tam Kỳ trong tháng 3/2013; "
    "tối đa 2 ngày/tháng (đơn vị không thuộc miền núi). Chuyến đi này thêm 1 ngày."
)


def codes(error):
    return [code for code, _message in error.value.violations]


def test_a_visit_counts_its_days(go, qn):
    visit = go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    assert visit.days == 2
    assert visit.created_by == qn.cadre_user
    assert visit.history.first().history_user == qn.cadre_user


def test_a_base_unit_counts_towards_its_district_cap(go, qn):
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    with pytest.raises(DomainError) as error:
        go(qn.tamky, D(2013, 3, 15))
    assert error.value.code == "over_cap"
    assert error.value.message == TAM_KY_FULL
    assert Visit.objects.count() == 1


def test_the_mountainous_district_allows_three_days(go, qn):
    go(qn.trason, D(2013, 3, 12))
    go(qn.branch_trason, D(2013, 3, 13), form=VisitForm.BRANCH_MEETING)
    go(qn.tragiang, D(2013, 3, 14))
    with pytest.raises(DomainError) as error:
        go(qn.tragiang, D(2013, 3, 20))
    assert (
        "đã có 3 ngày ở Huyện đoàn Bắc Trà My trong tháng 3/2013; tối đa 3 ngày/tháng (huyện miền núi)"
        in error.value.message
    )


def test_a_trip_across_month_end_counts_in_each_month(go, qn):
    go(qn.trason, D(2013, 3, 30), D(2013, 4, 1))  # 2 days in March, 1 in April
    go(qn.trason, D(2013, 4, 2), D(2013, 4, 3))  # April: 3
    go(qn.tragiang, D(2013, 3, 28))  # March: 3
    with pytest.raises(DomainError) as error:
        go(qn.tragiang, D(2013, 4, 8))
    assert "đã có 3 ngày ở Huyện đoàn Bắc Trà My trong tháng 4/2013" in error.value.message


def test_an_edit_does_not_count_the_visit_against_itself(go, qn):
    visit = go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    edited = services.update_visit(
        actor=qn.cadre_user, visit=visit, version=visit.version, findings="Chi đoàn sinh hoạt đều"
    )
    assert edited.findings == "Chi đoàn sinh hoạt đều" and edited.version == visit.version + 1
    with pytest.raises(DomainError) as error:
        services.update_visit(actor=qn.cadre_user, visit=edited, version=edited.version, end_date=D(2013, 3, 9))
    assert codes(error) == ["over_cap"]


def test_a_stale_edit_is_refused(go, qn):
    visit = go(qn.anmy, D(2013, 3, 7))
    services.update_visit(actor=qn.cadre_user, visit=visit, version=visit.version, findings="a")
    with pytest.raises(ConflictError):
        services.update_visit(actor=qn.cadre_user, visit=visit, version=visit.version, findings="b")


def test_blackout_days_of_the_agency(go, qn):
    services.add_blackout_day(
        actor=qn.manager, owner=qn.province, date=D(2013, 3, 5), reason=BlackoutDay.Reason.PARTY_CELL
    )
    with pytest.raises(DomainError) as error:
        go(qn.anmy, D(2013, 3, 4), D(2013, 3, 5))
    assert error.value.message == "Ngày 05/03/2013 là ngày họp chi bộ (ngày không đi cơ sở)."
    with pytest.raises(DomainError) as error:
        services.add_blackout_day(
            actor=qn.manager, owner=qn.province, date=D(2013, 3, 6), reason=BlackoutDay.Reason.OTHER
        )
    assert error.value.code == "note_required"


def test_public_holidays_when_the_policy_counts_them(go, qn):
    with pytest.raises(DomainError) as error:
        go(qn.trason, D(2013, 4, 30))
    assert error.value.message == "Ngày 30/04/2013 là ngày nghỉ lễ: Ngày Chiến thắng (ngày không đi cơ sở)."
    services.save_visit_policy(
        actor=qn.manager,
        owner=qn.province,
        year=2013,
        version=qn.policy.version,
        count_public_holidays_as_blackout=False,
    )
    assert go(qn.trason, D(2013, 4, 30)).days == 1


def test_outside_the_assigned_area_only_when_marked_ad_hoc(go, qn):
    with pytest.raises(DomainError) as error:
        go(qn.anmy, D(2013, 3, 7), cadre=qn.tckt_cadre, actor=qn.users["tckt_officer"])
    assert error.value.code == "outside_area"
    assert error.value.message.endswith("đánh dấu 'đột xuất' nếu đây là chuyến đi ngoài kế hoạch.")
    visit = go(qn.anmy, D(2013, 3, 7), cadre=qn.tckt_cadre, actor=qn.users["tckt_officer"], is_ad_hoc=True)
    assert visit.is_ad_hoc


def test_before_the_plan_applies_and_reversed_dates(go, qn):
    with pytest.raises(DomainError) as error:
        go(qn.anmy, D(2013, 2, 28))
    assert "before_policy" in codes(error) and "outside_area" in codes(error)
    with pytest.raises(DomainError) as error:
        go(qn.anmy, D(2013, 3, 8), D(2013, 3, 7))
    assert codes(error) == ["end_before_start"]


def test_every_violation_is_reported_together(go, qn):
    services.add_blackout_day(actor=qn.manager, owner=qn.province, date=D(2013, 3, 6), reason=BlackoutDay.Reason.AGENCY)
    go(qn.anmy, D(2013, 3, 4))
    with pytest.raises(DomainError) as error:
        go(qn.anmy, D(2013, 3, 4), D(2013, 3, 6), form="?")
    assert codes(error) == ["invalid_form", "blackout_day", "overlap", "over_cap"]


def test_a_visit_in_the_future_is_a_plan_not_a_record(go, qn):
    with pytest.raises(DomainError) as error:
        go(qn.anmy, D(2013, 3, 7), today=D(2013, 3, 6))
    assert codes(error) == ["in_future"]


def test_a_reported_month_is_locked(go, qn):
    visit = go(qn.anmy, D(2013, 3, 7))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report, now=at(2013, 3, 29))
    with pytest.raises(DomainError) as error:
        go(qn.trason, D(2013, 3, 12))
    assert codes(error) == ["month_reported"]
    with pytest.raises(DomainError):
        services.update_visit(
            actor=qn.cadre_user, visit=visit, version=visit.version, start_date=D(2013, 4, 2), end_date=D(2013, 4, 2)
        )
    with pytest.raises(DomainError):
        services.remove_visit(actor=qn.cadre_user, visit=visit)
    assert go(qn.trason, D(2013, 4, 2)).days == 1


def test_removing_a_visit_updates_its_draft_report(go, qn):
    visit = go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    assert report.total_days == 2
    services.remove_visit(actor=qn.cadre_user, visit=visit, version=visit.version)
    report.refresh_from_db()
    assert report.total_days == 0 and not report.lines.exists()


def test_who_may_record(go, qn):
    with pytest.raises(OutOfScope):
        go(qn.anmy, D(2013, 3, 7), actor=qn.users["member"])
    with pytest.raises(OutOfScope):
        go(qn.anmy, D(2013, 3, 7), actor=qn.users["district_standing"])  # a district cannot record for the province
    assert go(qn.anmy, D(2013, 3, 7), actor=qn.users["tckt_officer"]).created_by == qn.users["tckt_officer"]


def test_who_sees_visits(go, qn):
    go(qn.anmy, D(2013, 3, 7))
    go(qn.trason, D(2013, 3, 12))
    names = lambda key: sorted(v.unit.name for v in Visit.objects.visible_to(qn.users[key]))  # noqa: E731
    assert names("movement_cadre") == ["Đoàn phường An Mỹ", "Đoàn xã Trà Sơn"]
    assert names("district_standing") == ["Đoàn xã Trà Sơn"]  # the host of Bắc Trà My
    assert names("district_standing_tamky") == ["Đoàn phường An Mỹ"]
    assert names("member") == []
    assert len(Visit.objects.visible_to(qn.admin)) == 2


def test_recording_costs_the_same_queries_whatever_the_history(go, qn, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as first:
        go(qn.trason, D(2013, 5, 6))
    for unit, day in ((qn.trason, 7), (qn.tragiang, 8), (qn.anmy, 9)):
        go(unit, D(2013, 5, day))
    with django_assert_max_num_queries(len(first.captured_queries)):
        go(qn.anmy, D(2013, 5, 10))


def test_check_visit_previews_without_saving(go, qn):
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    problems = services.check_visit(
        cadre=qn.movement_cadre, unit=qn.tamky, start_date=D(2013, 3, 15), end_date=D(2013, 3, 15)
    )
    assert [p.message for p in problems] == [TAM_KY_FULL]
    assert Visit.objects.count() == 1


@hsettings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(st.lists(st.tuples(st.integers(0, 45), st.integers(0, 3), st.booleans()), min_size=1, max_size=7))
def test_the_service_never_lets_a_month_exceed_its_cap(qn, trips):
    """Random trips (around the end of March) through the service, in a rolled-back savepoint:
    whatever it accepts, no (cadre, district, month) exceeds its cap, counted day by day."""
    units = {True: qn.trason, False: qn.anmy}
    with transaction.atomic():
        for offset, length, mountainous in trips:
            start = D(2013, 3, 10) + datetime.timedelta(days=offset)
            try:
                services.record_visit(
                    actor=qn.cadre_user,
                    cadre=qn.movement_cadre,
                    unit=units[mountainous],
                    start_date=start,
                    end_date=start + datetime.timedelta(days=length),
                    form=VisitForm.SITUATION,
                )
            except DomainError:
                pass
        per_month = defaultdict(int)
        for visit in Visit.objects.select_related("unit"):
            for day in rules.each_day(visit.start_date, visit.end_date):
                per_month[(visit.unit.is_in_subtree_of(qn.bactramy), day.month)] += 1
        for (mountainous, _month), days in per_month.items():
            assert days <= (3 if mountainous else 2)
        transaction.set_rollback(True)
