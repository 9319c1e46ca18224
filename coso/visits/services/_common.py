"""Shared by the visits services: the field lists, raising every violation, saving with the actor
and optimistic locking, locking a cadre's row."""

from coso.core.errors import DomainError
from coso.core.workflow import lock
from coso.people.models import Person
from coso.visits.models import (
    ClusterMeeting,
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
