"""Writes of field training. Keyword-only arguments, one transaction each, every rule checked
and every violation reported together (``DomainError.violations``), each step logged.

One module per sub-domain; every public name is importable from here
(``from coso.placements import services; services.decide(...)``):

- ``plans``: a plan's rules and its target groups;
- ``candidates``: a year's list, its candidates, the proposal and the decision;
- ``placements``: during a placement (case-by-case exceptions, tasks, checklist), its end or cancellation;
- ``reports``: the cadre's reports and the host's evaluations.
"""

from coso.core.errors import DomainError
from coso.placements.services.candidates import (
    add_candidate,
    create_yearly_list,
    decide,
    propose,
    record_party_agreement,
    remove_candidate,
    return_list,
)
from coso.placements.services.placements import (
    assign_task,
    cancel_placement,
    complete_task,
    finish_placement,
    mark_checklist_item,
    record_exception,
)
from coso.placements.services.plans import (
    DEFAULT_GROUPS,
    GROUP_FIELDS,
    PLAN_FIELDS,
    add_group_rule,
    create_plan,
    update_group_rule,
    update_plan,
)
from coso.placements.services.reports import (
    accept_evaluation,
    accept_report,
    return_evaluation,
    return_report,
    save_evaluation,
    save_report,
    submit_evaluation,
    submit_report,
)

__all__ = [
    "DEFAULT_GROUPS",
    "GROUP_FIELDS",
    "PLAN_FIELDS",
    "DomainError",
    "accept_evaluation",
    "accept_report",
    "add_candidate",
    "add_group_rule",
    "assign_task",
    "cancel_placement",
    "complete_task",
    "create_plan",
    "create_yearly_list",
    "decide",
    "finish_placement",
    "mark_checklist_item",
    "propose",
    "record_exception",
    "record_party_agreement",
    "remove_candidate",
    "return_evaluation",
    "return_list",
    "return_report",
    "save_evaluation",
    "save_report",
    "submit_evaluation",
    "submit_report",
    "update_group_rule",
    "update_plan",
]
