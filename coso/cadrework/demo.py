"""Demo of cadre work: Quận Đoàn Tân Phú's 2023 plan (seed 004) on records that make every
indicator computable — some met, some not. Called by ``coso/core/demo.py`` after the core
built Tân Phú (its agency cadres and one secretary per ward).

What the data say for 2023 (checked by ``tests/test_demo.py``), 20 cadres in scope:
resolutions 18/20 (not met); full-time agency cadres trained 7/7; new ward officers 2/3
(the Pioneer leader missed the course); language/digital 20/20; B1 9 of 10 (not met);
ward secretaries with a degree 10/11 (Phú Thạnh's holds a college diploma); advanced
training 3 of 3; Pioneer commanders 7 (of 9 sources); school union cadres 3 of 5 (not met);
thematic topics 20/20.
"""

import datetime

from coso.cadrework import services
from coso.cadrework.setup import tan_phu_2023
from coso.org.models import ClassificationScheme, Department, Unit, UnitLevel
from coso.people.models import (
    Body,
    Certificate,
    Evaluation,
    Person,
    Planning,
    Post,
    PostTitle,
    Term,
    TrainingRecord,
)

D = datetime.date
K = TrainingRecord.Kind
TAN_PHU = "vn-79-767"
USERS = []  # the core's ``tanphu`` login (district standing of Tân Phú) is the officer


def load(b, users):
    owner = b.unit(TAN_PHU)
    wards = list(
        Unit.objects.filter(path__startswith=owner.path, depth=owner.depth + 1, level__kind=UnitLevel.Kind.BASE)
        .exclude(code__startswith="demo-")
        .order_by("sort_key")
    )
    agency = list(Person.objects.filter(unit=owner, is_cadre=True).order_by("id"))
    secretary = agency[0]
    if "tanphu" in users and users["tanphu"].person_id is None:
        users["tanphu"].person = secretary
        users["tanphu"].save(update_fields=["person"])
    ward_secretary = {
        post.unit_id: post.person
        for post in Post.objects.filter(unit__in=wards, title=PostTitle.SECRETARY).select_related("person")
    }
    people = _ward_changes(b, owner, wards, ward_secretary)
    cadres = agency + people["secretaries"] + [people["chair"], people["leader"]]
    plan = tan_phu_2023(owner, number="14-KH/QĐTN")
    plan.issued_on = D(2023, 2, 10)
    plan.save(update_fields=["issued_on"])
    _trainings(b, owner, agency, people, cadres)
    _sources(owner, wards)
    _submissions(plan, owner)
    _seats(b, owner, agency, people)
    _planning(owner, agency, people)
    _rotations(owner, agency)
    _evaluations(cadres)
    return plan


def _ward_changes(b, owner, wards, ward_secretary):
    """Phú Thạnh's secretary has a college diploma; Sơn Kỳ changed its secretary on 01/04/2023;
    Tân Quý got a new Youth Federation chair and Tây Thạnh a new Pioneer leader in 2023."""

    def ward(name):
        return next(w for w in wards if w.name.endswith(name))

    phu_thanh = ward_secretary[ward("Phú Thạnh").pk]
    phu_thanh.education = Person.Education.COLLEGE
    phu_thanh.save(update_fields=["education"])
    son_ky = ward("Sơn Kỳ")
    old = ward_secretary[son_ky.pk]
    Post.objects.filter(person=old, unit=son_ky).update(end_date=D(2023, 3, 31))
    old.is_cadre = False
    old.save(update_fields=["is_cadre"])
    new_secretary = b.cadre(son_ky)
    b.post(new_secretary, son_ky, Body.STANDING_OFFICERS, PostTitle.SECRETARY, D(2023, 4, 1))
    chair = b.cadre(ward("Tân Quý"))
    b.post(chair, ward("Tân Quý"), Body.YOUTH_FEDERATION, PostTitle.FEDERATION_CHAIR, D(2023, 3, 1))
    leader = b.cadre(ward("Tây Thạnh"))
    b.post(leader, ward("Tây Thạnh"), Body.PIONEERS, PostTitle.PIONEER_LEADER, D(2023, 9, 1))
    secretaries = [ward_secretary[w.pk] for w in wards if w.pk != son_ky.pk] + [new_secretary]
    return {"secretaries": secretaries, "new_secretary": new_secretary, "chair": chair, "leader": leader}


def _record(person, kind, name, start, end=None, level=""):
    return TrainingRecord(
        person=person, kind=kind, name=name, level=level, start_date=start, end_date=end, completed=True
    )


