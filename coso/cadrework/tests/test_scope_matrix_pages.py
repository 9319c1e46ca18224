"""A Bắc Trà My officer must never see or change anything of Tam Kỳ through the cadre-work pages.

Every route of the ``cadrework`` namespace must appear below: a route added without a row here
fails ``test_every_cadrework_route_is_in_the_matrix``. The data are built with the services.
"""

import datetime
import io

import pytest
from django.urls import get_resolver
from openpyxl import load_workbook

from coso.cadrework import services
from coso.cadrework.models import (
    BaseUnitPlanSubmission,
    BodySeats,
    CadrePlan,
    Course,
    Enrollment,
    Indicator,
    Rotation,
    SourcePoolEntry,
)
from coso.org.models import Department
from coso.people.models import Body, Person, Planning
from tests import probe

D = datetime.date
pytestmark = pytest.mark.django_db
FOREIGN_NAMES = [
    "Tam Kỳ",
    "An Mỹ",
    "Phạm Thị Ánh",
    "Võ Minh Tâm",
    "Phan Thanh Tịnh",
    "Lớp nghiệp vụ Tam Kỳ",
    "Trương Hải",
]


@pytest.fixture
def foreign(btm):
    """Tam Kỳ's cadre work: a plan with an indicator, a source, a course with Phạm Thị Ánh
    enrolled, a rotation, the Standing Committee's seats."""
    t = btm
    t.f_plan = services.create_plan(actor=None, owner=t.tamky, year=2023, title="Kế hoạch công tác cán bộ Tam Kỳ")
    t.f_indicator = services.add_indicator(
        actor=None,
        plan=t.f_plan,
        name="100% cán bộ Tam Kỳ có đại học",
        population="all_cadres_in_scope",
        measure="university_or_higher",
        target_kind="percent",
        target_value=100,
    )
    t.f_source = services.add_source(
        actor=None, unit=t.anmy, kind="pioneer_commander", full_name="Phan Thanh Tịnh", added_on=D(2023, 1, 5)
    )
    t.f_course = services.create_course(
        actor=None,
        organiser=t.tamky,
        kind="youth_work",
        name="Lớp nghiệp vụ Tam Kỳ",
        start_date=D(2023, 4, 3),
        session_dates=[D(2023, 4, 3)],
    )
    t.f_session = t.f_course.sessions.get()
    t.f_enrollment = services.enroll(actor=None, course=t.f_course, person=t.tamky_secretary, sent_on=D(2023, 3, 1))
    office = Department.objects.create(unit=t.tamky, code="VP", name="Văn phòng Thành đoàn Tam Kỳ")
    t.f_rotation = services.rotate(actor=None, person=t.tamky_secretary, to_department=office, on=D(2023, 2, 1))
    t.f_candidate = Person.objects.create(
        family_name="Trương", given_name="Hải", sex="M", unit=t.anmy, is_cadre=True, education="university"
    )
    t.f_seats = BodySeats.objects.create(unit=t.tamky, body=Body.STANDING, term=t.term, seats=5)
    t.f_planning = services.add_planning(
        actor=None, unit=t.tamky, person=t.f_candidate, title="secretary", term=t.term, decision_number="9-QĐ"
    )
    return t


INDICATOR_DATA = {
    "name": "Chiếm quyền",
    "population": "all_cadres_in_scope",
    "measure": "has_b1_or_higher",
    "target_kind": "count",
    "target_value": "3",
}


