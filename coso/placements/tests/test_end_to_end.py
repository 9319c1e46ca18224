"""The Tây Ninh 2018 plan (51-KH/TĐTN-TCKT) end to end, on data built here."""

import datetime
import io

from docx import Document

from coso.accounts.models import User
from coso.documents.paper import render_docx
from coso.people.models import Child, DisciplineRecord, Person, PostTitle, Pregnancy
from coso.placements import papers, selectors, services
from coso.placements.models import Placement
from coso.placements.reminders import send_reminders

from .conftest import level, make_cadre

D = datetime.date
START = D(2019, 2, 18)


def docx_text(data):
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_tay_ninh_2018_plan_end_to_end(tree, mail_settings):
    from django.core import mail

    tckt, standing = tree.users["tckt_officer"], tree.users["provincial_standing"]
    host_btm, host_tk = tree.users["district_standing"], tree.users["district_standing_tamky"]
    tckt.email = "tckt@example.vn"
    tckt.save()
    host_btm.email = "btm@example.vn"
    host_btm.save()

    plan = services.create_plan(
        actor=tckt,
        owner=tree.province,
        name="Kế hoạch 51-KH/TĐTN-TCKT",
        number="51-KH/TĐTN-TCKT",
        issued_on=D(2018, 5, 14),
        start_year=2018,
        end_year=2022,
    )
    assert (plan.min_months, plan.start_window_months, plan.yearly_cap, plan.age_limit, plan.child_months_limit) == (
        12,
        [1, 2, 3],
        2,
        30,
        24,
    )
    assert [(g.group, g.host_titles, g.needs_party_agreement) for g in plan.group_rules.all()] == [
        (1, ["deputy_secretary"], True),
        (2, ["standing_member", "executive_member"], False),
    ]

    # Six young cadres with varied facts.
    an = make_cadre(tree, "Nguyễn Văn An", group=1, birth=(1990, 3, 1))  # eligible, group 1
    binh = make_cadre(tree, "Trần Thị Bình", sex="F", group=2, birth=(1993, 8, 8))  # eligible, group 2
    chi = make_cadre(tree, "Lê Thị Chi", sex="F", group=2, birth=(1991, 1, 1))
    Child.objects.create(person=chi, birth_date=D(2017, 6, 1))  # child 20 months old
    dung = make_cadre(tree, "Phạm Văn Dũng", group=2, birth=(1988, 2, 17))  # turns 31 the day before
    em = make_cadre(tree, "Võ Văn Em", group=2, party=Person.PartyStatus.NONE)
    phuong = make_cadre(tree, "Đặng Thị Phương", sex="F", group=2, planned=False)  # outside the planning
    Pregnancy.objects.create(person=phuong, start_date=D(2017, 1, 1), end_date=D(2017, 9, 30))  # long over
    DisciplineRecord.objects.create(person=em, status="cleared", start_date=D(2017, 1, 1))

    rows = dict(selectors.eligibility_list(actor=tckt, plan=plan, start_date=START))
    assert rows[an].eligible and rows[an].group == 1
    assert rows[binh].eligible and rows[binh].group == 2
    assert [r.code for r in rows[chi].failures] == ["young_child"]
    assert [r.code for r in rows[dung].failures] == ["too_old"]
    assert [r.code for r in rows[em].failures] == ["party_none"]
    assert [r.code for r in rows[phuong].failures] == ["not_planned"]
    # A movement cadre browsing the list sees no detail about Chi's child.
    seen = dict(selectors.eligibility_list(actor=tree.users["movement_cadre"], plan=plan, start_date=START))
    assert [r.code for r in seen[chi].failures] == ["personal_condition"]

    # TCKT proposes the 2019 list: An (group 1, Bắc Trà My) and Bình (group 2, Tam Kỳ).
    ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2019)
    c_an = services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=an,
        group=1,
        host=tree.bactramy,
        host_title=PostTitle.DEPUTY_SECRETARY,
        start_date=START,
    )
    services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=binh,
        group=2,
        host=tree.tamky,
        host_title=PostTitle.STANDING_MEMBER,
        start_date=START,
    )
    services.record_exception(actor=tckt, plan=plan, person=phuong, reason="Cán bộ trẻ có triển vọng")
    try:
        services.add_candidate(
            actor=tckt,
            yearly_list=ylist,
            person=phuong,
            group=2,
            host=tree.tamky,
            host_title=PostTitle.EXECUTIVE_MEMBER,
            start_date=START,
        )
        raise AssertionError("the cap should refuse a third cadre")
    except services.DomainError as err:
        assert err.message == "Năm 2019 đã có 2 cán bộ được cử; tối đa 2 cán bộ/năm."
    services.propose(actor=tckt, yearly_list=ylist)
    services.record_party_agreement(actor=tckt, candidate=c_an, agreed_on=D(2019, 2, 1), document="112-CV/HU")
    ylist = services.decide(
        actor=standing,
        yearly_list=ylist,
        decision_number="205-QĐ/TĐTN",
        decision_date=D(2019, 2, 11),
        signer="Trần Thị Hồng|BÍ THƯ",
    )
    text = docx_text(render_docx(papers.decision_paper(ylist)))
    for expected in (
        "QUYẾT ĐỊNH",
        "205-QĐ/TĐTN",
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Huyện đoàn Bắc Trà My",
        "Phó Bí thư",
        "Ủy viên Ban Thường vụ",
        "18/02/2019",
        "Trần Thị Hồng",
    ):
        assert expected in text, expected

    placements = list(Placement.objects.filter(plan=plan, year=2019).order_by("group"))
    assert [(p.person, p.host, p.planned_end) for p in placements] == [
        (an, tree.bactramy, D(2020, 2, 18)),
        (binh, tree.tamky, D(2020, 2, 18)),
    ]
    users = {
        an.pk: User.objects.create(username="an", person=an),
        binh.pk: User.objects.create(username="binh", person=binh),
    }
    hosts = {tree.bactramy.pk: host_btm, tree.tamky.pk: host_tk}

    # Reminders a week before the 6-month due date.
    mail.outbox.clear()
    services_sent = send_reminders(on=D(2019, 8, 11))
    assert services_sent == 4  # two reports, two evaluations

    for p in placements:
        host = hosts[p.host_id]
        services.assign_task(
            actor=host, placement=p, title="Phụ trách phong trào thanh niên tình nguyện", assigned_on=START
        )
        for item in ("party_moved", "union_moved", "dues_paid"):
            services.mark_checklist_item(actor=tckt, placement=p, item=item, done_on=D(2019, 3, 1))
        for seq, when in ((1, D(2019, 8, 15)), (2, D(2020, 2, 14))):
            report = p.reports.get(sequence=seq)
            report = services.save_report(
                actor=users[p.person_id],
                report=report,
                version=report.version,
                contributions=f"Đóng góp lần {seq}",
                problems=f"Khó khăn ở {p.host.name}",
                proposals="Tăng kinh phí hoạt động hè",
            )
            services.accept_report(
                actor=tckt, report=services.submit_report(actor=users[p.person_id], report=report, on=when)
            )
            ev = p.evaluations.get(sequence=seq)
            ev = services.save_evaluation(
                actor=host,
                evaluation=ev,
                version=ev.version,
                strengths="Nhiệt tình",
                weaknesses="Chưa sâu sát",
                comment="Hoàn thành tốt nhiệm vụ",
                level=level("HTTNV"),
            )
            ev = services.accept_evaluation(
                actor=tckt, evaluation=services.submit_evaluation(actor=host, evaluation=ev, on=when)
            )
        for item in ("moved_back", "expenses_settled"):
            services.mark_checklist_item(actor=tckt, placement=p, item=item, done_on=D(2020, 2, 25))
        services.finish_placement(actor=tckt, placement=p, actual_end=D(2020, 2, 20))

    form = docx_text(render_docx(papers.evaluation_form(placements[0].evaluations.get(sequence=1))))
    for expected in (
        "PHIẾU NHẬN XÉT",
        "Nguyễn Văn An",
        "Phó Bí thư",
        "Nhiệt tình",
        "Hoàn thành tốt nhiệm vụ",
        "Định kỳ 6 tháng",
    ):
        assert expected in form, expected

    report = selectors.compiled_report(plan=plan, year=2019)
    assert report["count"] == 2
    first = report["placements"][0]
    assert (first["person"], first["group"], first["decision"], first["state"]) == (
        "Nguyễn Văn An",
        1,
        "205-QĐ/TĐTN",
        "Đã kết thúc",
    )
    assert [r["state"] for r in first["reports"]] == ["Đã tiếp nhận", "Đã tiếp nhận"]
    assert [e["level"] for e in first["evaluations"]] == ["Hoàn thành tốt nhiệm vụ"] * 2
    assert all(first["checklist"].values()) and len(first["checklist"]) == 5
    assert "Khó khăn ở Thành đoàn Tam Kỳ" in report["problems"]
    assert selectors.due_items(on=D(2020, 3, 1)) == []
