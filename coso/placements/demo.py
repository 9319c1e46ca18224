"""Demo of field training in Tây Ninh ("vn-72", seed 002), believable on the day it is loaded.

* Plan 51-KH/TĐTN-TCKT (2018–2022): eleven agency cadres whose records make some eligible
  for a start on 01/03/2018 and others not, one per reason; the 2018 list decided with two
  placements (Tân Biên, Tân Châu), both ended on 01/03/2019: every report and evaluation
  accepted, the checklist done, membership moved back.
* Plan 18-KH/TĐTN-TCKT (2023–2027, same rules): the list of the current year decided, two
  placements started in its first quarter and in their 6-month round. In Tân Biên the cadre of
  the login ``canbo.tayninh`` has their 6-month report accepted and the host's evaluation
  awaits ``huyendoan.tanbien``; in Tân Châu the evaluation is accepted and the report awaits
  TCKT (``tckt.tayninh``, ``tayninh``).
"""

import datetime

from django.utils import timezone

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
PLAN_2023_NUMBER = "18-KH/TĐTN-TCKT"
START_2018 = D(2018, 3, 1)

USERS = [
    ("tckt.tayninh", Role.TCKT_OFFICER, PROVINCE, "Cán bộ Ban Tổ chức – Kiểm tra Tỉnh đoàn Tây Ninh"),
    ("huyendoan.tanbien", Role.DISTRICT_STANDING, TAN_BIEN, "Thường trực Huyện đoàn Tân Biên (nơi đến)"),
    ("canbo.tayninh", Role.MOVEMENT_CADRE, PROVINCE, "Cán bộ Tỉnh đoàn Tây Ninh đang đào tạo thực tế tại Tân Biên"),
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
# The young cadres of the 2023–2027 plan (term 2022–2027), evaluated every year since 2020.
CADRES_2023 = [
    ("Lâm Hoàng Phúc", "M", (1997, 6, 14), 1, None, {}),
    ("Nguyễn Ngọc Bảo Trân", "F", (1998, 9, 3), 2, "PT", {}),
    ("Trương Minh Nhật", "M", (1999, 1, 21), 2, "TG", {}),
]
TASK = "Phụ trách phong trào Thanh niên tình nguyện và công tác đoàn kết tập hợp thanh niên"


def current_year(today=None):
    """The year of the current list: this year once its first quarter's placements have
    started, the previous year before (the plan's last year at most)."""
    today = today or timezone.localdate()
    year = today.year if today >= D(today.year, 4, 1) else today.year - 1
    return min(max(year, 2023), 2027)


def _levels():
    return {lvl.code: lvl for lvl in ClassificationLevel.objects.filter(scheme__code="can-bo")}


def _cadres(b, province, term, rows, since, post_on, years):
    depts = {d.code: d for d in Department.objects.filter(unit=province)}
    levels = _levels()
    people = {}
    for name, sex, birth, group, dept, extra in rows:
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
            b.post(person, province, Body.EXECUTIVE, PostTitle.EXECUTIVE_MEMBER, post_on, term)
        title = PostTitle.STANDING_MEMBER if group == 1 else PostTitle.DEPUTY_HEAD_OF_DEPARTMENT
        if extra.get("planned", True):
            Planning.objects.create(person=person, unit=province, title=title, term=term, decided_on=since)
        Evaluation.objects.bulk_create(
            Evaluation(
                person=person,
                year=year,
                level=levels["HTNV" if extra.get("low_year") == year else ("HTXSNV" if year % 2 else "HTTNV")],
            )
            for year in years
        )
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


def _logins(b, users, province, tan_bien, term):
    """The logins' persons: a TCKT officer and Tân Biên's secretary."""
    tckt, host = users["tckt.tayninh"], users["huyendoan.tanbien"]
    tckt.person = b.named(
        province,
        "Nguyễn Thị Kim Loan",
        "F",
        (1985, 2, 14),
        is_cadre=True,
        on_payroll=True,
        works_full_time=True,
        department=Department.objects.get(unit=province, code="TCKT"),
        party_status=Person.PartyStatus.MEMBER,
    )
    host.person = b.named(tan_bien, "Trịnh Văn Hòa", "M", (1987, 5, 19), is_cadre=True, works_full_time=True)
    b.post(host.person, tan_bien, Body.STANDING_OFFICERS, PostTitle.SECRETARY, D(2017, 8, 1), term)


def _decided_list(actor, standing, plan, year, rows, decision, agreement):
    """The year's list proposed by TCKT and decided: rows of (person, group, host, title, start)."""
    from coso.placements import services

    ylist = services.create_yearly_list(actor=actor, plan=plan, year=year)
    for person, group, host, title, start in rows:
        c = services.add_candidate(
            actor=actor, yearly_list=ylist, person=person, group=group, host=host, host_title=title, start_date=start
        )
        if group == 1:
            services.record_party_agreement(actor=actor, candidate=c, agreed_on=agreement[0], document=agreement[1])
    services.propose(actor=actor, yearly_list=ylist)
    secretary = Person.objects.filter(posts__unit=plan.owner, posts__title=PostTitle.SECRETARY).order_by("pk").first()
    return services.decide(
        actor=standing,
        yearly_list=ylist,
        decision_number=decision[0],
        decision_date=decision[1],
        signer=f"{secretary.full_name if secretary else 'Bí thư Tỉnh đoàn'}|BÍ THƯ",
    )


def _report(cadre_user, report, on, host_name):
    from coso.placements import services

    report = services.save_report(
        actor=cadre_user,
        report=report,
        version=report.version,
        contributions=f"Tham gia xây dựng và thực hiện chương trình công tác của {host_name}.",
        problems="Thanh niên đi làm ăn xa nhiều, khó tập hợp sinh hoạt chi đoàn.",
        proposals="Hỗ trợ kinh phí tổ chức sinh hoạt chi đoàn ghép theo cụm.",
    )
    return services.submit_report(actor=cadre_user, report=report, on=on)


def _evaluation(host_user, evaluation, on, level, comment):
    from coso.placements import services

    evaluation = services.save_evaluation(
        actor=host_user,
        evaluation=evaluation,
        version=evaluation.version,
        strengths="Nhiệt tình, gần gũi thanh niên, chủ động đề xuất mô hình mới.",
        weaknesses="Kinh nghiệm tổ chức sự kiện lớn còn ít.",
        comment=comment,
        level=level,
    )
    return services.submit_evaluation(actor=host_user, evaluation=evaluation, on=on)


def _plan_2018(b, users, province, tan_bien, tan_chau, term):
    """The 2018 list, both placements ended properly on 01/03/2019."""
    from coso.placements import services

    people = _cadres(b, province, term, CADRES, D(2017, 12, 1), D(2017, 10, 1), range(2015, 2019))
    tckt, standing, host = users["tckt.tayninh"], users["tayninh"], users["huyendoan.tanbien"]
    plan = services.create_plan(
        actor=tckt,
        owner=province,
        name="Kế hoạch cử cán bộ Tỉnh đoàn đi đào tạo thực tế tại cơ sở giai đoạn 2018 – 2022",
        number=PLAN_NUMBER,
        issued_on=D(2018, 5, 14),
        start_year=2018,
        end_year=2022,
    )
    dat, duyen = people["Nguyễn Thành Đạt"], people["Trần Thị Mỹ Duyên"]
    _decided_list(
        tckt,
        standing,
        plan,
        2018,
        [
            (dat, 1, tan_bien, PostTitle.DEPUTY_SECRETARY, START_2018),
            (duyen, 2, tan_chau, PostTitle.STANDING_MEMBER, START_2018),
        ],
        ("112-QĐ/TĐTN", D(2018, 2, 20)),
        (D(2018, 2, 12), "45-CV/HU"),
    )
    level = _levels()["HTTNV"]
    for placement in plan.placements.select_related("person", "host").order_by("pk"):
        actor_host = host if placement.host_id == tan_bien.pk else standing
        task = services.assign_task(
            actor=actor_host, placement=placement, title=TASK, assigned_on=D(2018, 3, 5), due_date=D(2018, 12, 31)
        )
        services.complete_task(actor=actor_host, task=task, done_on=D(2018, 12, 20))
        for item in ("party_moved", "union_moved", "dues_paid"):
            services.mark_checklist_item(actor=tckt, placement=placement, item=item, done_on=D(2018, 3, 10))
        for report, evaluation in zip(placement.reports.all(), placement.evaluations.all(), strict=True):
            on = report.due_date - datetime.timedelta(days=3)
            services.accept_report(actor=tckt, report=_report(tckt, report, on, placement.host.name))
            comment = (
                "Hoàn thành tốt nhiệm vụ được giao."
                if evaluation.kind == "six_month"
                else ("Hoàn thành tốt nhiệm vụ trong thời gian đào tạo thực tế tại cơ sở.")
            )
            services.accept_evaluation(actor=tckt, evaluation=_evaluation(actor_host, evaluation, on, level, comment))
        for item in ("moved_back", "expenses_settled"):
            services.mark_checklist_item(actor=tckt, placement=placement, item=item, done_on=D(2019, 3, 8))
        services.finish_placement(actor=tckt, placement=placement, actual_end=placement.planned_end)
    return plan, people


def _plan_2023(b, users, province, tan_bien, tan_chau):
    """The current year's list: two placements in their 6-month round."""
    from coso.placements import services

    year = current_year()
    people = _cadres(b, province, b.term, CADRES_2023, D(2022, 12, 15), D(2022, 10, 1), range(2020, year))
    tckt, standing, host = users["tckt.tayninh"], users["tayninh"], users["huyendoan.tanbien"]
    cadre = users["canbo.tayninh"]
    cadre.person = people["Lâm Hoàng Phúc"]
    plan = services.create_plan(
        actor=tckt,
        owner=province,
        name="Kế hoạch cử cán bộ Tỉnh đoàn đi đào tạo thực tế tại cơ sở giai đoạn 2023 – 2027",
        number=PLAN_2023_NUMBER,
        issued_on=D(2023, 1, 9),
        start_year=2023,
        end_year=2027,
    )
    start = D(year, 3, 2)
    _decided_list(
        tckt,
        standing,
        plan,
        year,
        [
            (cadre.person, 1, tan_bien, PostTitle.DEPUTY_SECRETARY, start),
            (people["Nguyễn Ngọc Bảo Trân"], 2, tan_chau, PostTitle.STANDING_MEMBER, start),
        ],
        (f"{year % 100 + 90}-QĐ/TĐTN", D(year, 2, 20)),
        (D(year, 2, 10), "112-CV/HU"),
    )
    level = _levels()["HTTNV"]
    today = timezone.localdate()
    for placement in plan.placements.select_related("person", "host").order_by("pk"):
        in_tan_bien = placement.host_id == tan_bien.pk
        actor_host = host if in_tan_bien else standing
        services.assign_task(actor=actor_host, placement=placement, title=TASK, assigned_on=D(year, 3, 5))
        for item in ("party_moved", "union_moved", "dues_paid"):
            services.mark_checklist_item(actor=tckt, placement=placement, item=item, done_on=D(year, 3, 12))
        report, evaluation = placement.reports.get(sequence=1), placement.evaluations.get(sequence=1)
        on = min(report.due_date - datetime.timedelta(days=4), today)
        report = _report(cadre if in_tan_bien else tckt, report, on, placement.host.name)
        if in_tan_bien:  # the report accepted, the host's evaluation awaited
            services.accept_report(actor=tckt, report=report)
        else:  # the evaluation accepted, the report awaits TCKT
            ev = _evaluation(actor_host, evaluation, on, level, "Hoàn thành tốt nhiệm vụ trong 6 tháng đầu.")
            services.accept_evaluation(actor=tckt, evaluation=ev)
    return plan, people


def load(b, users):
    province, tan_bien, tan_chau = b.unit(PROVINCE), b.unit(TAN_BIEN), b.unit(TAN_CHAU)
    term = Term.objects.get(start_year=2017)
    _logins(b, users, province, tan_bien, term)
    plan, _people = _plan_2018(b, users, province, tan_bien, tan_chau, term)
    _plan_2023(b, users, province, tan_bien, tan_chau)
    for name in ("tckt.tayninh", "huyendoan.tanbien", "canbo.tayninh"):
        users[name].save(update_fields=["person"])
    return plan
