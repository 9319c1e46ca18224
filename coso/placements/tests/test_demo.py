"""The Tây Ninh 2018 plan end to end on the demo data (coso/placements/demo.py)."""

import datetime

import pytest

from coso.accounts.models import User
from coso.core.errors import DomainError, OutOfScope
from coso.documents.paper import render_docx
from coso.org.models import ClassificationLevel, Unit
from coso.people.models import Person, PostTitle
from coso.placements import papers, selectors, services
from coso.placements.models import PlacementPlan

from .test_end_to_end import docx_text

D = datetime.date
pytestmark = pytest.mark.django_db

EXPECTED_FAILURES = {
    "Nguyễn Thành Đạt": [],
    "Trần Thị Mỹ Duyên": [],
    "Phạm Quốc Huy": [],
    "Võ Thị Thu Trang": [],
    "Lê Văn Tùng": ["too_old"],
    "Hồ Minh Khoa": ["party_none"],
    "Đỗ Thị Hoa": ["not_planned"],
    "Bùi Văn Lâm": ["disciplined"],
    "Ngô Thị Lan": ["pregnant"],
    "Dương Thị Yến": ["young_child"],
    "Huỳnh Văn Phát": ["evaluation_low"],
}


def test_tay_ninh_2018_on_the_demo(demo, db):
    tckt = User.objects.get(username="tckt.tayninh")
    standing = User.objects.get(username="tayninh")
    host = User.objects.get(username="huyendoan.tanbien")
    mover = User.objects.get(username="canbo.tayninh")
    plan = PlacementPlan.objects.get(number="51-KH/TĐTN-TCKT")
    assert (plan.owner.code, plan.min_months, plan.yearly_cap, plan.age_limit) == ("vn-72", 12, 2, 30)

    # Eligibility on 01/03/2018, every reason as expected.
    rows = {p.full_name: r for p, r in selectors.eligibility_list(actor=tckt, plan=plan, start_date=D(2018, 3, 1))}
    for name, codes in EXPECTED_FAILURES.items():
        assert [r.code for r in rows[name].failures] == codes, name
    assert rows["Nguyễn Thành Đạt"].group == 1 and rows["Trần Thị Mỹ Duyên"].group == 2
    # A movement cadre sees the women's conditions only as one generic reason.
    seen = {p.full_name: r for p, r in selectors.eligibility_list(actor=mover, plan=plan, start_date=D(2018, 3, 1))}
    assert [r.code for r in seen["Dương Thị Yến"].failures] == ["personal_condition"]

    # The 2018 list was decided and both placements ended properly on 01/03/2019.
    ylist = plan.yearly_lists.get(year=2018)
    assert ylist.state == "decided"
    placements = {p.person.full_name: p for p in plan.placements.filter(year=2018).select_related("person", "host")}
    assert {n: (p.host.code, p.state, p.actual_end) for n, p in placements.items()} == {
        "Nguyễn Thành Đạt": ("vn-72-705", "finished", D(2019, 3, 1)),
        "Trần Thị Mỹ Duyên": ("vn-72-706", "finished", D(2019, 3, 1)),
    }
    for p in placements.values():
        assert [(r.kind, r.state) for r in p.reports.all()] == [("six_month", "accepted"), ("final", "accepted")]
        assert [(e.kind, e.state) for e in p.evaluations.all()] == [("six_month", "accepted"), ("final", "accepted")]
        assert all(c.done for c in p.checklist.all()) and p.checklist.get(item="moved_back").done_on
    text = docx_text(render_docx(papers.decision_paper(ylist)))
    assert "112-QĐ/TĐTN" in text and "Nguyễn Thành Đạt" in text and "Huyện đoàn Tân Biên" in text
    assert not selectors.due_items(on=D(2019, 2, 27), actor=tckt)  # nothing of 2018 is left open

    # TCKT builds the 2019 list: two eligible cadres, a third meets the cap.
    y2019 = services.create_yearly_list(actor=tckt, plan=plan, year=2019)
    tan_chau, tan_bien = Unit.objects.get(code="vn-72-706"), Unit.objects.get(code="vn-72-705")
    for name, unit in (("Phạm Quốc Huy", tan_bien), ("Võ Thị Thu Trang", tan_chau)):
        services.add_candidate(
            actor=tckt,
            yearly_list=y2019,
            person=Person.objects.get(full_name_search(name)),
            group=2,
            host=unit,
            host_title=PostTitle.EXECUTIVE_MEMBER,
            start_date=D(2019, 2, 11),
        )
    hoa = Person.objects.get(full_name_search("Đỗ Thị Hoa"))
    services.record_exception(actor=tckt, plan=plan, person=hoa, reason="Cán bộ trẻ, có triển vọng")
    with pytest.raises(DomainError) as refused:
        services.add_candidate(
            actor=tckt,
            yearly_list=y2019,
            person=hoa,
            group=2,
            host=tan_bien,
            host_title=PostTitle.EXECUTIVE_MEMBER,
            start_date=D(2019, 2, 11),
        )
    assert refused.value.message == "Năm 2019 đã có 2 cán bộ được cử; tối đa 2 cán bộ/năm."
    services.propose(actor=tckt, yearly_list=y2019)
    with pytest.raises(OutOfScope):  # TCKT proposes; only the Standing Committee decides
        services.decide(actor=tckt, yearly_list=y2019, decision_number="1", decision_date=D(2019, 2, 1), signer="X")
    services.decide(
        actor=standing, yearly_list=y2019, decision_number="09-QĐ/TĐTN", decision_date=D(2019, 2, 1), signer="A|BÍ THƯ"
    )
    assert plan.placements.filter(year=2019).count() == 2

    # Tân Biên evaluates Huy (late for the 6-month round), then the final round.
    huy = plan.placements.get(year=2019, person__given_name="Huy")
    cadre = User.objects.create(username="huy.tayninh", person=huy.person)
    late = selectors.due_items(on=D(2019, 8, 20), actor=host)
    assert [(i.kind, i.placement.pk, i.overdue) for i in late] == [
        ("evaluation", huy.pk, True),
        ("report", huy.pk, True),
    ]
    level = ClassificationLevel.objects.get(scheme__code="can-bo", code="HTTNV")
    for seq in (1, 2):
        ev = huy.evaluations.get(sequence=seq)
        ev = services.save_evaluation(
            actor=host,
            evaluation=ev,
            version=ev.version,
            strengths="Sâu sát",
            weaknesses="",
            comment="Tốt",
            level=level,
        )
        services.accept_evaluation(actor=tckt, evaluation=services.submit_evaluation(actor=host, evaluation=ev))
    # The cadre files both reports.
    for report in huy.reports.all():
        report = services.save_report(
            actor=cadre,
            report=report,
            version=report.version,
            contributions="Xây dựng 3 mô hình thanh niên làm kinh tế",
            problems="Thiếu kinh phí",
            proposals="Nhân rộng mô hình",
        )
        services.accept_report(actor=tckt, report=services.submit_report(actor=cadre, report=report))
    # The checklist: finishing is refused until it is complete.
    for item in ("party_moved", "union_moved", "dues_paid"):
        services.mark_checklist_item(actor=tckt, placement=huy, item=item, done_on=D(2019, 2, 15))
    with pytest.raises(DomainError) as refused:
        services.finish_placement(actor=tckt, placement=huy, actual_end=D(2020, 2, 11))
    assert [c for c, _m in refused.value.violations] == ["checklist_moved_back", "checklist_expenses_settled"]
    for item in ("moved_back", "expenses_settled"):
        services.mark_checklist_item(actor=tckt, placement=huy, item=item, done_on=D(2020, 2, 14))
    services.finish_placement(actor=tckt, placement=huy, actual_end=D(2020, 2, 11))

    report = selectors.compiled_report(plan=plan, year=2019)
    by_name = {row["person"]: row for row in report["placements"]}
    assert by_name["Phạm Quốc Huy"]["state"] == "Đã kết thúc"
    assert by_name["Võ Thị Thu Trang"]["state"] == "Đang ở cơ sở"
    assert [e["state"] for e in by_name["Võ Thị Thu Trang"]["evaluations"]] == ["Dự thảo", "Dự thảo"]
    assert "Thiếu kinh phí" in report["problems"]


