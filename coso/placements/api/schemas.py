"""The placements API's request and response shapes."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from coso.api.schemas import Id, Input, Version
from coso.core.dates import InputDate, InputYear, PlanYear
from coso.people.models import PostTitle
from coso.placements.models import ChecklistItem

# --------------------------------------------------------------------------- schemas


class GroupOut(Schema):
    version: int
    group: int
    name: str
    requires_executive_full_time: bool
    requires_department_staff: bool
    planned_titles: list[str]
    host_titles: list[str]
    needs_party_agreement: bool


class PlacementPlanOut(Schema):
    id: int
    version: int
    owner_id: int
    owner_name: str
    name: str
    number: str
    issued_on: datetime.date | None
    start_year: int
    end_year: int
    min_months: int
    start_window_months: list[int]
    yearly_cap: int
    age_limit: int
    child_months_limit: int
    evaluation_years: int
    evaluation_max_rank: int
    report_interval_months: int
    reminder_days: int
    groups: list[GroupOut] = []

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_groups(obj):
        return list(obj.group_rules.all())


class PlanPatchIn(Input):
    version: Version
    name: str | None = Field(None, min_length=1, max_length=255)
    number: str | None = Field(None, max_length=60)
    issued_on: InputDate | None = None
    start_year: PlanYear | None = None
    end_year: PlanYear | None = None
    min_months: int | None = Field(None, ge=1, le=60)
    start_window_months: list[int] | None = None
    yearly_cap: int | None = Field(None, ge=1, le=100)
    age_limit: int | None = Field(None, ge=18, le=70)
    child_months_limit: int | None = Field(None, ge=0, le=120)
    evaluation_years: int | None = Field(None, ge=0, le=10)
    evaluation_max_rank: int | None = Field(None, ge=1, le=4)
    report_interval_months: int | None = Field(None, ge=1, le=24)
    reminder_days: int | None = Field(None, ge=0, le=60)


class PlacementPlanIn(Input):
    owner_id: Id
    name: str = Field(..., max_length=255)
    number: str = Field("", max_length=60)
    issued_on: InputDate | None = None
    start_year: PlanYear
    end_year: PlanYear
    with_default_groups: bool = Field(True, description=gettext_lazy("Hai đối tượng theo kế hoạch mẫu (seed 002)."))
    min_months: int | None = Field(None, ge=1, le=60)
    start_window_months: list[int] | None = None
    yearly_cap: int | None = Field(None, ge=1, le=100)
    age_limit: int | None = Field(None, ge=18, le=70)
    child_months_limit: int | None = Field(None, ge=0, le=120)
    evaluation_years: int | None = Field(None, ge=0, le=10)
    evaluation_max_rank: int | None = Field(None, ge=1, le=4)
    report_interval_months: int | None = Field(None, ge=1, le=24)
    reminder_days: int | None = Field(None, ge=0, le=60)


class ReasonOut(Schema):
    code: str
    message: str
    passed: bool


class EligibilityOut(Schema):
    person_id: int
    person_name: str
    eligible: bool
    proposable: bool
    group: int | None
    reasons: list[ReasonOut]


class EligibilityQuery(Schema):
    start: InputDate | None = Field(None, description=gettext_lazy("Ngày bắt đầu dự kiến (mặc định: đầu quý I)."))
    q: str = Field("", max_length=100, description=gettext_lazy("Tìm theo tên, không dấu."))


class ExceptionIn(Input):
    person_id: Id
    reason: str = Field(..., max_length=2000)
    decision_number: str = Field(..., min_length=1, max_length=60)
    decision_date: InputDate


class ExceptionOut(Schema):
    id: int
    person_id: int
    reason: str
    decision_number: str
    decision_date: datetime.date | None


class CandidateOut(Schema):
    id: int
    version: int
    person_id: int
    person_name: str
    group: int
    host_id: int
    host_name: str
    host_title: str
    start_date: datetime.date
    months: int
    party_agreement_date: datetime.date | None
    party_agreement_document: str
    note: str

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_host_name(obj):
        return obj.host.name


class ListOut(Schema):
    id: int
    version: int
    plan_id: int
    year: int
    state: str
    state_label: str
    decision_number: str
    decision_date: datetime.date | None
    signer: str
    candidates: list[CandidateOut] = []

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_candidates(obj):
        return list(obj.candidates.select_related("person", "host"))


class ListIn(Input):
    year: PlanYear


class CandidateIn(Input):
    person_id: Id
    group: int = Field(..., ge=1, le=9)
    host_id: Id
    host_title: PostTitle
    start_date: InputDate
    months: int | None = Field(
        None,
        ge=1,
        le=60,
        description=gettext_lazy(
            "Thời gian đào tạo thực tế (tháng); mặc định và tối thiểu: thời gian tối thiểu của kế hoạch."
        ),
    )
    note: str = Field("", max_length=500)


class AgreementIn(Input):
    agreed_on: InputDate | None = None
    document: str = Field("", max_length=120)


class PlacementStepIn(Input):
    comment: str = Field("", max_length=2000)


class DecideIn(Input):
    decision_number: str = Field("", max_length=60)
    decision_date: InputDate | None = None
    signer: str = Field("", max_length=80)
    signer_title: str = Field("BÍ THƯ", max_length=40)
    comment: str = Field("", max_length=2000)


class TaskOut(Schema):
    id: int
    title: str
    description: str
    assigned_on: datetime.date
    due_date: datetime.date | None
    done_on: datetime.date | None


class TaskIn(Input):
    title: str = Field(..., max_length=255)
    description: str = ""
    assigned_on: InputDate
    due_date: InputDate | None = None


class TaskDoneIn(Input):
    done_on: InputDate


class PlacementRoundOut(Schema):
    id: int
    version: int
    kind: str
    sequence: int
    due_date: datetime.date
    state: str
    state_label: str
    submitted_on: datetime.date | None
    late: bool = False

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_late(obj):
        return obj.state in ("draft", "returned") and obj.due_date < timezone.localdate()


class PlacementReportOut(PlacementRoundOut):
    placement_id: int
    contributions: str
    problems: str
    proposals: str


class ReportIn(Input):
    version: Version
    contributions: str = ""
    problems: str = ""
    proposals: str = ""


class PlacementEvaluationOut(PlacementRoundOut):
    placement_id: int
    strengths: str
    weaknesses: str
    comment: str
    level_code: str | None

    @staticmethod
    def resolve_level_code(obj):
        return obj.level.code if obj.level_id else None


class PlacementEvaluationIn(Input):
    version: Version
    strengths: str = ""
    weaknesses: str = ""
    comment: str = ""
    level_code: str | None = Field(None, description=gettext_lazy("Mã xếp loại cán bộ: HTXSNV, HTTNV, HTNV, KHTNV."))


class ChecklistOut(Schema):
    item: str
    label: str
    done: bool
    done_on: datetime.date | None

    @staticmethod
    def resolve_label(obj):
        return str(obj.get_item_display())


class ChecklistIn(Input):
    item: ChecklistItem.Item
    done: bool = True
    done_on: InputDate | None = None


class FinishIn(Input):
    actual_end: InputDate
    early_reason: str = Field(
        "", max_length=2000, description=gettext_lazy("Bắt buộc khi kết thúc trước ngày dự kiến.")
    )
    comment: str = ""


class CancelIn(Input):
    reason: str
    on: InputDate


class GroupIn(Input):
    name: str
    requires_executive_full_time: bool = False
    requires_department_staff: bool = False
    planned_titles: list[str]
    host_titles: list[str]
    needs_party_agreement: bool = False


class GroupPatchIn(Input):
    version: int
    name: str | None = None
    requires_executive_full_time: bool | None = None
    requires_department_staff: bool | None = None
    planned_titles: list[str] | None = None
    host_titles: list[str] | None = None
    needs_party_agreement: bool | None = None


class PlacementOut(Schema):
    id: int
    version: int
    plan_id: int
    year: int
    person_id: int
    person_name: str
    group: int
    host_id: int
    host_name: str
    host_title: str
    start_date: datetime.date
    planned_end: datetime.date
    actual_end: datetime.date | None
    state: str
    cancel_reason: str
    early_end_reason: str
    tasks: list[TaskOut] = []
    reports: list[PlacementRoundOut] = []
    evaluations: list[PlacementRoundOut] = []
    checklist: list[ChecklistOut] = []

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_host_name(obj):
        return obj.host.name

    @staticmethod
    def resolve_tasks(obj):
        return list(obj.tasks.all())

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.all())

    @staticmethod
    def resolve_evaluations(obj):
        return list(obj.evaluations.all())

    @staticmethod
    def resolve_checklist(obj):
        return list(obj.checklist.all())


class PlacementFilter(Schema):
    plan: Id | None = None
    year: InputYear | None = None
    host: Id | None = Field(None, description=gettext_lazy("Nơi đến (đơn vị cấp huyện)."))
    state: str | None = None


class CompiledRowOut(Schema):
    placement_id: int
    person: str
    group: int
    host: str
    host_title: str
    year: int
    decision: str
    start_date: datetime.date
    planned_end: datetime.date
    state: str
    reports_accepted: int
    reports_total: int
    levels: list[str]


class CompiledOut(Schema):
    plan: str
    year: int | None
    count: int
    placements: list[CompiledRowOut]
    problems: list[str]
    proposals: list[str]
