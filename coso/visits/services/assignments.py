"""Standing Committee decisions and the assignments of cadres to follow units."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core import dates
from coso.core.errors import DomainError
from coso.visits import permissions, rules
from coso.visits.models import (
    Assignment,
    AssignmentDecision,
)
from coso.visits.rules import Violation
from coso.visits.services._common import _lock_cadre, _locked, _raise, _save

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
    return _save(decision, actor, version, reason=gettext_noop("Sửa quyết định phân công"))


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
    return _save(assignment, actor, version, reason=gettext_noop("Kết thúc phân công"))


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
    _save(
        old,
        actor,
        version,
        reason=gettext_noop("Chuyển phân công theo quyết định %(number)s") % {"number": decision.number},
    )
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
