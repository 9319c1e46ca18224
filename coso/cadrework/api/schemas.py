"""The cadre-work API's request and response shapes."""

import datetime
from typing import Literal

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from coso.api.schemas import Id, Input, Text, Version
from coso.cadrework import indicators as engine
from coso.cadrework.models import Indicator, SourcePoolEntry
from coso.core.dates import InputDate, PlanYear
from coso.people.models import Body, PostTitle, TrainingRecord

YearPath = PlanYear
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
    year: PlanYear
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
    year: PlanYear | None = None
    limit: int = Field(500, ge=1, le=2000)


class CadrePlanFilter(Schema):
    unit: Id | None = None
    year: PlanYear | None = None


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
    year: PlanYear
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
    year: PlanYear | None = None


class CadreEvaluationIn(Input):
    level_code: Text(20) = Field(..., min_length=1)
    self_assessment: Text(20000) = ""
    note: Text(20000) = ""
    version: Version | None = Field(
        None, description=gettext_lazy("Bắt buộc khi sửa một đánh giá đã có (phiên bản đã đọc).")
    )
