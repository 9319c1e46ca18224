"""The API of planning, training, evaluation and KPI targets, mounted at /api/cadrework/ (``coso/api/api.py``).

Plans (heading edited with ``version``) and their indicators (with the measures' ``params``;
edited, reordered, removed) with the results computed from the data (and the people behind
them), base units' submissions, the pool of sources, courses and enrollments, rotations, body
seats, the planning of secretaries and deputies, and the yearly evaluation of cadres. Read through ``permissions`` (out of scope: 404), written through ``services``
(same rules as the pages: 400 with every violation, 403 when visible but not allowed, 409 on
a stale ``version``). Every route has a case in ``SCOPE_MATRIX`` (``coso/api/matrix.py``).
"""

import datetime
from contextlib import contextmanager
from typing import Annotated, Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404
from coso.api.matrix import LIST, SELF, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Text, Version
from coso.cadrework import indicators as engine
from coso.cadrework import permissions, selectors, services
from coso.cadrework.models import Indicator, SourcePoolEntry
from coso.core.dates import InputDate
from coso.core.errors import DomainError
from coso.org.models import Department
from coso.people.models import Body, Evaluation, Planning, PostTitle, Term, TrainingRecord

router = Router(tags=[gettext_lazy("Công tác cán bộ")])

Year = Field(..., ge=2000, le=2100)
YearPath = Annotated[int, Field(ge=2000, le=2100)]
Params = dict[Text(40), Text(40)]


# --------------------------------------------------------------------------- schemas


class IndicatorOut(Schema):
    id: int
    version: int
    order: int
    name: str
    population: str
    measure: str
    target_kind: str
    target_value: int
    params: dict[str, str] = {}
    population_label: str
    measure_label: str

    @staticmethod
    def resolve_params(obj):
        return {key: str(value) for key, value in (obj.params or {}).items()}

    @staticmethod
    def resolve_population_label(obj):
        population = engine.POPULATIONS.get(obj.population)
        return str(population.label) if population else obj.population

    @staticmethod
    def resolve_measure_label(obj):
        return engine.params_label(obj) if obj.measure in engine.MEASURES else obj.measure


class CadrePlanOut(Schema):
    id: int
    version: int
    owner_id: int
    owner_name: str
    year: int
    number: str
    title: str
    issued_on: datetime.date | None
    base_plan_deadline: datetime.date | None
    indicators: list[IndicatorOut] = []

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.order_by("order", "id"))


class CadrePlanIn(Input):
    owner_id: Id
    year: int = Year
    title: Text(255) = Field(..., min_length=1)
    number: Text(60) = ""
    issued_on: InputDate | None = None
    base_plan_deadline: InputDate | None = None


class IndicatorIn(Input):
    name: Text(500) = Field(..., min_length=1)
    population: Text(60)
    measure: Text(60)
    target_kind: Indicator.TargetKind
    target_value: int = Field(..., ge=0, le=1_000_000)
    order: int | None = Field(None, ge=0, le=32767)
    params: Params = Field(
        default_factory=dict, max_length=10, description=gettext_lazy('Tham số của tiêu chí, ví dụ {"level": "B2"}.')
    )


class ResultOut(Schema):
    indicator_id: int
    name: str
    unit_id: int
    year: int
    population_count: int
    achieved_count: int
    percent: float | None
    target_kind: str
    target_value: int
    met: bool
    shortfall: int


class WhoOut(Schema):
    id: int
    name: str
    unit_id: int
    unit_name: str


class ResultDetailOut(ResultOut):
    subject: str
    achieved: list[WhoOut]
    missing: list[WhoOut]


class ResultQuery(Schema):
    unit: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    limit: int = Field(500, ge=1, le=2000)


class CadrePlanFilter(Schema):
    unit: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class SubmissionOut(Schema):
    unit_id: int
    unit_name: str
    submitted_on: datetime.date | None
    late: bool


class SubmissionIn(Input):
    unit_id: Id
    submitted_on: InputDate
    document_number: Text(60) = ""


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    on: datetime.date
    note: str


class SourceOut(Schema):
    id: int
    version: int
    unit_id: int
    kind: str
    full_name: str
    school: str
    stage: str
    stage_label: str
    added_on: datetime.date
    changes: list[StageChangeOut] = []

    @staticmethod
    def resolve_stage_label(obj):
        return str(obj.get_stage_display())

    @staticmethod
    def resolve_changes(obj):
        return list(obj.changes.all())


