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
    cadre = User.objects.get(username="canbo.tayninh")
    plan = PlacementPlan.objects.get(number="51-KH/TĐTN-TCKT")
    assert (plan.owner.code, plan.min_months, plan.yearly_cap, plan.age_limit) == ("vn-72", 12, 2, 30)

    # Eligibility on 01/03/2018, every reason as expected.
    rows = {p.full_name: r for p, r in selectors.eligibility_list(actor=tckt, plan=plan, start_date=D(2018, 3, 1))}
    for name, codes in EXPECTED_FAILURES.items():
        assert [r.code for r in rows[name].failures] == codes, name
    assert rows["Nguyễn Thành Đạt"].group == 1 and rows["Trần Thị Mỹ Duyên"].group == 2
    # The placed cadre (a movement cadre) sees the women's conditions only as one generic reason.
    seen = {p.full_name: r for p, r in selectors.eligibility_list(actor=cadre, plan=plan, start_date=D(2018, 3, 1))}
    assert [r.code for r in seen["Dương Thị Yến"].failures] == ["personal_condition"]

    # The 2018 list is decided: two placements in Tân Biên and Tân Châu.
    ylist = plan.yearly_lists.get(year=2018)
    assert ylist.state == "decided"
    placements = {p.person.full_name: p for p in plan.placements.select_related("person", "host")}
    assert {n: p.host.code for n, p in placements.items()} == {
        "Nguyễn Thành Đạt": "vn-72-705",
        "Trần Thị Mỹ Duyên": "vn-72-706",
    }
    text = docx_text(render_docx(papers.decision_paper(ylist)))
    assert "112-QĐ/TĐTN" in text and "Nguyễn Thành Đạt" in text and "Huyện đoàn Tân Biên" in text

    # TCKT builds the 2019 list: two eligible cadres, a third meets the cap.
    y2019 = services.create_yearly_list(actor=tckt, plan=plan, year=2019)
    tan_chau, tan_bien = Unit.objects.get(code="vn-72-706"), Unit.objects.get(code="vn-72-705")
    for name in ("Phạm Quốc Huy", "Võ Thị Thu Trang"):
        services.add_candidate(
            actor=tckt,
            yearly_list=y2019,
            person=Person.objects.get(full_name_search(name)),
            group=2,
            host=tan_chau,
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

    # Tân Biên evaluates Đạt (the 6-month evaluation awaited), then the final round.
    dat = placements["Nguyễn Thành Đạt"]
    late = selectors.due_items(on=D(2018, 9, 5), actor=host)
    assert [(i.kind, i.placement.pk, i.overdue) for i in late] == [("evaluation", dat.pk, True)]
    level = ClassificationLevel.objects.get(scheme__code="can-bo", code="HTTNV")
    for seq in (1, 2):
        ev = dat.evaluations.get(sequence=seq)
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
    # The cadre files the final report.
    final = dat.reports.get(kind="final")
    final = services.save_report(
        actor=cadre,
        report=final,
        version=final.version,
        contributions="Xây dựng 3 mô hình thanh niên làm kinh tế",
        problems="Thiếu kinh phí",
        proposals="Nhân rộng mô hình",
    )
    services.accept_report(actor=tckt, report=services.submit_report(actor=cadre, report=final))
    # The checklist: finishing is refused until it is complete.
    with pytest.raises(DomainError) as refused:
        services.finish_placement(actor=tckt, placement=dat, actual_end=D(2019, 3, 1))
    assert [c for c, _m in refused.value.violations] == ["checklist_moved_back", "checklist_expenses_settled"]
    for item in ("moved_back", "expenses_settled"):
        services.mark_checklist_item(actor=tckt, placement=dat, item=item, done_on=D(2019, 3, 5))
    services.finish_placement(actor=tckt, placement=dat, actual_end=D(2019, 3, 1))

    report = selectors.compiled_report(plan=plan, year=2018)
    by_name = {row["person"]: row for row in report["placements"]}
    assert by_name["Nguyễn Thành Đạt"]["state"] == "Đã kết thúc"
    assert by_name["Trần Thị Mỹ Duyên"]["state"] == "Đang ở cơ sở"
    assert [e["state"] for e in by_name["Trần Thị Mỹ Duyên"]["evaluations"]] == ["Đã tiếp nhận", "Dự thảo"]
    assert "Thiếu kinh phí" in report["problems"]


def full_name_search(name):
    from django.db.models import Q

    family, *middle, given = name.split()
    return Q(family_name=family, middle_name=" ".join(middle), given_name=given, unit__code="vn-72")
