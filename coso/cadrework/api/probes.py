"""The cadre-work API's ``SCOPE_MATRIX`` (``coso/api/matrix.py``) and the records it probes."""

import datetime

from coso.api.matrix import LIST, SELF, ScopeCase
from coso.cadrework import services
from coso.org.models import Department
from coso.people.models import Body

# --------------------------------------------------------------------------- scope matrix


def tamky(t):
    """Cadre-work records of Tam Kỳ in the test tree, made once per tree: a 2023 plan with one
    indicator, a source, a course with two sessions and Phạm Thị Ánh enrolled (both attended),
    a department, a rotation into another, the Standing Committee's seats, Phạm Thị Ánh in the
    planning for deputy secretary and her 2023 evaluation."""
    if getattr(t, "_cadrework_tamky", None):
        return t._cadrework_tamky
    from types import SimpleNamespace

    from coso.cadrework.models import BodySeats, Enrollment, Rotation

    d = datetime.date
    plan = services.create_plan(actor=None, owner=t.tamky, year=2023, title="Kế hoạch công tác cán bộ Tam Kỳ")
    indicator = services.add_indicator(
        actor=None,
        plan=plan,
        name="100% cán bộ có trình độ đại học",
        population="all_cadres_in_scope",
        measure="university_or_higher",
        target_kind="percent",
        target_value=100,
    )
    source = services.add_source(
        actor=None, unit=t.tamky, kind="pioneer_commander", full_name="Phan Thanh Tịnh", added_on=d(2023, 1, 5)
    )
    course = services.create_course(
        actor=None,
        organiser=t.tamky,
        kind="youth_work",
        name="Lớp nghiệp vụ Tam Kỳ",
        start_date=d(2023, 4, 3),
        end_date=d(2023, 4, 4),
        session_dates=[d(2023, 4, 3), d(2023, 4, 4)],
    )
    enrollment = Enrollment.objects.create(course=course, person=t.tamky_secretary, sent_on=d(2023, 3, 20))
    enrollment.attended.set(course.sessions.all())
    first = Department.objects.create(unit=t.tamky, code="VP", name="Văn phòng Tam Kỳ")
    second = Department.objects.create(unit=t.tamky, code="PT", name="Ban Phong trào Tam Kỳ")
    rotation = Rotation.objects.create(person=t.tamky_secretary, to_department=first, on=d(2023, 2, 1))
    seats = BodySeats.objects.create(unit=t.tamky, body=Body.STANDING, term=t.term, seats=5)
    planning = services.add_planning(
        actor=None, unit=t.tamky, person=t.tamky_secretary, title="deputy_secretary", term=t.term
    )
    level = services.evaluation_levels(2023)[0]
    evaluation = services.evaluate(actor=None, person=t.tamky_secretary, year=2023, level=level)
    t._cadrework_tamky = SimpleNamespace(
        plan=plan,
        indicator=indicator,
        source=source,
        course=course,
        enrollment=enrollment,
        department=second,
        rotation=rotation,
        seats=seats,
        planning=planning,
        evaluation=evaluation,
    )
    return t._cadrework_tamky


