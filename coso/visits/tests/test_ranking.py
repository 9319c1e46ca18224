"""The monthly ranking: only confirmed or reviewed reports, every point explained."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coso.visits import services
from coso.visits.models import RankingRule, VisitForm
from coso.visits.ranking import ReportFacts, monthly_ranking, score

from .conftest import D, at

RULE = RankingRule()


def test_score_lines_read_as_sums():
    total, lines = score(
        ReportFacts(
            days=3, base_units=2, branch_meetings=1, good_practices=1, late=True, confirmed_without_return=False
        ),
        RULE,
    )
    assert [line.text for line in lines] == [
        "3 ngày cơ sở × 2 điểm = 6",
        "2 Đoàn cơ sở đến làm việc × 1 điểm = 2",
        "1 lần dự sinh hoạt chi đoàn × 3 điểm = 3",
        "1 mô hình, cách làm hay × 5 điểm = 5",
        "1 báo cáo nộp trễ hạn × -5 điểm = -5",
    ]
    assert total == Decimal(11)


@given(
    st.builds(
        ReportFacts,
        st.integers(0, 31),
        st.integers(0, 20),
        st.integers(0, 10),
        st.integers(0, 5),
        st.booleans(),
        st.booleans(),
    ),
    st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=6, max_size=6),
)
def test_lines_always_sum_to_the_total(facts, points):
    rule = RankingRule(
        points_per_day=points[0],
        points_per_base_unit=points[1],
        points_per_branch_meeting=points[2],
        points_per_good_practice=points[3],
        penalty_late_report=points[4],
        bonus_confirmed_without_return=points[5],
    )
    total, lines = score(facts, rule)
    assert total == sum(line.amount for line in lines)
    for line in lines:
        assert line.amount == line.points * line.quantity
        assert line.text.endswith(f"= {line.text.split('= ')[-1]}")


def test_only_confirmed_or_reviewed_reports_are_ranked(qn, go, django_assert_max_num_queries):
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    go(qn.branch_trason, D(2013, 3, 12), form=VisitForm.BRANCH_MEETING)
    services.assign(actor=qn.manager, decision=qn.decision, cadre=qn.tckt_cadre, units=[qn.bactramy])
    go(qn.tragiang, D(2013, 3, 13), cadre=qn.tckt_cadre, actor=qn.users["tckt_officer"])
    quy = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    binh = services.draft_monthly_report(actor=qn.users["tckt_officer"], cadre=qn.tckt_cadre, year=2013, month=3)
    assert monthly_ranking(qn.province, 2013, 3) == []
    services.submit_report(actor=qn.cadre_user, report=quy, now=at(2013, 3, 29))
    services.submit_report(actor=qn.users["tckt_officer"], report=binh, now=at(2013, 4, 2))
    assert monthly_ranking(qn.province, 2013, 3) == []  # submitted is not enough
    services.host_confirm(actor=qn.users["district_standing"], report=binh, district=qn.bactramy)
    [row] = monthly_ranking(qn.province, 2013, 3)
    assert (row.cadre, row.explanation, row.total) == (
        qn.tckt_cadre,
        [
            "1 ngày cơ sở × 2 điểm = 2",
            "1 Đoàn cơ sở đến làm việc × 1 điểm = 1",
            "1 báo cáo nộp trễ hạn × -5 điểm = -5",
            "1 báo cáo được cơ sở xác nhận, không bị trả lại × 2 điểm = 2",
        ],
        Decimal(0),
    )
    services.host_confirm(actor=qn.users["district_standing_tamky"], report=quy, district=qn.tamky)
    services.host_confirm(actor=qn.users["district_standing"], report=quy, district=qn.bactramy)
    services.save_ranking_rule(actor=qn.manager, owner=qn.province, year=2013, points_per_day=Decimal("1.5"))
    with django_assert_max_num_queries(6):
        rows = monthly_ranking(qn.province, 2013, 3)
    assert [(r.position, r.cadre.given_name, r.total) for r in rows] == [
        (1, "Quy", Decimal("11.5")),
        (2, "Bình", Decimal("-0.5")),
    ]
    assert rows[0].explanation[0] == "3 ngày cơ sở × 1,5 điểm = 4,5"
    assert all(r.total == sum(line.amount for line in r.lines) for r in rows)
    assert monthly_ranking(qn.tamky, 2013, 3) == []  # the cadres belong to the province


def test_equal_totals_share_a_position(qn, go):
    services.assign(actor=qn.manager, decision=qn.decision, cadre=qn.tckt_cadre, units=[qn.tamky])
    for cadre, actor in ((qn.movement_cadre, qn.cadre_user), (qn.tckt_cadre, qn.users["tckt_officer"])):
        report = services.draft_monthly_report(actor=actor, cadre=cadre, year=2013, month=5)
        services.submit_report(actor=actor, report=report, now=at(2013, 5, 31))
    rows = monthly_ranking(qn.province, 2013, 5)
    assert [(r.position, r.cadre.given_name) for r in rows] == [(1, "Bình"), (1, "Quy")]
