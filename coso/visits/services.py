"""Writes on grassroots visits. Each function takes keyword-only arguments, checks scope
(``permissions``) and every rule (``rules`` via ``selectors``), runs in one transaction,
records who did it (simple_history on the records, a transition log on each workflow) and
returns the object — or raises a ``DomainError`` carrying *all* violations.

Workflows change state only through ``coso.core.workflow.transition``, along their
declarations in ``workflows.py`` (``QUARTER_PLAN``, ``MONTHLY_REPORT``, ``WEAK_UNIT_SELECTION``,
``HOST_CONFIRMATION``).

Services that stamp a time take ``now=None`` (default: the current time); pages and the API
never pass it; imports of past records and tests do.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import ConflictError, DomainError
from coso.core.workflow import lock, transition
from coso.org.models import Cluster, UnitLevel
from coso.people.models import Body, Person, Post
from coso.visits import permissions, rules, selectors
from coso.visits.models import (
    ActivityRelation,
    Assignment,
    AssignmentDecision,
    BlackoutDay,
    ClusterMeeting,
    GoodPractice,
    HostConfirmation,
    MonthlyReport,
    PlannedVisit,
    Proof,
    QuarterPlan,
    RankingRule,
    ReportVisit,
    Visit,
    VisitForm,
    VisitPolicy,
    WeakUnitPick,
    WeakUnitSelection,
)
from coso.visits.rules import Violation
from coso.visits.workflows import (
    HOST_CONFIRMATION,
    MONTHLY_REPORT,
    QUARTER_PLAN,
    WEAK_UNIT_SELECTION,
    report_what,
)

POLICY_FIELDS = (
    "cap_days_mountainous",
    "cap_days_other",
    "yearly_minimum_days",
    "days_per_month",
    "branch_meetings_per_quarter",
    "cluster_leader_base_units_per_quarter",
    "weak_units_to_pick",
    "monthly_report_due_day",
    "report_within_days_after_trip",
    "quarterly_plan_required",
    "quarterly_plan_grace_days",
    "quarterly_plan_needs_approval",
    "count_public_holidays_as_blackout",
    "reminder_days",
    "applies_from",
    "source",
    "proof_radius_km",
    "proof_max_accuracy_m",
    "location_required",
)
RANKING_FIELDS = (
    "points_per_day",
    "points_per_base_unit",
    "points_per_branch_meeting",
    "points_per_good_practice",
    "penalty_late_report",
    "bonus_confirmed_without_return",
)
TRIP_FIELDS = (
    "unit",
    "start_date",
    "end_date",
    "form",
    "content",
    "activity_relation",
    "activity_name",
    "activity_date",
)
VISIT_FIELDS = TRIP_FIELDS + ("findings", "problems", "proposals", "is_ad_hoc", "planned_visit")

# Default dates of the cluster meetings (plan 000: Q1, 6 months, Q3, year end, year-end
# inspection); a date on a weekend or public holiday moves back to the working day before.
MEETING_DAYS = {
    ClusterMeeting.Kind.Q1: (3, 31),
    ClusterMeeting.Kind.SIX_MONTHS: (6, 30),
    ClusterMeeting.Kind.Q3: (9, 30),
    ClusterMeeting.Kind.YEAR_END_INSPECTION: (12, 10),
    ClusterMeeting.Kind.YEAR_END: (12, 15),
}


# --------------------------------------------------------------------------- helpers


def _raise(violations):
    if violations:
        first = violations[0]
        raise DomainError(
            first.code,
            first.message,
            field=first.field,
            violations=[(v.code, v.message, v.field) for v in violations],
        )


def _save(obj, actor, version=None, reason=None):
    """Create, or update with optimistic locking; the history row names the actor."""
    obj._history_user = actor
    if reason:
        obj._change_reason = reason
    if obj.pk is None:
        obj.save()
    else:
        obj.save_checked(version)
    return obj


def _locked(model, obj, related=()):
    return lock(model, obj, related=related)


def _cadre(cadre):
    return Person.objects.select_related("unit").get(pk=cadre.pk)


def _lock_cadre(cadre):
    """Serialise writes of one cadre's trips so two concurrent saves cannot both pass a cap."""
    return Person.objects.select_for_update(of=("self",)).select_related("unit").get(pk=cadre.pk)


# --------------------------------------------------------------------------- policy


@transaction.atomic
def save_visit_policy(*, actor, owner, year, version=None, **values):
    """Create or edit the policy of ``owner`` for ``year`` (fields: ``POLICY_FIELDS``)."""
    dates.require_year_in_window(year=year)
    permissions.require_manage(actor, owner)
    policy = VisitPolicy.objects.select_for_update(of=("self",)).filter(owner=owner, year=year).first() or VisitPolicy(
        owner=owner, year=year
    )
    for key, value in values.items():
        if key in POLICY_FIELDS:
            setattr(policy, key, value)
    _raise(rules.check_policy_values({key: getattr(policy, key) for key in POLICY_FIELDS}))
    return _save(policy, actor, version, reason=_("Sửa quy định đi cơ sở"))


@transaction.atomic
def save_ranking_rule(*, actor, owner, year, version=None, **values):
    dates.require_year_in_window(year=year)
    permissions.require_manage(actor, owner)
    rule = RankingRule.objects.select_for_update(of=("self",)).filter(owner=owner, year=year).first() or RankingRule(
        owner=owner, year=year
    )
    for key, value in values.items():
        if key in RANKING_FIELDS:
            setattr(rule, key, value)
    return _save(rule, actor, version, reason=_("Sửa cách tính điểm"))


def _blackout_violations(*, owner, date, reason, note, exclude_pk=None):
    violations = []
    if message := dates.window_message(date):
        return [Violation("date_out_of_window", message, "date")]
    if reason not in BlackoutDay.Reason.values:
        violations.append(
            Violation(
                "invalid_reason", _("Hãy chọn lý do: họp chi bộ, họp cơ quan, họp các đoàn thể hoặc khác."), "reason"
            )
        )
    if reason == BlackoutDay.Reason.OTHER and not (note or "").strip():
        violations.append(Violation("note_required", _("Hãy ghi lý do của ngày không đi cơ sở."), "note"))
    if BlackoutDay.objects.filter(owner=owner, date=date, reason=reason).exclude(pk=exclude_pk).exists():
        violations.append(
            Violation(
                "blackout_exists",
                _("Ngày %(date)s đã có trong danh sách ngày không đi cơ sở.") % {"date": rules.fmt(date)},
                "date",
            )
        )
    return violations


