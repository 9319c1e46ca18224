"""Writes of the cadre's reports and the host's evaluations: saved (optimistic locking),
submitted with their required parts, accepted or returned with a reason."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.placements import permissions
from coso.placements.models import (
    HostEvaluation,
    PlacementReport,
)
from coso.placements.services._common import _begin, _placement, _raise
from coso.placements.workflows import EVALUATION, REPORT


@transaction.atomic
def save_report(*, actor, report, version, contributions, problems, proposals):
    report = PlacementReport.objects.select_for_update().get(pk=report.pk)
    placement = _placement(report.placement)
    permissions.require(permissions.is_the_cadre(actor, placement) or permissions.can_manage(actor, placement.plan))
    if report.state not in (PlacementReport.State.DRAFT, PlacementReport.State.RETURNED):
        raise DomainError("report_locked", _("Báo cáo đã nộp: không thể sửa."))
    report.contributions, report.problems, report.proposals = contributions, problems, proposals
    report.save_checked(version)
    return report


@transaction.atomic
def submit_report(*, actor, report, on=None):
    dates.require_in_window(on=on)
    report = _begin(REPORT, report, "submit", actor)
    violations = []
    if not report.contributions.strip():
        violations.append(("contributions_required", _("Báo cáo phải nêu những việc đã tham gia, đóng góp.")))
    if not report.problems.strip():
        violations.append(("problems_required", _("Báo cáo phải nêu khó khăn, vướng mắc ở cơ sở.")))
    if not report.proposals.strip():
        violations.append(("proposals_required", _("Báo cáo phải nêu đề xuất, kiến nghị.")))
    _raise(violations)
    return transition(
        REPORT,
        report,
        "submit",
        actor=actor,
        check=False,
        locked=True,
        changes={"submitted_on": on or timezone.localdate()},
    )


def _review(workflow, obj, actor, action, comment):
    obj = _begin(workflow, obj, action, actor)
    return transition(workflow, obj, action, actor=actor, check=False, locked=True, comment=comment)


@transaction.atomic
def accept_report(*, actor, report, comment=""):
    return _review(REPORT, report, actor, "accept", comment)


@transaction.atomic
def return_report(*, actor, report, comment):
    return _review(REPORT, report, actor, "return", comment)


@transaction.atomic
def save_evaluation(*, actor, evaluation, version, strengths, weaknesses, comment, level=None):
    evaluation = HostEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    placement = _placement(evaluation.placement)
    permissions.require(permissions.can_host(actor, placement))
    if evaluation.state not in (HostEvaluation.State.DRAFT, HostEvaluation.State.RETURNED):
        raise DomainError("evaluation_locked", _("Bản nhận xét đã gửi: không thể sửa."))
    evaluation.strengths, evaluation.weaknesses, evaluation.comment = strengths, weaknesses, comment
    evaluation.level, evaluation.evaluator = level, actor
    evaluation.save_checked(version)
    return evaluation


@transaction.atomic
def submit_evaluation(*, actor, evaluation, on=None):
    dates.require_in_window(on=on)
    evaluation = _begin(EVALUATION, evaluation, "submit", actor)
    violations = []
    if not evaluation.comment.strip():
        violations.append(("comment_required", _("Bản nhận xét phải có nhận xét chung.")))
    if evaluation.level_id is None:
        violations.append(("level_required", _("Phải xếp loại mức độ hoàn thành nhiệm vụ.")))
    _raise(violations)
    return transition(
        EVALUATION,
        evaluation,
        "submit",
        actor=actor,
        check=False,
        locked=True,
        changes={"submitted_on": on or timezone.localdate(), "evaluator": actor},
    )


@transaction.atomic
def accept_evaluation(*, actor, evaluation, comment=""):
    return _review(EVALUATION, evaluation, actor, "accept", comment)


@transaction.atomic
def return_evaluation(*, actor, evaluation, comment):
    return _review(EVALUATION, evaluation, actor, "return", comment)
