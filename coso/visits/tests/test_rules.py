"""The pure rules, at their boundaries, and property-based on day counting and caps."""

import datetime
from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from coso.visits import rules
from coso.visits.models import VisitForm, VisitPolicy
from coso.visits.rules import Area, Cover, Trip

D = datetime.date
TAM_KY = Area("0001000A", "Thành đoàn Tam Kỳ", False)
BAC_TRA_MY = Area("0001000B", "Huyện đoàn Bắc Trà My", True)
POLICY = VisitPolicy(cap_days_mountainous=3, cap_days_other=2, applies_from=D(2013, 3, 1))
QUY = "Nguyễn Văn Quy"


def trip(start, end=None, area=TAM_KY, name="Đoàn phường An Mỹ"):
    return Trip(start, end or start, area, name)


# ----------------------------------------------------------------- day counting


def test_days_are_inclusive_and_split_at_month_end():
    assert rules.trip_days(D(2013, 3, 30), D(2013, 4, 2)) == 4
    assert rules.days_by_month(D(2013, 3, 30), D(2013, 4, 2)) == {(2013, 3): 2, (2013, 4): 2}
    assert rules.days_by_month(D(2013, 12, 31), D(2014, 1, 1)) == {(2013, 12): 1, (2014, 1): 1}
    assert rules.days_by_month(D(2013, 3, 5), D(2013, 3, 5)) == {(2013, 3): 1}
    assert rules.days_by_month(D(2013, 3, 5), D(2013, 3, 4)) == {}
    assert rules.days_by_month(D(2012, 2, 28), D(2012, 3, 1)) == {(2012, 2): 2, (2012, 3): 1}


@given(st.dates(D(2000, 1, 1), D(2040, 12, 31)), st.integers(0, 120))
def test_days_by_month_matches_counting_each_day(start, length):
    end = start + datetime.timedelta(days=length)
    expected = defaultdict(int)
    for day in rules.each_day(start, end):
        expected[(day.year, day.month)] += 1
    split = rules.days_by_month(start, end)
    assert split == dict(expected)
    assert sum(split.values()) == rules.trip_days(start, end) == length + 1


# ----------------------------------------------------------------- caps


def test_plain_district_allows_two_days_a_month_and_names_the_facts_beyond():
    existing = [trip(D(2013, 3, 4))]
    assert rules.check_caps(cadre_name=QUY, trip=trip(D(2013, 3, 7)), existing=existing, policy=POLICY) == []
    existing.append(trip(D(2013, 3, 7)))
    [violation] = rules.check_caps(cadre_name=QUY, trip=trip(D(2013, 3, 15)), existing=existing, policy=POLICY)
    assert violation.code == "over_cap"
    assert violation.message == (
        "Vượt giới hạn: đồng chí Nguyễn Văn Quy đã có 2 ngày ở Thành đoàn Tam Kỳ trong tháng 3/2013; "
        "tối đa 2 ngày/tháng (đơn vị không thuộc miền núi). Chuyến đi này thêm 1 ngày."
    )


def test_mountainous_district_allows_three_days():
    existing = [trip(D(2013, 3, 12), D(2013, 3, 13), BAC_TRA_MY)]
    assert (
        rules.check_caps(cadre_name=QUY, trip=trip(D(2013, 3, 14), area=BAC_TRA_MY), existing=existing, policy=POLICY)
        == []
    )
    existing.append(trip(D(2013, 3, 14), area=BAC_TRA_MY))
    [violation] = rules.check_caps(
        cadre_name=QUY, trip=trip(D(2013, 3, 20), area=BAC_TRA_MY), existing=existing, policy=POLICY
    )
    assert (
        "đã có 3 ngày ở Huyện đoàn Bắc Trà My trong tháng 3/2013; tối đa 3 ngày/tháng (huyện miền núi)"
        in violation.message
    )


def test_a_single_trip_longer_than_the_cap_is_refused():
    [violation] = rules.check_caps(cadre_name=QUY, trip=trip(D(2013, 3, 4), D(2013, 3, 6)), existing=[], policy=POLICY)
    assert "đã có 0 ngày" in violation.message and "Chuyến đi này thêm 3 ngày." in violation.message


