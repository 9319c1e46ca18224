"""One member's results for a period: the self-assessment (the member's own, or the branch
entering the paper form), the branch committee's evaluation (after it, or directly where the
programme allows it), and returns one step down."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coso.core.errors import DomainError
from coso.programme import permissions, rules
from coso.programme import summary as result_summary
from coso.programme.models import (
    Assessment,
    AssessmentItem,
    Criterion,
    ItemStatus,
    Registration,
)
from coso.programme.permissions import BRANCH
from coso.programme.services.common import (
    ASSESSMENT_RETURNS,
    A,
    _check_round_of,
    _now,
    _period_q,
    _period_text,
    _raise,
    _round,
    _round_fact,
    _save,
    _step,
)
from coso.programme.services.registration import _locked_registration
from coso.programme.workflows import ASSESSMENT


def _marks(given):
    """``{criterion id: (status, points, note or None)}`` from ``{criterion or id: status |
    {"status", "points", "note"}}``."""
    out = {}
    for key, value in (given or {}).items():
        criterion_id = int(getattr(key, "pk", key))
        if isinstance(value, str) or value is None:
            out[criterion_id] = (value or "", None, None)
        else:
            out[criterion_id] = (value.get("status") or "", value.get("points"), value.get("note"))
    return out


def _titles(criterion_ids):
    return dict(Criterion.objects.filter(pk__in=criterion_ids).values_list("pk", "title"))


def _assessment_rows(assessment):
    return list(assessment.items.select_related("criterion", "item"))


def _open_assessment(registration, round, actor, now):
    assessment = (
        Assessment.objects.select_for_update(of=("self",)).filter(_period_q(round), registration=registration).first()
    )
    if assessment is not None:
        return assessment, False
    assessment = _save(
        Assessment(registration=registration, round=round), actor, reason=gettext_noop("Bắt đầu tự đánh giá")
    )
    bulk_create_with_history(
        [
            AssessmentItem(assessment=assessment, item=item, criterion_id=item.criterion_id)
            for item in registration.items.all()
        ],
        AssessmentItem,
        default_user=actor,
    )
    ASSESSMENT.start(assessment, actor=actor, now=now)
    return assessment, True


@transaction.atomic
def self_assess(
    *, actor, registration, items, round=None, summary=None, opinion=None, submit=True, version=None, now=None
):
    """The member assesses each registered item for a round (or the year): ``items`` maps a
    criterion (or its id) to a status ("done", "partly", "not_done") or to
    ``{"status", "points", "note"}``. Also the way to fix and resubmit a returned one."""
    registration = _locked_registration(registration)
    permissions.require_self(
        actor, registration.member, _("Đoàn viên chỉ tự đánh giá kết quả rèn luyện của chính mình.")
    )
    return _self_assess(
        actor=actor,
        registration=registration,
        items=items,
        round=round,
        summary=summary,
        opinion=opinion,
        submit=submit,
        version=version,
        now=_now(now),
        on_behalf=False,
    )


@transaction.atomic
def self_assess_on_behalf(
    *, actor, registration, items, round=None, summary=None, opinion=None, submit=True, version=None, now=None
):
    """The branch committee enters a member's paper self-assessment form (a member without an
    account, or who filled it on paper): the same rules as :func:`self_assess`, recorded as
    entered by the branch from the paper form — who (``self_entered_by``) and when
    (``self_submitted_at``) — so the base union and the district see which was which."""
    registration = _locked_registration(registration)
    permissions.require(actor, BRANCH, registration.member.unit)
    return _self_assess(
        actor=actor,
        registration=registration,
        items=items,
        round=round,
        summary=summary,
        opinion=opinion,
        submit=submit,
        version=version,
        now=_now(now),
        on_behalf=not permissions.is_self(actor, registration.member),
    )


def _self_assess(*, actor, registration, items, round, summary, opinion, submit, version, now, on_behalf):
    if registration.state != Registration.State.SUBMITTED:
        raise DomainError(
            "registration_not_submitted",
            _("Phiếu đăng ký chưa được gửi (hoặc đang bị trả lại để sửa): chưa tự đánh giá được."),
        )
    round = _round(round)
    _check_round_of(registration.programme, round)
    _raise(rules.period_violations(_round_fact(round), registration.track_id, timezone.localdate(now)))
    assessment, created = _open_assessment(registration, round, actor, now)
    if assessment.state not in Assessment.MEMBER_EDITABLE:
        raise DomainError(
            "assessment_locked",
            _("Kết quả %(period)s đang ở trạng thái «%(state)s», không sửa được.")
            % {"period": _period_text(round), "state": assessment.get_state_display()},
        )
    rows = _assessment_rows(assessment)
    by_criterion = {row.criterion_id: row for row in rows}
    given = _marks(items)
    violations = rules.unregistered_marks_violations(
        given, set(by_criterion), _titles([cid for cid in given if cid not in by_criterion])
    )
    changed = []
    for criterion_id, (status, points, note) in given.items():
        row = by_criterion.get(criterion_id)
        if row is None:
            continue
        row.self_status = status
        row.self_points = points if status == ItemStatus.PARTLY else None
        if note is not None:
            row.self_note = note
        changed.append(row)
    mode = registration.programme.mode
    marks = [
        rules.Mark(row.criterion_id, row.criterion.title, row.self_status, row.self_points, row.item.points)
        for row in (rows if submit else changed)
    ]
    violations += [
        v for v in rules.marks_violations(marks, mode=mode, by="self") if submit or v.code != "self_status_missing"
    ]
    _raise(violations)
    if changed:
        bulk_update_with_history(
            changed, AssessmentItem, ["self_status", "self_points", "self_note"], default_user=actor
        )
    if summary is not None:
        assessment.summary = summary
    if opinion is not None:
        assessment.opinion = opinion
    version = None if created else version
    assessment.self_on_behalf = on_behalf
    assessment.self_entered_by = actor
    if submit:
        return _counted(
            registration,
            _step(
                ASSESSMENT,
                assessment,
                "submit",
                actor=actor,
                what=_("kết quả %(period)s") % {"period": _period_text(round)},
                now=now,
                comment=gettext_noop("Chi đoàn nhập từ phiếu tự đánh giá giấy") if on_behalf else "",
                version=version,
                self_submitted_at=now,
            ),
        )
    return _counted(
        registration,
        _save(
            assessment,
            actor,
            version,
            reason=gettext_noop("Chi đoàn nhập phiếu giấy") if on_behalf else gettext_noop("Tự đánh giá"),
        ),
    )


def _counted(registration, assessment):
    """Count the summary of the member's branch again (in the caller's transaction)."""
    result_summary.refresh(programme=registration.programme, branch_ids=[registration.member.unit_id])
    return assessment


def _apply_branch_marks(rows, given, *, start_from_branch):
    """Set each row's branch status: what the committee gives now, else where it starts — the
    member's own status (first evaluation) or the committee's earlier one (evaluating again
    after the base union returned it). Never a status nobody gave."""
    for row in rows:
        status, points, note = given.get(row.criterion_id, ("", None, None))
        if status:
            if status == ItemStatus.PARTLY and points is None and row.self_status == ItemStatus.PARTLY:
                points = row.self_points  # agreeing with the member's "partly" keeps the member's figure
            row.branch_status = status
            row.branch_points = points if status == ItemStatus.PARTLY else None
        elif not start_from_branch or not row.branch_status:
            row.branch_status = row.self_status
            row.branch_points = row.self_points
        if note is not None:
            row.branch_note = note
    return rows


def _branch_violations(rows, given, result, mode, member_name):
    registered = {row.criterion_id for row in rows}
    violations = rules.unregistered_marks_violations(
        given, registered, _titles([cid for cid in given if cid not in registered]) if set(given) - registered else {}
    )
    marks = [
        rules.Mark(row.criterion_id, row.criterion.title, row.branch_status, row.branch_points, row.item.points)
        for row in rows
    ]
    violations += rules.marks_violations(marks, mode=mode, by="branch", member_name=member_name)
    violations += rules.result_violations(result or "", member_name)
    return violations


def _locked_assessment(assessment):
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("registration__member__unit", "registration__programme__owner", "round")
        .get(pk=assessment.pk)
    )


AWAITING_BRANCH = {A.SUBMITTED, A.BASE_RETURNED}


@transaction.atomic
def branch_evaluate(*, actor, assessment, result, items=None, comment="", version=None, now=None):
    """The branch committee evaluates one member against what they registered: each item
    starts from the member's own status; ``items`` overrides some; ``result`` (an
    ``Outcome``) is the committee's overall result and is required."""
    now = _now(now)
    assessment = _locked_assessment(assessment)
    member = assessment.registration.member
    permissions.require(actor, BRANCH, member.unit)
    if assessment.state not in AWAITING_BRANCH:
        ASSESSMENT.check_state(
            assessment, "evaluate", what=_("kết quả của đoàn viên %(member_name)s") % {"member_name": member.full_name}
        )
    rows = _assessment_rows(assessment)
    given = _marks(items)
    _apply_branch_marks(rows, given, start_from_branch=assessment.state == A.BASE_RETURNED)
    _raise(_branch_violations(rows, given, result, assessment.registration.programme.mode, member.full_name))
    bulk_update_with_history(
        rows, AssessmentItem, ["branch_status", "branch_points", "branch_note"], default_user=actor
    )
    return _counted(
        assessment.registration,
        _step(
            ASSESSMENT,
            assessment,
            "evaluate",
            actor=actor,
            what=_("kết quả của đoàn viên %(member_name)s") % {"member_name": member.full_name},
            now=now,
            version=version,
            result=result,
            branch_comment=comment or "",
            evaluated_by=actor,
            evaluated_at=now,
        ),
    )


