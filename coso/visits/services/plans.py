"""Quarter plans: planned trips and the plan's workflow (``QUARTER_PLAN``)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.visits import permissions, rules, selectors
from coso.visits.models import (
    ActivityRelation,
    PlannedVisit,
    QuarterPlan,
    VisitForm,
    VisitPolicy,
)
from coso.visits.services._common import TRIP_FIELDS, _cadre, _lock_cadre, _locked, _raise, _save
from coso.visits.workflows import (
    QUARTER_PLAN,
)

# --------------------------------------------------------------------------- quarter plans


def plan_editable(plan):
    if plan.state in QuarterPlan.EDITABLE:
        return True
    policy = VisitPolicy.for_unit(plan.cadre.unit, plan.year)
    # Registered without approval: the cadre may still adjust it during the quarter.
    return plan.state == QuarterPlan.State.SUBMITTED and not policy.quarterly_plan_needs_approval


def _require_plan_editable(plan):
    if not plan_editable(plan):
        raise DomainError(
            "plan_not_editable",
            _("Kế hoạch quý %(quarter)s/%(year)s đang ở trạng thái «%(state)s»: không sửa được.")
            % {"quarter": plan.quarter, "year": plan.year, "state": plan.get_state_display()},
        )


@transaction.atomic
def create_plan(*, actor, cadre, year, quarter, note=""):
    """The cadre's plan for a quarter (the existing one if already started)."""
    dates.require_year_in_window(year=year)
    cadre = _cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if quarter not in (1, 2, 3, 4):
        raise DomainError("invalid_quarter", _("Quý phải từ 1 đến 4."), field="quarter")
    plan = QuarterPlan.objects.filter(cadre=cadre, year=year, quarter=quarter).first()
    if plan:
        return plan
    return _save(QuarterPlan(cadre=cadre, year=year, quarter=quarter, note=note, created_by=actor), actor)


def _planned_violations(*, plan, values, exclude_pk=None):
    violations = rules.check_visit_fields(
        form=values["form"],
        form_choices=VisitForm.values,
        activity_relation=values.get("activity_relation"),
        activity_name=values.get("activity_name"),
        activity_date=values.get("activity_date"),
        start=values["start_date"],
        end=values["end_date"],
    )
    violations += rules.check_in_quarter(
        start=values["start_date"], end=values["end_date"], year=plan.year, quarter=plan.quarter
    )
    violations += selectors.trip_violations(
        cadre=plan.cadre,
        unit=values["unit"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        exclude_pk=exclude_pk,
        planned=True,
    )
    return violations


@transaction.atomic
def add_planned_visit(
    *,
    actor,
    plan,
    unit,
    start_date,
    end_date,
    form,
    content="",
    activity_relation=ActivityRelation.NONE,
    activity_name="",
    activity_date=None,
):
    plan = _locked(QuarterPlan, plan, related=("cadre__unit",))
    permissions.require_act_for_cadre(actor, plan.cadre)
    scoping.require(actor, scoping.VIEW, unit)
    _lock_cadre(plan.cadre)
    _require_plan_editable(plan)
    values = dict(
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        form=form,
        content=content,
        activity_relation=activity_relation,
        activity_name=activity_name,
        activity_date=activity_date,
    )
    _raise(_planned_violations(plan=plan, values=values))
    return _save(PlannedVisit(plan=plan, **values), actor)


@transaction.atomic
def update_planned_visit(*, actor, planned_visit, version, **fields):
    planned = _locked(PlannedVisit, planned_visit, related=("plan__cadre__unit", "unit"))
    plan = planned.plan
    permissions.require_act_for_cadre(actor, plan.cadre)
    _lock_cadre(plan.cadre)
    _require_plan_editable(plan)
    values = {key: getattr(planned, key) for key in TRIP_FIELDS}
    values.update({k: v for k, v in fields.items() if k in TRIP_FIELDS})
    _raise(_planned_violations(plan=plan, values=values, exclude_pk=planned.pk))
    for key, value in values.items():
        setattr(planned, key, value)
    return _save(planned, actor, version, reason=gettext_noop("Sửa chuyến đi dự kiến"))


@transaction.atomic
def remove_planned_visit(*, actor, planned_visit):
    planned = _locked(PlannedVisit, planned_visit, related=("plan__cadre__unit",))
    permissions.require_act_for_cadre(actor, planned.plan.cadre)
    _require_plan_editable(planned.plan)
    planned._history_user = actor
    planned.delete()


@transaction.atomic
def submit_plan(*, actor, plan, comment="", version=None, now=None):
    """Register the quarter plan (draft or returned → submitted)."""
    now = now or timezone.now()
    plan = QUARTER_PLAN.lock(plan)
    QUARTER_PLAN.require("submit", actor, plan)
    if plan.state in QuarterPlan.EDITABLE and not plan.planned_visits.exists() and not plan.note.strip():
        raise DomainError(
            "plan_empty",
            _("Kế hoạch quý %(quarter)s/%(year)s chưa có chuyến đi dự kiến hay nội dung nào.")
            % {"quarter": plan.quarter, "year": plan.year},
        )
    return transition(
        QUARTER_PLAN,
        plan,
        "submit",
        actor=actor,
        check=False,
        locked=True,
        now=now,
        comment=comment,
        version=version,
        changes={"first_submitted_at": plan.first_submitted_at or now},
    )


@transaction.atomic
def approve_plan(*, actor, plan, comment="", version=None, now=None):
    return transition(QUARTER_PLAN, plan, "approve", actor=actor, now=now, comment=comment, version=version)


@transaction.atomic
def return_plan(*, actor, plan, comment, version=None, now=None):
    return transition(QUARTER_PLAN, plan, "return", actor=actor, now=now, comment=comment, version=version)
