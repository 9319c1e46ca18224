"""Demo of field training: the Tây Ninh plan 51-KH/TĐTN-TCKT (2018–2022, seed 002).

Cadres of the provincial agency ("vn-72") whose records make some eligible for a start on
01/03/2018 and others not, one per reason; the 2018 list decided with two placements (Tân
Biên, Tân Châu): the one in Tân Châu has its 6-month report and evaluation done, the one in
Tân Biên awaits the host's 6-month evaluation.
"""

import datetime

from coso.accounts.models import Role
from coso.org.models import ClassificationLevel, Department
from coso.people.models import (
    Body,
    Child,
    DisciplineRecord,
    Evaluation,
    Person,
    Planning,
    PostTitle,
    Pregnancy,
    Term,
)

D = datetime.date
PROVINCE = "vn-72"
TAN_BIEN = "vn-72-705"
TAN_CHAU = "vn-72-706"
PLAN_NUMBER = "51-KH/TĐTN-TCKT"
START_2018 = D(2018, 3, 1)

USERS = [
    ("tckt.tayninh", Role.TCKT_OFFICER, PROVINCE, "Cán bộ Ban Tổ chức – Kiểm tra Tỉnh đoàn Tây Ninh"),
    ("huyendoan.tanbien", Role.DISTRICT_STANDING, TAN_BIEN, "Thường trực Huyện đoàn Tân Biên (nơi đến)"),
    ("canbo.tayninh", Role.MOVEMENT_CADRE, PROVINCE, "Cán bộ Tỉnh đoàn Tây Ninh đang đi cơ sở tại Tân Biên"),
]

# name, sex, birth, group (1, 2 or None), department code, extra facts
CADRES = [
    ("Nguyễn Thành Đạt", "M", (1990, 4, 12), 1, None, {}),
    ("Trần Thị Mỹ Duyên", "F", (1992, 7, 20), 2, "PT", {}),
    ("Phạm Quốc Huy", "M", (1993, 2, 2), 2, "TG", {}),
    ("Võ Thị Thu Trang", "F", (1994, 5, 5), 2, "VP", {}),
    ("Lê Văn Tùng", "M", (1986, 1, 10), 2, "PT", {}),  # too old
    ("Hồ Minh Khoa", "M", (1995, 9, 9), 2, "TG", {"party": Person.PartyStatus.NONE}),
    ("Đỗ Thị Hoa", "F", (1993, 3, 3), 2, "VP", {"planned": False}),
    ("Bùi Văn Lâm", "M", (1991, 6, 6), 2, "TCKT", {"discipline": (D(2017, 12, 1), D(2018, 12, 1))}),
    ("Ngô Thị Lan", "F", (1992, 8, 8), 2, "PT", {"pregnancy": (D(2017, 10, 1), D(2018, 6, 30))}),
    ("Dương Thị Yến", "F", (1991, 10, 10), 2, "TG", {"child": D(2017, 5, 10)}),
    ("Huỳnh Văn Phát", "M", (1990, 12, 12), 2, "TCKT", {"low_year": 2016}),
]


def _levels():
    return {lvl.code: lvl for lvl in ClassificationLevel.objects.filter(scheme__code="can-bo")}


def _cadres(b, province, term):
    depts = {d.code: d for d in Department.objects.filter(unit=province)}
    levels = _levels()
    people = {}
    for name, sex, birth, group, dept, extra in CADRES:
        person = b.named(
            province,
            name,
            sex,
            birth,
            is_cadre=True,
            on_payroll=True,
            works_full_time=group == 1,
            department=depts[dept] if dept else None,
            party_status=extra.get("party", Person.PartyStatus.MEMBER),
            education=Person.Education.UNIVERSITY,
        )
        if group == 1:
            b.post(person, province, Body.EXECUTIVE, PostTitle.EXECUTIVE_MEMBER, D(2017, 10, 1), term)
        title = PostTitle.STANDING_MEMBER if group == 1 else PostTitle.DEPUTY_HEAD_OF_DEPARTMENT
        if extra.get("planned", True):
            Planning.objects.create(person=person, unit=province, title=title, term=term, decided_on=D(2017, 12, 1))
        for year in range(2015, 2019):
            code = "HTNV" if extra.get("low_year") == year else ("HTXSNV" if year % 2 else "HTTNV")
            Evaluation.objects.create(person=person, year=year, level=levels[code])
        if "discipline" in extra:
            start, end = extra["discipline"]
            DisciplineRecord.objects.create(
                person=person, status="disciplined", form="Khiển trách", start_date=start, end_date=end
            )
        if "pregnancy" in extra:
            Pregnancy.objects.create(person=person, start_date=extra["pregnancy"][0], end_date=extra["pregnancy"][1])
        if "child" in extra:
            Child.objects.create(person=person, birth_date=extra["child"])
        people[name] = person
    return people