class SourceIn(Input):
    unit_id: Id
    kind: Literal[tuple(SourcePoolEntry.Kind.values)]
    full_name: Text(200) = Field(..., min_length=1)
    school: Text(200) = ""
    added_on: InputDate


class AdvanceIn(Input):
    to_stage: SourcePoolEntry.Stage
    on: InputDate
    note: Text(255) = ""
    version: Version | None = None


class CadreUnitFilter(Schema):
    unit: Id | None = None


class SessionOut(Schema):
    id: int
    on: datetime.date
    topic: str


class EnrollmentOut(Schema):
    id: int
    version: int
    course_id: int
    person_id: int
    person_name: str
    sent_on: datetime.date
    attended: list[int]
    completed: bool

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_attended(obj):
        return sorted(s.pk for s in obj.attended.all())


class CourseOut(Schema):
    id: int
    version: int
    organiser_id: int
    kind: str
    name: str
    level: str
    start_date: datetime.date
    end_date: datetime.date | None
    required_sessions: int | None
    sessions: list[SessionOut] = []

    @staticmethod
    def resolve_sessions(obj):
        return list(obj.sessions.all())


class CourseDetailOut(CourseOut):
    enrollments: list[EnrollmentOut] = []

    @staticmethod
    def resolve_enrollments(obj):
        return list(obj.enrollments.select_related("person").prefetch_related("attended"))


class CourseIn(Input):
    organiser_id: Id
    kind: Literal[tuple(TrainingRecord.Kind.values)]
    name: Text(255) = Field(..., min_length=1)
    level: Text(40) = ""
    start_date: InputDate
    end_date: InputDate | None = None
    required_sessions: int | None = Field(None, ge=1, le=1000)
    session_dates: list[InputDate] = Field(default_factory=list, max_length=366)


class EnrollIn(Input):
    person_id: Id
    sent_on: InputDate


class AttendanceIn(Input):
    session_ids: list[Id] = Field(default_factory=list, max_length=1000)
    replace: bool = True


class CompleteIn(Input):
    completed: bool = True
    version: Version | None = None


class RotationOut(Schema):
    id: int
    person_id: int
    person_name: str
    from_department_id: int | None
    to_department_id: int
    on: datetime.date
    decision_number: str

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name


class RotationIn(Input):
    person_id: Id
    to_department_id: Id
    on: InputDate
    decision_number: Text(60) = ""


class SeatsOut(Schema):
    unit_id: int
    body: str
    body_label: str
    seats: int
    filled: int
    vacant: int
    since: datetime.date | None


class SeatsQuery(Schema):
    unit: Id
    on: InputDate | None = None


class SeatsIn(Input):
    unit_id: Id
    body: Body
    term_id: Id
    seats: int = Field(..., ge=0, le=1000)
    version: Version | None = None


class PlanEditIn(Input):
    year: int = Year
    title: Text(255) = Field(..., min_length=1)
    number: Text(60) = ""
    issued_on: InputDate | None = None
    base_plan_deadline: InputDate | None = None
    version: Version


class IndicatorEditIn(Input):
    name: Text(500) = Field(..., min_length=1)
    population: Text(60)
    measure: Text(60)
    target_kind: Indicator.TargetKind
    target_value: int = Field(..., ge=0, le=1_000_000)
    params: Params = Field(default_factory=dict, max_length=10)
    version: Version


class PlanningMoveIn(Input):
    direction: Literal["up", "down"]


class PlanningOut(Schema):
    id: int
    version: int
    unit_id: int
    unit_name: str
    person_id: int
    person_name: str
    title: str
    title_label: str
    term_id: int
    term: str
    decided_on: datetime.date | None
    decision_number: str
    removed_on: datetime.date | None

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_title_label(obj):
        return str(PostTitle(obj.title).label)

    @staticmethod
    def resolve_term(obj):
        return str(obj.term)


class PlanningFilter(Schema):
    unit: Id | None = None
    term: Id | None = None
    removed: bool | None = Field(
        None, description=gettext_lazy("true: chỉ người đã đưa ra; false: chỉ người đang trong quy hoạch.")
    )


