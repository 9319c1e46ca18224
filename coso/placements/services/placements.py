"""Writes during a placement: a case-by-case exception, the host's tasks, the checklist, and the
end of a placement (finished, or cancelled with its reason)."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.placements import permissions, rules
from coso.placements.models import (
    CaseException,
    ChecklistItem,
    HostEvaluation,
    Kind,
    PlacementReport,
    PlacementTask,
)
from coso.placements.services._common import _begin, _placement, _raise, _require_active
from coso.placements.workflows import PLACEMENT


@transaction.atomic
def record_exception(*, actor, plan, person, reason, decision_number="", decision_date=None):
    """A case-by-case decision for a promising cadre outside the planning."""
    dates.require_in_window(decision_date=decision_date)
    permissions.require(permissions.can_manage(actor, plan))
    if not (reason or "").strip():
        raise DomainError("reason_required", _("Phải ghi rõ lý do xem xét trường hợp cụ thể."), field="reason")
    exc, _created = CaseException.objects.update_or_create(
        plan=plan,
        person=person,
        defaults=dict(
            reason=reason.strip(), decision_number=decision_number, decision_date=decision_date, recorded_by=actor
        ),
    )
    return exc


@transaction.atomic
def assign_task(*, actor, placement, title, assigned_on, description="", due_date=None):
    dates.require_in_window(assigned_on=assigned_on, due_date=due_date)
    placement = _placement(placement)
    permissions.require(permissions.can_host(actor, placement))
    _require_active(placement)
    if not (title or "").strip():
        raise DomainError("title_required", _("Phải ghi nhiệm vụ được giao."))
    return PlacementTask.objects.create(
        placement=placement,
        title=title.strip(),
        description=description,
        assigned_on=assigned_on,
        due_date=due_date,
        assigned_by=actor,
    )


@transaction.atomic
def complete_task(*, actor, task, done_on):
    dates.require_in_window(done_on=done_on)
    placement = _placement(task.placement)
    permissions.require(permissions.can_host(actor, placement) or permissions.is_the_cadre(actor, placement))
    task.done_on = done_on
    task.save()
    return task


@transaction.atomic
def mark_checklist_item(*, actor, placement, item, done_on, done=True):
    dates.require_in_window(done_on=done_on)
    placement = _placement(placement)
    permissions.require(permissions.can_manage(actor, placement.plan))
    if item not in ChecklistItem.Item.values:
        raise DomainError("unknown_item", _("Không có việc «%(item)s» trong danh mục.") % {"item": item})
    row = ChecklistItem.objects.select_for_update().get(placement=placement, item=item)
    if done and not done_on:
        raise DomainError("date_required", _("Phải ghi ngày hoàn thành."))
    row.done, row.done_on, row.done_by = done, (done_on if done else None), actor
    row.save()
    return row


@transaction.atomic
def finish_placement(*, actor, placement, actual_end, comment="", early_reason=""):
    """End a placement: the final report and evaluation accepted, the checklist complete, the
    length decided served. Ending before ``planned_end`` needs ``early_reason`` (kept, and shown
    in the compiled report); the periodic reports not yet due by then are not required."""
    placement = _begin(PLACEMENT, placement, "finish", actor)
    violations = []
    early_reason = (early_reason or "").strip()
    early = actual_end < placement.planned_end
    if early and not early_reason:
        violations.append(
            (
                "too_short",
                _(
                    "Thời gian đào tạo thực tế đã quyết định đến %(end)s (tối thiểu %(months)s tháng); "
                    "kết thúc sớm phải ghi rõ lý do."
                )
                % {"end": rules.fmt(placement.planned_end), "months": placement.plan.min_months},
                "early_reason",
            )
        )
    due = Q(kind=Kind.FINAL) | Q(due_date__lte=actual_end) if early else Q()
    if placement.reports.filter(due).exclude(state=PlacementReport.State.ACCEPTED).exists():
        violations.append(("reports_pending", _("Còn báo cáo chưa được tiếp nhận.")))
    if placement.evaluations.filter(due).exclude(state=HostEvaluation.State.ACCEPTED).exists():
        violations.append(("evaluations_pending", _("Còn bản nhận xét của nơi đến chưa được tiếp nhận.")))
    for row in placement.checklist.filter(done=False):
        violations.append(("checklist_" + row.item, _("Chưa xong: %(item)s.") % {"item": row.get_item_display()}))
    _raise(violations)
    return transition(
        PLACEMENT,
        placement,
        "finish",
        actor=actor,
        check=False,
        locked=True,
        comment=comment,
        changes={"actual_end": actual_end, "early_end_reason": early_reason if early else ""},
    )


@transaction.atomic
def cancel_placement(*, actor, placement, reason, on):
    """Cancel an active placement (TCKT, or the Standing Committee): the reason, who, the date
    it ends (``actual_end``); logged. A cancelled placement frees the cadre for a later list."""
    placement = _begin(PLACEMENT, placement, "cancel", actor)
    violations = []
    if not (reason or "").strip():
        violations.append(("reason_required", _("Hủy đợt đào tạo thực tế phải ghi rõ lý do."), "reason"))
    if not on:
        violations.append(("date_required", _("Phải ghi ngày hủy."), "on"))
    elif on > timezone.localdate():
        violations.append(("date_future", _("Ngày hủy không được sau ngày hôm nay."), "on"))
    _raise(violations)
    return transition(
        PLACEMENT,
        placement,
        "cancel",
        actor=actor,
        check=False,
        locked=True,
        comment=reason.strip(),
        changes={"actual_end": on, "cancel_reason": reason.strip(), "cancelled_by": actor},
    )