OWNER = "district_standing_tamky"
# route -> (URL of a foreign object, POST data or None for GET)
OBJECT_ROUTES = {
    "cadrework:indicator": (lambda t: f"/cadrework/indicators/{t.f_indicator.pk}/", None),
    "cadrework:indicator_export": (lambda t: f"/cadrework/indicators/{t.f_indicator.pk}/export.xlsx", None),
    "cadrework:plan_paper": (lambda t: f"/cadrework/plans/{t.f_plan.pk}/paper.docx", None),
    "cadrework:results_paper": (lambda t: f"/cadrework/plans/{t.f_plan.pk}/results.docx?k={t.tamky.pk}-2023", None),
    "cadrework:course_detail": (lambda t: f"/cadrework/courses/{t.f_course.pk}/", None),
    "cadrework:evaluation_edit": (lambda t: f"/cadrework/evaluations/{t.tamky_secretary.pk}/2023/", None),
    "cadrework:source_advance": (
        lambda t: f"/cadrework/sources/{t.f_source.pk}/advance/",
        lambda t: {"to_stage": "hs_union_cadre", "on": "01/09/2023", "version": t.f_source.version},
    ),
    "cadrework:course_enroll": (
        lambda t: f"/cadrework/courses/{t.f_course.pk}/enroll/",
        lambda t: {"person": t.f_candidate.pk, "sent_on": "01/03/2023"},
    ),
    "cadrework:enrollment_attendance": (
        lambda t: f"/cadrework/enrollments/{t.f_enrollment.pk}/attendance/",
        lambda t: {"sessions": [t.f_session.pk]},
    ),
    "cadrework:plan_detail": (lambda t: f"/cadrework/plans/{t.f_plan.pk}/", None),
    "cadrework:plan_edit": (
        lambda t: f"/cadrework/plans/{t.f_plan.pk}/edit/",
        lambda t: {"year": 2023, "title": "Chiếm quyền", "version": t.f_plan.version},
    ),
    "cadrework:indicator_add": (lambda t: f"/cadrework/plans/{t.f_plan.pk}/indicators/add/", lambda t: INDICATOR_DATA),
    "cadrework:indicator_edit": (
        lambda t: f"/cadrework/indicators/{t.f_indicator.pk}/edit/",
        lambda t: {**INDICATOR_DATA, "version": t.f_indicator.version},
    ),
    "cadrework:indicator_move": (
        lambda t: f"/cadrework/indicators/{t.f_indicator.pk}/move/",
        lambda t: {"direction": "down"},
    ),
    "cadrework:indicator_remove": (
        lambda t: f"/cadrework/indicators/{t.f_indicator.pk}/remove/",
        lambda t: {"version": t.f_indicator.version},
    ),
    "cadrework:submission_add": (
        lambda t: f"/cadrework/plans/{t.f_plan.pk}/submit/",
        lambda t: {"unit": t.anmy.pk, "submitted_on": "01/08/2023"},
    ),
    "cadrework:planning_remove": (
        lambda t: f"/cadrework/planning/{t.f_planning.pk}/remove/",
        lambda t: {"on": "01/10/2024", "version": t.f_planning.version},
    ),
    "cadrework:enrollment_complete": (
        lambda t: f"/cadrework/enrollments/{t.f_enrollment.pk}/complete/",
        lambda t: {"completed": "1", "version": t.f_enrollment.version},
    ),
}
# Lists, dashboards, exports and creation forms pointed at Tam Kỳ: 404, or a page without its rows.
LIST_ROUTES = {
    "cadrework:home": lambda t: f"/cadrework/?plan={t.f_plan.pk}",
    "cadrework:export": lambda t: f"/cadrework/export.xlsx?plan={t.f_plan.pk}",
    "cadrework:bodies": lambda t: f"/cadrework/bodies/?unit={t.tamky.pk}",
    "cadrework:planning": lambda t: f"/cadrework/planning/?unit={t.tamky.pk}",
    "cadrework:planning_add": lambda t: f"/cadrework/planning/add/?unit={t.tamky.pk}",
    "cadrework:plan_add": lambda t: "/cadrework/plans/add/",
    "cadrework:sources": lambda t: f"/cadrework/sources/?unit={t.anmy.pk}",
    "cadrework:sources_export": lambda t: f"/cadrework/sources/export.xlsx?unit={t.anmy.pk}",
    "cadrework:source_add": lambda t: f"/cadrework/sources/add/?unit={t.anmy.pk}",
    "cadrework:courses": lambda t: "/cadrework/courses/",
    "cadrework:courses_export": lambda t: "/cadrework/courses/export.xlsx",
    "cadrework:course_add": lambda t: f"/cadrework/courses/add/?unit={t.tamky.pk}",
    "cadrework:rotations": lambda t: f"/cadrework/rotations/?unit={t.tamky.pk}",
    "cadrework:rotations_export": lambda t: f"/cadrework/rotations/export.xlsx?unit={t.tamky.pk}",
    "cadrework:rotation_add": lambda t: f"/cadrework/rotations/add/?unit={t.tamky.pk}",
    "cadrework:evaluations": lambda t: f"/cadrework/evaluations/?unit={t.tamky.pk}&year=2023",
    "cadrework:evaluations_export": lambda t: f"/cadrework/evaluations/export.xlsx?unit={t.tamky.pk}&year=2023",
}
# The same pages without a filter: the officer's own scope, no Tam Kỳ row.
OWN_LIST_ROUTES = [
    lambda t: "/cadrework/",
    lambda t: f"/cadrework/?unit={t.tamky.pk}",
    lambda t: "/cadrework/export.xlsx",
    lambda t: "/cadrework/sources/",
    lambda t: "/cadrework/courses/",
    lambda t: "/cadrework/rotations/",
    lambda t: "/cadrework/evaluations/?year=2023",
    lambda t: "/cadrework/sources/export.xlsx",
    lambda t: "/cadrework/courses/export.xlsx",
    lambda t: "/cadrework/rotations/export.xlsx",
    lambda t: "/cadrework/evaluations/export.xlsx?year=2023",
    # the own plan's results paper asked for a Tam Kỳ unit: 404
    lambda t: f"/cadrework/plans/{t.plan.pk}/results.docx?k={t.tamky.pk}-2023",
]
# Writes through list routes, aimed at Tam Kỳ.
FOREIGN_POSTS = {
    "cadrework:seats_set": lambda t: (
        "/cadrework/bodies/seats/",
        {"unit": t.tamky.pk, "body": "btv", "term": t.term.pk, "seats": 9, "version": t.f_seats.version},
    ),
    "cadrework:source_add": lambda t: (
        f"/cadrework/sources/add/?unit={t.anmy.pk}",
        {"kind": "collaborator", "full_name": "Chiếm quyền", "added_on": "01/01/2023"},
    ),
    "cadrework:course_add": lambda t: (
        f"/cadrework/courses/add/?unit={t.tamky.pk}",
        {"kind": "thematic", "name": "Chiếm quyền", "start_date": "01/06/2023"},
    ),
    "cadrework:rotation_add": lambda t: (
        f"/cadrework/rotations/add/?unit={t.tamky.pk}",
        {"person": t.tamky_secretary.pk, "to_department": t.f_rotation.to_department_id, "on": "01/08/2023"},
    ),
    "cadrework:evaluation_edit": lambda t: (f"/cadrework/evaluations/{t.tamky_secretary.pk}/2023/", {"level": 1}),
    "cadrework:plan_add": lambda t: (
        "/cadrework/plans/add/",
        {"owner": t.tamky.pk, "year": 2024, "title": "Chiếm quyền"},
    ),
    "cadrework:planning_add": lambda t: (
        f"/cadrework/planning/add/?unit={t.tamky.pk}",
        {"person": t.tamky_secretary.pk, "title": "deputy_secretary", "term": t.term.pk},
    ),
}