class PlanningIn(Input):
    unit_id: Id
    person_id: Id
    title: Text(40) = Field(..., description=gettext_lazy("secretary (Bí thư) hoặc deputy_secretary (Phó Bí thư)."))
    term_id: Id
    decided_on: InputDate | None = None
    decision_number: Text(60) = ""


class PlanningRemoveIn(Input):
    on: InputDate
    version: Version


class CadreLevelOut(Schema):
    id: int
    code: str
    name: str
    rank: int


class CadreEvaluationOut(Schema):
    id: int
    version: int
    person_id: int
    person_name: str
    unit_id: int
    year: int
    level_code: str
    level_name: str
    self_assessment: str
    note: str

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_unit_id(obj):
        return obj.person.unit_id

    @staticmethod
    def resolve_level_code(obj):
        return obj.level.code

    @staticmethod
    def resolve_level_name(obj):
        return obj.level.name


class EvaluationFilter(Schema):
    unit: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)


class CadreEvaluationIn(Input):
    level_code: Text(20) = Field(..., min_length=1)
    self_assessment: Text(20000) = ""
    note: Text(20000) = ""
    version: Version | None = Field(
        None, description=gettext_lazy("Bắt buộc khi sửa một đánh giá đã có (phiên bản đã đọc).")
    )


# --------------------------------------------------------------------------- helpers


def _plan_or_404(user, pk):
    return get_object_or_404(permissions.plans(user), pk=pk)


def _result_out(r):
    return {
        "indicator_id": r.indicator.pk,
        "name": r.name,
        "unit_id": r.unit.pk,
        "year": r.year,
        "population_count": r.population_count,
        "achieved_count": r.achieved_count,
        "percent": None if r.percent is None else float(r.percent),
        "target_kind": r.target_kind,
        "target_value": r.target_value,
        "met": r.met,
        "shortfall": r.shortfall,
    }


def _who(rows):
    """People (or sources) behind a number: both have ``full_name`` and ``unit``."""
    return [{"id": o.pk, "name": o.full_name, "unit_id": o.unit_id, "unit_name": o.unit.name} for o in rows]


def _unit_in_plan(user, plan, pk):
    if pk is None:
        return permissions.plan_unit(user, plan)
    unit = visible_unit_or_404(user, pk)
    if not unit.path.startswith(plan.owner.path):
        raise scoping.OutOfScope(_("Đơn vị không thuộc phạm vi của kế hoạch."))
    return unit


@contextmanager
def _api_fields(**renamed):
    """Name each refusal's field as the API's payload does: the services name the pages' form
    fields (``person``, ``param_level``); here ``person_id``, ``params.level``."""
    try:
        yield
    except DomainError as error:

        def rename(field):
            if field and field.startswith("param_"):
                return f"params.{field.removeprefix('param_')}"
            return renamed.get(field, field)

        error.field = rename(error.field)
        error.violation_fields = [rename(field) for field in error.violation_fields]
        raise


# --------------------------------------------------------------------------- plans and results


@router.get("/plans", response=list[CadrePlanOut], summary=gettext_lazy("Các kế hoạch công tác cán bộ"))
@paginate(Pagination)
def list_plans(request, filters: Query[CadrePlanFilter]):
    plans = permissions.plans(caller(request))
    if filters.unit:
        plans = plans.filter(owner_id=filters.unit)
    if filters.year:
        plans = plans.filter(year=filters.year)
    return plans.order_by("-year", "owner__path", "pk")


@router.post(
    "/plans", response={201: CadrePlanOut, **WRITE_ERRORS}, summary=gettext_lazy("Lập kế hoạch công tác cán bộ")
)
def create_plan(request, payload: CadrePlanIn):
    user = caller(request)
    owner = visible_unit_or_404(user, payload.owner_id)
    data = payload.dict(exclude={"owner_id"})
    plan = services.create_plan(actor=user, owner=owner, **data)
    return Status(201, _plan_or_404(user, plan.pk))


@router.get(
    "/plans/{plan_id}",
    response={200: CadrePlanOut, **READ_ERRORS},
    summary=gettext_lazy("Một kế hoạch và hệ thống chỉ tiêu"),
)
def get_plan(request, plan_id: Id):
    return _plan_or_404(caller(request), plan_id)