def test_caps_count_each_month_of_a_trip_across_month_end():
    existing = [trip(D(2013, 3, 4), D(2013, 3, 5))]  # March full in Tam Kỳ
    violations = rules.check_caps(
        cadre_name=QUY, trip=trip(D(2013, 3, 31), D(2013, 4, 1)), existing=existing, policy=POLICY
    )
    assert [v.message.split(";")[0] for v in violations] == [
        "Vượt giới hạn: đồng chí Nguyễn Văn Quy đã có 2 ngày ở Thành đoàn Tam Kỳ trong tháng 3/2013"
    ]
    # April alone would be fine: 2 days across the month end are 1 + 1.
    assert (
        rules.check_caps(cadre_name=QUY, trip=trip(D(2013, 4, 30), D(2013, 5, 1)), existing=existing, policy=POLICY)
        == []
    )


def test_caps_are_per_district_and_none_means_no_cap():
    existing = [trip(D(2013, 3, 4), D(2013, 3, 5))]
    assert (
        rules.check_caps(cadre_name=QUY, trip=trip(D(2013, 3, 6), area=BAC_TRA_MY), existing=existing, policy=POLICY)
        == []
    )
    no_cap = VisitPolicy(cap_days_mountainous=None, cap_days_other=None)
    assert (
        rules.check_caps(cadre_name=QUY, trip=trip(D(2013, 3, 6), D(2013, 3, 20)), existing=existing, policy=no_cap)
        == []
    )


AREAS = [TAM_KY, BAC_TRA_MY, Area("0001000C", "Thành đoàn Hội An", False)]


@hsettings(max_examples=150)
@given(
    st.lists(
        st.tuples(st.integers(0, 75), st.integers(0, 4), st.sampled_from(range(len(AREAS)))), min_size=1, max_size=30
    )
)
def test_accepted_trips_never_exceed_a_cap(candidates):
    """Offer random trips around month ends (from 25/02/2013); keep those the rules accept;
    the days kept never exceed the cap of any (district, month), counted day by day."""
    accepted = []
    for offset, length, area_index in candidates:
        start = D(2013, 2, 25) + datetime.timedelta(days=offset)
        candidate = trip(start, start + datetime.timedelta(days=length), AREAS[area_index])
        problems = rules.check_caps(cadre_name=QUY, trip=candidate, existing=accepted, policy=POLICY)
        problems += rules.check_overlap(cadre_name=QUY, start=candidate.start, end=candidate.end, existing=accepted)
        if not problems:
            accepted.append(candidate)
    per_day = defaultdict(int)
    for kept in accepted:
        for day in rules.each_day(kept.start, kept.end):
            per_day[(kept.area, day.year, day.month)] += 1
    for (area, _year, _month), days in per_day.items():
        assert days <= POLICY.cap_for(area.mountainous)


# ----------------------------------------------------------------- dates, blackout, holidays, area, overlap


def test_dates_boundaries():
    assert rules.check_dates(start=D(2013, 3, 1), end=D(2013, 3, 1), policy=POLICY) == []
    [before] = rules.check_dates(start=D(2013, 2, 28), end=D(2013, 3, 1), policy=POLICY)
    assert before.code == "before_policy"
    assert before.message == "Ngày 28/02/2013 trước ngày kế hoạch đi cơ sở được áp dụng (01/03/2013)."
    [reversed_] = rules.check_dates(start=D(2013, 3, 5), end=D(2013, 3, 4), policy=POLICY)
    assert reversed_.message == "Ngày kết thúc (04/03/2013) trước ngày bắt đầu (05/03/2013)."
    assert rules.check_dates(start=D(2013, 3, 5), end=D(2013, 3, 5), policy=POLICY, today=D(2013, 3, 5)) == []
    [future] = rules.check_dates(start=D(2013, 3, 5), end=D(2013, 3, 6), policy=POLICY, today=D(2013, 3, 5))
    assert future.code == "in_future"


def test_blackout_day_and_public_holiday_are_named():
    blackout = {D(2013, 3, 5): "họp chi bộ"}
    [violation] = rules.check_blackout(start=D(2013, 3, 4), end=D(2013, 3, 6), blackout=blackout)
    assert violation.message == "Ngày 05/03/2013 là ngày họp chi bộ (ngày không đi cơ sở)."
    assert rules.check_blackout(start=D(2013, 3, 6), end=D(2013, 3, 6), blackout=blackout) == []
    holidays = rules.public_holidays(D(2013, 4, 29), D(2013, 5, 2))
    violations = rules.check_blackout(start=D(2013, 4, 30), end=D(2013, 5, 1), blackout={}, holidays=holidays)
    assert [v.message for v in violations] == [
        "Ngày 30/04/2013 là ngày nghỉ lễ: Ngày Chiến thắng (ngày không đi cơ sở).",
        "Ngày 01/05/2013 là ngày nghỉ lễ: Ngày Quốc tế Lao động (ngày không đi cơ sở).",
    ]