def full_name_search(name):
    from django.db.models import Q

    family, *middle, given = name.split()
    return Q(family_name=family, middle_name=" ".join(middle), given_name=given, unit__code="vn-72")


def test_the_current_plan_on_the_demo_today(demo, db, client):
    """Tây Ninh 2023–2027: this year's placements started in the first quarter and are in their
    6-month round; each demo login finds its current work on its home page."""
    from django.utils import timezone

    from coso.core import attention
    from coso.placements.demo import current_year

    today = timezone.localdate()
    year = current_year(today)
    old, plan = PlacementPlan.objects.get(number="51-KH/TĐTN-TCKT"), PlacementPlan.objects.get(number="18-KH/TĐTN-TCKT")
    assert (plan.start_year, plan.end_year) == (2023, 2027) and plan.start_year <= year <= plan.end_year
    rules = ("min_months", "start_window_months", "yearly_cap", "age_limit", "child_months_limit", "reminder_days")
    assert [getattr(plan, r) for r in rules] == [getattr(old, r) for r in rules]
    assert [(g.group, g.host_titles, g.planned_titles) for g in plan.group_rules.all()] == [
        (g.group, g.host_titles, g.planned_titles) for g in old.group_rules.all()
    ]
    assert plan.yearly_lists.get(year=year).state == "decided"
    placements = {p.host.code: p for p in plan.placements.select_related("person", "host")}
    assert set(placements) == {"vn-72-705", "vn-72-706"}
    for p in placements.values():
        assert p.state == "active" and p.start_date.year == year and p.start_date.month in (1, 2, 3)
        assert p.start_date <= today < p.planned_end
    tan_bien, tan_chau = placements["vn-72-705"], placements["vn-72-706"]
    assert User.objects.get(username="canbo.tayninh").person_id == tan_bien.person_id
    assert (tan_bien.reports.get(sequence=1).state, tan_bien.evaluations.get(sequence=1).state) == ("accepted", "draft")
    assert (tan_chau.reports.get(sequence=1).state, tan_chau.evaluations.get(sequence=1).state) == (
        "submitted",
        "accepted",
    )
    # Nothing from 2018 shows as late any more; the old plan has nothing active.
    assert not old.placements.filter(state="active").exists()

    def home(username):
        user = User.objects.get(username=username)
        items = attention.items_for(user)
        titles = [i.title for i in items]
        client.force_login(user)
        page = client.get("/").content.decode()
        client.logout()
        assert all(title in page for title in titles)
        return [i.title for i in items if i.url.startswith("/placements/")]

    name = tan_bien.person.full_name
    host = home("huyendoan.tanbien")
    assert len(host) == 1 and host[0].startswith(
        f"Đào tạo thực tế: Nhận xét của nơi đến định kỳ 6 tháng lần 1 – {name}"
    )
    cadre = home("canbo.tayninh")
    assert cadre == [f"Đào tạo thực tế: Báo cáo kết thúc lần 2 – {name} – hạn {tan_bien.planned_end:%d/%m/%Y}"]
    assert home("tckt.tayninh") == ["1 báo cáo, nhận xét đào tạo thực tế chờ tiếp nhận"]
    assert home("tayninh") == ["1 báo cáo, nhận xét đào tạo thực tế chờ tiếp nhận"]


def test_the_compiled_paper_says_each_problem_and_proposal_once(demo, db):
    """Issue 14 point 4: sections II and III of the compiled report without repeated lines: the
    demo's two Tây Ninh cadres reported the same problem and proposal; each is written once,
    naming both."""
    plan = PlacementPlan.objects.get(number="51-KH/TĐTN-TCKT")
    paper = papers.compiled_paper(plan, selectors.compiled_report(plan=plan))
    import io

    from docx import Document

    lines = [p.text.strip() for p in Document(io.BytesIO(render_docx(paper))).paragraphs if p.text.strip()]
    assert len(lines) == len(set(lines)), [line for line in lines if lines.count(line) > 1]
    for phrase in ("Thanh niên đi làm ăn xa nhiều", "Hỗ trợ kinh phí tổ chức sinh hoạt chi đoàn"):
        found = [line for line in lines if phrase in line]
        assert len(found) == 1, found
        assert "Nguyễn Thành Đạt" in found[0] and "Trần Thị Mỹ Duyên" in found[0]