@transaction.atomic
def add_blackout_day(*, actor, owner, date, reason, note=""):
    permissions.require_manage(actor, owner)
    _raise(_blackout_violations(owner=owner, date=date, reason=reason, note=note))
    day = BlackoutDay(owner=owner, date=date, reason=reason, note=note.strip(), created_by=actor)
    return _save(day, actor)


@transaction.atomic
def update_blackout_day(*, actor, blackout_day, version, **fields):
    """Move a day without visits to another date, or change its reason or note (``version``
    checked). Trips already recorded on the new date stay: the rule refuses new ones."""
    day = _locked(BlackoutDay, blackout_day, related=("owner",))
    permissions.require_manage(actor, day.owner)
    for key in ("date", "reason", "note"):
        if fields.get(key) is not None:
            setattr(day, key, fields[key].strip() if key == "note" else fields[key])
    _raise(_blackout_violations(owner=day.owner, date=day.date, reason=day.reason, note=day.note, exclude_pk=day.pk))
    return _save(day, actor, version, reason=_("Sửa ngày không đi cơ sở"))


@transaction.atomic
def remove_blackout_day(*, actor, blackout_day):
    permissions.require_manage(actor, blackout_day.owner)
    blackout_day._history_user = actor
    blackout_day.delete()


# --------------------------------------------------------------------------- assignment


