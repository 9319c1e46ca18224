"""Cadre-work plans, their indicators and results, and the grassroots unions' plans."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Version
from coso.cadrework import indicators as engine
from coso.cadrework import permissions, selectors, services
from coso.cadrework.api.common import _api_fields, _plan_or_404, _result_out, _unit_in_plan, _who, router
from coso.cadrework.api.schemas import (
    CadrePlanFilter,
    CadrePlanIn,
    CadrePlanOut,
    IndicatorEditIn,
    IndicatorIn,
    IndicatorOut,
    PlanEditIn,
    PlanningMoveIn,
    ResultDetailOut,
    ResultOut,
    ResultQuery,
    SubmissionIn,
    SubmissionOut,
)

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
