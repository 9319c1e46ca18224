"""Rounds: the base unions' reports, inspections, the compiled report and the results by unit."""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from coso.api.common import act_in_scope, caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate
from coso.programme import results, services
from coso.programme.api.base import (
    CommentIn,
    PeriodFilter,
    ReasonIn,
    ResultsQuery,
    _inspections,
    _label,
    _person,
    _reports,
)
from coso.programme.api.common import (
    programme_or_404,
    round_or_404,
    router,
)
from coso.programme.api.registrations import _filter
from coso.programme.models import (
    Rating,
)


class RoundReportOut(Schema):
    id: int
    version: int
    unit_id: int
    unit_name: str
    round_id: int
    state: str
    state_label: str
    held_on: datetime.date
    activities: str
    participants: int
    youth_participants: int
    notes: str
    district_comment: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)


class RoundReportIn(Input):
    base_id: Id
    held_on: InputDate
    activities: str = Field(..., max_length=5000)
    participants: int = Field(..., ge=0, le=10**7)
    youth_participants: int = Field(0, ge=0, le=10**7)
    notes: str = Field("", max_length=5000)
    submit: bool = True
    version: Version | None = None


class InspectionOut(Schema):
    id: int
    version: int
    district_id: int
    unit_id: int
    unit_name: str
    round_id: int
    state: str
    state_label: str
    inspected_on: datetime.date
    findings: str
    recommendations: str
    rating: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)


class InspectionIn(Input):
    district_id: Id
    unit_id: Id
    inspected_on: InputDate
    findings: str = Field(..., max_length=5000)
    recommendations: str = Field("", max_length=5000)
    rating: Rating | None = None
    inspector_ids: list[Id] = Field([], max_length=50)
    conclude: bool = True


# --------------------------------------------------------------------------- rounds: reports, inspections


def _report(user, pk):
    return get_object_or_404(_reports(user), pk=pk)


@router.get("/round-reports", response=list[RoundReportOut], summary=gettext_lazy("Báo cáo đợt của Đoàn cơ sở"))
@paginate(Pagination)
def list_round_reports(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _filter(user, _reports(user), filters, programme_field="round__track__programme_id", unit_field="unit")
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return queryset.order_by("round__number", "unit__sort_key", "pk")


@router.post(
    "/rounds/{round_id}/reports",
    response={200: RoundReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Báo cáo đợt, gửi cấp trên"),
)
def record_round_report(request, round_id: Id, payload: RoundReportIn):
    user = caller(request)
    report = services.record_round_report(
        actor=user,
        base=visible_unit_or_404(user, payload.base_id),
        round=round_or_404(user, round_id),
        held_on=payload.held_on,
        activities=payload.activities,
        participants=payload.participants,
        youth_participants=payload.youth_participants,
        notes=payload.notes,
        submit=payload.submit,
        version=payload.version,
    )
    return _report(user, report.pk)


@router.post(
    "/round-reports/{report_id}/accept",
    response={200: RoundReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Tiếp nhận báo cáo"),
)
def accept_round_report(request, report_id: Id, payload: CommentIn):
    user = caller(request)
    return act_in_scope(
        _reports(user),
        report_id,
        lambda report: services.accept_round_report(
            actor=user, report=report, comment=payload.comment, version=payload.version
        ),
    )


@router.post(
    "/round-reports/{report_id}/return",
    response={200: RoundReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Trả lại báo cáo"),
)
def return_round_report(request, report_id: Id, payload: ReasonIn):
    user = caller(request)
    return act_in_scope(
        _reports(user),
        report_id,
        lambda report: services.return_round_report(
            actor=user, report=report, reason=payload.reason, version=payload.version
        ),
    )


@router.get("/inspections", response=list[InspectionOut], summary=gettext_lazy("Kiểm tra sau đợt"))
@paginate(Pagination)
def list_inspections(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _filter(
        user, _inspections(user), filters, programme_field="round__track__programme_id", unit_field="unit"
    )
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return queryset.order_by("round__number", "inspected_on", "pk")


@router.post(
    "/rounds/{round_id}/inspections",
    response={201: InspectionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi kết quả kiểm tra"),
)
def record_inspection(request, round_id: Id, payload: InspectionIn):
    user = caller(request)
    round_ = round_or_404(user, round_id)
    inspectors = [_person(user, pk) for pk in payload.inspector_ids]
    inspection = services.record_inspection(
        actor=user,
        district=visible_unit_or_404(user, payload.district_id),
        round=round_,
        unit=visible_unit_or_404(user, payload.unit_id),
        inspected_on=payload.inspected_on,
        findings=payload.findings,
        recommendations=payload.recommendations,
        rating=payload.rating or "",
        inspectors=inspectors,
        conclude=payload.conclude,
    )
    return Status(201, get_object_or_404(_inspections(user), pk=inspection.pk))


def _plain(value):
    """Rates as numbers, dates as ISO text: what JSON carries."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@router.get(
    "/rounds/{round_id}/compiled-report",
    response={200: dict, **READ_ERRORS},
    summary=gettext_lazy("Báo cáo tổng hợp đợt gửi Ban Thường vụ"),
)
def compiled_report(request, round_id: Id, district: Id):
    user = caller(request)
    round_ = round_or_404(user, round_id)
    unit = visible_unit_or_404(user, district)
    return _plain(services.compile_round_report(district=unit, round=round_, actor=user))


@router.get("/results", response={200: dict, **READ_ERRORS}, summary=gettext_lazy("Kết quả theo đơn vị"))
def get_results(request, query: Query[ResultsQuery]):
    user = caller(request)
    programme = programme_or_404(user, query.programme)
    unit = visible_unit_or_404(user, query.unit)
    round_ = round_or_404(user, query.round, programme)
    part = results.participation(programme=programme, unit=unit, round=round_, user=user)
    return _plain(
        {
            "total": part["total"],
            "by_branch": [{k: v for k, v in row.items() if k != "path"} for row in part["by_branch"]],
            "by_target_group": part["by_target_group"],
            "criteria": results.criterion_completion(programme=programme, unit=unit, round=round_, user=user),
        }
    )
