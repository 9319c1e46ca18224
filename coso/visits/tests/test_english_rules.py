"""Issue 15 point 10: in English mode the rules speak English — caps, public holidays, no-visit
days, locked months, future dates, areas, overlaps, quarters — and so do the progress items,
the report states, the coverage summary and the ranking's lines. Only the data (names of
people and units) stays as written."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import translation

from coso.visits import coverage, ranking, rules
from coso.visits.models import MonthlyReport, RankingRule, VisitPolicy
from tests.test_english_mode import VIETNAMESE

D = datetime.date
DATA = ["Nguyễn Văn Quy", "Huyện đoàn Bắc Trà My", "Đoàn xã Trà Sơn", "Thành đoàn Tam Kỳ"]


def _english(text):
    for value in DATA:
        text = text.replace(value, "")
    left = VIETNAMESE.findall(text)
    assert not left, text
    return text


def _policy(**values):
    return VisitPolicy(year=2026, **values)


AREA = rules.Area(key="btm", name="Huyện đoàn Bắc Trà My", mountainous=True)


def test_every_rule_message_of_a_visit_in_english():
    policy = _policy(applies_from=D(2026, 3, 1))
    trip = rules.Trip(start=D(2026, 4, 30), end=D(2026, 5, 2), area=AREA, unit_name="Đoàn xã Trà Sơn")
    earlier = rules.Trip(start=D(2026, 4, 28), end=D(2026, 4, 30), area=AREA, unit_name="Đoàn xã Trà Sơn", pk=7)
    with translation.override("en"):
        violations = rules.check_trip(
            cadre_name="Nguyễn Văn Quy",
            unit_name="Đoàn xã Trà Sơn",
            unit_path="0001",
            trip=trip,
            is_ad_hoc=False,
            policy=policy,
            existing=[earlier],
            blackout={D(2026, 5, 2): "họp chi bộ"},
            covers=[],
            today=D(2026, 5, 1),
            locked_months={(2026, 4): MonthlyReport.State.HOST_CONFIRMED.label},
        )
        violations += rules.check_dates(start=D(2026, 2, 1), end=D(2026, 1, 1), policy=policy)
        violations += rules.check_in_quarter(start=D(2026, 3, 30), end=D(2026, 4, 2), year=2026, quarter=1)
        violations += rules.check_visit_fields(
            form="x",
            form_choices=["situation"],
            activity_relation="before",
            activity_name="",
            activity_date=D(2026, 1, 1),
            start=D(2026, 1, 5),
            end=D(2026, 1, 6),
        )
        violations += rules.check_policy_values(
            {"cap_days_other": 40, "days_per_month": 0, "monthly_report_due_day": 30}
        )
        violations += rules.check_position(None, required=True)
        violations += rules.check_position(rules.Position(100, 0, -1))
        codes = {v.code for v in violations}
        assert {"in_future", "public_holiday", "over_cap", "month_reported", "outside_area", "overlap"} <= codes
        assert {"end_before_start", "before_policy", "outside_quarter", "invalid_form", "invalid_cap"} <= codes
        by_code = {v.code: v.message for v in violations}
        # the Labour Day holiday in the holidays package's English; the no-visit day's label is the
        # organisation's own data (here as typed), so only the rule around it is checked
        assert "International Labor Day" in by_code["public_holiday"] or "Labour" in by_code["public_holiday"]
        assert "at most 3 days a month (mountainous district)" in by_code["over_cap"]
        assert 'is "Confirmed by the grassroots": visits of that month' in by_code["month_reported"]
        for v in violations:
            if v.code != "blackout_day":
                _english(v.message)
    with translation.override("vi"):  # Vietnamese stays the default
        again = rules.check_dates(start=D(2026, 5, 1), end=D(2026, 5, 2), today=D(2026, 5, 1))
        assert again[0].message.startswith("Chuyến đi kết thúc ngày 02/05/2026, sau hôm nay")


def test_progress_items_states_summary_and_ranking_in_english():
    policy = _policy()
    on = D(2026, 12, 2)
    with translation.override("en"):
        items = [
            rules.yearly_days_item(days=10, policy=policy, year=2026, on=on),
            rules.branch_meetings_item(count=0, policy=policy, year=2026, quarter=4, on=on),
            rules.cluster_base_units_item(unit_names=[], policy=policy, year=2026, quarter=4, on=on),
            rules.follow_up_item(due={"Đoàn xã Trà Sơn": [1, 2]}, visited=set(), year=2026, on=on),
            rules.quarter_plan_item(submitted_on=None, policy=policy, year=2026, quarter=4, on=on),
            rules.quarter_plan_item(submitted_on=D(2026, 10, 9), policy=policy, year=2026, quarter=4, on=on),
            rules.monthly_report_item(submitted_on=None, due_date=D(2026, 11, 30), year=2026, month=11, on=on),
            rules.monthly_report_item(
                submitted_on=D(2026, 12, 1), due_date=D(2026, 11, 30), year=2026, month=11, on=on
            ),
            rules.late_trip_reports_item(late=[], within_days=10),
        ]
        for item in items:
            _english(f"{item.label} {item.detail} {item.status_label}")
        assert {i.status_label for i in items} >= {"Not yet due", "Not met", "Late"}
        for model in ("MonthlyReport", "QuarterPlan"):
            for _value, label in apps.get_model("visits", model).State.choices:
                _english(str(label))
        summary = coverage.YearSummary(
            owner=None, year=2026, cadres_total=3, cadres_went=2, total_days=247, ad_hoc_days=0, days_by_cadre=[]
        )
        assert _english(summary.text) == "67% of cadres went to the grassroots; over 240 grassroots days"
        rule = RankingRule(points_per_day=Decimal(2))
        facts = ranking.ReportFacts(days=3, base_units=1, branch_meetings=1, good_practices=1, late=True)
        _total, lines = ranking.score(facts, rule)
        assert lines[0].text == "3 grassroots days × 2 points = 6"
        for line in lines:
            _english(line.text)
    with translation.override("vi"):
        assert summary.text == "67% cán bộ đã đi cơ sở; hơn 240 ngày cơ sở"
        assert ranking.score(facts, rule)[1][0].text == "3 ngày cơ sở × 2 điểm = 6"


@pytest.mark.parametrize("text", ["Chưa đạt", "ngày", "Đi cơ sở"])
def test_the_check_itself_sees_vietnamese(text):
    with pytest.raises(AssertionError):
        _english(text)
    assert re.search(VIETNAMESE, "naïve Zürich façade") is None  # letters Vietnamese does not use
