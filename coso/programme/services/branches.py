"""The branch's own assessment of how it carried the programme, and the base union's review
and returns of it."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core.errors import DomainError
from coso.org.models import Unit
from coso.programme import permissions, rules
from coso.programme.models import (
    BranchAssessment,
)
from coso.programme.permissions import BRANCH, REVIEW
from coso.programme.rules import Violation
from coso.programme.services.common import (
    BRANCH_ASSESSMENT_RETURNS,
    B,
    _check_round_of,
    _now,
    _period_q,
    _period_text,
    _programme,
    _raise,
    _require_in_programme,
    _round,
    _save,
    _step,
)
from coso.programme.workflows import BRANCH_ASSESSMENT


@transaction.atomic
def branch_self_assess(
    *,
    actor,
    branch,
    programme,
    rating,
    summary,
    round=None,
    strengths="",
    weaknesses="",
    submit=True,
    version=None,
    now=None,
):
    """The branch committee assesses the branch's own carrying out of the programme for a
    round (or the year) and sends it to the base union (also to fix and resend a returned one)."""
    now = _now(now)
    programme = _programme(programme)
    branch = Unit.objects.get(pk=branch.pk)
    permissions.require(actor, BRANCH, branch)
    _require_in_programme(programme, branch)
    round = _round(round)
    _check_round_of(programme, round)
    record = (
        BranchAssessment.objects.select_for_update(of=("self",))
        .filter(_period_q(round), branch=branch, programme=programme)
        .first()
    )
    created = record is None
    if created:
        record = BranchAssessment(branch=branch, programme=programme, round=round)
    elif record.state not in BranchAssessment.EDITABLE:
        raise DomainError(
            "branch_assessment_locked",
            _("Bản tự đánh giá %(period)s của %(branch_name)s đang ở trạng thái «%(state)s».")
            % {"period": _period_text(round), "branch_name": branch.name, "state": record.get_state_display()},
        )
    violations = rules.rating_violations(rating, required=submit)
    if submit and not (summary or "").strip():
        violations.append(Violation("summary_required", _("Chưa ghi kết quả thực hiện của chi đoàn."), "summary"))
    _raise(violations)
    record.rating, record.summary, record.strengths, record.weaknesses = (
        rating or "",
        summary or "",
        strengths,
        weaknesses,
    )
    if created:
        _save(record, actor, reason=gettext_noop("Chi đoàn tự đánh giá"))
        BRANCH_ASSESSMENT.start(record, actor=actor, now=now)
        version = None
    if submit:
        return _step(
            BRANCH_ASSESSMENT,
            record,
            "submit",
            actor=actor,
            what=_("bản tự đánh giá của %(branch_name)s") % {"branch_name": branch.name},
            now=now,
            version=version,
            submitted_at=now,
        )
    return record if created else _save(record, actor, version, reason=gettext_noop("Chi đoàn tự đánh giá"))


def _locked_branch_assessment(record):
    return (
        BranchAssessment.objects.select_for_update(of=("self",))
        .select_related("branch", "programme__owner", "round")
        .get(pk=record.pk)
    )


@transaction.atomic
def review_branch_assessment(*, actor, branch_assessment, rating, comment="", version=None, now=None):
    """The base union evaluates a branch's carrying out of the programme (its own rating)."""
    record = _locked_branch_assessment(branch_assessment)
    permissions.require(actor, REVIEW, record.branch)
    if record.state not in (B.SUBMITTED, B.DISTRICT_RETURNED):
        BRANCH_ASSESSMENT.check_state(
            record, "review", what=_("bản tự đánh giá của %(branch_name)s") % {"branch_name": record.branch.name}
        )
    _raise(rules.rating_violations(rating, field="base_rating"))
    now = _now(now)
    return _step(
        BRANCH_ASSESSMENT,
        record,
        "review",
        actor=actor,
        what=_("bản tự đánh giá của %(branch_name)s") % {"branch_name": record.branch.name},
        now=now,
        comment=comment,
        version=version,
        base_rating=rating,
        base_comment=comment,
        reviewed_by=actor,
        reviewed_at=now,
    )


@transaction.atomic
def return_branch_assessment(*, actor, branch_assessment, reason, version=None, now=None):
    record = _locked_branch_assessment(branch_assessment)
    if record.state not in BRANCH_ASSESSMENT_RETURNS:
        raise DomainError(
            "illegal_transition",
            _("Bản tự đánh giá của %(branch_name)s đang ở trạng thái «%(state)s»: không trả lại được.")
            % {"branch_name": record.branch.name, "state": record.get_state_display()},
            field="state",
        )
    to, capability = BRANCH_ASSESSMENT_RETURNS[record.state]
    permissions.require(actor, capability, record.branch)
    _raise(rules.reason_violations(reason))
    return _step(
        BRANCH_ASSESSMENT,
        record,
        BRANCH_ASSESSMENT.action_to(record.state, to),
        actor=actor,
        what=_("bản tự đánh giá của %(branch_name)s") % {"branch_name": record.branch.name},
        now=_now(now),
        comment=reason.strip(),
        version=version,
    )