@router.post(
    "/plans/{plan_id}/indicators",
    response={201: IndicatorOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm chỉ tiêu vào kế hoạch"),
)
def add_indicator(request, plan_id: Id, payload: IndicatorIn):
    user = caller(request)
    plan = _plan_or_404(user, plan_id)
    with _api_fields():
        return Status(201, services.add_indicator(actor=user, plan=plan, **payload.dict()))


@router.put(
    "/plans/{plan_id}", response={200: CadrePlanOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa phần đầu kế hoạch")
)
def update_plan(request, plan_id: Id, payload: PlanEditIn):
    user = caller(request)
    plan = _plan_or_404(user, plan_id)
    services.update_plan(actor=user, plan=plan, **payload.dict())
    return _plan_or_404(user, plan.pk)


def _indicator_or_404(user, pk):
    return get_object_or_404(permissions.indicators(user), pk=pk)


@router.put(
    "/indicators/{indicator_id}", response={200: IndicatorOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa chỉ tiêu")
)
def update_indicator(request, indicator_id: Id, payload: IndicatorEditIn):
    user = caller(request)
    indicator = _indicator_or_404(user, indicator_id)
    with _api_fields():
        return services.update_indicator(actor=user, indicator=indicator, **payload.dict())


@router.post(
    "/indicators/{indicator_id}/move",
    response={200: CadrePlanOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đưa chỉ tiêu lên hoặc xuống một dòng (đánh số lại 1..n)"),
)
def move_indicator(request, indicator_id: Id, payload: PlanningMoveIn):
    user = caller(request)
    indicator = _indicator_or_404(user, indicator_id)
    services.move_indicator(actor=user, indicator=indicator, up=payload.direction == "up")
    return _plan_or_404(user, indicator.plan_id)


@router.delete(
    "/indicators/{indicator_id}",
    response={200: CadrePlanOut, **WRITE_ERRORS},
    summary=gettext_lazy("Xoá chỉ tiêu (các chỉ tiêu còn lại được đánh số lại 1..n)"),
)
def remove_indicator(request, indicator_id: Id, version: Version):
    user = caller(request)
    indicator = _indicator_or_404(user, indicator_id)
    services.remove_indicator(actor=user, indicator=indicator, version=version)
    return _plan_or_404(user, indicator.plan_id)


@router.get(
    "/plans/{plan_id}/results",
    response={200: list[ResultOut], **WRITE_ERRORS},
    summary=gettext_lazy("Kết quả các chỉ tiêu, tính từ dữ liệu"),
)
def plan_results(request, plan_id: Id, query: Query[ResultQuery]):
    user = caller(request)
    plan = _plan_or_404(user, plan_id)
    unit = _unit_in_plan(user, plan, query.unit)
    return [_result_out(r) for r in engine.dashboard(plan, unit, user=user, year=query.year)]


@router.get(
    "/indicators/{indicator_id}/result",
    response={200: ResultDetailOut, **WRITE_ERRORS},
    summary=gettext_lazy("Kết quả một chỉ tiêu và những người đạt, chưa đạt"),
)
def indicator_result(request, indicator_id: Id, query: Query[ResultQuery]):
    user = caller(request)
    indicator = get_object_or_404(permissions.indicators(user), pk=indicator_id)
    unit = _unit_in_plan(user, indicator.plan, query.unit)
    r = engine.compute(indicator, unit, query.year, user=user)
    subject = engine.POPULATIONS[indicator.population].subject
    order = ("sort_key", "id") if subject == engine.PERSON else ("full_name", "id")
    out = _result_out(r)
    out.update(
        subject=subject,
        achieved=_who(r.achieved.select_related("unit").order_by(*order)[: query.limit]),
        missing=_who(r.missing.select_related("unit").order_by(*order)[: query.limit]),
    )
    return out


@router.get(
    "/plans/{plan_id}/submissions",
    response={200: list[SubmissionOut], **READ_ERRORS},
    summary=gettext_lazy("Kế hoạch của các cơ sở Đoàn: đã gửi, gửi muộn, chưa gửi"),
)
def plan_submissions(request, plan_id: Id, on: datetime.date | None = None):
    user = caller(request)
    plan = _plan_or_404(user, plan_id)
    visible = scoping.visible_units(user).filter(path__startswith=plan.owner.path).values_list("pk", flat=True)
    visible = set(visible)
    return [
        {"unit_id": s.unit.pk, "unit_name": s.unit.name, "submitted_on": s.submitted_on, "late": s.late}
        for s in selectors.submission_status(plan, on or timezone.localdate())
        if s.unit.pk in visible
    ]


@router.post(
    "/plans/{plan_id}/submissions",
    response={201: SubmissionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi nhận kế hoạch một cơ sở Đoàn đã gửi"),
)
def record_submission(request, plan_id: Id, payload: SubmissionIn):
    user = caller(request)
    plan = _plan_or_404(user, plan_id)
    unit = visible_unit_or_404(user, payload.unit_id)
    with _api_fields(unit="unit_id"):
        row = services.record_base_plan(
            actor=user, plan=plan, unit=unit, submitted_on=payload.submitted_on, document_number=payload.document_number
        )
    late = bool(plan.base_plan_deadline and row.submitted_on > plan.base_plan_deadline)
    return Status(201, {"unit_id": unit.pk, "unit_name": unit.name, "submitted_on": row.submitted_on, "late": late})


# --------------------------------------------------------------------------- sources


@router.get("/sources", response=list[SourceOut], summary=gettext_lazy("Nguồn cán bộ"))
@paginate(Pagination)
def list_sources(request, filters: Query[CadreUnitFilter]):
    rows = permissions.sources(caller(request)).prefetch_related("changes")
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    return rows.order_by("kind", "full_name", "pk")


@router.post("/sources", response={201: SourceOut, **WRITE_ERRORS}, summary=gettext_lazy("Đưa một người vào nguồn"))
def add_source(request, payload: SourceIn):
    user = caller(request)
    unit = visible_unit_or_404(user, payload.unit_id)
    return Status(201, services.add_source(actor=user, unit=unit, **payload.dict(exclude={"unit_id"})))


@router.post(
    "/sources/{source_id}/advance", response={200: SourceOut, **WRITE_ERRORS}, summary=gettext_lazy("Chuyển giai đoạn")
)
def advance_source(request, source_id: Id, payload: AdvanceIn):
    user = caller(request)
    entry = get_object_or_404(permissions.sources(user), pk=source_id)
    return services.advance_source(actor=user, entry=entry, **payload.dict())


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


# --------------------------------------------------------------------------- rotations and seats


@router.get("/rotations", response=list[RotationOut], summary=gettext_lazy("Luân chuyển cán bộ giữa các ban"))
@paginate(Pagination)
def list_rotations(request, filters: Query[CadreUnitFilter]):
    rows = permissions.rotations(caller(request))
    if filters.unit:
        rows = rows.filter(person__unit_id=filters.unit)
    return rows.order_by("-on", "-pk")


@router.post("/rotations", response={201: RotationOut, **WRITE_ERRORS}, summary=gettext_lazy("Ghi luân chuyển"))
def rotate(request, payload: RotationIn):
    user = caller(request)
    person = get_object_or_404(permissions.cadres(user), pk=payload.person_id)
    department = get_object_or_404(
        Department.objects.filter(unit__in=scoping.visible_units(user)), pk=payload.to_department_id
    )
    rotation = services.rotate(
        actor=user, person=person, to_department=department, on=payload.on, decision_number=payload.decision_number
    )
    return Status(201, rotation)


def _seats_out(vacancies):
    return [
        {
            "unit_id": v.unit.pk,
            "body": v.body,
            "body_label": str(v.body_label),
            "seats": v.seats,
            "filled": v.filled,
            "vacant": v.vacant,
            "since": v.since,
        }
        for v in vacancies
    ]


@router.get(
    "/seats",
    response={200: list[SeatsOut], **READ_ERRORS},
    summary=gettext_lazy("Số lượng, đang có, khuyết của các cơ quan"),
)
def seats(request, query: Query[SeatsQuery]):
    unit = visible_unit_or_404(caller(request), query.unit)
    return _seats_out(selectors.vacancies(unit, on=query.on))


@router.put(
    "/seats", response={200: list[SeatsOut], **WRITE_ERRORS}, summary=gettext_lazy("Quy định số lượng của một cơ quan")
)
def set_seats(request, payload: SeatsIn):
    user = caller(request)
    unit = visible_unit_or_404(user, payload.unit_id)
    term = get_object_or_404(Term, pk=payload.term_id)
    services.set_body_seats(
        actor=user, unit=unit, body=payload.body, term=term, seats=payload.seats, version=payload.version
    )
    day = datetime.date(term.start_year, 12, 31)
    return _seats_out(selectors.vacancies(unit, on=day))


# --------------------------------------------------------------------------- planning (quy hoạch)


def _plannings(user):
    rows = Planning.objects.filter(scoping.unit_q(user, scoping.VIEW, prefix="unit__"))
    return rows.filter(title__in=services.PLANNING_TITLES).select_related("unit", "person", "term")


@router.get("/planning", response=list[PlanningOut], summary=gettext_lazy("Quy hoạch Bí thư, Phó Bí thư"))
@paginate(Pagination)
def list_planning(request, filters: Query[PlanningFilter]):
    rows = _plannings(caller(request))
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    if filters.term:
        rows = rows.filter(term_id=filters.term)
    if filters.removed is not None:
        rows = rows.filter(removed_on__isnull=not filters.removed)
    return rows.order_by("term__start_year", "unit__path", "title", "person__sort_key", "pk")


@router.post(
    "/planning", response={201: PlanningOut, **WRITE_ERRORS}, summary=gettext_lazy("Đưa một người vào quy hoạch")
)
def add_planning(request, payload: PlanningIn):
    user = caller(request)
    unit = visible_unit_or_404(user, payload.unit_id)
    person = get_object_or_404(scoping.visible_people(user), pk=payload.person_id)
    term = get_object_or_404(Term, pk=payload.term_id)
    with _api_fields(person="person_id"):
        row = services.add_planning(
            actor=user,
            unit=unit,
            person=person,
            title=payload.title,
            term=term,
            decided_on=payload.decided_on,
            decision_number=payload.decision_number,
        )
    return Status(201, _plannings(user).get(pk=row.pk))


@router.post(
    "/planning/{planning_id}/remove",
    response={200: PlanningOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đưa ra khỏi quy hoạch"),
)
def remove_planning(request, planning_id: Id, payload: PlanningRemoveIn):
    user = caller(request)
    row = get_object_or_404(_plannings(user), pk=planning_id)
    services.remove_planning(actor=user, planning=row, on=payload.on, version=payload.version)
    return _plannings(user).get(pk=row.pk)


# --------------------------------------------------------------------------- evaluations


@router.get(
    "/evaluations/levels",
    response=list[CadreLevelOut],
    summary=gettext_lazy("Các mức xếp loại cán bộ của một năm (tốt nhất trước)"),
)
def evaluation_levels(request, year: YearPath):
    return services.evaluation_levels(year)


@router.get(
    "/evaluations", response=list[CadreEvaluationOut], summary=gettext_lazy("Đánh giá, xếp loại cán bộ hằng năm")
)
@paginate(Pagination)
def list_evaluations(request, filters: Query[EvaluationFilter]):
    user = caller(request)
    rows = Evaluation.objects.filter(person__in=permissions.cadres(user))
    if filters.unit:
        unit = visible_unit_or_404(user, filters.unit)
        rows = rows.filter(person__unit__path__startswith=unit.path)
    if filters.year:
        rows = rows.filter(year=filters.year)
    return rows.select_related("person", "level").order_by("-year", "person__sort_key", "pk")


@router.put(
    "/cadres/{person_id}/evaluations/{year}",
    response={200: CadreEvaluationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi (hoặc sửa) tự kiểm điểm và xếp loại của cán bộ trong năm"),
)
def evaluate(request, person_id: Id, year: YearPath, payload: CadreEvaluationIn):
    user = caller(request)
    person = get_object_or_404(permissions.cadres(user), pk=person_id)
    level = next((lvl for lvl in services.evaluation_levels(year) if lvl.code == payload.level_code), None)
    if level is None:
        raise DomainError(
            "bad_level",
            _("Không có mức xếp loại cán bộ «%(code)s» trong năm %(year)s.")
            % {"code": payload.level_code, "year": year},
            field="level_code",
        )
    evaluation = services.evaluate(
        actor=user,
        person=person,
        year=year,
        level=level,
        self_assessment=payload.self_assessment,
        note=payload.note,
        version=payload.version,
    )
    return Evaluation.objects.select_related("person", "level").get(pk=evaluation.pk)


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
