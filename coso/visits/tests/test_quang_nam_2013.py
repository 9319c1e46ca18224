"""End to end through the services: plan 14 KH/TĐTN of the Quảng Nam provincial union, March 2013."""

import io
from decimal import Decimal

import pytest
from docx import Document

from coso.core.errors import DomainError
from coso.documents.paper import render_docx
from coso.visits import coverage, papers, selectors, services
from coso.visits.defaults import QUANG_NAM_2013
from coso.visits.models import ActivityRelation, Assignment, BlackoutDay, MonthlyReport, QuarterPlan, VisitForm
from coso.visits.ranking import monthly_ranking

from .conftest import D, at


def test_march_2013_from_the_decision_to_the_ranking(tree):
    standing = tree.users["provincial_standing"]  # Trần Thị Hồng, secretary, leader of Cụm 1
    quy = tree.movement_cadre
    quy_user = tree.users["movement_cadre"]

    # The Standing Committee's numbers for 2013, and the agency's party cell meeting.
    policy = services.save_visit_policy(actor=standing, owner=tree.province, year=2013, **QUANG_NAM_2013)
    assert (policy.cap_days_mountainous, policy.cap_days_other, policy.applies_from) == (3, 2, D(2013, 3, 1))
    services.add_blackout_day(
        actor=standing, owner=tree.province, date=D(2013, 3, 5), reason=BlackoutDay.Reason.PARTY_CELL
    )

    # Decision assigning Nguyễn Văn Quy to follow Tam Kỳ and Bắc Trà My.
    decision = services.record_decision(
        actor=standing,
        owner=tree.province,
        number="15-QĐ/TĐTN",
        decided_on=D(2013, 2, 28),
        signer=tree.secretary,
        note="Phân công cán bộ theo dõi, phụ trách các Huyện, Thành đoàn năm 2013",
    )
    services.assign(
        actor=standing, decision=decision, cadre=quy, units=[tree.tamky, tree.bactramy], valid_from=D(2013, 3, 1)
    )
    services.assign(
        actor=standing,
        decision=decision,
        cadre=tree.secretary,
        role=Assignment.Role.CLUSTER_LEADER,
        cluster=tree.cluster,
        valid_from=D(2013, 3, 1),
    )

    # The quarter plan, registered on the day the plan applies.
    plan = services.create_plan(actor=quy_user, cadre=quy, year=2013, quarter=1)
    services.add_planned_visit(
        actor=quy_user,
        plan=plan,
        unit=tree.anmy,
        start_date=D(2013, 3, 7),
        end_date=D(2013, 3, 8),
        form=VisitForm.SURVEY,
        content="Khảo sát sinh hoạt chuyên đề của Đoàn, Hội, Đội",
        activity_relation=ActivityRelation.BEFORE,
        activity_name="Ra quân Tháng Thanh niên",
        activity_date=D(2013, 3, 10),
    )
    services.add_planned_visit(
        actor=quy_user,
        plan=plan,
        unit=tree.branch_trason,
        start_date=D(2013, 3, 12),
        end_date=D(2013, 3, 12),
        form=VisitForm.BRANCH_MEETING,
        content="Dự sinh hoạt chi đoàn thôn 1",
    )
    plan = services.submit_plan(actor=quy_user, plan=plan, now=at(2013, 3, 1))
    plan = services.approve_plan(actor=standing, plan=plan, comment="Đồng ý", now=at(2013, 3, 1, 15))
    assert plan.state == QuarterPlan.State.APPROVED

    # Visits: two days in Tam Kỳ, then a third is refused with the facts.
    planned = list(plan.planned_visits.order_by("start_date"))

    def go(unit, start, end=None, form=VisitForm.SITUATION, **fields):
        return services.record_visit(
            actor=quy_user, cadre=quy, unit=unit, start_date=start, end_date=end or start, form=form, **fields
        )

    go(
        tree.anmy,
        D(2013, 3, 7),
        D(2013, 3, 8),
        form=VisitForm.SURVEY,
        planned_visit=planned[0],
        content="Khảo sát sinh hoạt chuyên đề",
        findings="Chi đoàn khối phố 2 sinh hoạt đều",
        problems="Thiếu kinh phí",
        proposals="Hỗ trợ tài liệu sinh hoạt chuyên đề",
    )
    with pytest.raises(DomainError) as refused:
        go(tree.tamky, D(2013, 3, 15), form=VisitForm.UNION_MEETING)
    assert refused.value.message == (
        "Vượt giới hạn: đồng chí Nguyễn Văn Quy đã có 2 ngày ở Thành đoàn Tam Kỳ trong tháng 3/2013; "
        "tối đa 2 ngày/tháng (đơn vị không thuộc miền núi). Chuyến đi này thêm 1 ngày."
    )
    with pytest.raises(DomainError) as refused:
        go(tree.trason, D(2013, 3, 5))
    assert refused.value.message == "Ngày 05/03/2013 là ngày họp chi bộ (ngày không đi cơ sở)."

    # Three days in mountainous Bắc Trà My: allowed; a fourth is not.
    go(tree.branch_trason, D(2013, 3, 12), form=VisitForm.BRANCH_MEETING, planned_visit=planned[1])
    go(tree.tragiang, D(2013, 3, 13), D(2013, 3, 14), form=VisitForm.THEMATIC_INSPECTION)
    with pytest.raises(DomainError) as refused:
        go(tree.trason, D(2013, 3, 20))
    assert (
        "đã có 3 ngày ở Huyện đoàn Bắc Trà My trong tháng 3/2013; tối đa 3 ngày/tháng (huyện miền núi)"
        in refused.value.message
    )
    visit = quy.visits.get(unit=tree.branch_trason)
    services.record_good_practice(
        actor=quy_user, cadre=quy, unit=tree.trason, visit=visit, title="Sinh hoạt chi đoàn gắn với lao động công ích"
    )

    # The month's report: drafted from the visits, sent, confirmed by both hosts, reviewed.
    report = services.draft_monthly_report(actor=quy_user, cadre=quy, year=2013, month=3)
    assert (report.total_days, report.lines.count(), report.due_date) == (5, 3, D(2013, 3, 31))
    report = services.submit_report(actor=quy_user, report=report, now=at(2013, 3, 29))
    report = services.host_confirm(
        actor=tree.users["district_standing_tamky"],
        report=report,
        district=tree.tamky,
        comment="Đồng chí Quy đã giúp cơ sở chuẩn bị Tháng Thanh niên",
        now=at(2013, 3, 30),
    )
    assert report.state == MonthlyReport.State.SUBMITTED
    report = services.host_confirm(
        actor=tree.users["district_standing"],
        report=report,
        district=tree.bactramy,
        comment="Xác nhận 3 ngày tại cơ sở",
        now=at(2013, 3, 30, 10),
    )
    assert report.state == MonthlyReport.State.HOST_CONFIRMED
    report = services.review_report(actor=standing, report=report, comment="Hoàn thành tốt", now=at(2013, 3, 31))
    assert report.state == MonthlyReport.State.REVIEWED
    assert [(t.to_state, t.by.username) for t in report.transitions.select_related("by")] == [
        ("submitted", "canbo"),
        ("host_confirmed", "huyendoan.btm"),
        ("reviewed", "tinhdoan"),
    ]

    # The month's ranking, explained line by line.
    [row] = monthly_ranking(tree.province, 2013, 3)
    assert row.cadre == quy and row.position == 1
    assert row.explanation == [
        "5 ngày cơ sở × 2 điểm = 10",
        "3 Đoàn cơ sở đến làm việc × 1 điểm = 3",
        "1 lần dự sinh hoạt chi đoàn × 3 điểm = 3",
        "1 mô hình, cách làm hay × 5 điểm = 5",
        "1 báo cáo được cơ sở xác nhận, không bị trả lại × 2 điểm = 2",
    ]
    assert row.total == Decimal(23) == sum(line.amount for line in row.lines)

    # The dashboards at the end of March.
    progress = selectors.progress(quy, 2013, on=D(2013, 3, 31))
    # No yearly minimum in this plan; February's report is not due (the plan applies from March).
    assert {i.code: i.status for i in progress.items} == {
        "branch_meetings": "ok",
        "monthly_follow_up": "ok",
        "quarter_plan": "ok",
    }
    assert progress.ok
    tamky, btm = coverage.coverage(tree.province, 2013)
    assert (tamky.label, btm.label, tamky.total_days, btm.total_days) == ("1/1", "2/2", 2, 3)

    # The month's papers, generated and opened as Word would open them.
    assignment = Assignment.objects.get(decision=decision, cadre=quy, unit=tree.bactramy)
    texts = {
        name: _opened(paper)
        for name, paper in {
            "decision": papers.decision_paper(decision),
            "letter": papers.letter_paper(assignment),
            "plan": papers.plan_paper(plan),
            "report": papers.report_paper(report),
            "cluster": papers.cluster_paper(tree.cluster, 2013, 3),
        }.items()
    }
    assert "15-QĐ/TĐTN" in texts["decision"] and "Nguyễn Văn Quy" in texts["decision"]
    assert "Bắc Trà My" in texts["letter"] and "Nguyễn Văn Quy" in texts["letter"]
    assert "Nguyễn Văn Quy" in texts["plan"] and "Chi đoàn thôn 1" in texts["plan"] and "An Mỹ" in texts["plan"]
    assert "Kết quả đi cơ sở tháng 03 năm 2013" in texts["report"] and "Nguyễn Văn Quy" in texts["report"]
    assert "Nguyễn Văn Quy" in texts["cluster"]


def _opened(paper):
    document = Document(io.BytesIO(render_docx(paper)))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)
