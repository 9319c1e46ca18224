"""Coverage per district and the year's totals; each cadre's progress on the minimums."""

import pytest

from coso.visits import coverage, selectors, services
from coso.visits.models import VisitForm

from .conftest import D, add_base_unit, at


def test_days_phrase_and_percent():
    assert [coverage.days_phrase(n) for n in (0, 9, 19, 20, 240, 247)] == ["0", "9", "19", "20", "240", "hơn 240"]
    assert (coverage.percent(10, 13), coverage.percent(2, 3), coverage.percent(1, 0)) == (77, 67, 0)


def test_district_coverage(qn, go, django_assert_max_num_queries):
    add_base_unit(qn.bactramy, "Đoàn xã Trà Bui")
    go(qn.branch_trason, D(2013, 3, 12), form=VisitForm.BRANCH_MEETING)  # covers Trà Sơn through its branch
    go(qn.tragiang, D(2013, 3, 30), D(2013, 4, 1))
    go(qn.bactramy, D(2013, 4, 10))  # the district union itself: days, no base unit
    go(qn.tamky, D(2013, 3, 7))
    with django_assert_max_num_queries(4):  # districts, base unions, the units' ids, the trips
        tamky, btm = coverage.coverage(qn.province, 2013)
    assert (btm.district, btm.label, btm.visited_units, btm.unvisited_units) == (
        qn.bactramy,
        "2/3",
        ["Đoàn xã Trà Giang", "Đoàn xã Trà Sơn"],
        ["Đoàn xã Trà Bui"],
    )
    assert btm.total_days == 5 and btm.days_by_month[2:4] == [3, 2]
    assert btm.days_by_cadre == [("Nguyễn Văn Quy", 5)]
    assert btm.days_by_unit == [("Huyện đoàn Bắc Trà My", 1), ("Đoàn xã Trà Giang", 3), ("Đoàn xã Trà Sơn", 1)]
    assert btm.text == "Huyện đoàn Bắc Trà My: đã đến 2/3 Đoàn cơ sở; 5 ngày cơ sở"
    assert (tamky.label, tamky.total_days) == ("0/1", 1)
    assert coverage.district_coverage(qn.bactramy, 2013).label == "2/3"


def test_year_summary_in_the_seeds_words(qn, go):
    services.save_visit_policy(actor=qn.manager, owner=qn.province, year=2013, count_public_holidays_as_blackout=False)
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    go(qn.trason, D(2013, 12, 31), D(2014, 1, 1))  # one day in 2013
    go(qn.anmy, D(2013, 3, 12), cadre=qn.tckt_cadre, actor=qn.users["tckt_officer"], is_ad_hoc=True)
    summary = coverage.year_summary(qn.province, 2013)
    assert (summary.cadres_total, summary.cadres_went, summary.total_days, summary.ad_hoc_days) == (3, 2, 4, 1)
    assert summary.text == "67% cán bộ đã đi cơ sở; 4 ngày cơ sở"
    assert summary.days_by_cadre == [("Lê Văn Bình", 1), ("Trần Thị Hồng", 0), ("Nguyễn Văn Quy", 3)]
    went = coverage.year_summary(qn.province, 2013, cadres=[qn.movement_cadre, qn.tckt_cadre])
    assert went.text == "100% cán bộ đã đi cơ sở; 4 ngày cơ sở"


@pytest.fixture
def progress_on(qn):
    def compute(on, cadre=None):
        items = selectors.progress(cadre or qn.movement_cadre, 2013, on=on).items
        return {item.code: (item.status, item.value, item.target) for item in items}

    return compute


def test_progress_through_march(qn, go, progress_on):
    before = progress_on(D(2013, 3, 3))
    assert before == {
        "branch_meetings": ("pending", 0, 1),
        "monthly_follow_up": ("pending", 0, 0),
        "quarter_plan": ("missing", 0, 1),  # due 01/03/2013, the day the plan applies
    }
    plan = services.create_plan(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, quarter=1)
    services.add_planned_visit(
        actor=qn.cadre_user,
        plan=plan,
        unit=qn.anmy,
        start_date=D(2013, 3, 7),
        end_date=D(2013, 3, 7),
        form=VisitForm.SURVEY,
    )
    services.submit_plan(actor=qn.cadre_user, plan=plan, now=at(2013, 3, 1, 16))
    go(qn.anmy, D(2013, 3, 7))
    go(qn.branch_trason, D(2013, 3, 12), form=VisitForm.BRANCH_MEETING)
    after = progress_on(D(2013, 4, 10))
    assert after["quarter_plan"][0] == "missing"  # Q2 now: no plan registered by 01/04
    assert after["branch_meetings"] == ("pending", 0, 1)
    assert after["monthly_follow_up"] == ("ok", 2, 2)  # March: both districts visited
    assert after["monthly_report"] == ("missing", 0, 1)  # March's report, due 31/03
    march = progress_on(D(2013, 3, 31))
    assert march["quarter_plan"] == ("ok", 1, 1) and march["branch_meetings"] == ("ok", 1, 1)


def test_progress_of_a_cluster_leader_and_a_yearly_minimum(qn, go, progress_on):
    services.save_visit_policy(
        actor=qn.manager, owner=qn.province, year=2013, yearly_minimum_days=60, report_within_days_after_trip=10
    )
    services.assign(actor=qn.manager, decision=qn.decision, cadre=qn.secretary, units=[qn.bactramy])
    leader = qn.users["provincial_standing"]
    services.record_visit(
        actor=leader,
        cadre=qn.secretary,
        unit=qn.trason,
        start_date=D(2013, 3, 12),
        end_date=D(2013, 3, 12),
        form=VisitForm.THEMATIC_INSPECTION,
    )
    assert selectors.progress(qn.secretary, 2013, on=D(2013, 3, 31)).item("cluster_base_units").status == "pending"
    result = selectors.progress(qn.secretary, 2013, on=D(2013, 4, 2), quarter=1)
    item = result.item("cluster_base_units")
    assert (item.status, item.value, item.target, item.detail) == ("missing", 1, 2, "Đoàn xã Trà Sơn")
    assert result.item("yearly_days").detail == "1/60 ngày"
    late = result.item("trip_reports_on_time")
    assert late.status == "late" and late.detail == "Đoàn xã Trà Sơn ngày 12/03/2013"  # recorded years later
    assert not result.ok
    assert "cluster_base_units" not in progress_on(D(2013, 4, 2))
