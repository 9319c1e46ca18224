"""Home-page items of cadre work, registered from the app's ready():

- the owner of a cadre-work plan (who may edit its unit): the base unions that have not sent
  their own plan, once the plan's deadline is near (:data:`DEADLINE_NOTICE_DAYS`) or past;
- a base union under such a plan: its own plan still to send, with the deadline;
- who classifies a subtree: its cadres not yet evaluated for last year.

Each a counting query per plan (at most :data:`PLANS`) or per root of the user's scope."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.attention import Item

PLANS = 3
DEADLINE_NOTICE_DAYS = 30


def _plan_url(plan):
    return f"{reverse('cadrework:home')}?plan={plan.pk}#submissions"


def _plan_items(user, today):
    from coso.accounts import scoping
    from coso.cadrework.models import CadrePlan
    from coso.org.models import Unit, UnitLevel

    items = []
    notice = today + datetime.timedelta(days=DEADLINE_NOTICE_DAYS)
    due = CadrePlan.objects.filter(base_plan_deadline__isnull=False, base_plan_deadline__lte=notice)
    owned = list(
        due.filter(scoping.unit_q(user, scoping.EDIT_UNITS, prefix="owner__"))
        .select_related("owner")
        .order_by("-year", "-base_plan_deadline")[:PLANS]
    )
    for plan in owned:
        missing = (
            Unit.objects.filter(path__startswith=plan.owner.path, level__kind=UnitLevel.Kind.BASE, is_active=True)
            .exclude(cadre_plan_submissions__plan=plan)
            .count()
        )
        if missing:
            items.append(
                Item(
                    title=_("%(n)s cơ sở Đoàn chưa gửi kế hoạch công tác cán bộ (hạn %(d)s)")
                    % {"n": missing, "d": plan.base_plan_deadline.strftime("%d/%m/%Y")},
                    url=_plan_url(plan),
                    level="warning" if plan.base_plan_deadline < today else "info",
                    detail=str(plan),
                )
            )
    # A base union's own plan to send: the units where the user classifies, under a plan's owner.
    paths = scoping.paths_with(user, scoping.CLASSIFY)
    if paths:
        bases = list(Unit.objects.filter(path__in=list(paths), level__kind=UnitLevel.Kind.BASE)[:PLANS])
        for base in bases:
            ancestors = [base.path[:i] for i in range(Unit.steplen, len(base.path), Unit.steplen)]
            plan = (
                due.filter(owner__path__in=ancestors)
                .exclude(submissions__unit=base)
                .select_related("owner")
                .order_by("-year")
                .first()
            )
            if plan is not None:
                items.append(
                    Item(
                        title=_("%(u)s: gửi kế hoạch công tác cán bộ của đơn vị về %(o)s (hạn %(d)s)")
                        % {"u": base.name, "o": plan.owner.name, "d": plan.base_plan_deadline.strftime("%d/%m/%Y")},
                        url=reverse("cadrework:submission_add", args=[plan.pk]),
                        level="warning" if plan.base_plan_deadline < today else "info",
                    )
                )
    return items


def _evaluation_items(user, today):
    from coso.accounts import scoping
    from coso.org.models import Unit
    from coso.people import ancestry
    from coso.people.models import Evaluation, Person

    paths = scoping.paths_with(user, scoping.CLASSIFY)
    if not paths:  # None (everywhere: no personal task) or nowhere
        return []
    year = today.year - 1
    items = []
    units = list(Unit.objects.filter(path__in=list(paths)).select_related("level").order_by("path")[:PLANS])
    under = ancestry.under_units_q(units)
    for unit in units:
        cadres = Person.objects.filter(under[unit.pk], is_cadre=True)
        missing = cadres.exclude(pk__in=Evaluation.objects.filter(year=year).values("person_id")).count()
        if missing:
            items.append(
                Item(
                    title=_("%(n)s cán bộ của %(u)s chưa được đánh giá, xếp loại năm %(y)s")
                    % {"n": missing, "u": unit.name, "y": year},
                    url=f"{reverse('cadrework:evaluations')}?unit={unit.pk}&year={year}",
                    level="info",
                )
            )
    return items


def cadrework_attention(user) -> list[Item]:
    from coso.accounts import scoping

    if not getattr(user, "is_authenticated", False) or not scoping.works_in(user, "cadrework"):
        return []
    today = timezone.localdate()
    return _plan_items(user, today) + _evaluation_items(user, today)
