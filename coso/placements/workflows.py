"""The workflows of field training, declared for the engine of ``coso/core/workflow.py``
(diagrams in ``docs/workflows.md``); every step goes to ``StepLog``. Nothing else moves a state."""

from django.utils.translation import gettext_lazy as _

from coso.core.workflow import Transition, Workflow
from coso.placements import permissions
from coso.placements.models import HostEvaluation, Placement, PlacementReport, StepLog, YearlyList

ILLEGAL = _("Không thể {action} khi đang ở trạng thái «{source}».")
_PLACEMENT = ("placement__plan__owner", "placement__host", "placement__person")


def _manage_list(actor, yearly_list):
    permissions.require(permissions.can_manage(actor, yearly_list.plan))


def _decide_list(actor, yearly_list):
    permissions.require(permissions.can_decide(actor, yearly_list.plan))


def _cadre_or_manager(actor, report):
    placement = report.placement
    permissions.require(permissions.is_the_cadre(actor, placement) or permissions.can_manage(actor, placement.plan))


def _host(actor, evaluation):
    permissions.require(permissions.can_host(actor, evaluation.placement))


def _manage_placement_of(actor, record):
    permissions.require(permissions.can_manage(actor, record.placement.plan))


def _manage(actor, placement):
    permissions.require(permissions.can_manage(actor, placement.plan))


def _manage_or_decide(actor, placement):
    permissions.require(permissions.can_manage(actor, placement.plan) or permissions.can_decide(actor, placement.plan))


def _workflow(name, model, transitions, related):
    return Workflow(
        name,
        model=model,
        log=StepLog,
        related=related,
        illegal_message=ILLEGAL,
        illegal_field=None,
        transitions=transitions,
    )


L = YearlyList.State
YEARLY_LIST = _workflow(
    "placements.yearly_list",
    YearlyList,
    [
        Transition("propose", _("đề xuất"), [L.DRAFT, L.RETURNED], L.PROPOSED, allowed=_manage_list),
        Transition("decide", _("quyết định"), [L.PROPOSED], L.DECIDED, allowed=_decide_list),
        Transition(
            "return",
            _("trả lại"),
            [L.PROPOSED],
            L.RETURNED,
            allowed=_decide_list,
            comment_required=True,
            comment_message=_("Trả lại danh sách phải ghi rõ lý do."),
        ),
    ],
    related=("plan__owner",),
)


def _document(name, model, submit_allowed):
    S = model.State
    return _workflow(
        name,
        model,
        [
            Transition("submit", _("nộp"), [S.DRAFT, S.RETURNED], S.SUBMITTED, allowed=submit_allowed),
            Transition("accept", _("tiếp nhận"), [S.SUBMITTED], S.ACCEPTED, allowed=_manage_placement_of),
            Transition(
                "return",
                _("trả lại"),
                [S.SUBMITTED],
                S.RETURNED,
                allowed=_manage_placement_of,
                comment_required=True,
                comment_message=_("Trả lại phải ghi rõ lý do."),
            ),
        ],
        related=_PLACEMENT,
    )


REPORT = _document("placements.report", PlacementReport, _cadre_or_manager)
EVALUATION = _document("placements.evaluation", HostEvaluation, _host)

P = Placement.State
PLACEMENT = _workflow(
    "placements.placement",
    Placement,
    [
        Transition("finish", _("kết thúc"), [P.ACTIVE], P.FINISHED, allowed=_manage),
        Transition(
            "cancel",
            _("hủy"),
            [P.ACTIVE],
            P.CANCELLED,
            allowed=_manage_or_decide,
            comment_required=True,
            comment_message=_("Hủy đợt đào tạo thực tế phải ghi rõ lý do."),
        ),
    ],
    related=("plan__owner", "host"),
)