def load(b, users):
    from coso.placements import services

    province, tan_bien, tan_chau = b.unit(PROVINCE), b.unit(TAN_BIEN), b.unit(TAN_CHAU)
    term = Term.objects.get(start_year=2017)
    people = _cadres(b, province, term)
    tckt, standing = users["tckt.tayninh"], users["tayninh"]
    host = users["huyendoan.tanbien"]

    # The logins' persons: a TCKT officer, Tân Biên's secretary, the placed cadre.
    tckt_dept = Department.objects.get(unit=province, code="TCKT")
    tckt.person = b.named(
        province,
        "Nguyễn Thị Kim Loan",
        "F",
        (1985, 2, 14),
        is_cadre=True,
        on_payroll=True,
        works_full_time=True,
        department=tckt_dept,
        party_status=Person.PartyStatus.MEMBER,
    )
    host.person = b.named(tan_bien, "Trịnh Văn Hòa", "M", (1987, 5, 19), is_cadre=True, works_full_time=True)
    b.post(host.person, tan_bien, Body.STANDING_OFFICERS, PostTitle.SECRETARY, D(2017, 8, 1), term)
    users["canbo.tayninh"].person = people["Nguyễn Thành Đạt"]
    for user in (tckt, host, users["canbo.tayninh"]):
        user.save(update_fields=["person"])

    plan = services.create_plan(
        actor=tckt,
        owner=province,
        name="Kế hoạch cử cán bộ Tỉnh đoàn đi đào tạo thực tế tại cơ sở giai đoạn 2018 – 2022",
        number=PLAN_NUMBER,
        issued_on=D(2018, 5, 14),
        start_year=2018,
        end_year=2022,
    )
    ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2018)
    dat, duyen = people["Nguyễn Thành Đạt"], people["Trần Thị Mỹ Duyên"]
    c_dat = services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=dat,
        group=1,
        host=tan_bien,
        host_title=PostTitle.DEPUTY_SECRETARY,
        start_date=START_2018,
    )
    services.add_candidate(
        actor=tckt,
        yearly_list=ylist,
        person=duyen,
        group=2,
        host=tan_chau,
        host_title=PostTitle.STANDING_MEMBER,
        start_date=START_2018,
    )
    services.propose(actor=tckt, yearly_list=ylist)
    services.record_party_agreement(actor=tckt, candidate=c_dat, agreed_on=D(2018, 2, 12), document="45-CV/HU")
    secretary = Person.objects.filter(posts__unit=province, posts__title=PostTitle.SECRETARY).order_by("pk").first()
    services.decide(
        actor=standing,
        yearly_list=ylist,
        decision_number="112-QĐ/TĐTN",
        decision_date=D(2018, 2, 20),
        signer=f"{secretary.full_name if secretary else 'Bí thư Tỉnh đoàn'}|BÍ THƯ",
    )
    level = _levels()["HTTNV"]
    for placement in plan.placements.select_related("person", "host").order_by("pk"):
        actor_host = host if placement.host_id == tan_bien.pk else standing
        cadre_user = users["canbo.tayninh"] if placement.person_id == dat.pk else tckt
        services.assign_task(
            actor=actor_host,
            placement=placement,
            title="Phụ trách phong trào Thanh niên tình nguyện và công tác đoàn kết tập hợp thanh niên",
            assigned_on=D(2018, 3, 5),
            due_date=D(2018, 12, 31),
        )
        for item in ("party_moved", "union_moved", "dues_paid"):
            services.mark_checklist_item(actor=tckt, placement=placement, item=item, done_on=D(2018, 3, 10))
        report = placement.reports.get(sequence=1)
        report = services.save_report(
            actor=cadre_user,
            report=report,
            version=report.version,
            contributions=f"Tham gia xây dựng chương trình công tác năm 2018 của {placement.host.name}.",
            problems="Thanh niên đi làm ăn xa nhiều, khó tập hợp sinh hoạt chi đoàn.",
            proposals="Hỗ trợ kinh phí tổ chức sinh hoạt chi đoàn ghép theo cụm.",
        )
        services.submit_report(actor=cadre_user, report=report, on=D(2018, 8, 28))
        services.accept_report(actor=tckt, report=report)
        if placement.person_id == duyen.pk:
            evaluation = placement.evaluations.get(sequence=1)
            evaluation = services.save_evaluation(
                actor=actor_host,
                evaluation=evaluation,
                version=evaluation.version,
                strengths="Nhiệt tình, gần gũi thanh niên, chủ động đề xuất mô hình mới.",
                weaknesses="Kinh nghiệm tổ chức sự kiện lớn còn ít.",
                comment="Hoàn thành tốt nhiệm vụ được giao trong 6 tháng đầu.",
                level=level,
            )
            services.submit_evaluation(actor=actor_host, evaluation=evaluation, on=D(2018, 8, 30))
            services.accept_evaluation(actor=tckt, evaluation=evaluation)
    return plan
