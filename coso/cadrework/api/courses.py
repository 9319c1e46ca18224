"""Training courses, enrolments, attendance and completion."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id
from coso.cadrework import permissions, services
from coso.cadrework.api.common import router
from coso.cadrework.api.schemas import (
    AttendanceIn,
    CadreUnitFilter,
    CompleteIn,
    CourseDetailOut,
    CourseIn,
    CourseOut,
    EnrollIn,
    EnrollmentOut,
)
from coso.core.errors import DomainError

# --------------------------------------------------------------------------- courses


def _course_or_404(user, pk):
    return get_object_or_404(permissions.courses(user), pk=pk)


@router.get("/courses", response=list[CourseOut], summary=gettext_lazy("Lớp đào tạo, bồi dưỡng"))
@paginate(Pagination)
def list_courses(request, filters: Query[CadreUnitFilter]):
    rows = permissions.courses(caller(request)).prefetch_related("sessions")
    if filters.unit:
        rows = rows.filter(organiser_id=filters.unit)
    return rows.order_by("-start_date", "name", "pk")


@router.post("/courses", response={201: CourseDetailOut, **WRITE_ERRORS}, summary=gettext_lazy("Mở lớp"))
def create_course(request, payload: CourseIn):
    user = caller(request)
    organiser = visible_unit_or_404(user, payload.organiser_id)
    course = services.create_course(actor=user, organiser=organiser, **payload.dict(exclude={"organiser_id"}))
    return Status(201, course)


@router.get(
    "/courses/{course_id}", response={200: CourseDetailOut, **READ_ERRORS}, summary=gettext_lazy("Một lớp và học viên")
)
def get_course(request, course_id: Id):
    return _course_or_404(caller(request), course_id)


@router.post(
    "/courses/{course_id}/enrollments",
    response={201: EnrollmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cử cán bộ đi học"),
)
def enroll(request, course_id: Id, payload: EnrollIn):
    user = caller(request)
    course = _course_or_404(user, course_id)
    person = get_object_or_404(scoping.visible_people(user), pk=payload.person_id)
    return Status(201, services.enroll(actor=user, course=course, person=person, sent_on=payload.sent_on))


@router.post(
    "/enrollments/{enrollment_id}/attendance",
    response={200: EnrollmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Điểm danh"),
)
def attendance(request, enrollment_id: Id, payload: AttendanceIn):
    user = caller(request)
    enrollment = get_object_or_404(permissions.enrollments(user), pk=enrollment_id)
    sessions = list(enrollment.course.sessions.filter(pk__in=payload.session_ids))
    if len(sessions) != len(set(payload.session_ids)):
        raise DomainError("foreign_session", _("Buổi học không thuộc lớp này."), field="session_ids")
    services.record_attendance(actor=user, enrollment=enrollment, sessions=sessions, replace=payload.replace)
    return enrollment


@router.post(
    "/enrollments/{enrollment_id}/complete",
    response={200: EnrollmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi nhận hoàn thành (ghi vào quá trình đào tạo của cán bộ)"),
)
def complete(request, enrollment_id: Id, payload: CompleteIn):
    user = caller(request)
    enrollment = get_object_or_404(permissions.enrollments(user), pk=enrollment_id)
    return services.complete_enrollment(
        actor=user, enrollment=enrollment, completed=payload.completed, version=payload.version
    )
