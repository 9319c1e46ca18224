"""Quarterly plans of grassroots visits and their steps."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id
from coso.visits import services
from coso.visits.api.common import _person_or_404, _plans, router
from coso.visits.api.schemas import TripIn, VisitPlanFilter, VisitPlanIn, VisitPlanOut, VisitStepIn
from coso.visits.models import (
    PlannedVisit,
)

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