@transaction.atomic
def branch_evaluate_directly(*, actor, registration, result, items, round=None, comment="", version=None, now=None):
    """Where the programme allows it (``Programme.direct_evaluation``), the branch committee
    evaluates a member who has not self-assessed (nor handed in a paper form): each registered
    item gets the status the committee gives (``items``, as for :func:`branch_evaluate`), and
    ``result`` the overall result; nothing is taken from a self-assessment, every item must be
    given. Recorded as evaluated directly by the branch (``direct_by_branch``, who and when), so
    the base union and the district see which was which; then it goes on as any evaluation."""
    now = _now(now)
    registration = _locked_registration(registration)
    member = registration.member
    permissions.require(actor, BRANCH, member.unit)
    programme = registration.programme
    if not programme.direct_evaluation:
        raise DomainError(
            "direct_evaluation_not_allowed",
            _(
                "Chương trình «%(programme_name)s» không cho phép chi đoàn đánh giá trực tiếp: đoàn viên "
                "tự đánh giá (hoặc chi đoàn nhập phiếu tự đánh giá giấy) trước."
            )
            % {"programme_name": programme.name},
        )
    if registration.state != Registration.State.SUBMITTED:
        raise DomainError(
            "registration_not_submitted",
            _("Phiếu đăng ký chưa được gửi (hoặc đang bị trả lại để sửa): chưa đánh giá được."),
        )
    round = _round(round)
    _check_round_of(programme, round)
    _raise(rules.period_violations(_round_fact(round), registration.track_id, timezone.localdate(now)))
    assessment, created = _open_assessment(registration, round, actor, now)
    what = _("kết quả %(period)s của đoàn viên %(member_name)s") % {
        "period": _period_text(round),
        "member_name": member.full_name,
    }
    if assessment.state not in Assessment.MEMBER_EDITABLE:
        raise DomainError(
            "assessment_not_open",
            _(
                "%(what)s đang ở trạng thái «%(state)s»: không đánh giá trực tiếp (chi đoàn "
                "đánh giá trên màn hình chi đoàn)."
            )
            % {"what": what[:1].upper() + what[1:], "state": assessment.get_state_display()},
        )
    rows = _assessment_rows(assessment)
    given = _marks(items)
    for row in rows:  # only what the committee gives: never a mark from a draft nobody sent
        status, points, note = given.get(row.criterion_id, ("", None, None))
        row.branch_status = status
        row.branch_points = points if status == ItemStatus.PARTLY else None
        if note is not None:
            row.branch_note = note
    _raise(_branch_violations(rows, given, result, programme.mode, member.full_name))
    bulk_update_with_history(
        rows, AssessmentItem, ["branch_status", "branch_points", "branch_note"], default_user=actor
    )
    return _counted(
        registration,
        _step(
            ASSESSMENT,
            assessment,
            "evaluate_directly",
            actor=actor,
            what=what,
            now=now,
            comment=gettext_noop("Chi đoàn đánh giá trực tiếp (đoàn viên không tự đánh giá)"),
            version=None if created else version,
            result=result,
            branch_comment=comment or "",
            evaluated_by=actor,
            evaluated_at=now,
            direct_by_branch=True,
        ),
    )


@transaction.atomic
def return_assessment(*, actor, assessment, reason, version=None, now=None):
    """Send a member's results one step back with a reason: the branch to the member, the base
    union to the branch, the district to the base union (:data:`ASSESSMENT_RETURNS`)."""
    assessment = _locked_assessment(assessment)
    member = assessment.registration.member
    if assessment.state not in ASSESSMENT_RETURNS:
        raise DomainError(
            "illegal_transition",
            _("Kết quả của đoàn viên %(member_name)s đang ở trạng thái «%(state)s»: không trả lại được.")
            % {"member_name": member.full_name, "state": assessment.get_state_display()},
            field="state",
        )
    to, capability = ASSESSMENT_RETURNS[assessment.state]
    permissions.require(actor, capability, member.unit)
    _raise(rules.reason_violations(reason))
    return _counted(
        assessment.registration,
        _step(
            ASSESSMENT,
            assessment,
            ASSESSMENT.action_to(assessment.state, to),
            actor=actor,
            what=_("kết quả của đoàn viên %(member_name)s") % {"member_name": member.full_name},
            now=_now(now),
            comment=reason.strip(),
            version=version,
        ),
    )
