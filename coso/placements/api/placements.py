"""Placements: tasks, the checklist, finishing and cancelling."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.api.common import caller
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id
from coso.placements import services
from coso.placements.api.common import _placement, router
from coso.placements.api.schemas import (
    CancelIn,
    ChecklistIn,
    ChecklistOut,
    FinishIn,
    PlacementFilter,
    PlacementOut,
    TaskDoneIn,
    TaskIn,
    TaskOut,
)
from coso.placements.models import PlacementTask
from coso.placements.views import (
    visible_placements,
)

# --------------------------------------------------------------------------- placements


@router.get("/placements", response=list[PlacementOut], summary=gettext_lazy("Cán bộ đào tạo thực tế"))
@paginate(Pagination)
def list_placements(request, filters: Query[PlacementFilter]):
    qs = visible_placements(caller(request))
    if filters.plan:
        qs = qs.filter(plan_id=filters.plan)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.host:
        qs = qs.filter(host_id=filters.host)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs.order_by("year", "person__sort_key", "pk")


@router.get(
    "/placements/{placement_id}",
    response={200: PlacementOut, **READ_ERRORS},
    summary=gettext_lazy("Một cán bộ đào tạo thực tế"),
)
def get_placement(request, placement_id: Id):
    return _placement(caller(request), placement_id)


@router.post(
    "/placements/{placement_id}/tasks",
    response={201: TaskOut, **WRITE_ERRORS},
    summary=gettext_lazy("Nơi đến giao nhiệm vụ"),
)
def add_task(request, placement_id: Id, payload: TaskIn):
    user = caller(request)
    task = services.assign_task(actor=user, placement=_placement(user, placement_id), **payload.dict())
    return Status(201, task)


@router.post(
    "/tasks/{task_id}/done", response={200: TaskOut, **WRITE_ERRORS}, summary=gettext_lazy("Ghi hoàn thành nhiệm vụ")
)
def task_done(request, task_id: Id, payload: TaskDoneIn):
    user = caller(request)
    task = get_object_or_404(
        PlacementTask.objects.filter(placement__in=visible_placements(user).values("pk")), pk=task_id
    )
    return services.complete_task(actor=user, task=task, done_on=payload.done_on)


@router.post(
    "/placements/{placement_id}/checklist",
    response={200: list[ChecklistOut], **WRITE_ERRORS},
    summary=gettext_lazy("Đánh dấu việc cần làm (chuyển sinh hoạt, đảng phí, quyết toán)"),
)
def mark_checklist(request, placement_id: Id, payload: ChecklistIn):
    user = caller(request)
    placement = _placement(user, placement_id)
    services.mark_checklist_item(
        actor=user, placement=placement, item=payload.item, done=payload.done, done_on=payload.done_on
    )
    return list(placement.checklist.all())


@router.post(
    "/placements/{placement_id}/finish",
    response={200: PlacementOut, **WRITE_ERRORS},
    summary=gettext_lazy("Kết thúc đợt đào tạo thực tế"),
)
def finish(request, placement_id: Id, payload: FinishIn):
    user = caller(request)
    services.finish_placement(
        actor=user,
        placement=_placement(user, placement_id),
        actual_end=payload.actual_end,
        early_reason=payload.early_reason,
        comment=payload.comment,
    )
    return _placement(user, placement_id)


@router.post(
    "/placements/{placement_id}/cancel",
    response={200: PlacementOut, **WRITE_ERRORS},
    summary=gettext_lazy("Hủy đợt đào tạo thực tế (lý do, ngày; TCKT hoặc Ban Thường vụ)"),
)
def cancel(request, placement_id: Id, payload: CancelIn):
    user = caller(request)
    services.cancel_placement(
        actor=user, placement=_placement(user, placement_id), reason=payload.reason, on=payload.on
    )
    return _placement(user, placement_id)
