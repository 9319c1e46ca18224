"""Plan submissions, courses and enrollments, rotation, seats and vacancies."""

import pytest

from coso.accounts.scoping import OutOfScope
from coso.cadrework import selectors, services
from coso.cadrework.setup import tan_phu_2023
from coso.cadrework.tests.helpers import D, K, cadre, district, post
from coso.core.errors import DomainError
from coso.org.models import Department
from coso.people.models import Body, PostTitle, Term, TrainingRecord

pytestmark = pytest.mark.django_db


def test_late_base_plan_submissions_are_flagged():
    tp = district(wards=["A", "B", "C", "D"], code="ls")
    plan = tan_phu_2023(tp.owner)
    services.record_base_plan(actor=None, plan=plan, unit=tp.wards[0], submitted_on=D(2023, 8, 11))  # on time
    services.record_base_plan(actor=None, plan=plan, unit=tp.wards[1], submitted_on=D(2023, 8, 14))  # late
    services.record_base_plan(actor=None, plan=plan, unit=tp.wards[2], submitted_on=D(2023, 8, 1))
    # ward D never sent
    before = selectors.late_submissions(plan, D(2023, 8, 10))
    assert before == []
    after = {row.unit.pk: row for row in selectors.late_submissions(plan, D(2023, 9, 1))}
    assert set(after) == {tp.wards[1].pk, tp.wards[3].pk}
    assert after[tp.wards[3].pk].missing and not after[tp.wards[1].pk].missing
    # On 12/8 ward B had not sent yet: late and missing
    on_12 = {row.unit.pk: row for row in selectors.late_submissions(plan, D(2023, 8, 12))}
    assert on_12[tp.wards[1].pk].missing
    with pytest.raises(DomainError) as err:
        services.record_base_plan(actor=None, plan=plan, unit=tp.wards[0], submitted_on=D(2023, 8, 20))
    assert err.value.code == "already_submitted"
    with pytest.raises(DomainError) as err:
        services.record_base_plan(actor=None, plan=plan, unit=tp.owner, submitted_on=D(2023, 8, 20))
    assert {c for c, _ in err.value.violations} == {"not_under_owner", "not_base_unit"}


def test_completing_an_enrollment_writes_the_training_record():
    tp = district(wards=["A"], code="en")
    course = services.create_course(
        actor=None,
        organiser=tp.owner,
        kind=K.YOUTH_WORK,
        name="Bồi dưỡng cán bộ Đoàn mới",
        level="cơ bản",
        start_date=D(2023, 5, 1),
        end_date=D(2023, 5, 3),
        required_sessions=2,
        session_dates=[D(2023, 5, 1), D(2023, 5, 2), D(2023, 5, 3)],
    )
    person = cadre(tp.wards[0])
    enrollment = services.enroll(actor=None, course=course, person=person, sent_on=D(2023, 4, 20))
    sessions = list(course.sessions.all())
    services.record_attendance(actor=None, enrollment=enrollment, sessions=sessions[:1])
    with pytest.raises(DomainError) as err:
        services.complete_enrollment(actor=None, enrollment=enrollment)
    assert err.value.code == "not_enough_sessions"
    assert not TrainingRecord.objects.filter(person=person).exists()
    services.record_attendance(actor=None, enrollment=enrollment, sessions=sessions[1:2])
    enrollment = services.complete_enrollment(actor=None, enrollment=enrollment)
    record = TrainingRecord.objects.get(person=person)
    assert (record.kind, record.completed, record.start_date, record.level) == (
        "youth_work",
        True,
        D(2023, 5, 1),
        "cơ bản",
    )
    # Undoing the completion updates the same record, never a second one.
    services.complete_enrollment(actor=None, enrollment=enrollment, completed=False)
    record = TrainingRecord.objects.get(person=person)
    assert record.completed is False and record.pk == enrollment.training_record_id
    with pytest.raises(DomainError):
        services.enroll(actor=None, course=course, person=person, sent_on=D(2023, 4, 21))


def test_enrollment_needs_edit_rights_over_the_person(tree):
    course = services.create_course(
        actor=None, organiser=tree.province, kind=K.THEMATIC, name="Chuyên đề", start_date=D(2023, 5, 1)
    )
    with pytest.raises(OutOfScope):
        services.enroll(
            actor=tree.users["district_standing"], course=course, person=tree.tamky_secretary, sent_on=D(2023, 4, 1)
        )
    services.enroll(
        actor=tree.users["district_standing"], course=course, person=tree.btm_secretary, sent_on=D(2023, 4, 1)
    )


def test_rotation_moves_a_cadre_between_departments_of_the_same_unit(tree):
    office = Department.objects.create(unit=tree.province, code="VP", name="Văn phòng")
    rotation = services.rotate(
        actor=tree.admin, person=tree.tckt_cadre, to_department=office, on=D(2023, 7, 1), decision_number="12-QĐ/TĐTN"
    )
    assert rotation.from_department == tree.tckt
    tree.tckt_cadre.refresh_from_db()
    assert tree.tckt_cadre.department == office
    other = Department.objects.create(unit=tree.tamky, code="VP", name="Văn phòng Tam Kỳ")
    with pytest.raises(DomainError) as err:
        services.rotate(actor=tree.admin, person=tree.tckt_cadre, to_department=other, on=D(2023, 8, 1))
    assert err.value.code == "other_unit"


def test_vacancies_are_seats_minus_current_posts_since_the_last_departure():
    tp = district(wards=["A"], code="vc")
    term = Term.objects.get(start_year=2022, end_year=2027)
    services.set_body_seats(actor=None, unit=tp.owner, body=Body.STANDING, term=term, seats=3)
    services.set_body_seats(actor=None, unit=tp.owner, body=Body.INSPECTION, term=term, seats=1)
    for _ in range(2):
        post(cadre(tp.owner), tp.owner, title=PostTitle.STANDING_MEMBER, body=Body.STANDING, start=D(2022, 10, 1))
    post(
        cadre(tp.owner),
        tp.owner,
        title=PostTitle.STANDING_MEMBER,
        body=Body.STANDING,
        start=D(2022, 10, 1),
        end=D(2023, 4, 30),
    )
    post(
        cadre(tp.owner),
        tp.owner,
        title=PostTitle.STANDING_MEMBER,
        body=Body.STANDING,
        start=D(2020, 1, 1),
        end=D(2022, 9, 30),
    )
    post(cadre(tp.owner), tp.owner, title=PostTitle.INSPECTION_CHAIR, body=Body.INSPECTION, start=D(2022, 10, 1))
    rows = {v.body: v for v in selectors.vacancies(tp.owner, on=D(2023, 6, 1))}
    assert (rows["btv"].seats, rows["btv"].filled, rows["btv"].vacant, rows["btv"].since) == (3, 2, 1, D(2023, 4, 30))
    assert (rows["ubkt"].vacant, rows["ubkt"].since) == (0, None)
    before = {v.body: v for v in selectors.vacancies(tp.owner, body=Body.STANDING, on=D(2023, 3, 1))}
    assert list(before) == ["btv"] and before["btv"].vacant == 0
    assert selectors.vacancies(tp.owner, on=D(2030, 1, 1)) == []  # no seats configured for that term
