"""/api/visits/: quarter plans, visits, monthly reports, good practices, progress, coverage and
ranking of the grassroots visits (đi cơ sở), read through the visits' ``visible_to`` scopes and
written through ``coso.visits.services`` (the same rules as the pages).

Out of scope is a 404 (as missing); a rule broken is a 400 with every violation; a stale
``version`` is a 409.
"""

import datetime
import uuid

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate, InputMonth, parse_month
from coso.visits import coverage as coverage_mod
from coso.visits import ranking as ranking_mod
from coso.visits import rules, selectors, services
from coso.visits.models import (
    ActivityRelation,
    GoodPractice,
    MonthlyReport,
    PlannedVisit,
    QuarterPlan,
    Visit,
    VisitForm,
)

router = Router(tags=[gettext_lazy("Đi cơ sở")])


# --------------------------------------------------------------------------- look-ups


def _person_or_404(user, pk):
    return get_object_or_404(scoping.visible_people(user).select_related("unit"), pk=pk)


def _plans(user):
    return QuarterPlan.objects.visible_to(user).select_related("cadre")


def _visits(user):
    return Visit.objects.visible_to(user).select_related("cadre", "unit").prefetch_related("photos")


def _reports(user):
    return MonthlyReport.objects.visible_to(user).select_related("cadre__unit")


def _practices(user):
    return GoodPractice.objects.visible_to(user).select_related("unit", "reported_by")


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
    year: int = Field(..., ge=2000, le=2100)
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
    year: int = Field(..., ge=2000, le=2100)
    month: int = Field(..., ge=1, le=12)
    summary: str | None = None


class HostStepIn(Input):
    district_id: Id
    comment: str = ""


class ReportFilter(Schema):
    year: int | None = None
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
    year: int = Field(..., ge=2000, le=2100)
    on: InputDate | None = None


class CoverageQuery(Schema):
    unit: Id
    year: int = Field(..., ge=2000, le=2100)


class RankingQuery(Schema):
    unit: Id
    year: int = Field(..., ge=2000, le=2100)
    month: int = Field(..., ge=1, le=12)


class VisitPlanFilter(Schema):
    year: int | None = None
    quarter: int | None = Field(None, ge=1, le=4)
    cadre: Id | None = None


# --------------------------------------------------------------------------- plans


def _plan_out(user, pk):
    return get_object_or_404(_plans(user), pk=pk)


@router.get("/plans", response=list[VisitPlanOut], summary=gettext_lazy("Kế hoạch đi cơ sở quý"))
@paginate(Pagination)
def list_plans(request, filters: Query[VisitPlanFilter]):
    plans = _plans(caller(request))
    if filters.year:
        plans = plans.filter(year=filters.year)
    if filters.quarter:
        plans = plans.filter(quarter=filters.quarter)
    if filters.cadre:
        plans = plans.filter(cadre_id=filters.cadre)
    return plans.order_by("-year", "-quarter", "cadre__sort_key", "pk")


@router.post("/plans", response={201: VisitPlanOut, **WRITE_ERRORS}, summary=gettext_lazy("Lập kế hoạch quý"))
def create_plan(request, payload: VisitPlanIn):
    user = caller(request)
    cadre = _person_or_404(user, payload.cadre_id)
    plan = services.create_plan(actor=user, cadre=cadre, year=payload.year, quarter=payload.quarter, note=payload.note)
    return Status(201, _plan_out(user, plan.pk))


@router.get("/plans/{plan_id}", response={200: VisitPlanOut, **READ_ERRORS}, summary=gettext_lazy("Một kế hoạch quý"))
def get_plan(request, plan_id: Id):
    return _plan_out(caller(request), plan_id)


