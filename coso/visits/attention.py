"""Home-page attention items of going to the grassroots, each linking to where to act.
Registered from the app's ready():
``from coso.visits import attention as visits_attention; core_attention.register(visits_attention.visits_attention)``.

- the cadre's own late or missing minimums (the quarter plan → the plan form, last month's
  report → the report, a trip report or a minimum in days → recording a visit);
- their leaders (standing officers, department and cluster leaders): the cadres in scope
  whose last month's report is late;
- the inboxes: reports to confirm or review, plans to approve (one → that record).
"""

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.core.attention import Item
from coso.people.models import Person
from coso.visits import ancestry, permissions, rules
from coso.visits.models import Assignment, MonthlyReport, VisitPolicy

# Leaders' summary: enough to say "N cadres", never a national scan on each home page.
LEADER_CADRES_LIMIT = 300


def _item_url(code, person, today):
    if code == "quarter_plan":
        return reverse("visits:plan_create")
    if code == "monthly_report":
        previous = today.replace(day=1) - datetime.timedelta(days=1)
        report = MonthlyReport.objects.filter(cadre=person, year=previous.year, month=previous.month).first()
        return reverse("visits:report_detail", args=[report.pk]) if report else reverse("visits:report_create")
    if code == "trip_reports_on_time":
        return reverse("visits:visit_list")
    return reverse("visits:visit_add")


def bound_by_a_policy(person, today):
    """Whether this year's minimums bind the cadre: they follow units this year (under their
    organisation's policy, or the defaults), or their own organisation adopted a policy for
    the year. A district officer whose province has no policy, or who is not assigned under
    the province's plan, owes nothing."""
    assigned = (
        Assignment.objects.filter(cadre=person, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(today.year, 1, 1)))
        .exists()
    )
    return assigned or VisitPolicy.objects.filter(owner_id=person.unit_id, year=today.year).exists()


def _own_items(person, today):
    from coso.visits import selectors

    if not bound_by_a_policy(person, today):
        return []
    items = []
    progress = selectors.progress(person, today.year, on=today)
    for item in progress.items:
        if item.status in (rules.MISSING, rules.LATE):
            items.append(
                Item(
                    title=_("Đi cơ sở: %(label)s – %(status)s") % {"label": item.label, "status": item.status_label},
                    url=_item_url(item.code, person, today),
                    level="danger" if item.status == rules.MISSING else "warning",
                    detail=item.detail,
                )
            )
    return items


def late_reports_in_scope(user, today):
    """``(last month's end, names, complete)``: the names of the cadres in the user's scope
    (following a unit at last month's end) whose report of last month is past its due date
    and not sent, in Vietnamese order; ``complete`` is false when only the first
    ``LEADER_CADRES_LIMIT`` cadres not sent were read (the country's, a large province's)."""
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    person_id = getattr(user, "person_id", None)
    unit_ids = scoping.small_scope_unit_ids(user)
    if unit_ids is None:
        # A province or the country: by the assignments' own columns (``ancestry.ASSIGNMENTS``),
        # not by a join of every assignment to its cadre's unit's path.
        granted = scoping.granted_units(user, scoping.VIEW)
        assignments = Assignment.objects.all()
        if granted is not None:
            assignments = assignments.filter(permissions.person_columns_q(granted, ancestry.ASSIGNMENTS))
        by_name = ("cadre__sort_key", "cadre_id")
    else:
        # A district or below: its cadres through its units' ids, sorted (not a walk of the
        # whole person name index: 1.4 s for a district's home at national scale).
        assignments = Assignment.objects.filter(cadre__unit_id__in=unit_ids)
        by_name = (F("cadre__sort_key").asc(nulls_first=True), "cadre_id")
    sent = MonthlyReport.objects.filter(
        cadre_id=OuterRef("cadre_id"), year=previous.year, month=previous.month, first_submitted_at__isnull=False
    )
    # The cadres, not their assignments, and only their names: sorting the whole rows of the
    # country's 20,000 assignments spilled to disk (issue 9: 55 ms of the national home).
    waiting_ids = (
        assignments.filter(role=Assignment.Role.FOLLOW, valid_from__lte=previous)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=previous))
        .exclude(cadre_id=person_id)
        .exclude(Exists(sent))
        .order_by(*by_name)
        .values_list("cadre_id", "cadre__sort_key")
        .distinct()[: LEADER_CADRES_LIMIT + 1]
    )
    order = [cadre_id for cadre_id, _sort_key in waiting_ids]
    complete = len(order) <= LEADER_CADRES_LIMIT
    order = order[:LEADER_CADRES_LIMIT]
    found = Person.objects.select_related("unit").in_bulk(order)
    waiting = [found[cadre_id] for cadre_id in order]
    policies = VisitPolicy.for_units({cadre.unit_id: cadre.unit for cadre in waiting}.values(), previous.year)
    late = []
    for cadre in waiting:
        policy = policies[cadre.unit_id]
        if policy.applies_from and policy.applies_from > previous:
            continue
        if today > rules.report_due_date(previous.year, previous.month, policy.monthly_report_due_day):
            late.append(cadre.full_name)
    return previous, late, complete


def _leader_items(user, today):
    if not (scoping.holds(user, scoping.APPROVE_VISIT_PLANS) or scoping.holds(user, scoping.REVIEW_VISIT_REPORTS)):
        return []
    previous, late, complete = late_reports_in_scope(user, today)
    if not late:
        return []
    if complete:
        title = _("%(n)s cán bộ chưa gửi báo cáo đi cơ sở tháng %(m)s/%(y)s (quá hạn)")
    else:
        title = _("Ít nhất %(n)s cán bộ chưa gửi báo cáo đi cơ sở tháng %(m)s/%(y)s (quá hạn)")
    return [
        Item(
            title=title % {"n": len(late), "m": previous.month, "y": previous.year},
            url=reverse("visits:home"),
            level="warning",
            detail=", ".join(late[:10]) + ("…" if len(late) > 10 else ""),
        )
    ]


def visits_attention(user) -> list[Item]:
    from coso.visits.views import _inboxes

    if not getattr(user, "is_authenticated", False):
        return []
    person = user.person if getattr(user, "person_id", None) else None
    today = timezone.localdate()
    items = []
    if person is not None and person.is_cadre:
        items += _own_items(person, today)
    items += _leader_items(user, today)
    home = reverse("visits:home") + "#inbox-heading"
    host_inbox, review_inbox, plan_inbox = _inboxes(user, person)
    for rows, text, one in (
        (host_inbox, _("%(n)s báo cáo đi cơ sở chờ đơn vị xác nhận"), lambda c: c.report.pk),
        (review_inbox, _("%(n)s báo cáo đi cơ sở chờ cụm trưởng xem xét"), lambda r: r.pk),
        (plan_inbox, _("%(n)s kế hoạch đi cơ sở quý chờ duyệt"), lambda p: p.pk),
    ):
        if not rows:
            continue
        url = home
        if len(rows) == 1:
            name = "visits:plan_detail" if rows is plan_inbox else "visits:report_detail"
            url = reverse(name, args=[one(rows[0])])
        items.append(Item(title=text % {"n": len(rows)}, url=url, level="info"))
    return items
