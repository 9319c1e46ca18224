"""Writes on the programme "Rèn luyện và hành động". Each function takes keyword-only
arguments, checks scope (``permissions``) and every rule (``rules``), runs in one transaction,
records who did it (simple_history on the records, a transition log on each workflow) and
returns the object — or raises a ``DomainError`` carrying *all* violations.

Workflows change state only through the engine (``coso.core.workflow.transition`` /
``transition_many``), along their declarations in ``workflows.py``; each step is recorded in
the record's step log. Returns go one step down, to whoever must fix the record
(:data:`ASSESSMENT_RETURNS`); the fixer then does their step again (resubmits).

Bulk steps (:func:`branch_evaluate_many`, :func:`base_review`, :func:`district_recognise`)
never invent a figure: what nobody entered stays empty and is reported back.

Messages are in Vietnamese through gettext (English mode translates them at call time). The
texts stored with a record — the history's change reasons and the step logs' comments — are
data, written in Vietnamese whoever acts (``gettext_noop``: in the catalogue, not translated).

Services that stamp a time take ``now=None`` (default: the current time); pages and the API
never pass it; imports of past records and tests do.
"""

from coso.programme.services.assessment import (
    AWAITING_BRANCH,
    branch_evaluate,
    branch_evaluate_directly,
    return_assessment,
    self_assess,
    self_assess_on_behalf,
)
from coso.programme.services.branches import (
    branch_self_assess,
    return_branch_assessment,
    review_branch_assessment,
)
from coso.programme.services.common import (
    ASSESSMENT_RETURNS,
    BRANCH_ASSESSMENT_RETURNS,
    BulkOutcome,
    Skipped,
)
from coso.programme.services.registration import (
    register,
    register_on_behalf,
    return_registration,
    submit_registration,
    update_registration,
)
from coso.programme.services.reports import (
    accept_round_report,
    compile_round_report,
    record_inspection,
    record_round_report,
    return_round_report,
)
from coso.programme.services.review import (
    base_review,
    branch_evaluate_many,
    district_recognise,
)
from coso.programme.services.setup import (
    CRITERION_FIELDS,
    PROGRAMME_FIELDS,
    ROUND_FIELDS,
    add_criterion,
    add_points_group,
    add_round,
    add_track,
    create_programme,
    district8_2014,
    remove_criterion,
    update_criterion,
    update_points_group,
    update_programme,
    update_round,
)

__all__ = [
    "PROGRAMME_FIELDS",
    "CRITERION_FIELDS",
    "ROUND_FIELDS",
    "ASSESSMENT_RETURNS",
    "BRANCH_ASSESSMENT_RETURNS",
    "Skipped",
    "BulkOutcome",
    "create_programme",
    "update_programme",
    "add_points_group",
    "update_points_group",
    "add_track",
    "add_round",
    "update_round",
    "add_criterion",
    "update_criterion",
    "remove_criterion",
    "district8_2014",
    "register",
    "register_on_behalf",
    "update_registration",
    "submit_registration",
    "return_registration",
    "self_assess",
    "self_assess_on_behalf",
    "AWAITING_BRANCH",
    "branch_evaluate",
    "branch_evaluate_directly",
    "branch_evaluate_many",
    "return_assessment",
    "branch_self_assess",
    "base_review",
    "review_branch_assessment",
    "return_branch_assessment",
    "record_round_report",
    "accept_round_report",
    "return_round_report",
    "district_recognise",
    "record_inspection",
    "compile_round_report",
]
