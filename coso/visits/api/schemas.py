"""The visits API's request and response shapes."""

import datetime
import uuid

from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from coso.api.common import caller
from coso.api.schemas import Id, Input, Version
from coso.core.dates import InputDate, InputMonth, InputYear, PlanYear
from coso.visits import selectors
from coso.visits.models import (
    ActivityRelation,
    VisitForm,
)

# --------------------------------------------------------------------------- schemas


class PlannedVisitOut(Schema):
    id: int
    version: int
    unit_id: int
    unit_name: str
    start_date: datetime.date
    end_date: datetime.date
    days: int
    form: str
    form_label: str
    content: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_form_label(obj):
        return str(obj.get_form_display())


class VisitPlanOut(Schema):
    id: int
    version: int
    cadre_id: int
    cadre_name: str
    year: int
    quarter: int
    state: str
    state_label: str
    note: str
    first_submitted_at: datetime.datetime | None
    planned_visits: list[PlannedVisitOut] = []

    @staticmethod
    def resolve_cadre_name(obj):
        return obj.cadre.full_name

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_planned_visits(obj):
        return list(obj.planned_visits.select_related("unit"))


class VisitPlanIn(Input):
    cadre_id: Id
    year: PlanYear
    quarter: int = Field(..., ge=1, le=4)
    note: str = ""


class TripIn(Input):
    unit_id: Id
    start_date: InputDate
    end_date: InputDate | None = None
    form: VisitForm
    content: str = ""
    activity_relation: ActivityRelation = ActivityRelation.NONE
    activity_name: str = ""
    activity_date: InputDate | None = None


class VisitStepIn(Input):
    comment: str = ""
    version: Version | None = None


class VisitOut(Schema):
    id: int
    version: int
    cadre_id: int
    cadre_name: str
    unit_id: int
    unit_name: str
    start_date: datetime.date
    end_date: datetime.date
    days: int
    form: str
    form_label: str
    content: str
    findings: str
    problems: str
    proposals: str
    is_ad_hoc: bool
    planned_visit_id: int | None
    client_id: uuid.UUID | None
    proof: str = Field(..., description="near, far, low_accuracy, no_reference, none")
    proof_label: str
    distance_m: float | None
    latitude: float | None
    longitude: float | None
    location_accuracy_m: float | None
    photo_ids: list[int] = []

    @staticmethod
    def resolve_cadre_name(obj):
        return obj.cadre.full_name

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_form_label(obj):
        return str(obj.get_form_display())

    @staticmethod
    def resolve_proof_label(obj):
        return str(obj.get_proof_display())

    @staticmethod
    def resolve_photo_ids(obj):
        return [photo.pk for photo in obj.photos.all()]


class VisitIn(TripIn):
    cadre_id: Id
    findings: str = ""
    problems: str = ""
    proposals: str = ""
    is_ad_hoc: bool = False
    planned_visit_id: Id | None = None
    client_id: uuid.UUID | None = Field(
        None,
        description=gettext_lazy(
            "Mã do máy tạo cho chuyến đi (UUID). Gửi lại cùng mã: trả về chuyến đi đã lưu (200), không ghi thêm."
        ),
    )
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    location_accuracy_m: float | None = Field(None, ge=0, le=10_000_000)


class PhotoIn(Input):
    content_base64: str = Field(
        ..., max_length=5_000_000, description=gettext_lazy("Ảnh JPEG (đã thu nhỏ trên máy), mã base64.")
    )
    client_id: uuid.UUID | None = None


class PhotoOut(Schema):
    id: int
    visit_id: int
    size: int


class VisitPatchIn(Input):
    version: Version
    unit_id: Id | None = None
    start_date: InputDate | None = None
    end_date: InputDate | None = None
    form: VisitForm | None = None
    content: str | None = None
    findings: str | None = None
    problems: str | None = None
    proposals: str | None = None
    is_ad_hoc: bool | None = None


class VisitFilter(Schema):
    month: InputMonth | None = Field(None, pattern=r"^\d{4}-\d{2}$", description=gettext_lazy("Tháng YYYY-MM."))
    unit: Id | None = Field(None, description=gettext_lazy("Đơn vị đến (và các đơn vị trực thuộc)."))
    cadre: Id | None = None