def _body_text(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats-officedocument.spreadsheet"):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    if response.get("Content-Type", "").startswith("text/html"):
        return response.content.decode()
    return ""


def _state(t):
    return (
        list(SourcePoolEntry.objects.values_list("pk", "stage", "version")),
        list(Enrollment.objects.values_list("pk", "completed", "version")),
        Enrollment.objects.get(pk=t.f_enrollment.pk).attended.count(),
        list(BodySeats.objects.values_list("pk", "seats")),
        Course.objects.count(),
        Rotation.objects.count(),
        SourcePoolEntry.objects.count(),
        list(CadrePlan.objects.values_list("pk", "title", "version")),
        list(Indicator.objects.values_list("pk", "name", "order", "params", "version")),
        BaseUnitPlanSubmission.objects.count(),
        list(Planning.objects.values_list("pk", "removed_on", "version")),
    )


def test_every_cadrework_route_is_in_the_matrix():
    sub = get_resolver().namespace_dict["cadrework"][1]
    names = {f"cadrework:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    missing = names - set(OBJECT_ROUTES) - set(LIST_ROUTES) - set(FOREIGN_POSTS)
    assert not missing, f"routes without a scope test: {sorted(missing)}"


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_foreign_object_is_not_found(foreign, client_for, route):
    url, data = OBJECT_ROUTES[route]
    before = _state(foreign)
    client = client_for("district_standing")
    response = client.post(url(foreign), data(foreign)) if data else client.get(url(foreign))
    assert response.status_code == 404
    assert not any(name in response.content.decode() for name in FOREIGN_NAMES)
    assert _state(foreign) == before


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_the_owner_reaches_the_object(foreign, client_for, route):
    """Control: Tam Kỳ's own officer gets through, so the cases aim at real records."""
    url, data = OBJECT_ROUTES[route]
    client = client_for(OWNER)
    response = client.post(url(foreign), data(foreign)) if data else client.get(url(foreign))
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("route", sorted(LIST_ROUTES))
def test_lists_aimed_at_the_other_district(foreign, client_for, route):
    response = client_for("district_standing").get(LIST_ROUTES[route](foreign))
    assert response.status_code in (200, 404)
    assert not any(name in _body_text(response) for name in FOREIGN_NAMES)


@pytest.mark.parametrize("index", range(len(OWN_LIST_ROUTES)))
def test_own_lists_never_show_foreign_rows(foreign, client_for, index):
    response = client_for("district_standing").get(OWN_LIST_ROUTES[index](foreign))
    assert response.status_code in (200, 404)
    assert not any(name in _body_text(response) for name in FOREIGN_NAMES)


@pytest.mark.parametrize("route", sorted(FOREIGN_POSTS))
def test_foreign_writes_change_nothing(foreign, client_for, route):
    url, data = FOREIGN_POSTS[route](foreign)
    before = _state(foreign)
    response = client_for("district_standing").post(url, data)
    assert response.status_code in (403, 404)
    assert _state(foreign) == before


def test_visible_but_not_allowed_is_forbidden(foreign, client_for):
    """The Trà Sơn base officer sees Trà Sơn but may not set a body's seats (403)."""
    response = client_for("base_officer").post(
        "/cadrework/bodies/seats/", {"unit": foreign.trason.pk, "body": "btv", "term": foreign.term.pk, "seats": 3}
    )
    assert response.status_code == 403
    assert not BodySeats.objects.filter(unit=foreign.trason).exists()


def test_probe_no_role_outside_tam_ky_reads_its_records(foreign, client_for):
    """Issue 11, point 5: every role outside Tam Kỳ, every route above (GET), Tam Kỳ's real ids."""
    assert (
        probe.leaks(
            client_for, foreign, [*OBJECT_ROUTES.values(), *LIST_ROUTES.values(), *OWN_LIST_ROUTES], FOREIGN_NAMES
        )
        == []
    )
