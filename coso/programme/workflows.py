"""The workflows of the programme "Rèn luyện và hành động", declared for the engine of
``coso/core/workflow.py`` (diagrams in ``docs/workflows.md``). The services move states only
through these (``transition`` / ``transition_many``); each step goes to the record's step log
(a :class:`coso.core.models.WorkflowStep`).

Returns go one step down, to whoever must fix the record: the member, the branch, the base
union (see ``services.ASSESSMENT_RETURNS``); the fixer then does their step again."""

from django.utils.translation import gettext_lazy as _

from coso.core.errors import DomainError
from coso.core.workflow import Transition, Workflow
from coso.programme import permissions, rules
from coso.programme.models import (
    Assessment,
    AssessmentTransition,
    BranchAssessment,
    BranchAssessmentTransition,
    Inspection,
    InspectionTransition,
    Registration,
    RegistrationTransition,
    RoundReport,
    RoundReportTransition,
)
from coso.programme.permissions import BRANCH, RECOGNISE, REVIEW

ILLEGAL = _("Không thể chuyển {what} từ trạng thái «{source}» sang «{target}».")


def _reason(comment):
    """A return's reason is required: the rules' own refusal (code ``reason_required``)."""
    for v in rules.reason_violations(comment):
        raise DomainError(v.code, v.message, field=v.field)


def _member(record):
    return record.member if isinstance(record, Registration) else record.registration.member


def _self_or_branch(actor, record):
    permissions.require_self_or(actor, BRANCH, _member(record))


def _on_member(capability):
    def allowed(actor, record):
        permissions.require(actor, capability, _member(record).unit)

    return allowed


def _on(capability, field):
    def allowed(actor, record):
        permissions.require(actor, capability, getattr(record, field))

    return allowed


def _workflow(name, model, log, what, transitions, related=()):
    return Workflow(
        name,
        model=model,
        log=log,
        what=what,
        related=related,
        illegal_message=ILLEGAL,
        comment_check=_reason,
        transitions=transitions,
    )


S = Registration.State
REGISTRATION = _workflow(
    "programme.registration",
    Registration,
    RegistrationTransition,
    _("phiếu đăng ký"),
    [
        Transition("submit", _("ký, gửi"), [S.DRAFT, S.RETURNED], S.SUBMITTED, allowed=_self_or_branch),
        Transition(
            "return", _("trả lại"), [S.SUBMITTED], S.RETURNED, allowed=_on_member(BRANCH), comment_required=True
        ),
    ],
    related=("member__unit",),
)

A = Assessment.State
ASSESSMENT = _workflow(
    "programme.assessment",
    Assessment,
    AssessmentTransition,
    _("kết quả"),
    [
        # The member (or the branch from the member's paper form) sends the self-assessment.
        Transition("submit", _("tự đánh giá, gửi"), [A.DRAFT, A.RETURNED], A.SUBMITTED, allowed=_self_or_branch),
        Transition(
            "evaluate", _("chi đoàn đánh giá"), [A.SUBMITTED, A.BASE_RETURNED], A.EVALUATED, allowed=_on_member(BRANCH)
        ),
        # Where the programme allows it, the branch evaluates a member who never self-assessed.
        Transition(
            "evaluate_directly",
            _("chi đoàn đánh giá trực tiếp"),
            [A.DRAFT, A.RETURNED],
            A.EVALUATED,
            allowed=_on_member(BRANCH),
        ),
        Transition(
            "return_to_member",
            _("chi đoàn trả lại đoàn viên"),
            [A.SUBMITTED, A.BASE_RETURNED],
            A.RETURNED,
            allowed=_on_member(BRANCH),
            comment_required=True,
        ),
        Transition(
            "review",
            _("Đoàn cơ sở xem xét"),
            [A.EVALUATED, A.DISTRICT_RETURNED],
            A.REVIEWED,
            allowed=_on_member(REVIEW),
        ),
        Transition(
            "return_to_branch",
            _("Đoàn cơ sở trả lại chi đoàn"),
            [A.EVALUATED, A.DISTRICT_RETURNED],
            A.BASE_RETURNED,
            allowed=_on_member(REVIEW),
            comment_required=True,
        ),
        Transition("recognise", _("công nhận"), [A.REVIEWED], A.RECOGNISED, allowed=_on_member(RECOGNISE)),
        Transition(
            "return_to_base",
            _("cấp trên trả lại Đoàn cơ sở"),
            [A.REVIEWED],
            A.DISTRICT_RETURNED,
            allowed=_on_member(RECOGNISE),
            comment_required=True,
        ),
    ],
    related=("registration__member__unit",),
)

B = BranchAssessment.State
BRANCH_ASSESSMENT = _workflow(
    "programme.branch_assessment",
    BranchAssessment,
    BranchAssessmentTransition,
    _("bản tự đánh giá của chi đoàn"),
    [
        Transition("submit", _("gửi Đoàn cơ sở"), [B.DRAFT, B.RETURNED], B.SUBMITTED, allowed=_on(BRANCH, "branch")),
        Transition(
            "review",
            _("Đoàn cơ sở đánh giá"),
            [B.SUBMITTED, B.DISTRICT_RETURNED],
            B.REVIEWED,
            allowed=_on(REVIEW, "branch"),
        ),
        Transition(
            "return",
            _("Đoàn cơ sở trả lại"),
            [B.SUBMITTED, B.DISTRICT_RETURNED],
            B.RETURNED,
            allowed=_on(REVIEW, "branch"),
            comment_required=True,
        ),
        Transition("recognise", _("công nhận"), [B.REVIEWED], B.RECOGNISED, allowed=_on(RECOGNISE, "branch")),
        Transition(
            "return_to_base",
            _("cấp trên trả lại Đoàn cơ sở"),
            [B.REVIEWED],
            B.DISTRICT_RETURNED,
            allowed=_on(RECOGNISE, "branch"),
            comment_required=True,
        ),
    ],
    related=("branch",),
)

R = RoundReport.State
ROUND_REPORT = _workflow(
    "programme.round_report",
    RoundReport,
    RoundReportTransition,
    _("báo cáo đợt"),
    [
        Transition("submit", _("gửi cấp trên"), [R.DRAFT, R.RETURNED], R.SUBMITTED, allowed=_on(REVIEW, "unit")),
        Transition("accept", _("tiếp nhận"), [R.SUBMITTED], R.ACCEPTED, allowed=_on(RECOGNISE, "unit")),
        Transition(
            "return", _("trả lại"), [R.SUBMITTED], R.RETURNED, allowed=_on(RECOGNISE, "unit"), comment_required=True
        ),
    ],
    related=("unit", "round"),
)

I = Inspection.State  # noqa: E741
INSPECTION = _workflow(
    "programme.inspection",
    Inspection,
    InspectionTransition,
    _("biên bản kiểm tra"),
    [Transition("conclude", _("kết luận"), [I.DRAFT], I.CONCLUDED, allowed=_on(RECOGNISE, "district"))],
    related=("district",),
)