def _decision_violations(*, owner, number, decided_on, exclude_pk=None):
    violations = []
    if message := dates.window_message(decided_on):
        return [Violation("date_out_of_window", message, "decided_on")]
    if not number:
        violations.append(Violation("number_required", _("Hãy ghi số, ký hiệu của quyết định."), "number"))
    elif (
        AssignmentDecision.objects.filter(owner=owner, number=number, decided_on=decided_on)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        violations.append(
            Violation(
                "decision_exists",
                _("Quyết định %(number)s ngày %(date)s đã được ghi nhận.")
                % {"number": number, "date": rules.fmt(decided_on)},
                "number",
            )
        )
    return violations


@transaction.atomic
def record_decision(*, actor, owner, number, decided_on, signer=None, note=""):
    """A Standing Committee decision (e.g. "15-QĐ/TĐTN") under which assignments are made."""
    permissions.require_manage(actor, owner)
    number = " ".join((number or "").split())
    _raise(_decision_violations(owner=owner, number=number, decided_on=decided_on))
    decision = AssignmentDecision(
        owner=owner, number=number, decided_on=decided_on, signer=signer, note=note, created_by=actor
    )
    return _save(decision, actor)


@transaction.atomic
def update_decision(*, actor, decision, version, **fields):
    """Correct a decision's number, date, signer or summary (``version`` checked). Its date
    may not move after the first day of an assignment made under it."""
    decision = _locked(AssignmentDecision, decision, related=("owner",))
    permissions.require_manage(actor, decision.owner)
    if "number" in fields and fields["number"] is not None:
        decision.number = " ".join(fields["number"].split())
    for key in ("decided_on", "signer", "note"):
        if key in fields and (fields[key] is not None or key == "signer"):
            setattr(decision, key, fields[key])
    violations = _decision_violations(
        owner=decision.owner, number=decision.number, decided_on=decision.decided_on, exclude_pk=decision.pk
    )
    first = decision.assignments.order_by("valid_from").values_list("valid_from", flat=True).first()
    if first is not None and decision.decided_on > first:
        violations.append(
            Violation(
                "decision_after_assignments",
                _("Đã có phân công theo quyết định này từ %(date)s: ngày ban hành không thể sau ngày đó.")
                % {"date": rules.fmt(first)},
                "decided_on",
            )
        )
    _raise(violations)
    return _save(decision, actor, version, reason=_("Sửa quyết định phân công"))


def _assignment_violations(*, decision, cadre, unit, role, cluster, valid_from, exclude_pk=None):
    violations = []
    if not cadre.is_cadre:
        violations.append(
            Violation("not_a_cadre", _("%(name)s không phải là cán bộ.") % {"name": cadre.full_name}, "cadre")
        )
    if unit.pk == decision.owner_id or not unit.is_in_subtree_of(decision.owner):
        violations.append(
            Violation(
                "unit_outside_owner",
                _("%(unit)s không trực thuộc %(owner)s.") % {"unit": unit.name, "owner": decision.owner.name},
                "unit",
            )
        )
    if role not in Assignment.Role.values:
        violations.append(Violation("invalid_role", _("Hãy chọn nhiệm vụ được phân công."), "role"))
    if role != Assignment.Role.FOLLOW:
        if cluster is None:
            violations.append(
                Violation("cluster_required", _("Cụm trưởng, cụm phó phải gắn với một cụm thi đua."), "cluster")
            )
        elif not cluster.units.filter(pk=unit.pk).exists():
            violations.append(
                Violation(
                    "unit_outside_cluster",
                    _("%(unit)s không thuộc %(cluster)s.") % {"unit": unit.name, "cluster": cluster.name},
                    "unit",
                )
            )
    if valid_from < decision.decided_on:
        violations.append(
            Violation(
                "before_decision",
                _("Ngày bắt đầu (%(start)s) trước ngày ban hành quyết định (%(decided)s).")
                % {"start": rules.fmt(valid_from), "decided": rules.fmt(decision.decided_on)},
                "valid_from",
            )
        )
    current = (
        Assignment.objects.filter(cadre=cadre, unit=unit, role=role, valid_to__isnull=True)
        .exclude(pk=exclude_pk)
        .select_related("decision")
        .first()
    )
    if current:
        violations.append(
            Violation(
                "already_assigned",
                _("Đồng chí %(cadre)s đang được phân công %(role)s %(unit)s từ %(start)s (quyết định %(number)s).")
                % {
                    "cadre": cadre.full_name,
                    "role": current.get_role_display().lower(),
                    "unit": unit.name,
                    "start": rules.fmt(current.valid_from),
                    "number": current.decision.number,
                },
                "unit",
            )
        )
    return violations


@transaction.atomic
def assign(*, actor, decision, cadre, units=None, role=Assignment.Role.FOLLOW, cluster=None, valid_from=None):
    """Assign a cadre to follow units (one row each) — for a cluster role, by default every
    unit of the cluster. Returns the new rows."""
    dates.require_in_window(valid_from=valid_from)
    decision = AssignmentDecision.objects.select_related("owner").get(pk=decision.pk)
    permissions.require_manage(actor, decision.owner)
    cadre = _lock_cadre(cadre)
    valid_from = valid_from or decision.decided_on
    if units is None:
        units = list(cluster.units.all()) if cluster is not None else []
    if not units:
        raise DomainError("units_required", _("Hãy chọn đơn vị được phân công theo dõi."), field="units")
    violations = []
    for unit in units:
        violations += _assignment_violations(
            decision=decision, cadre=cadre, unit=unit, role=role, cluster=cluster, valid_from=valid_from
        )
    _raise(violations)
    return [
        _save(
            Assignment(decision=decision, cadre=cadre, unit=unit, role=role, cluster=cluster, valid_from=valid_from),
            actor,
        )
        for unit in units
    ]


@transaction.atomic
def end_assignment(*, actor, assignment, valid_to, decision=None, version=None):
    dates.require_in_window(valid_to=valid_to)
    assignment = _locked(Assignment, assignment, related=("decision__owner", "cadre", "unit"))
    permissions.require_manage(actor, assignment.decision.owner)
    if assignment.valid_to is not None:
        raise DomainError(
            "assignment_closed",
            _("Phân công này đã kết thúc ngày %(date)s.") % {"date": rules.fmt(assignment.valid_to)},
            field="valid_to",
        )
    if valid_to < assignment.valid_from:
        raise DomainError(
            "end_before_start",
            _("Ngày kết thúc (%(end)s) trước ngày bắt đầu phân công (%(start)s).")
            % {"end": rules.fmt(valid_to), "start": rules.fmt(assignment.valid_from)},
            field="valid_to",
        )
    assignment.valid_to = valid_to
    assignment.ended_by = decision
    return _save(assignment, actor, version, reason=_("Kết thúc phân công"))


@transaction.atomic
def reassign(*, actor, assignment, decision, valid_from, unit=None, cadre=None, version=None):
    """Close ``assignment`` the day before ``valid_from`` and open the same duty for another
    unit and/or cadre under ``decision``: both rows stay, so the history reads itself."""
    dates.require_in_window(valid_from=valid_from)
    old = _locked(Assignment, assignment, related=("decision__owner", "cadre", "unit", "cluster"))
    decision = AssignmentDecision.objects.select_related("owner").get(pk=decision.pk)
    permissions.require_manage(actor, old.decision.owner)
    permissions.require_manage(actor, decision.owner)
    new_unit = unit or old.unit
    new_cadre = _lock_cadre(cadre or old.cadre)
    if new_unit.pk == old.unit_id and new_cadre.pk == old.cadre_id:
        raise DomainError("reassign_same", _("Phân công mới trùng với phân công hiện tại."), field="unit")
    if old.valid_to is not None:
        raise DomainError(
            "assignment_closed", _("Phân công này đã kết thúc ngày %(date)s.") % {"date": rules.fmt(old.valid_to)}
        )
    if valid_from <= old.valid_from:
        raise DomainError(
            "reassign_too_early",
            _("Ngày chuyển (%(date)s) phải sau ngày bắt đầu phân công cũ (%(start)s).")
            % {"date": rules.fmt(valid_from), "start": rules.fmt(old.valid_from)},
            field="valid_from",
        )
    old.valid_to = valid_from - datetime.timedelta(days=1)
    old.ended_by = decision
    _save(old, actor, version, reason=_("Chuyển phân công theo quyết định %(number)s") % {"number": decision.number})
    _raise(
        _assignment_violations(
            decision=decision,
            cadre=new_cadre,
            unit=new_unit,
            role=old.role,
            cluster=old.cluster,
            valid_from=valid_from,
            exclude_pk=old.pk,
        )
    )
    new = Assignment(
        decision=decision, cadre=new_cadre, unit=new_unit, role=old.role, cluster=old.cluster, valid_from=valid_from
    )
    return _save(new, actor)


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
    return _save(planned, actor, version, reason=_("Sửa chuyến đi dự kiến"))


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


# --------------------------------------------------------------------------- visits


def _visit_violations(*, cadre, values, exclude_pk=None, today, extra_locked=None):
    violations = rules.check_visit_fields(
        form=values["form"],
        form_choices=VisitForm.values,
        activity_relation=values.get("activity_relation"),
        activity_name=values.get("activity_name"),
        activity_date=values.get("activity_date"),
        start=values["start_date"],
        end=values["end_date"],
    )
    if message := dates.window_message(values.get("activity_date")):
        violations.append(Violation("date_out_of_window", message, "activity_date"))
    planned = values.get("planned_visit")
    if planned is not None and planned.plan.cadre_id != cadre.pk:
        violations.append(
            Violation(
                "planned_visit_other_cadre",
                _("Chuyến đi dự kiến được chọn thuộc kế hoạch của cán bộ khác."),
                "planned_visit",
            )
        )
    violations += selectors.trip_violations(
        cadre=cadre,
        unit=values["unit"],
        start_date=values["start_date"],
        end_date=values["end_date"],
        is_ad_hoc=values.get("is_ad_hoc", False),
        exclude_pk=exclude_pk,
        today=today,
        extra_locked=extra_locked,
    )
    return violations


def check_visit(*, cadre, unit, start_date, end_date, is_ad_hoc=False, visit=None, today=None):
    """Every violation a visit would raise, without saving (for a form's live check)."""
    cadre = _cadre(cadre)
    values = dict(unit=unit, start_date=start_date, end_date=end_date, form=VisitForm.OTHER, is_ad_hoc=is_ad_hoc)
    return _visit_violations(
        cadre=cadre, values=values, exclude_pk=visit.pk if visit else None, today=today or timezone.localdate()
    )


def reference_point(unit):
    """The coordinates a visit to ``unit`` is measured against: the unit's own, else its nearest
    ancestor's (a branch is measured against its commune). None when no one has any."""
    from coso.org.models import Unit

    steps = [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
    row = (
        Unit.objects.filter(path__in=steps, latitude__isnull=False, longitude__isnull=False)
        .order_by("-depth")
        .values_list("latitude", "longitude")
        .first()
    )
    return tuple(row) if row else None


def _position_fields(*, cadre, unit, start_date, position, now=None):
    """The stored location fields of a visit and its proof, under the cadre's policy."""
    policy = VisitPolicy.for_unit(cadre.unit, start_date.year)
    proof, distance = rules.location_proof(
        position=position,
        reference=reference_point(unit),
        radius_km=policy.proof_radius_km,
        max_accuracy_m=policy.proof_max_accuracy_m,
    )
    return policy, dict(
        latitude=position.latitude if position else None,
        longitude=position.longitude if position else None,
        location_accuracy_m=position.accuracy_m if position else None,
        located_at=(now or timezone.now()) if position else None,
        distance_m=distance,
        proof=proof,
    )


def position_of(visit):
    if visit.latitude is None or visit.longitude is None:
        return None
    return rules.Position(visit.latitude, visit.longitude, visit.location_accuracy_m)


@transaction.atomic
def record_visit(
    *,
    actor,
    cadre,
    unit,
    start_date,
    end_date,
    form,
    content="",
    findings="",
    problems="",
    proposals="",
    is_ad_hoc=False,
    planned_visit=None,
    activity_relation=ActivityRelation.NONE,
    activity_name="",
    activity_date=None,
    client_id=None,
    position=None,
    today=None,
):
    """Record a trip done. Refused, with every reason, when it breaks a rule: caps per district
    and month (counting days, split at month ends), blackout days and public holidays, the
    assigned area (unless ad hoc), overlaps, dates, a month already reported, a location
    the policy requires.

    ``client_id`` is the id the phone made for the visit: a second call with the same id
    (a resend from the outbox, a double tap, a second tab) returns the visit stored the first
    time, unchanged, with ``visit.replayed = True``. The cadre's row lock serialises concurrent
    sends; the unique constraint on ``client_id`` is the last guard.

    ``position`` (``rules.Position``) is where the phone was: stored with its distance to the
    unit's coordinates and the proof it gives (never a refusal unless the policy requires a
    location)."""
    cadre = _lock_cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if client_id is not None:
        existing = Visit.objects.filter(client_id=client_id).select_related("unit", "cadre").first()
        if existing is not None:
            if existing.cadre_id != cadre.pk:
                raise DomainError(
                    "client_id_taken",
                    _("Mã chuyến đi này đã được dùng cho chuyến đi của cán bộ khác."),
                    field="client_id",
                )
            existing.replayed = True
            return existing
    scoping.require(actor, scoping.VIEW, unit)
    values = dict(
        unit=unit,
        start_date=start_date,
        end_date=end_date,
        form=form,
        content=content,
        findings=findings,
        problems=problems,
        proposals=proposals,
        is_ad_hoc=is_ad_hoc,
        planned_visit=planned_visit,
        activity_relation=activity_relation,
        activity_name=activity_name,
        activity_date=activity_date,
    )
    policy, located = _position_fields(cadre=cadre, unit=unit, start_date=start_date, position=position)
    violations = _visit_violations(cadre=cadre, values=values, today=today or timezone.localdate())
    violations += rules.check_position(position, required=policy.location_required)
    _raise(violations)
    visit = _save(Visit(cadre=cadre, created_by=actor, client_id=client_id, **values, **located), actor)
    visit.replayed = False
    return visit


@transaction.atomic
def update_visit(*, actor, visit, version, today=None, **fields):
    visit = _locked(Visit, visit, related=("unit",))
    cadre = _lock_cadre(visit.cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if "unit" in fields:
        scoping.require(actor, scoping.VIEW, fields["unit"])
    values = {key: getattr(visit, key) for key in VISIT_FIELDS}
    values.update({k: v for k, v in fields.items() if k in VISIT_FIELDS})
    old_locked = selectors.locked_months_for(cadre, visit.start_date, visit.end_date)
    _raise(
        _visit_violations(
            cadre=cadre,
            values=values,
            exclude_pk=visit.pk,
            today=today or timezone.localdate(),
            extra_locked=old_locked,
        )
    )
    for key, value in values.items():
        setattr(visit, key, value)
    if visit.proof != Proof.NONE or visit.latitude is not None:
        _policy, located = _position_fields(
            cadre=cadre, unit=visit.unit, start_date=visit.start_date, position=position_of(visit), now=visit.located_at
        )
        for key in ("distance_m", "proof"):
            setattr(visit, key, located[key])
    return _save(visit, actor, version, reason=_("Sửa chuyến đi cơ sở"))


@transaction.atomic
def remove_visit(*, actor, visit, version=None):
    visit = _locked(Visit, visit)
    cadre = _lock_cadre(visit.cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if version is not None and int(version) != visit.version:
        raise ConflictError()
    locked = selectors.locked_months_for(cadre, visit.start_date, visit.end_date)
    _raise(
        [
            Violation(
                "month_reported",
                _(
                    "Báo cáo đi cơ sở tháng %(month)s/%(year)s đang ở trạng thái «%(state)s»: "
                    "không thể xoá chuyến đi trong tháng này."
                )
                % {"month": month, "year": year, "state": label},
            )
            for (year, month), label in sorted(locked.items())
        ]
    )
    reports = list(MonthlyReport.objects.filter(lines__visit=visit).select_related("cadre__unit"))
    ReportVisit.objects.filter(visit=visit).delete()
    visit._history_user = actor
    visit.delete()
    for report in reports:
        _sync_lines(report)
        _save(report, actor, reason=_("Bỏ chuyến đi đã xoá"))


PHOTO_MAX_BYTES = 3 * 1024 * 1024
PHOTOS_PER_VISIT = 6
# JPEG segments that may carry where and by what a photo was taken: APP1 (EXIF with its GPS
# block, XMP), APP13 (IPTC), comments. The phone's re-encoding has none; this is the safety net.
_METADATA_MARKERS = {0xE1, 0xED, 0xFE}


def without_photo_metadata(content: bytes) -> bytes:
    """The JPEG ``content`` without its EXIF/XMP/IPTC/comment segments (pixels untouched).

    The visit form re-encodes photos on the phone, which already drops them; a photo sent by
    another client (the API, an old browser) loses them here. Content that does not parse as
    JPEG segments is returned as it is.
    """
    if not content.startswith(b"\xff\xd8"):
        return content
    out = bytearray(b"\xff\xd8")
    pos, size = 2, len(content)
    while pos + 4 <= size:
        if content[pos] != 0xFF:
            return content
        marker = content[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9 or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += content[pos : pos + 2]
            pos += 2
            continue
        length = int.from_bytes(content[pos + 2 : pos + 4], "big")
        if length < 2 or pos + 2 + length > size:
            return content
        if marker == 0xDA:  # start of scan: the image data follows to the end
            out += content[pos:]
            return bytes(out)
        if marker not in _METADATA_MARKERS:
            out += content[pos : pos + 2 + length]
        pos += 2 + length
    return content


@transaction.atomic
def add_visit_photo(*, actor, visit, content, client_id=None):
    """Attach a photo (JPEG bytes, already resized on the phone, whose re-encoding drops the
    location metadata) to a visit. A second send of the same ``client_id`` returns the photo
    stored the first time."""
    from django.core.files.base import ContentFile

    from coso.visits.models import VisitPhoto

    visit = _locked(Visit, visit)
    permissions.require_act_for_cadre(actor, visit.cadre)
    if client_id is not None:
        existing = VisitPhoto.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.visit_id != visit.pk:
                raise DomainError("client_id_taken", _("Mã ảnh này đã được dùng cho chuyến đi khác."), field="photo")
            return existing
    if not content or not content.startswith(b"\xff\xd8\xff"):
        raise DomainError("photo_not_jpeg", _("Ảnh phải là tệp JPEG."), field="photo")
    if len(content) > PHOTO_MAX_BYTES:
        raise DomainError("photo_too_large", _("Ảnh lớn hơn 3 MB: hãy chụp lại hoặc chọn ảnh khác."), field="photo")
    if visit.photos.count() >= PHOTOS_PER_VISIT:
        raise DomainError(
            "too_many_photos",
            _("Mỗi chuyến đi có tối đa %(count)s ảnh.") % {"count": PHOTOS_PER_VISIT},
            field="photo",
        )
    content = without_photo_metadata(content)
    photo = VisitPhoto(visit=visit, client_id=client_id, size=len(content), created_by=actor)
    photo.image.save("photo.jpg", ContentFile(content), save=False)
    photo.save()
    return photo


# --------------------------------------------------------------------------- good practices


@transaction.atomic
def record_good_practice(*, actor, cadre, unit, title, description="", visit=None, reported_on=None):
    cadre = _cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    scoping.require(actor, scoping.VIEW, unit)
    title = " ".join((title or "").split())
    if not title:
        raise DomainError("title_required", _("Hãy ghi tên mô hình, cách làm."), field="title")
    if visit is not None and visit.cadre_id != cadre.pk:
        raise DomainError("visit_other_cadre", _("Chuyến đi được chọn là của cán bộ khác."), field="visit")
    practice = GoodPractice(
        title=title,
        description=description,
        unit=unit,
        visit=visit,
        reported_by=cadre,
        reported_on=reported_on or (visit.end_date if visit else timezone.localdate()),
    )
    return _save(practice, actor)


@transaction.atomic
def mark_practice_to_replicate(*, actor, practice, to_replicate=True, version=None, now=None):
    """The cluster or department leader decides a practice is to be spread across the cluster."""
    practice = _locked(GoodPractice, practice, related=("unit",))
    permissions.require_mark_practice(actor, practice)
    practice.to_replicate = to_replicate
    practice.marked_by = actor if to_replicate else None
    practice.marked_at = (now or timezone.now()) if to_replicate else None
    return _save(practice, actor, version, reason=_("Nhân rộng") if to_replicate else _("Bỏ nhân rộng"))


# --------------------------------------------------------------------------- weak units


@transaction.atomic
def propose_weak_units(*, actor, cadre, district, year):
    """Propose the N base units of ``district`` with the lowest classification of ``year - 1``
    (worst first, ties by name, unclassified units last). Proposing again refreshes the list
    while it is only proposed."""
    dates.require_year_in_window(year=year)
    cadre = _cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    follows = [
        c
        for c in selectors.covers_for(cadre, first, last)
        if district.path.startswith(c.path) or c.path.startswith(district.path)
    ]
    if not follows:
        raise DomainError(
            "not_following",
            _("Đồng chí %(cadre)s không được phân công theo dõi %(district)s trong năm %(year)s.")
            % {"cadre": cadre.full_name, "district": district.name, "year": year},
            field="district",
        )
    policy = VisitPolicy.for_unit(cadre.unit, year)
    selection = (
        WeakUnitSelection.objects.select_for_update(of=("self",))
        .filter(cadre=cadre, district=district, year=year)
        .first()
    )
    if selection is not None and selection.state != WeakUnitSelection.State.PROPOSED:
        raise DomainError(
            "illegal_transition",
            _(
                "Danh sách đơn vị xếp loại thấp năm %(year)s của %(district)s đã được thống nhất, "
                "không đề xuất lại được."
            )
            % {"year": year, "district": district.name},
        )
    candidates = selectors.weak_unit_candidates(district, year)[: policy.weak_units_to_pick]
    if selection is None:
        selection = _save(WeakUnitSelection(cadre=cadre, district=district, year=year), actor)
    else:
        _save(selection, actor, reason=_("Đề xuất lại"))
    _set_picks(selection, [(unit_id, level_id) for unit_id, _name, level_id, _rank in candidates])
    return selection


def _set_picks(selection, picks):
    selection.picks.all().delete()
    WeakUnitPick.objects.bulk_create(
        WeakUnitPick(selection=selection, unit_id=unit_id, position=index, previous_level_id=level_id)
        for index, (unit_id, level_id) in enumerate(picks, start=1)
    )


@transaction.atomic
def confirm_weak_units(*, actor, selection, units=None, version=None, now=None):
    """Confirm the list agreed with the district's standing officers (optionally another
    choice of ``units``: base units of the district, at least the policy's number)."""
    selection = WEAK_UNIT_SELECTION.lock(selection)
    WEAK_UNIT_SELECTION.require("confirm", actor, selection)
    if units is not None:
        policy = VisitPolicy.for_unit(selection.cadre.unit, selection.year)
        candidates = {
            unit_id: level_id
            for unit_id, _n, level_id, _r in selectors.weak_unit_candidates(selection.district, selection.year)
        }
        violations = [
            Violation(
                "not_a_base_unit",
                _("%(unit)s không phải Đoàn cơ sở trực thuộc %(district)s.")
                % {"unit": unit.name, "district": selection.district.name},
                "units",
            )
            for unit in units
            if unit.pk not in candidates
        ]
        needed = min(policy.weak_units_to_pick, len(candidates))
        if len({u.pk for u in units}) < needed:
            violations.append(
                Violation(
                    "too_few_units",
                    _("Phải chọn ít nhất %(needed)s đơn vị (đã chọn %(chosen)s).")
                    % {"needed": needed, "chosen": len(units)},
                    "units",
                )
            )
        _raise(violations)
        _set_picks(selection, [(unit.pk, candidates[unit.pk]) for unit in dict.fromkeys(units)])
    now = now or timezone.now()
    return transition(
        WEAK_UNIT_SELECTION,
        selection,
        "confirm",
        actor=actor,
        check=False,
        locked=True,
        now=now,
        version=version,
        changes={"confirmed_at": now, "confirmed_by": actor},
    )


# --------------------------------------------------------------------------- monthly reports


def _sync_lines(report):
    """Make the report's lines the cadre's visits of the month (with their days in it)."""
    lines = selectors.month_lines(report.cadre, report.year, report.month)
    current = {line.visit_id: line for line in report.lines.all()}
    wanted = {visit.pk for visit, _days, _host in lines}
    changed = False
    stale = [pk for visit_id, line in current.items() if visit_id not in wanted for pk in [line.pk]]
    if stale:
        ReportVisit.objects.filter(pk__in=stale).delete()
        changed = True
    for visit, days, host_id in lines:
        line = current.get(visit.pk)
        if line is None:
            ReportVisit.objects.create(report=report, visit=visit, days_in_month=days, host_id=host_id)
            changed = True
        elif line.days_in_month != days or line.host_id != host_id:
            line.days_in_month, line.host_id = days, host_id
            line.save(update_fields=["days_in_month", "host"])
            changed = True
    total = sum(days for _visit, days, _host in lines)
    if report.total_days != total:
        report.total_days = total
        changed = True
    return changed, {host_id for _v, _d, host_id in lines}


@transaction.atomic
def draft_monthly_report(*, actor, cadre, year, month, summary=None):
    """The month's report from the visits recorded (idempotent: drafting again only brings the
    lines up to date, while the report is a draft or returned)."""
    dates.require_year_in_window(year=year)
    cadre = _cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if not 1 <= month <= 12:
        raise DomainError("invalid_month", _("Tháng phải từ 1 đến 12."), field="month")
    report = MonthlyReport.objects.select_for_update(of=("self",)).filter(cadre=cadre, year=year, month=month).first()
    if report is None:
        policy = VisitPolicy.for_unit(cadre.unit, year)
        report = _save(
            MonthlyReport(
                cadre=cadre,
                year=year,
                month=month,
                summary=summary or "",
                due_date=rules.report_due_date(year, month, policy.monthly_report_due_day),
            ),
            actor,
        )
        summary = None
    report.cadre = cadre
    if report.state not in MonthlyReport.EDITABLE:
        raise DomainError(
            "report_not_editable",
            _("Báo cáo tháng %(month)s/%(year)s đang ở trạng thái «%(state)s»: không soạn lại được.")
            % {"month": month, "year": year, "state": report.get_state_display()},
        )
    changed, _hosts = _sync_lines(report)
    if summary is not None and summary != report.summary:
        report.summary = summary
        changed = True
    if changed:
        _save(report, actor, reason=_("Cập nhật báo cáo từ các chuyến đi"))
    return report


def _sync_confirmations(report, hosts, actor):
    existing = {c.district_id: c for c in report.host_confirmations.all()}
    for district_id, confirmation in existing.items():
        if district_id not in hosts:
            confirmation._history_user = actor
            confirmation.delete()
        elif confirmation.state != HostConfirmation.State.PENDING:
            transition(
                HOST_CONFIRMATION,
                confirmation,
                "reset",
                actor=actor,
                locked=True,  # the report is locked
                reason=_("Báo cáo gửi lại"),
                changes={"comment": "", "by": None, "at": None},
            )
    for district_id in sorted(hosts - set(existing)):
        _save(HostConfirmation(report=report, district_id=district_id), actor)


@transaction.atomic
def submit_report(*, actor, report, comment="", version=None, now=None):
    """Send the report to the hosts (draft or returned → submitted). Each district visited
    confirms; with no visit at all there is nothing to confirm and it is confirmed at once."""
    now = now or timezone.now()
    report = MONTHLY_REPORT.lock(report)
    MONTHLY_REPORT.require("submit", actor, report)
    if datetime.date(report.year, report.month, 1) > timezone.localdate(now):
        raise DomainError(
            "month_not_started",
            _("Tháng %(month)s/%(year)s chưa bắt đầu.") % {"month": report.month, "year": report.year},
        )
    hosts = set()
    if report.state in MonthlyReport.EDITABLE:
        _changed, hosts = _sync_lines(report)
    transition(
        MONTHLY_REPORT,
        report,
        "submit",
        actor=actor,
        check=False,
        locked=True,
        now=now,
        comment=comment,
        version=version,
        changes={"first_submitted_at": report.first_submitted_at or now},
    )
    _sync_confirmations(report, hosts, actor)
    if not hosts:
        transition(
            MONTHLY_REPORT,
            report,
            "hosts_confirmed",
            actor=actor,
            locked=True,
            now=now,
            comment=_("Không có chuyến đi nào cần cơ sở xác nhận."),
        )
    return report


def _confirmation(report, district):
    confirmation = (
        HostConfirmation.objects.select_for_update(of=("self",)).filter(report=report, district=district).first()
    )
    if confirmation is None:
        raise DomainError(
            "not_a_host",
            _("Báo cáo này không có chuyến đi nào tại %(district)s.") % {"district": district.name},
            field="district",
        )
    return confirmation


def _require_awaiting_hosts(report):
    if report.state != MonthlyReport.State.SUBMITTED:
        raise DomainError(
            "illegal_transition",
            _("%(what)s đang ở trạng thái «%(state)s», không chờ cơ sở xác nhận.")
            % {"what": report_what(report).capitalize(), "state": report.get_state_display()},
        )


@transaction.atomic
def host_confirm(*, actor, report, district, comment="", now=None):
    """The visited district's standing officers confirm and comment (xác nhận, nhận xét).
    When every district of the report has confirmed, the report is confirmed by its hosts."""
    now = now or timezone.now()
    report = MONTHLY_REPORT.lock(report)
    permissions.require_host_confirm(actor, district, report)  # before telling whether it is a host
    _require_awaiting_hosts(report)
    confirmation = _confirmation(report, district)
    transition(
        HOST_CONFIRMATION,
        confirmation,
        "confirm",
        actor=actor,
        check=False,  # checked above
        locked=True,  # by _confirmation
        now=now,
        reason=_("Xác nhận"),
        changes={"comment": comment, "by": actor, "at": now},
    )
    if not report.host_confirmations.exclude(state=HostConfirmation.State.CONFIRMED).exists():
        transition(
            MONTHLY_REPORT,
            report,
            "hosts_confirmed",
            actor=actor,
            locked=True,
            now=now,
            comment=_("Tất cả đơn vị được đến đã xác nhận."),
        )
    return report


@transaction.atomic
def host_return(*, actor, report, district, comment, now=None):
    """A visited district returns the report with its reason; the cadre edits and resubmits."""
    now = now or timezone.now()
    report = MONTHLY_REPORT.lock(report)
    permissions.require_host_confirm(actor, district, report)  # before telling whether it is a host
    HOST_CONFIRMATION.check_comment("return", comment)
    _require_awaiting_hosts(report)
    confirmation = _confirmation(report, district)
    transition(
        HOST_CONFIRMATION,
        confirmation,
        "return",
        actor=actor,
        check=False,  # checked above
        locked=True,  # by _confirmation
        comment=comment,
        now=now,
        reason=_("Trả lại"),
        changes={"comment": comment, "by": actor, "at": now},
    )
    return transition(
        MONTHLY_REPORT,
        report,
        "host_return",
        actor=actor,
        locked=True,
        now=now,
        comment=_("%(district)s trả lại: %(comment)s") % {"district": district.name, "comment": comment},
        changes={"was_returned": True},
    )


def review_units_many(reports):
    """:func:`review_units` of each report (report pk → unit ids) for a list: the reports'
    ``host_confirmations`` prefetched, plus one query for the assignments of the cadres of
    the reports without hosts, whatever their number."""
    result, without_hosts = {}, []
    for report in reports:
        hosts = [c.district_id for c in report.host_confirmations.all()]
        if hosts:
            result[report.pk] = hosts
        else:
            without_hosts.append(report)
    if without_hosts:
        assigned = {}
        for cadre_id, unit_id, valid_from in Assignment.objects.filter(
            cadre_id__in={r.cadre_id for r in without_hosts}
        ).values_list("cadre_id", "unit_id", "valid_from"):
            assigned.setdefault(cadre_id, []).append((valid_from.year, unit_id))
        for report in without_hosts:
            result[report.pk] = [unit_id for year, unit_id in assigned.get(report.cadre_id, []) if year <= report.year]
    return result


@transaction.atomic
def review_report(*, actor, report, comment="", version=None, now=None):
    """The cluster leader (or deputy) of a cluster containing the report's districts reviews it."""
    now = now or timezone.now()
    return transition(
        MONTHLY_REPORT,
        report,
        "review",
        actor=actor,
        now=now,
        comment=comment,
        version=version,
        changes={"reviewed_by": actor, "reviewed_at": now, "review_comment": comment},
    )


@transaction.atomic
def return_report(*, actor, report, comment, version=None, now=None):
    """The cluster leader sends a host-confirmed report back with a reason."""
    now = now or timezone.now()
    return transition(
        MONTHLY_REPORT,
        report,
        "return",
        actor=actor,
        now=now,
        comment=comment,
        version=version,
        changes={"was_returned": True},
    )


# --------------------------------------------------------------------------- cluster meetings


def working_day_on_or_before(day):
    holidays = rules.public_holidays(day - datetime.timedelta(days=14), day)
    while day.weekday() >= 5 or day in holidays:
        day -= datetime.timedelta(days=1)
    return day


@transaction.atomic
def schedule_cluster_meetings(*, actor, cluster):
    """The five meetings of a cluster's year with default dates (end of March, June and
    September, the year-end inspection on 10 December and the year-end meeting mid-December,
    moved back to a working day). Idempotent: existing meetings are kept as they are."""
    cluster = Cluster.objects.select_related("owner").get(pk=cluster.pk)
    permissions.require_manage_cluster(actor, cluster)
    existing = {m.kind: m for m in cluster.meetings.all()}
    meetings = []
    for kind, (month, day) in MEETING_DAYS.items():
        meeting = existing.get(kind)
        if meeting is None:
            scheduled = working_day_on_or_before(datetime.date(cluster.year, month, day))
            meeting = _save(ClusterMeeting(cluster=cluster, kind=kind, scheduled_on=scheduled), actor)
        meetings.append(meeting)
    return sorted(meetings, key=lambda m: m.scheduled_on)


@transaction.atomic
def update_cluster_meeting(*, actor, meeting, version, **fields):
    """Reschedule, or record that a meeting was held, with its minutes (text and/or file)."""
    meeting = _locked(ClusterMeeting, meeting, related=("cluster__owner",))
    permissions.require_manage_cluster(actor, meeting.cluster)
    for key in ("scheduled_on", "held_on", "host_unit", "minutes_text", "minutes_file"):
        if key in fields:
            setattr(meeting, key, fields[key])
    year = meeting.cluster.year
    violations = []
    for key, label in (("scheduled_on", _("Ngày dự kiến")), ("held_on", _("Ngày tổ chức"))):
        value = getattr(meeting, key)
        if value and value.year != year:
            violations.append(
                Violation(
                    "wrong_year",
                    _("%(label)s (%(date)s) phải trong năm %(year)s.")
                    % {"label": label, "date": rules.fmt(value), "year": year},
                    key,
                )
            )
    if meeting.host_unit_id and not meeting.cluster.units.filter(pk=meeting.host_unit_id).exists():
        violations.append(
            Violation(
                "host_outside_cluster",
                _("%(unit)s không thuộc %(cluster)s.")
                % {"unit": meeting.host_unit.name, "cluster": meeting.cluster.name},
                "host_unit",
            )
        )
    _raise(violations)
    return _save(meeting, actor, version, reason=_("Cập nhật giao ban cụm"))


# --------------------------------------------------------------------------- emulation clusters

CLUSTER_BODIES = (Body.STANDING, Body.STANDING_OFFICERS)


def cluster_violations(*, owner, year, name, units, leader, deputy, exclude_pk=None):
    """Every rule a cluster breaks: a name, district-level units of the organiser (each in one
    cluster a year), a leader and a deputy, different, both in its Standing Committee that year."""
    violations = []
    if not (name or "").strip():
        violations.append(Violation("name_required", _("Hãy ghi tên cụm."), "name"))
    elif Cluster.objects.filter(owner=owner, year=year, name=name.strip()).exclude(pk=exclude_pk).exists():
        violations.append(
            Violation(
                "cluster_exists",
                _("%(owner)s đã có cụm «%(name)s» năm %(year)s.")
                % {"owner": owner.name, "name": name.strip(), "year": year},
                "name",
            )
        )
    if not units:
        violations.append(Violation("units_required", _("Hãy chọn các đơn vị trong cụm."), "units"))
    for unit in units:
        if not unit.path.startswith(owner.path) or unit.pk == owner.pk or unit.level.kind != UnitLevel.Kind.DISTRICT:
            violations.append(
                Violation(
                    "unit_not_district",
                    _("%(unit)s không phải đơn vị cấp huyện thuộc %(owner)s.")
                    % {"unit": unit.name, "owner": owner.name},
                    "units",
                )
            )
    taken = (
        Cluster.objects.filter(owner=owner, year=year, units__in=[u.pk for u in units])
        .exclude(pk=exclude_pk)
        .values_list("units__name", "name")
    )
    for unit_name, cluster_name in taken:
        violations.append(
            Violation(
                "unit_in_other_cluster",
                _("%(unit)s đã thuộc %(cluster)s năm %(year)s.")
                % {"unit": unit_name, "cluster": cluster_name, "year": year},
                "units",
            )
        )
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for person, field, label in ((leader, "leader", _("Cụm trưởng")), (deputy, "deputy", _("Cụm phó"))):
        if person is None:
            violations.append(Violation(f"{field}_required", _("Hãy chọn %(role)s.") % {"role": label.lower()}, field))
            continue
        standing = (
            Post.objects.filter(person=person, unit=owner, body__in=CLUSTER_BODIES, start_date__lte=last)
            .exclude(end_date__lt=first)
            .exists()
        )
        if not standing:
            violations.append(
                Violation(
                    f"{field}_not_standing",
                    _(
                        "%(role)s phải là Ủy viên Ban Thường vụ %(owner)s năm %(year)s; %(person)s không giữ "
                        "chức vụ nào trong Ban Thường vụ."
                    )
                    % {"role": label, "owner": owner.name, "year": year, "person": person.full_name},
                    field,
                )
            )
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        violations.append(
            Violation("same_leader_deputy", _("Cụm trưởng và cụm phó phải là hai người khác nhau."), "deputy")
        )
    return violations


@transaction.atomic
def save_cluster(*, actor, owner=None, year=None, name, units, leader, deputy, cluster=None, version=None):
    """Create a cluster of ``owner`` for ``year``, or edit ``cluster`` (``version`` checked):
    name, member units, leader and deputy. The organiser's visits managers do it. A unit taken
    out of the cluster ends the cluster leader's and deputy's assignments on it (today, or
    the cluster's last day if its year is over), so no duty points at a unit outside it."""
    dates.require_year_in_window(year=year)
    removed = []
    if cluster is not None:
        cluster = _locked(Cluster, cluster, related=("owner",))
        owner, year = cluster.owner, cluster.year
    permissions.require_manage(actor, owner)
    units = list(units)
    _raise(
        cluster_violations(
            owner=owner,
            year=year,
            name=name,
            units=units,
            leader=leader,
            deputy=deputy,
            exclude_pk=cluster.pk if cluster else None,
        )
    )
    if cluster is None:
        cluster = Cluster(owner=owner, year=year)
    else:
        removed = sorted(set(cluster.units.values_list("pk", flat=True)) - {u.pk for u in units})
    cluster.name, cluster.leader, cluster.deputy = name.strip(), leader, deputy
    _save(cluster, actor, version, reason=_("Lập cụm thi đua") if cluster.pk is None else _("Sửa cụm thi đua"))
    cluster.units.set(units)
    if removed:
        last = min(timezone.localdate(), datetime.date(year, 12, 31))
        for assignment in Assignment.objects.filter(cluster=cluster, unit_id__in=removed, valid_to__isnull=True):
            assignment.valid_to = max(last, assignment.valid_from)
            _save(
                assignment,
                actor,
                assignment.version,
                reason=_("Đơn vị ra khỏi %(cluster)s") % {"cluster": cluster.name},
            )
    return cluster


def cluster_delete_violations(cluster):
    """Why a cluster cannot be deleted: it was used (assignments under it, a meeting held, a
    monthly report of its year reviewed by its leader or deputy). Such a cluster stays, as
    the record of its year; the next year gets its own clusters."""
    violations = []
    if cluster.visit_assignments.exists():
        violations.append(
            Violation(
                "cluster_has_assignments",
                _("%(cluster)s đã có phân công cụm trưởng, cụm phó theo quyết định: không xoá được cụm.")
                % {"cluster": cluster.name},
                "cluster",
            )
        )
    if cluster.meetings.filter(held_on__isnull=False).exists():
        violations.append(
            Violation(
                "cluster_has_meetings", _("%(cluster)s đã tổ chức giao ban cụm.") % {"cluster": cluster.name}, "cluster"
            )
        )
    leaders = [pk for pk in (cluster.leader_id, cluster.deputy_id) if pk]
    if (
        leaders
        and MonthlyReport.objects.filter(year=cluster.year, reviewed_by__person_id__in=leaders)
        .filter(cadre__visit_assignments__unit__in=cluster.units.all())
        .exists()
    ):
        violations.append(
            Violation(
                "cluster_has_reports",
                _("Cụm trưởng, cụm phó của %(cluster)s đã xem xét báo cáo tháng năm %(year)s.")
                % {"cluster": cluster.name, "year": cluster.year},
                "cluster",
            )
        )
    return violations


@transaction.atomic
def delete_cluster(*, actor, cluster, version=None):
    """Delete a cluster made by mistake, with its meetings not yet held (``version`` checked).
    Refused, naming why, once the cluster was used (:func:`cluster_delete_violations`)."""
    cluster = _locked(Cluster, cluster, related=("owner",))
    permissions.require_manage(actor, cluster.owner)
    if version is not None and int(version) != cluster.version:
        raise ConflictError()
    _raise(cluster_delete_violations(cluster))
    for meeting in cluster.meetings.all():
        meeting._history_user = actor
        meeting.delete()
    cluster._history_user = actor
    cluster._change_reason = _("Xoá cụm thi đua")
    cluster.delete()
