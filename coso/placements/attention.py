"""Home-page attention items of field training, registered from the app's ready().

What the viewer must act on, each in one query whatever their scope (never a walk over every
placement they can see):

* the placed cadre: the next report of each of their active placements (danger when late,
  warning within the plan's reminder window, info otherwise);
* the host district's standing officers (a grant on the host unit itself): evaluations due
  within the reminder window or late, or whose round's report the cadre already filed;
* TCKT (manage over the owner): how many reports and evaluations wait to be accepted;
* the Standing Committee: the lists waiting for its decision.
"""

import datetime

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.attention import Item

OPEN = ("draft", "returned")
FILED = ("submitted", "accepted")


def _item(kind, obj, today):
    from coso.placements.selectors import DueItem

    due = DueItem(kind, obj, obj.placement, obj.due_date, (obj.due_date - today).days)
    when = due.due_date.strftime("%d/%m/%Y")
    if due.overdue:
        title = _("Đào tạo thực tế: %(label)s – quá hạn từ %(d)s") % {"label": due.label, "d": when}
        level = "danger"
    else:
        title = _("Đào tạo thực tế: %(label)s – hạn %(d)s") % {"label": due.label, "d": when}
        level = "warning" if due.days_left <= obj.placement.plan.reminder_days else "info"
    return Item(title=title, url=reverse(f"placements:{kind}_detail", args=[obj.pk]), level=level)


def _own_reports(user, today):
    """The next open report of each active placement of the viewer (one query)."""
    from coso.placements.models import Placement, PlacementReport

    if not getattr(user, "person_id", None):
        return []
    rows = (
        PlacementReport.objects.filter(
            placement__person_id=user.person_id, placement__state=Placement.State.ACTIVE, state__in=OPEN
        )
        .select_related("placement__person", "placement__host", "placement__plan")
        .order_by("placement_id", "sequence")
    )
    seen, items = set(), []
    for report in rows:
        if report.placement_id not in seen:
            seen.add(report.placement_id)
            items.append(_item("report", report, today))
    return items


def _host_evaluations(user, today):
    """Evaluations the host district must write (two queries)."""
    from coso.accounts import scoping
    from coso.placements.models import HostEvaluation, Placement, PlacementPlan, PlacementReport

    paths = scoping.paths_with(user, scoping.EDIT_UNITS)
    if not paths:  # None (system-wide) is no host; an empty list holds no grant
        return []
    window = PlacementPlan.objects.aggregate(m=Max("reminder_days"))["m"] or 0
    report_filed = PlacementReport.objects.filter(
        placement_id=OuterRef("placement_id"), sequence=OuterRef("sequence"), state__in=FILED
    )
    rows = (
        HostEvaluation.objects.filter(
            placement__host__path__in=paths, placement__state=Placement.State.ACTIVE, state__in=OPEN
        )
        .annotate(report_filed=Exists(report_filed))
        .filter(Q(due_date__lte=today + datetime.timedelta(days=window)) | Q(report_filed=True))
        .select_related("placement__person", "placement__host", "placement__plan")
        .order_by("due_date", "pk")
    )
    return [
        _item("evaluation", ev, today)
        for ev in rows
        if ev.report_filed or (ev.due_date - today).days <= ev.placement.plan.reminder_days
    ]


def _waiting(user):
    from coso.accounts import scoping
    from coso.placements.models import HostEvaluation, PlacementReport

    if not (scoping.holds(user, scoping.EDIT_PEOPLE) and scoping.holds(user, scoping.VIEW_SENSITIVE)):
        return []
    owner_q = scoping.unit_q(user, scoping.EDIT_PEOPLE, prefix="placement__plan__owner__") & scoping.unit_q(
        user, scoping.VIEW_SENSITIVE, prefix="placement__plan__owner__"
    )
    waiting = sum(
        model.objects.filter(owner_q, state="submitted").count() for model in (PlacementReport, HostEvaluation)
    )
    if not waiting:
        return []
    return [
        Item(
            title=_("%(n)s báo cáo, nhận xét đào tạo thực tế chờ tiếp nhận") % {"n": waiting},
            url=reverse("placements:home"),
            level="info",
        )
    ]


def _lists(user):
    from coso.accounts import scoping
    from coso.placements.models import YearlyList

    if not scoping.holds(user, scoping.DECIDE_PLACEMENTS):
        return []
    rows = YearlyList.objects.filter(
        scoping.unit_q(user, scoping.DECIDE_PLACEMENTS, prefix="plan__owner__"), state=YearlyList.State.PROPOSED
    ).order_by("year", "pk")
    return [
        Item(
            title=_("Danh sách cử cán bộ đi đào tạo thực tế năm %(y)s chờ Ban Thường vụ quyết định")
            % {"y": ylist.year},
            url=reverse("placements:list_detail", args=[ylist.pk]),
            level="info",
        )
        for ylist in rows
    ]


def placements_attention(user) -> list[Item]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    return _own_reports(user, today) + _host_evaluations(user, today) + _waiting(user) + _lists(user)