def _trainings(b, owner, agency, people, cadres):
    # The yearly course of Tân Phú: sessions, attendance, who finished (the Pioneer leader did not).
    course = services.create_course(
        actor=None,
        organiser=owner,
        kind=K.YOUTH_WORK,
        name="Lớp bồi dưỡng nghiệp vụ công tác Đoàn – Hội – Đội năm 2023",
        start_date=D(2023, 10, 10),
        end_date=D(2023, 10, 12),
        session_dates=[D(2023, 10, 10), D(2023, 10, 11), D(2023, 10, 12)],
    )
    sessions = list(course.sessions.all())
    trainees = agency + [people["new_secretary"], people["chair"]]
    for person in trainees:
        enrollment = services.enroll(actor=None, course=course, person=person, sent_on=D(2023, 9, 25))
        services.record_attendance(actor=None, enrollment=enrollment, sessions=sessions)
        services.complete_enrollment(actor=None, enrollment=enrollment)
    late = services.enroll(actor=None, course=course, person=people["leader"], sent_on=D(2023, 9, 25))
    services.record_attendance(actor=None, enrollment=late, sessions=sessions[:1])
    # Intermediate political theory: two agency cadres finished it in 2023.
    theory = services.create_course(
        actor=None,
        organiser=owner,
        kind=K.POLITICAL_THEORY,
        name="Lớp trung cấp lý luận chính trị – hành chính",
        level="trung cấp",
        start_date=D(2023, 3, 6),
        end_date=D(2023, 11, 24),
        required_sessions=2,
        session_dates=[D(2023, 3, 6), D(2023, 7, 3), D(2023, 11, 24)],
    )
    for person in agency[1:3]:
        enrollment = services.enroll(actor=None, course=theory, person=person, sent_on=D(2023, 2, 20))
        services.record_attendance(actor=None, enrollment=enrollment, sessions=list(theory.sessions.all())[:2])
        services.complete_enrollment(actor=None, enrollment=enrollment)
    # A course still open for enrolment (planned cadres are listed first on its page).
    services.create_course(
        actor=None,
        organiser=owner,
        kind=K.DIGITAL_SKILLS,
        name="Bồi dưỡng kỹ năng chuyển đổi số cho cán bộ Đoàn phường",
        start_date=D(2026, 12, 7),
        end_date=D(2026, 12, 9),
        session_dates=[D(2026, 12, 7), D(2026, 12, 8), D(2026, 12, 9)],
    )
    records = [
        _record(
            people["secretaries"][0], K.YOUTH_WORK, "Trung cấp công tác thanh niên", D(2023, 1, 9), level="trung cấp"
        )
    ]
    for index, person in enumerate(cadres):
        if index not in (3, 12):  # two cadres missed the study of the resolutions
            records.append(_record(person, K.RESOLUTION_STUDY, "Học tập Nghị quyết Đại hội Đoàn", D(2023, 3, 15)))
        records.append(_record(person, K.FOREIGN_LANGUAGE, "Câu lạc bộ tiếng Anh", D(2023, 5, 20)))
        records.append(_record(person, K.DIGITAL_SKILLS, "Chuyển đổi số trong công tác Đoàn", D(2023, 6, 17)))
        records.append(_record(person, K.THEMATIC, "Chuyên đề học tập và làm theo tư tưởng Hồ Chí Minh", D(2023, 4, 8)))
        records.append(_record(person, K.THEMATIC, "Chuyên đề an ninh mạng", D(2023, 8, 12)))
    TrainingRecord.objects.bulk_create(records)
    certificates = [
        Certificate(
            person=person,
            kind=Certificate.Kind.FOREIGN_LANGUAGE,
            name="Tiếng Anh",
            level="B2" if index == 0 else "B1",
            issued_on=D(2022, 5 + index % 6, 10),
        )
        for index, person in enumerate(cadres[:9])
    ]
    certificates.append(
        Certificate(person=cadres[9], kind=Certificate.Kind.FOREIGN_LANGUAGE, name="Tiếng Anh", level="A2")
    )
    Certificate.objects.bulk_create(certificates)


PIONEER_COMMANDERS = [
    "Lê Minh Khang",
    "Trần Ngọc Bảo Châu",
    "Nguyễn Gia Huy",
    "Phạm Thảo Vy",
    "Võ Đăng Khoa",
    "Huỳnh Mỹ Duyên",
    "Đặng Quốc Bảo",
    "Bùi Khánh Linh",
    "Hồ Tuấn Kiệt",
]
SCHOOL_CADRES = [
    "Ngô Thanh Tâm",
    "Dương Hoài Nam",
    "Lý Kim Ngân",
    "Phan Minh Triết",
    "Đỗ Thu Hà",
    "Trần Quang Vinh",
]