def test_area_must_be_followed_on_every_day_unless_ad_hoc():
    covers = [Cover("0001000A", D(2013, 3, 1), D(2013, 3, 31))]
    common = dict(cadre_name=QUY, unit_name="Đoàn phường An Mỹ", unit_path="0001000A0001", covers=covers)
    assert rules.check_area(start=D(2013, 3, 31), end=D(2013, 3, 31), **common) == []
    [violation] = rules.check_area(start=D(2013, 3, 31), end=D(2013, 4, 1), **common)
    assert violation.message == (
        "Đoàn phường An Mỹ không thuộc địa bàn được phân công theo dõi của đồng chí Nguyễn Văn Quy "
        "từ 31/03/2013 đến 01/04/2013; đánh dấu 'đột xuất' nếu đây là chuyến đi ngoài kế hoạch."
    )
    assert rules.check_area(start=D(2013, 3, 31), end=D(2013, 4, 1), is_ad_hoc=True, **common) == []
    assert rules.check_area(start=D(2013, 2, 28), end=D(2013, 2, 28), **common)[0].code == "outside_area"


def test_overlapping_trips_of_one_cadre_are_refused():
    existing = [trip(D(2013, 3, 4), D(2013, 3, 5))]
    assert rules.check_overlap(cadre_name=QUY, start=D(2013, 3, 6), end=D(2013, 3, 6), existing=existing) == []
    [violation] = rules.check_overlap(cadre_name=QUY, start=D(2013, 3, 5), end=D(2013, 3, 6), existing=existing)
    assert "từ 04/03/2013 đến 05/03/2013, trùng ngày" in violation.message


def test_check_trip_returns_every_violation_at_once():
    violations = rules.check_trip(
        cadre_name=QUY,
        unit_name="Đoàn phường An Mỹ",
        unit_path="0001000A0001",
        trip=trip(D(2013, 3, 5), D(2013, 3, 7)),
        is_ad_hoc=False,
        policy=POLICY,
        existing=[],
        blackout={D(2013, 3, 5): "họp chi bộ"},
        covers=[],
        locked_months={(2013, 3): "Đã gửi"},
    )
    assert [v.code for v in violations] == ["blackout_day", "outside_area", "over_cap", "month_reported"]


def test_visit_fields_go_before_come_after():
    common = dict(form_choices=VisitForm.values, start=D(2013, 3, 7), end=D(2013, 3, 8))
    assert (
        rules.check_visit_fields(
            form="khao_sat", activity_relation="none", activity_name="", activity_date=None, **common
        )
        == []
    )
    codes = [
        v.code
        for v in rules.check_visit_fields(
            form="x", activity_relation="before", activity_name="", activity_date=D(2013, 3, 6), **common
        )
    ]
    assert codes == ["invalid_form", "activity_name_required", "activity_before_trip"]
    assert (
        rules.check_visit_fields(
            form="khao_sat", activity_relation="after", activity_name="Hội trại", activity_date=D(2013, 3, 9), **common
        )[0].code
        == "activity_after_trip"
    )


def test_planned_trip_must_sit_in_its_quarter():
    assert rules.check_in_quarter(start=D(2013, 3, 30), end=D(2013, 3, 31), year=2013, quarter=1) == []
    [violation] = rules.check_in_quarter(start=D(2013, 3, 31), end=D(2013, 4, 1), year=2013, quarter=1)
    assert violation.message == (
        "Chuyến đi dự kiến từ 31/03/2013 đến 01/04/2013 không nằm trong quý 1/2013 (từ 01/01/2013 đến 31/03/2013)."
    )


def test_policy_values_are_sane():
    assert rules.check_policy_values({"cap_days_other": 2, "days_per_month": 30, "monthly_report_due_day": 0}) == []
    codes = {
        v.code
        for v in rules.check_policy_values({"cap_days_other": 0, "days_per_month": 0, "monthly_report_due_day": 31})
    }
    assert codes == {"invalid_cap", "invalid_days_per_month", "invalid_due_day"}


# ----------------------------------------------------------------- weak units, deadlines, minimums