SCOPE_MATRIX = [
    ScopeCase("GET", "/cadrework/plans", lambda t: f"/api/cadrework/plans?unit={tamky(t).plan.owner_id}", kind=LIST),
    ScopeCase(
        "POST",
        "/cadrework/plans",
        lambda t: "/api/cadrework/plans",
        lambda t: {"owner_id": t.tamky.pk, "year": 2024, "title": "Kế hoạch 2024"},
    ),
    ScopeCase("GET", "/cadrework/plans/{plan_id}", lambda t: f"/api/cadrework/plans/{tamky(t).plan.pk}"),
    ScopeCase(
        "POST",
        "/cadrework/plans/{plan_id}/indicators",
        lambda t: f"/api/cadrework/plans/{tamky(t).plan.pk}/indicators",
        lambda t: {
            "name": "B1",
            "population": "all_cadres_in_scope",
            "measure": "has_b1_or_higher",
            "target_kind": "count",
            "target_value": 2,
        },
    ),
    ScopeCase(
        "GET", "/cadrework/plans/{plan_id}/results", lambda t: f"/api/cadrework/plans/{tamky(t).plan.pk}/results"
    ),
    # Their own plan's figures over the other district: nobody may ask (the plan is not theirs either).
    ScopeCase(
        "GET",
        "/cadrework/indicators/{indicator_id}/result",
        lambda t: f"/api/cadrework/indicators/{tamky(t).indicator.pk}/result",
    ),
    ScopeCase(
        "GET",
        "/cadrework/plans/{plan_id}/submissions",
        lambda t: f"/api/cadrework/plans/{tamky(t).plan.pk}/submissions",
    ),
    ScopeCase(
        "POST",
        "/cadrework/plans/{plan_id}/submissions",
        lambda t: f"/api/cadrework/plans/{tamky(t).plan.pk}/submissions",
        lambda t: {"unit_id": t.anmy.pk, "submitted_on": "2023-08-01"},
    ),
    ScopeCase(
        "GET", "/cadrework/sources", lambda t: f"/api/cadrework/sources?unit={tamky(t).source.unit_id}", kind=LIST
    ),
    ScopeCase(
        "POST",
        "/cadrework/sources",
        lambda t: "/api/cadrework/sources",
        lambda t: {"unit_id": t.tamky.pk, "kind": "collaborator", "full_name": "Lê Thị Hoa", "added_on": "2023-05-01"},
    ),
    ScopeCase(
        "POST",
        "/cadrework/sources/{source_id}/advance",
        lambda t: f"/api/cadrework/sources/{tamky(t).source.pk}/advance",
        lambda t: {"to_stage": "hs_union_cadre", "on": "2023-09-01", "version": tamky(t).source.version},
    ),
    ScopeCase(
        "GET", "/cadrework/courses", lambda t: f"/api/cadrework/courses?unit={tamky(t).course.organiser_id}", kind=LIST
    ),
    ScopeCase(
        "POST",
        "/cadrework/courses",
        lambda t: "/api/cadrework/courses",
        lambda t: {"organiser_id": t.tamky.pk, "kind": "thematic", "name": "Chuyên đề", "start_date": "2023-06-01"},
    ),
    ScopeCase("GET", "/cadrework/courses/{course_id}", lambda t: f"/api/cadrework/courses/{tamky(t).course.pk}"),
    ScopeCase(
        "POST",
        "/cadrework/courses/{course_id}/enrollments",
        lambda t: f"/api/cadrework/courses/{tamky(t).course.pk}/enrollments",
        lambda t: {"person_id": t.member_anmy.pk, "sent_on": "2023-03-25"},
    ),
    # Sending their own cadre to the other district's course.
    ScopeCase(
        "POST",
        "/cadrework/courses/{course_id}/enrollments",
        lambda t: f"/api/cadrework/courses/{tamky(t).course.pk}/enrollments",
        lambda t: {"person_id": t.btm_secretary.pk, "sent_on": "2023-03-25"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/cadrework/enrollments/{enrollment_id}/attendance",
        lambda t: f"/api/cadrework/enrollments/{tamky(t).enrollment.pk}/attendance",
        lambda t: {"session_ids": [s.pk for s in tamky(t).course.sessions.all()][:1]},
    ),
    ScopeCase(
        "POST",
        "/cadrework/enrollments/{enrollment_id}/complete",
        lambda t: f"/api/cadrework/enrollments/{tamky(t).enrollment.pk}/complete",
        lambda t: {"completed": True, "version": tamky(t).enrollment.version},
    ),
    ScopeCase(
        "GET",
        "/cadrework/rotations",
        lambda t: f"/api/cadrework/rotations?unit={tamky(t).rotation.person.unit_id}",
        kind=LIST,
    ),
    ScopeCase(
        "POST",
        "/cadrework/rotations",
        lambda t: "/api/cadrework/rotations",
        lambda t: {"person_id": t.tamky_secretary.pk, "to_department_id": tamky(t).department.pk, "on": "2023-07-01"},
    ),
    ScopeCase("GET", "/cadrework/seats", lambda t: f"/api/cadrework/seats?unit={tamky(t).seats.unit_id}"),
    ScopeCase(
        "PUT",
        "/cadrework/seats",
        lambda t: "/api/cadrework/seats",
        lambda t: {
            "unit_id": tamky(t).seats.unit_id,
            "body": "btv",
            "term_id": t.term.pk,
            "seats": 7,
            "version": tamky(t).seats.version,
        },
    ),
    ScopeCase(
        "PUT",
        "/cadrework/plans/{plan_id}",
        lambda t: f"/api/cadrework/plans/{tamky(t).plan.pk}",
        lambda t: {"year": 2023, "title": "Kế hoạch đã sửa", "version": tamky(t).plan.version},
    ),
    ScopeCase(
        "PUT",
        "/cadrework/indicators/{indicator_id}",
        lambda t: f"/api/cadrework/indicators/{tamky(t).indicator.pk}",
        lambda t: {
            "name": "Ngoại ngữ",
            "population": "all_cadres_in_scope",
            "measure": "language_certificate_at_least",
            "params": {"level": "B2"},
            "target_kind": "count",
            "target_value": 1,
            "version": tamky(t).indicator.version,
        },
    ),
    ScopeCase(
        "POST",
        "/cadrework/indicators/{indicator_id}/move",
        lambda t: f"/api/cadrework/indicators/{tamky(t).indicator.pk}/move",
        lambda t: {"direction": "down"},
    ),
    ScopeCase(
        "DELETE",
        "/cadrework/indicators/{indicator_id}",
        lambda t: f"/api/cadrework/indicators/{tamky(t).indicator.pk}?version={tamky(t).indicator.version}",
    ),
    ScopeCase(
        "GET", "/cadrework/planning", lambda t: f"/api/cadrework/planning?unit={tamky(t).planning.unit_id}", kind=LIST
    ),
    ScopeCase(
        "POST",
        "/cadrework/planning",
        lambda t: "/api/cadrework/planning",
        lambda t: {
            "unit_id": t.tamky.pk,
            "person_id": t.tamky_secretary.pk,
            "title": "secretary",
            "term_id": t.term.pk,
        },
    ),
    # Their own unit's planning, with the other district's cadre.
    ScopeCase(
        "POST",
        "/cadrework/planning",
        lambda t: "/api/cadrework/planning",
        lambda t: {
            "unit_id": t.bactramy.pk,
            "person_id": t.tamky_secretary.pk,
            "title": "secretary",
            "term_id": t.term.pk,
        },
        control=False,
    ),
    ScopeCase(
        "POST",
        "/cadrework/planning/{planning_id}/remove",
        lambda t: f"/api/cadrework/planning/{tamky(t).planning.pk}/remove",
        lambda t: {"on": "2024-10-01", "version": tamky(t).planning.version},
    ),
    # The grades of the year: the same for everyone, nothing of a district.
    ScopeCase(
        "GET", "/cadrework/evaluations/levels", lambda t: "/api/cadrework/evaluations/levels?year=2023", kind=SELF
    ),
    ScopeCase(
        "GET",
        "/cadrework/evaluations",
        lambda t: f"/api/cadrework/evaluations?unit={tamky(t).evaluation.person.unit_id}&year=2023",
        kind=LIST,
    ),
    ScopeCase(
        "PUT",
        "/cadrework/cadres/{person_id}/evaluations/{year}",
        lambda t: f"/api/cadrework/cadres/{tamky(t).evaluation.person_id}/evaluations/2023",
        lambda t: {
            "level_code": services.evaluation_levels(2023)[-1].code,
            "note": "Sửa",
            "version": tamky(t).evaluation.version,
        },
    ),
]