def _sources(owner, wards):
    for index, name in enumerate(PIONEER_COMMANDERS):
        entry = services.add_source(
            actor=None,
            unit=wards[index % len(wards)],
            kind="pioneer_commander",
            full_name=name,
            school="Trường THCS Tân Thới Hòa",
            added_on=D(2022, 6, 1),
        )
        if index < 7:
            services.advance_source(actor=None, entry=entry, to_stage="hs_union_cadre", on=D(2023, 9, 5 + index))
    for index, name in enumerate(SCHOOL_CADRES):
        entry = services.add_source(
            actor=None,
            unit=owner,
            kind="school_union_cadre",
            full_name=name,
            school="Trường THPT Tân Bình",
            added_on=D(2022, 9, 1),
        )
        if index < 3:
            services.advance_source(actor=None, entry=entry, to_stage="uni_union_cadre", on=D(2023, 9, 15))
    for kind, name, school in (
        ("collaborator", "Nguyễn Hoàng Phúc", "Cộng tác viên Ban Phong trào"),
        ("graduating_student", "Trịnh Bảo Ngọc", "Trường Đại học Sư phạm TP. Hồ Chí Minh"),
        ("graduating_student", "Mai Đức Thịnh", "Trường Đại học Công nghiệp Thực phẩm"),
    ):
        services.add_source(actor=None, unit=owner, kind=kind, full_name=name, school=school, added_on=D(2023, 5, 1))


def _submissions(plan, owner):
    """Base unions' own plans: most on time, two late (after 11/08/2023), the rest not sent."""
    base = list(
        Unit.objects.filter(path__startswith=owner.path, level__kind=UnitLevel.Kind.BASE, is_active=True)
        .exclude(pk=owner.pk)
        .order_by("sort_key")
    )
    for index, unit in enumerate(base[:10]):
        day = D(2023, 8, 1 + index) if index < 8 else D(2023, 8, 18 + index)
        services.record_base_plan(
            actor=None, plan=plan, unit=unit, submitted_on=day, document_number=f"{index + 1:02d}-KH/ĐTN"
        )


def _seats(b, owner, agency, people):
    """Standing Committee 5 seats (one vacant since 31/03/2023), Executive 12, Inspection 3."""
    term = b.term
    for body, seats in ((Body.STANDING, 5), (Body.EXECUTIVE, 12), (Body.INSPECTION, 3)):
        services.set_body_seats(actor=None, unit=owner, body=body, term=term, seats=seats)
    start = D(2022, 9, 1)
    posts = []
    for person in agency[:4]:
        posts.append(Post(person=person, unit=owner, body=Body.STANDING, title=PostTitle.STANDING_MEMBER))
    leaving = agency[4]
    posts.append(
        Post(
            person=leaving,
            unit=owner,
            body=Body.STANDING,
            title=PostTitle.STANDING_MEMBER,
            end_date=D(2023, 3, 31),
        )
    )
    for person in agency + people["secretaries"][:5]:
        posts.append(Post(person=person, unit=owner, body=Body.EXECUTIVE, title=PostTitle.EXECUTIVE_MEMBER))
    posts.append(Post(person=agency[5], unit=owner, body=Body.INSPECTION, title=PostTitle.INSPECTION_CHAIR))
    for person in people["secretaries"][5:7]:
        posts.append(Post(person=person, unit=owner, body=Body.INSPECTION, title=PostTitle.INSPECTION_MEMBER))
    for post in posts:
        post.term, post.start_date = term, start
    Post.objects.bulk_create(posts)


def _planning(owner, agency, people):
    terms = {t.start_year: t for t in Term.objects.filter(start_year__in=(2022, 2027))}
    rows = [
        (agency[1], PostTitle.SECRETARY, 2022),
        (agency[2], PostTitle.DEPUTY_SECRETARY, 2022),
        (agency[3], PostTitle.DEPUTY_SECRETARY, 2022),
        (agency[1], PostTitle.SECRETARY, 2027),
        (agency[4], PostTitle.SECRETARY, 2027),
        (people["secretaries"][0], PostTitle.DEPUTY_SECRETARY, 2027),
        (people["secretaries"][1], PostTitle.DEPUTY_SECRETARY, 2027),
    ]
    Planning.objects.bulk_create(
        Planning(
            person=person,
            unit=owner,
            title=title,
            term=terms[year],
            decided_on=D(year if year == 2022 else 2023, 12, 1),
            decision_number=f"{index + 21}-QĐ/QĐTN",
        )
        for index, (person, title, year) in enumerate(rows)
    )


def _rotations(owner, agency):
    departments = {d.code: d for d in Department.objects.filter(unit=owner)}
    services.rotate(actor=None, person=agency[5], to_department=departments["PT"], on=D(2022, 10, 1))
    services.rotate(
        actor=None, person=agency[5], to_department=departments["TN"], on=D(2023, 7, 1), decision_number="35-QĐ/QĐTN"
    )
    services.rotate(actor=None, person=agency[6], to_department=departments["TCKT"], on=D(2023, 7, 1))


def _evaluations(cadres):
    scheme = ClassificationScheme.for_year("cadre", 2023)
    levels = {level.code: level for level in scheme.levels.all()}
    codes = ["HTXSNV", "HTTNV", "HTTNV", "HTNV"]
    Evaluation.objects.bulk_create(
        Evaluation(
            person=person,
            year=2023,
            level=levels[codes[index % len(codes)]],
            self_assessment="Hoàn thành các nhiệm vụ được giao trong năm.",
        )
        for index, person in enumerate(cadres[:12])
    )