@router.post(
    "/plans/{plan_id}/visits",
    response={201: VisitPlanOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm chuyến đi dự kiến"),
)
def add_planned_visit(request, plan_id: Id, payload: TripIn):
    user = caller(request)
    plan = _plan_out(user, plan_id)
    services.add_planned_visit(
        actor=user,
        plan=plan,
        unit=visible_unit_or_404(user, payload.unit_id),
        start_date=payload.start_date,
        end_date=payload.end_date or payload.start_date,
        form=payload.form,
        content=payload.content,
        activity_relation=payload.activity_relation,
        activity_name=payload.activity_name,
        activity_date=payload.activity_date,
    )
    return Status(201, _plan_out(user, plan.pk))


@router.delete(
    "/plans/{plan_id}/visits/{planned_visit_id}",
    response={200: VisitPlanOut, **WRITE_ERRORS},
    summary=gettext_lazy("Bỏ chuyến đi dự kiến"),
)
def remove_planned_visit(request, plan_id: Id, planned_visit_id: Id):
    user = caller(request)
    plan = _plan_out(user, plan_id)
    planned = get_object_or_404(PlannedVisit, plan=plan, pk=planned_visit_id)
    services.remove_planned_visit(actor=user, planned_visit=planned)
    return _plan_out(user, plan.pk)


def _plan_step(step, request, plan_id, payload):
    user = caller(request)
    plan = _plan_out(user, plan_id)
    step(actor=user, plan=plan, comment=payload.comment, version=payload.version)
    return _plan_out(user, plan.pk)


@router.post(
    "/plans/{plan_id}/submit", response={200: VisitPlanOut, **WRITE_ERRORS}, summary=gettext_lazy("Đăng ký kế hoạch")
)
def submit_plan(request, plan_id: Id, payload: VisitStepIn):
    return _plan_step(services.submit_plan, request, plan_id, payload)


@router.post(
    "/plans/{plan_id}/approve", response={200: VisitPlanOut, **WRITE_ERRORS}, summary=gettext_lazy("Duyệt kế hoạch")
)
def approve_plan(request, plan_id: Id, payload: VisitStepIn):
    return _plan_step(services.approve_plan, request, plan_id, payload)


@router.post(
    "/plans/{plan_id}/return", response={200: VisitPlanOut, **WRITE_ERRORS}, summary=gettext_lazy("Trả lại kế hoạch")
)
def return_plan(request, plan_id: Id, payload: VisitStepIn):
    return _plan_step(services.return_plan, request, plan_id, payload)


# --------------------------------------------------------------------------- visits


@router.get("/visits", response=list[VisitOut], summary=gettext_lazy("Chuyến đi cơ sở"))
@paginate(Pagination)
def list_visits(request, filters: Query[VisitFilter]):
    user = caller(request)
    visits = _visits(user)
    if filters.month:
        year, month = parse_month(filters.month)
        visits = visits.overlapping(datetime.date(year, month, 1), rules.month_last_day(year, month))
    if filters.unit:
        unit = visible_units(user).filter(pk=filters.unit).first()
        visits = visits.filter(unit__path__startswith=unit.path) if unit else visits.none()
    if filters.cadre:
        visits = visits.filter(cadre_id=filters.cadre)
    return visits.order_by("start_date", "pk")


@router.post(
    "/visits",
    response={200: VisitOut, 201: VisitOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi nhận chuyến đi cơ sở"),
    description=gettext_lazy(
        "Với `client_id`: gửi lại (mạng chập chờn, bấm hai lần, hai thẻ) trả về 200 với chuyến đi đã lưu."
    ),
)
def create_visit(request, payload: VisitIn):
    user = caller(request)
    cadre = _person_or_404(user, payload.cadre_id)
    planned = None
    if payload.planned_visit_id:
        planned = get_object_or_404(PlannedVisit, pk=payload.planned_visit_id, plan__cadre=cadre)
    position = None
    if payload.latitude is not None and payload.longitude is not None:
        position = rules.Position(payload.latitude, payload.longitude, payload.location_accuracy_m)
    visit = services.record_visit(
        actor=user,
        cadre=cadre,
        unit=visible_unit_or_404(user, payload.unit_id),
        start_date=payload.start_date,
        end_date=payload.end_date or payload.start_date,
        form=payload.form,
        content=payload.content,
        findings=payload.findings,
        problems=payload.problems,
        proposals=payload.proposals,
        is_ad_hoc=payload.is_ad_hoc,
        planned_visit=planned,
        activity_relation=payload.activity_relation,
        activity_name=payload.activity_name,
        activity_date=payload.activity_date,
        client_id=payload.client_id,
        position=position,
    )
    return Status(200 if visit.replayed else 201, get_object_or_404(_visits(user), pk=visit.pk))


@router.post(
    "/visits/{visit_id}/photos",
    response={201: PhotoOut, 200: PhotoOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm ảnh chuyến đi"),
    description=gettext_lazy("Ảnh JPEG đã thu nhỏ trên máy. Gửi lại cùng `client_id`: trả về ảnh đã lưu (200)."),
)
def add_photo(request, visit_id: Id, payload: PhotoIn):
    import base64
    import binascii

    from coso.core.errors import DomainError

    user = caller(request)
    visit = get_object_or_404(_visits(user), pk=visit_id)
    try:
        content = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise DomainError("photo_not_jpeg", _("Ảnh không đọc được (base64)."), field="photo") from error
    known = payload.client_id is not None and visit.photos.filter(client_id=payload.client_id).exists()
    photo = services.add_visit_photo(actor=user, visit=visit, content=content, client_id=payload.client_id)
    return Status(200 if known else 201, photo)


@router.get("/visits/{visit_id}", response={200: VisitOut, **READ_ERRORS}, summary=gettext_lazy("Một chuyến đi cơ sở"))
def get_visit(request, visit_id: Id):
    return get_object_or_404(_visits(caller(request)), pk=visit_id)


@router.patch(
    "/visits/{visit_id}", response={200: VisitOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa chuyến đi cơ sở")
)
def update_visit(request, visit_id: Id, payload: VisitPatchIn):
    user = caller(request)
    visit = get_object_or_404(_visits(user), pk=visit_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "version"}
    version = fields.pop("version")
    if "unit_id" in fields:
        fields["unit"] = visible_unit_or_404(user, fields.pop("unit_id"))
    services.update_visit(actor=user, visit=visit, version=version, **fields)
    return get_object_or_404(_visits(user), pk=visit.pk)


@router.delete("/visits/{visit_id}", response={204: None, **WRITE_ERRORS}, summary=gettext_lazy("Xoá chuyến đi cơ sở"))
def delete_visit(request, visit_id: Id, version: Version | None = None):
    user = caller(request)
    visit = get_object_or_404(_visits(user), pk=visit_id)
    services.remove_visit(actor=user, visit=visit, version=version)
    return Status(204, None)


# --------------------------------------------------------------------------- monthly reports


@router.get("/reports", response=list[VisitReportOut], summary=gettext_lazy("Báo cáo đi cơ sở tháng"))
@paginate(Pagination)
def list_reports(request, filters: Query[ReportFilter]):
    reports = _reports(caller(request))
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.month:
        reports = reports.filter(month=filters.month)
    if filters.cadre:
        reports = reports.filter(cadre_id=filters.cadre)
    if filters.state:
        reports = reports.filter(state=filters.state)
    return reports.order_by("-year", "-month", "cadre__sort_key", "pk")


@router.post(
    "/reports/draft",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Lập (cập nhật) báo cáo tháng"),
)
def draft_report(request, payload: ReportDraftIn):
    user = caller(request)
    cadre = _person_or_404(user, payload.cadre_id)
    report = services.draft_monthly_report(
        actor=user, cadre=cadre, year=payload.year, month=payload.month, summary=payload.summary
    )
    return get_object_or_404(_reports(user), pk=report.pk)


@router.get(
    "/reports/{report_id}", response={200: VisitReportOut, **READ_ERRORS}, summary=gettext_lazy("Một báo cáo tháng")
)
def get_report(request, report_id: Id):
    return get_object_or_404(_reports(caller(request)), pk=report_id)


def _report_step(step, request, report_id, payload):
    user = caller(request)
    report = get_object_or_404(_reports(user), pk=report_id)
    step(actor=user, report=report, comment=payload.comment, version=payload.version)
    return get_object_or_404(_reports(user), pk=report.pk)


def _host_step(step, request, report_id, payload):
    user = caller(request)
    report = get_object_or_404(_reports(user), pk=report_id)
    district = visible_unit_or_404(user, payload.district_id)
    step(actor=user, report=report, district=district, comment=payload.comment)
    return get_object_or_404(_reports(user), pk=report.pk)


@router.post(
    "/reports/{report_id}/submit",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Gửi báo cáo tháng"),
)
def submit_report(request, report_id: Id, payload: VisitStepIn):
    return _report_step(services.submit_report, request, report_id, payload)


@router.post(
    "/reports/{report_id}/host-confirm",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cơ sở xác nhận báo cáo"),
)
def host_confirm(request, report_id: Id, payload: HostStepIn):
    return _host_step(services.host_confirm, request, report_id, payload)


@router.post(
    "/reports/{report_id}/host-return",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cơ sở trả lại báo cáo"),
)
def host_return(request, report_id: Id, payload: HostStepIn):
    return _host_step(services.host_return, request, report_id, payload)


@router.post(
    "/reports/{report_id}/review",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cụm trưởng xem xét"),
)
def review_report(request, report_id: Id, payload: VisitStepIn):
    return _report_step(services.review_report, request, report_id, payload)


@router.post(
    "/reports/{report_id}/return",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cụm trưởng trả lại"),
)
def return_report(request, report_id: Id, payload: VisitStepIn):
    return _report_step(services.return_report, request, report_id, payload)


# --------------------------------------------------------------------------- good practices


@router.get("/practices", response=list[PracticeOut], summary=gettext_lazy("Mô hình mới, cách làm hay"))
@paginate(Pagination)
def list_practices(request, unit: Id | None = None, to_replicate: bool | None = None):
    user = caller(request)
    practices = _practices(user)
    if unit:
        within = visible_units(user).filter(pk=unit).first()
        practices = practices.filter(unit__path__startswith=within.path) if within else practices.none()
    if to_replicate is not None:
        practices = practices.filter(to_replicate=to_replicate)
    return practices.order_by("-reported_on", "pk")


@router.post(
    "/practices", response={201: PracticeOut, **WRITE_ERRORS}, summary=gettext_lazy("Báo cáo mô hình, cách làm hay")
)
def create_practice(request, payload: PracticeIn):
    user = caller(request)
    cadre = _person_or_404(user, payload.cadre_id)
    visit = get_object_or_404(_visits(user), pk=payload.visit_id) if payload.visit_id else None
    practice = services.record_good_practice(
        actor=user,
        cadre=cadre,
        unit=visible_unit_or_404(user, payload.unit_id),
        title=payload.title,
        description=payload.description,
        visit=visit,
        reported_on=payload.reported_on,
    )
    return Status(201, get_object_or_404(_practices(user), pk=practice.pk))


@router.post(
    "/practices/{practice_id}/replicate",
    response={200: PracticeOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đánh dấu nhân rộng"),
)
def replicate_practice(request, practice_id: Id, payload: ReplicateIn):
    user = caller(request)
    practice = get_object_or_404(_practices(user), pk=practice_id)
    services.mark_practice_to_replicate(
        actor=user, practice=practice, to_replicate=payload.to_replicate, version=payload.version
    )
    return get_object_or_404(_practices(user), pk=practice.pk)


# --------------------------------------------------------------------------- dashboards


@router.get(
    "/progress/{cadre_id}", response={200: ProgressOut, **READ_ERRORS}, summary=gettext_lazy("Tiến độ của một cán bộ")
)
def get_progress(request, cadre_id: Id, query: Query[YearQuery]):
    cadre = _person_or_404(caller(request), cadre_id)
    result = selectors.progress(cadre, query.year, on=query.on)
    return {
        "cadre_id": cadre.pk,
        "cadre_name": result.cadre_name,
        "year": result.year,
        "on": result.on,
        "ok": result.ok,
        "items": [
            {
                "code": item.code,
                "label": str(item.label),
                "value": "" if item.value is None else str(item.value),
                "target": "" if item.target is None else str(item.target),
                "status": item.status,
                "status_label": item.status_label,
                "detail": str(item.detail or ""),
            }
            for item in result.items
        ],
    }


@router.get(
    "/coverage",
    response={200: list[CoverageOut], **READ_ERRORS},
    summary=gettext_lazy("Độ phủ cơ sở theo đơn vị cấp huyện"),
)
def get_coverage(request, query: Query[CoverageQuery]):
    user = caller(request)
    owner = visible_unit_or_404(user, query.unit)
    visible = set(visible_units(user).values_list("pk", flat=True))
    return [
        {
            "district_id": c.district.pk,
            "district_name": c.district.name,
            "base_units_total": c.base_units_total,
            "base_units_visited": c.base_units_visited,
            "percent": None if c.percent is None else float(c.percent),
            "visited_units": c.visited_units,
            "unvisited_units": c.unvisited_units,
            "total_days": c.total_days,
            "ad_hoc_days": c.ad_hoc_days,
            "days_by_month": c.days_by_month,
        }
        for c in coverage_mod.coverage(owner, query.year)
        if c.district.pk in visible
    ]


@router.get(
    "/ranking", response={200: list[RankingRowOut], **READ_ERRORS}, summary=gettext_lazy("Xếp hạng thi đua tháng")
)
def get_ranking(request, query: Query[RankingQuery]):
    user = caller(request)
    owner = visible_unit_or_404(user, query.unit)
    visible_cadres = set(
        scoping.visible_people(user).filter(Q(unit__path__startswith=owner.path)).values_list("pk", flat=True)
    )
    return [
        {
            "position": row.position,
            "cadre_id": row.cadre.pk,
            "cadre_name": row.cadre.full_name,
            "report_id": row.report.pk,
            "total": float(row.total),
            "lines": [{"code": ln.code, "text": ln.text, "amount": float(ln.amount)} for ln in row.lines],
        }
        for row in ranking_mod.monthly_ranking(owner, query.year, query.month)
        if row.cadre.pk in visible_cadres
    ]


# --------------------------------------------------------------------------- scope matrix


def tamky(t):
    """Visit records of a Tam Kỳ person (Võ Minh Tâm, not the Tam Kỳ officer, who may not
    confirm their own report) in the test tree, made once per tree:
    a follow assignment, a Q1 2013 plan with one planned trip, two visits to An Mỹ in March 2013
    (the second left out of the report), the March report submitted, and a good practice."""
    if getattr(t, "_visits_tamky", None):
        return t._visits_tamky
    from types import SimpleNamespace

    from coso.visits.models import Assignment, AssignmentDecision, GoodPractice, HostConfirmation, ReportVisit

    d = datetime.date
    cadre = t.member_anmy
    decision = AssignmentDecision.objects.create(owner=t.tamky, number="01-QĐ/TĐ", decided_on=d(2013, 1, 2))
    Assignment.objects.create(decision=decision, cadre=cadre, unit=t.tamky, valid_from=d(2013, 1, 2))
    plan = QuarterPlan.objects.create(cadre=cadre, year=2013, quarter=1, note="Kế hoạch quý I")
    planned = PlannedVisit.objects.create(
        plan=plan, unit=t.anmy, start_date=d(2013, 3, 12), end_date=d(2013, 3, 12), form=VisitForm.SITUATION
    )
    visit = Visit.objects.create(
        cadre=cadre, unit=t.anmy, start_date=d(2013, 3, 12), end_date=d(2013, 3, 12), form=VisitForm.SITUATION
    )
    spare = Visit.objects.create(
        cadre=cadre, unit=t.anmy, start_date=d(2013, 4, 9), end_date=d(2013, 4, 9), form=VisitForm.SITUATION
    )
    report = MonthlyReport.objects.create(
        cadre=cadre, year=2013, month=3, state=MonthlyReport.State.SUBMITTED, due_date=d(2013, 3, 31), total_days=1
    )
    ReportVisit.objects.create(report=report, visit=visit, days_in_month=1, host=t.tamky)
    HostConfirmation.objects.create(report=report, district=t.tamky)
    practice = GoodPractice.objects.create(
        title="Chợ phiên thanh niên", unit=t.anmy, visit=visit, reported_by=cadre, reported_on=d(2013, 3, 12)
    )
    t._visits_tamky = SimpleNamespace(
        cadre=cadre, plan=plan, planned=planned, visit=visit, spare=spare, report=report, practice=practice
    )
    return t._visits_tamky


def _step(t):
    return {"comment": "Đồng ý"}


SCOPE_MATRIX = [
    ScopeCase("GET", "/visits/plans", lambda t: f"/api/visits/plans?cadre={tamky(t).cadre.pk}", kind=LIST),
    ScopeCase("GET", "/visits/plans/{plan_id}", lambda t: f"/api/visits/plans/{tamky(t).plan.pk}"),
    ScopeCase(
        "POST",
        "/visits/plans",
        lambda t: "/api/visits/plans",
        lambda t: {"cadre_id": tamky(t).cadre.pk, "year": 2013, "quarter": 2},
    ),
    ScopeCase(
        "POST",
        "/visits/plans/{plan_id}/visits",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/visits",
        lambda t: {"unit_id": t.anmy.pk, "start_date": "2013-03-19", "form": "khao_sat"},
    ),
    ScopeCase(
        "DELETE",
        "/visits/plans/{plan_id}/visits/{planned_visit_id}",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/visits/{tamky(t).planned.pk}",
    ),
    ScopeCase(
        "POST", "/visits/plans/{plan_id}/submit", lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/submit", _step
    ),
    # Approving and returning need a submitted plan: the refusal is checked, not the control.
    ScopeCase(
        "POST",
        "/visits/plans/{plan_id}/approve",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/approve",
        _step,
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/plans/{plan_id}/return",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/return",
        lambda t: {"comment": "Bổ sung"},
        control=False,
    ),
    ScopeCase("GET", "/visits/visits", lambda t: f"/api/visits/visits?unit={tamky(t) and t.tamky.pk}", kind=LIST),
    ScopeCase("GET", "/visits/visits", lambda t: f"/api/visits/visits?cadre={tamky(t).cadre.pk}", kind=LIST),
    ScopeCase(
        "GET", "/visits/visits", lambda t: f"/api/visits/visits?month=2013-03&unit={tamky(t) and t.anmy.pk}", kind=LIST
    ),
    ScopeCase("GET", "/visits/visits/{visit_id}", lambda t: f"/api/visits/visits/{tamky(t).visit.pk}"),
    ScopeCase(
        "POST",
        "/visits/visits",
        lambda t: "/api/visits/visits",
        lambda t: {"cadre_id": tamky(t).cadre.pk, "unit_id": t.anmy.pk, "start_date": "2013-04-16", "form": "khao_sat"},
    ),
    # Their own cadre going to a unit of the other district.
    ScopeCase(
        "POST",
        "/visits/visits",
        lambda t: "/api/visits/visits",
        lambda t: {
            "cadre_id": t.btm_secretary.pk,
            "unit_id": t.anmy.pk,
            "start_date": "2013-03-14",
            "form": "khao_sat",
        },
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/visits/{visit_id}/photos",
        lambda t: f"/api/visits/visits/{tamky(t).visit.pk}/photos",
        lambda t: {"content_base64": "/9j/4AAQSkZJRgABAQ=="},
    ),
    ScopeCase(
        "PATCH",
        "/visits/visits/{visit_id}",
        lambda t: f"/api/visits/visits/{tamky(t).spare.pk}",
        lambda t: {"version": tamky(t).spare.version, "content": "Sửa"},
    ),
    ScopeCase("DELETE", "/visits/visits/{visit_id}", lambda t: f"/api/visits/visits/{tamky(t).spare.pk}"),
    ScopeCase("GET", "/visits/reports", lambda t: f"/api/visits/reports?cadre={tamky(t).cadre.pk}", kind=LIST),
    ScopeCase("GET", "/visits/reports/{report_id}", lambda t: f"/api/visits/reports/{tamky(t).report.pk}"),
    ScopeCase(
        "POST",
        "/visits/reports/draft",
        lambda t: "/api/visits/reports/draft",
        lambda t: {"cadre_id": tamky(t).cadre.pk, "year": 2013, "month": 4},
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/submit",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/submit",
        _step,
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/host-confirm",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/host-confirm",
        lambda t: {"district_id": t.tamky.pk},
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/host-return",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/host-return",
        lambda t: {"district_id": t.tamky.pk, "comment": "Chưa đúng"},
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/review",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/review",
        _step,
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/return",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/return",
        lambda t: {"comment": "Bổ sung"},
        control=False,
    ),
    ScopeCase("GET", "/visits/practices", lambda t: f"/api/visits/practices?unit={tamky(t) and t.anmy.pk}", kind=LIST),
    ScopeCase(
        "POST",
        "/visits/practices",
        lambda t: "/api/visits/practices",
        lambda t: {
            "cadre_id": tamky(t).cadre.pk,
            "unit_id": t.anmy.pk,
            "title": "Mô hình",
            "reported_on": "2013-03-20",
        },
    ),
    ScopeCase(
        "POST",
        "/visits/practices/{practice_id}/replicate",
        lambda t: f"/api/visits/practices/{tamky(t).practice.pk}/replicate",
        lambda t: {"to_replicate": True},
        control=False,
    ),
    ScopeCase("GET", "/visits/progress/{cadre_id}", lambda t: f"/api/visits/progress/{tamky(t).cadre.pk}?year=2013"),
    ScopeCase("GET", "/visits/coverage", lambda t: f"/api/visits/coverage?unit={tamky(t) and t.tamky.pk}&year=2013"),
    ScopeCase(
        "GET", "/visits/ranking", lambda t: f"/api/visits/ranking?unit={tamky(t) and t.tamky.pk}&year=2013&month=3"
    ),
]


# The set-up (clusters, policy, blackout days, decisions, assignments): ``api_setup.py``, on the same router.
from coso.visits import api_setup  # noqa: E402

router.add_router("", api_setup.router)
SCOPE_MATRIX += api_setup.SCOPE_MATRIX
