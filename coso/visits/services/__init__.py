"""Writes on grassroots visits. Each function takes keyword-only arguments, checks scope
(``permissions``) and every rule (``rules`` via ``selectors``), runs in one transaction,
records who did it (simple_history on the records, a transition log on each workflow) and
returns the object — or raises a ``DomainError`` carrying *all* violations.

Workflows change state only through ``coso.core.workflow.transition``, along their
declarations in ``workflows.py`` (``QUARTER_PLAN``, ``MONTHLY_REPORT``, ``WEAK_UNIT_SELECTION``,
``HOST_CONFIRMATION``).

Services that stamp a time take ``now=None`` (default: the current time); pages and the API
never pass it; imports of past records and tests do.

One module per sub-domain: ``setup`` (policy, ranking rule, days without visits),
``assignments``, ``plans`` (quarter plans), ``trips`` (visits, photos, good practices),
``weak_units``, ``reports`` (monthly reports and their confirmation), ``clusters``; ``_common``
holds what they share. Every name is re-exported here: ``from coso.visits import services``
then ``services.record_visit`` keeps working.
"""

from coso.visits.services._common import (  # noqa: F401
    MEETING_DAYS,
    POLICY_FIELDS,
    RANKING_FIELDS,
    TRIP_FIELDS,
    VISIT_FIELDS,
    _cadre,
    _lock_cadre,
    _locked,
    _raise,
    _save,
)
from coso.visits.services.assignments import (  # noqa: F401
    _assignment_violations,
    _decision_violations,
    assign,
    end_assignment,
    reassign,
    record_decision,
    update_decision,
)
from coso.visits.services.clusters import (
    CLUSTER_BODIES,
    cluster_delete_violations,
    cluster_violations,
    delete_cluster,
    save_cluster,
    schedule_cluster_meetings,
    update_cluster_meeting,
    working_day_on_or_before,
)
from coso.visits.services.plans import (  # noqa: F401
    _planned_violations,
    _require_plan_editable,
    add_planned_visit,
    approve_plan,
    create_plan,
    plan_editable,
    remove_planned_visit,
    return_plan,
    submit_plan,
    update_planned_visit,
)
from coso.visits.services.reports import (  # noqa: F401
    _confirmation,
    _require_awaiting_hosts,
    _sync_confirmations,
    _sync_lines,
    draft_monthly_report,
    host_confirm,
    host_return,
    return_report,
    review_report,
    review_units_many,
    submit_report,
)
from coso.visits.services.setup import (  # noqa: F401
    _blackout_violations,
    add_blackout_day,
    remove_blackout_day,
    save_ranking_rule,
    save_visit_policy,
    update_blackout_day,
)
from coso.visits.services.trips import (  # noqa: F401
    _METADATA_MARKERS,
    PHOTO_MAX_BYTES,
    PHOTOS_PER_VISIT,
    _position_fields,
    _visit_violations,
    add_visit_photo,
    check_visit,
    mark_practice_to_replicate,
    position_of,
    record_good_practice,
    record_visit,
    reference_point,
    remove_visit,
    update_visit,
    without_photo_metadata,
)
from coso.visits.services.weak_units import (  # noqa: F401
    _set_picks,
    confirm_weak_units,
    propose_weak_units,
)

__all__ = [
    "POLICY_FIELDS",
    "RANKING_FIELDS",
    "TRIP_FIELDS",
    "VISIT_FIELDS",
    "MEETING_DAYS",
    "save_visit_policy",
    "save_ranking_rule",
    "add_blackout_day",
    "update_blackout_day",
    "remove_blackout_day",
    "record_decision",
    "update_decision",
    "assign",
    "end_assignment",
    "reassign",
    "plan_editable",
    "create_plan",
    "add_planned_visit",
    "update_planned_visit",
    "remove_planned_visit",
    "submit_plan",
    "approve_plan",
    "return_plan",
    "check_visit",
    "reference_point",
    "position_of",
    "record_visit",
    "update_visit",
    "remove_visit",
    "PHOTO_MAX_BYTES",
    "PHOTOS_PER_VISIT",
    "without_photo_metadata",
    "add_visit_photo",
    "record_good_practice",
    "mark_practice_to_replicate",
    "propose_weak_units",
    "confirm_weak_units",
    "draft_monthly_report",
    "submit_report",
    "host_confirm",
    "host_return",
    "review_units_many",
    "review_report",
    "return_report",
    "working_day_on_or_before",
    "schedule_cluster_meetings",
    "update_cluster_meeting",
    "CLUSTER_BODIES",
    "cluster_violations",
    "save_cluster",
    "cluster_delete_violations",
    "delete_cluster",
]