class ReportLineOut(Schema):
    visit_id: int
    unit_name: str
    start_date: datetime.date
    end_date: datetime.date
    days_in_month: int
    host_id: int
    host_name: str


class HostOut(Schema):
    district_id: int
    district_name: str
    state: str
    state_label: str
    comment: str


class VisitReportOut(Schema):
    id: int
    version: int
    cadre_id: int
    cadre_name: str
    year: int
    month: int
    state: str
    state_label: str
    summary: str
    total_days: int
    due_date: datetime.date
    is_late: bool
    review_comment: str
    lines: list[ReportLineOut] = []
    hosts: list[HostOut] = []

    @staticmethod
    def resolve_cadre_name(obj):
        return obj.cadre.full_name

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_total_days(obj, context):
        return _parts(obj, context).days

    @staticmethod
    def resolve_review_comment(obj, context):
        return _parts(obj, context).review_comment

    @staticmethod
    def resolve_lines(obj, context):
        return [
            {
                "visit_id": line.visit_id,
                "unit_name": line.visit.unit.name,
                "start_date": line.visit.start_date,
                "end_date": line.visit.end_date,
                "days_in_month": line.days_in_month,
                "host_id": line.host_id,
                "host_name": line.host.name,
            }
            for line in _parts(obj, context).lines
        ]

    @staticmethod
    def resolve_hosts(obj, context):
        return [
            {
                "district_id": h.district_id,
                "district_name": h.district.name,
                "state": h.state,
                "state_label": str(h.get_state_display()),
                "comment": h.comment,
            }
            for h in _parts(obj, context).confirmations
        ]


def _parts(report, context):
    """What the caller reads of the report (selectors.report_parts: a host district its own
    part), worked out once per report and answer."""
    parts = getattr(report, "_parts_for_viewer", None)
    if parts is None:
        parts = report._parts_for_viewer = selectors.report_parts(caller(context["request"]), report)
    return parts


class ReportDraftIn(Input):
    cadre_id: Id
    year: PlanYear
    month: int = Field(..., ge=1, le=12)
    summary: str | None = None


class HostStepIn(Input):
    district_id: Id
    comment: str = ""


class ReportFilter(Schema):
    year: InputYear | None = None
    month: int | None = Field(None, ge=1, le=12)
    cadre: Id | None = None
    state: str | None = None


class PracticeOut(Schema):
    id: int
    version: int
    title: str
    description: str
    unit_id: int
    unit_name: str
    visit_id: int | None
    reported_by_id: int
    reported_by_name: str
    reported_on: datetime.date
    to_replicate: bool

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_reported_by_name(obj):
        return obj.reported_by.full_name


class PracticeIn(Input):
    cadre_id: Id
    unit_id: Id
    title: str = Field(..., min_length=1, max_length=255)
    description: str = ""
    visit_id: Id | None = None
    reported_on: InputDate | None = None


class ReplicateIn(Input):
    to_replicate: bool = True
    version: Version | None = None


class ProgressItemOut(Schema):
    code: str
    label: str
    value: str
    target: str
    status: str
    status_label: str
    detail: str


class ProgressOut(Schema):
    cadre_id: int
    cadre_name: str
    year: int
    on: datetime.date
    ok: bool
    items: list[ProgressItemOut]


class CoverageOut(Schema):
    district_id: int
    district_name: str
    base_units_total: int
    base_units_visited: int
    percent: float | None
    visited_units: list[str]
    unvisited_units: list[str]
    total_days: int
    ad_hoc_days: int
    days_by_month: list[int]


class RankingLineOut(Schema):
    code: str
    text: str
    amount: float


class RankingRowOut(Schema):
    position: int
    cadre_id: int
    cadre_name: str
    report_id: int
    total: float
    lines: list[RankingLineOut]


class YearQuery(Schema):
    year: PlanYear
    on: InputDate | None = None


class CoverageQuery(Schema):
    unit: Id
    year: PlanYear


class RankingQuery(Schema):
    unit: Id
    year: PlanYear
    month: int = Field(..., ge=1, le=12)


class VisitPlanFilter(Schema):
    year: InputYear | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    cadre: Id | None = None