def test_weak_candidates_worst_first_ties_by_name_unclassified_last():
    candidates = [(1, "b", 2), (2, "a", 4), (3, "d", 3), (4, "c", 3), (5, "a", None), (6, "e", 1)]
    assert [c[0] for c in rules.order_weak_candidates(candidates)] == [2, 4, 3, 1, 6, 5]


def test_report_due_dates():
    assert rules.report_due_date(2013, 3, 0) == D(2013, 3, 31)
    assert rules.report_due_date(2013, 2, 0) == D(2013, 2, 28)
    assert rules.report_due_date(2013, 3, 5) == D(2013, 4, 5)
    assert rules.report_due_date(2013, 12, 5) == D(2014, 1, 5)


def test_quarter_plan_deadline_with_applies_from_and_grace():
    policy = SimpleNamespace(applies_from=D(2013, 3, 1), quarterly_plan_grace_days=0)
    assert rules.plan_deadline(policy=policy, year=2013, quarter=1) == D(2013, 3, 1)
    assert rules.plan_deadline(policy=policy, year=2013, quarter=2) == D(2013, 4, 1)
    policy.quarterly_plan_grace_days = 7
    assert rules.plan_deadline(policy=policy, year=2013, quarter=2) == D(2013, 4, 8)

    def item(submitted, on):
        return rules.quarter_plan_item(submitted_on=submitted, policy=policy, year=2013, quarter=2, on=on)

    assert item(D(2013, 4, 8), D(2013, 5, 1)).status == "ok"
    assert item(D(2013, 4, 9), D(2013, 5, 1)).status == "late"
    assert item(None, D(2013, 4, 8)).status == "pending"
    assert item(None, D(2013, 4, 9)).status == "missing"
    assert item(None, D(2013, 4, 9)).label == "Đăng ký kế hoạch đi cơ sở quý 2/2013 (hạn 08/04/2013)"


def test_minimum_items_at_their_boundaries():
    policy = VisitPolicy(
        yearly_minimum_days=60,
        days_per_month=30,
        branch_meetings_per_quarter=1,
        cluster_leader_base_units_per_quarter=2,
    )
    assert rules.yearly_days_item(days=60, policy=policy, year=2013, on=D(2013, 6, 1)).status == "ok"
    item = rules.yearly_days_item(days=59, policy=policy, year=2013, on=D(2013, 12, 31))
    assert (item.status, item.label, item.detail) == (
        "pending",
        "Số ngày đi cơ sở năm 2013 (tối thiểu 60 ngày, tức 2 tháng)",
        "59/60 ngày",
    )
    assert rules.yearly_days_item(days=59, policy=policy, year=2013, on=D(2014, 1, 1)).status == "missing"
    assert (
        rules.branch_meetings_item(count=0, policy=policy, year=2013, quarter=1, on=D(2013, 3, 31)).status == "pending"
    )
    assert (
        rules.branch_meetings_item(count=0, policy=policy, year=2013, quarter=1, on=D(2013, 4, 1)).status == "missing"
    )
    assert rules.branch_meetings_item(count=1, policy=policy, year=2013, quarter=1, on=D(2013, 4, 1)).status == "ok"
    one = rules.cluster_base_units_item(
        unit_names=["Đoàn xã Trà Sơn"], policy=policy, year=2013, quarter=1, on=D(2013, 4, 1)
    )
    assert (one.status, one.value, one.target) == ("missing", 1, 2)


def test_monthly_follow_up_counts_months_in_force_on_the_15th():
    months = rules.follow_up_due_months(
        valid_from=D(2013, 3, 1), valid_to=None, applies_from=D(2013, 3, 1), year=2013, on=D(2013, 5, 20)
    )
    assert months == [3, 4, 5]
    assert rules.follow_up_due_months(
        valid_from=D(2013, 3, 16), valid_to=D(2013, 4, 30), applies_from=None, year=2013, on=D(2013, 12, 31)
    ) == [4]
    item = rules.follow_up_item(
        due={"Thành đoàn Tam Kỳ": [3, 4, 5]}, visited={("Thành đoàn Tam Kỳ", 3)}, year=2013, on=D(2013, 5, 20)
    )
    assert (item.status, item.value, item.target) == ("missing", 1, 2)
    assert item.detail == "Chưa đến: Thành đoàn Tam Kỳ tháng 4/2013"


def test_number_text_uses_a_decimal_comma():
    assert rules.number_text(Decimal("2.00")) == "2"
    assert rules.number_text(Decimal("1.50")) == "1,5"
    assert rules.number_text(Decimal("-5")) == "-5"
    assert rules.number_text(3) == "3"
