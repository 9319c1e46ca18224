"""The bulk steps up the chain — the branch evaluates many members at once, the base union
reviews, the district recognises (công nhận) — which never invent a figure: what nobody
entered stays empty and is reported back."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition_many
from coso.org.models import Unit
from coso.people.models import Person
from coso.programme import permissions, results
from coso.programme import summary as result_summary
from coso.programme.models import (
    Assessment,
    AssessmentItem,
    BranchAssessment,
    Recognition,
    Registration,
)
from coso.programme.permissions import BRANCH, RECOGNISE, REVIEW
from coso.programme.services.assessment import AWAITING_BRANCH, _apply_branch_marks, _branch_violations, _marks
from coso.programme.services.common import (
    A,
    B,
    BulkOutcome,
    Skipped,
    _check_round_of,
    _now,
    _period_q,
    _period_text,
    _programme,
    _require_in_programme,
    _round,
)
from coso.programme.workflows import ASSESSMENT, BRANCH_ASSESSMENT


@transaction.atomic
def branch_evaluate_many(*, actor, branch, programme, results, round=None, versions=None, now=None):
    """The branch committee evaluates many members at once.

    ``results`` maps a member id to ``{"result": Outcome, "items": {criterion id: status or
    {...}}, "comment": str}``. Each member's items start from their own self-assessment;
    what the committee gives overrides it. Nothing is filled that nobody gave: a member left
    out of ``results``, without a self-assessment, or with an item or the overall result
    missing is left exactly as they were and reported in ``skipped`` with the reason.
    ``versions`` (``{member id: assessment version}``, from the screen the committee filled)
    leaves a member whose results changed meanwhile untouched, reported as ``stale``.
    Returns a :class:`BulkOutcome` (``done``: the assessments evaluated).
    """
    now = _now(now)
    programme = _programme(programme)
    branch = Unit.objects.get(pk=branch.pk)
    permissions.require(actor, BRANCH, branch)
    _require_in_programme(programme, branch)
    round = _round(round)
    _check_round_of(programme, round)
    results = {int(getattr(k, "pk", k)): v for k, v in (results or {}).items()}
    period = _period_text(round)

    members = list(Person.objects.filter(unit=branch, is_member=True).order_by("sort_key", "id"))
    registrations = {
        r.member_id: r
        for r in Registration.objects.filter(
            programme=programme, member__unit=branch, state=Registration.State.SUBMITTED
        )
    }
    if round is not None:
        registrations = {m: r for m, r in registrations.items() if r.track_id == round.track_id}
    assessments = {
        a.registration.member_id: a
        for a in Assessment.objects.select_for_update(of=("self",))
        .filter(_period_q(round), registration__in=list(registrations.values()))
        .select_related("registration")
    }
    rows_by_assessment = {}
    for row in AssessmentItem.objects.filter(assessment__in=list(assessments.values())).select_related(
        "criterion", "item"
    ):
        rows_by_assessment.setdefault(row.assessment_id, []).append(row)

    outcome = BulkOutcome()
    evaluated, changed_rows = [], []
    member_ids = {m.pk for m in members}
    outsiders = [mid for mid in results if mid not in member_ids]
    # An id out of the actor's scope is answered exactly like an id that does not exist.
    people = (
        {p.pk: p for p in scoping.visible_people(actor, Person.objects.filter(pk__in=outsiders))} if outsiders else {}
    )
    for mid in outsiders:
        name = people[mid].full_name if mid in people else _("Mã số %(mid)s") % {"mid": mid}
        outcome.skipped.append(
            Skipped(
                mid,
                name,
                "not_in_branch",
                _("%(name)s không sinh hoạt ở %(branch_name)s: không đánh giá.")
                % {"name": name, "branch_name": branch.name},
            )
        )
    for member in members:
        entry = results.get(member.pk)
        name = member.full_name
        registration = registrations.get(member.pk)
        assessment = assessments.get(member.pk)
        if registration is None:
            if entry is not None:
                outcome.skipped.append(
                    Skipped(
                        member.pk,
                        name,
                        "not_registered",
                        _("Đoàn viên %(name)s chưa có phiếu đăng ký đã gửi: không đánh giá.") % {"name": name},
                    )
                )
            continue
        if assessment is None or assessment.state in Assessment.MEMBER_EDITABLE:
            outcome.skipped.append(
                Skipped(
                    member.pk,
                    name,
                    "not_self_assessed",
                    _("Đoàn viên %(name)s chưa tự đánh giá kết quả %(period)s: chi đoàn chưa đánh giá được.")
                    % {"name": name, "period": period},
                )
            )
            continue
        if assessment.state not in AWAITING_BRANCH:
            if entry is not None:
                outcome.skipped.append(
                    Skipped(
                        member.pk,
                        name,
                        "already_evaluated",
                        _(
                            "Kết quả %(period)s của đoàn viên %(name)s đang ở trạng thái «%(state)s»: không đánh giá "
                            "lại."
                        )
                        % {"period": period, "name": name, "state": assessment.get_state_display()},
                    )
                )
            continue
        if entry is None:
            outcome.skipped.append(
                Skipped(
                    member.pk,
                    name,
                    "no_entry",
                    _("Chi đoàn chưa nhập kết quả %(period)s của đoàn viên %(name)s: để trống, chưa đánh giá.")
                    % {"period": period, "name": name},
                )
            )
            continue
        if versions and member.pk in versions and versions[member.pk] != assessment.version:
            outcome.skipped.append(
                Skipped(
                    member.pk,
                    name,
                    "stale",
                    _(
                        "Kết quả %(period)s của đoàn viên %(name)s vừa được người khác thay đổi: tải lại trang "
                        "để xem rồi đánh giá lại."
                    )
                    % {"period": period, "name": name},
                )
            )
            continue
        rows = rows_by_assessment.get(assessment.pk, [])
        given = _marks(entry.get("items"))
        _apply_branch_marks(rows, given, start_from_branch=assessment.state == A.BASE_RETURNED)
        violations = _branch_violations(rows, given, entry.get("result"), programme.mode, name)
        if violations:
            outcome.skipped.append(
                Skipped(
                    member.pk,
                    name,
                    "incomplete",
                    _("Kết quả %(period)s của đoàn viên %(name)s chưa đủ: %(missing)s")
                    % {"period": period, "name": name, "missing": "; ".join(v.message for v in violations)},
                    violations,
                )
            )
            continue
        assessment.result = entry["result"]
        assessment.branch_comment = entry.get("comment") or ""
        assessment.evaluated_by = actor
        assessment.evaluated_at = now
        evaluated.append(assessment)
        changed_rows.extend(rows)
    if changed_rows:
        bulk_update_with_history(
            changed_rows, AssessmentItem, ["branch_status", "branch_points", "branch_note"], default_user=actor
        )
    transition_many(
        ASSESSMENT,
        evaluated,
        "evaluate",
        actor=actor,
        what=_("kết quả"),
        now=now,
        fields=("result", "branch_comment", "evaluated_by", "evaluated_at"),
    )
    result_summary.refresh(programme=programme, branch_ids=[branch.pk])
    outcome.done = evaluated
    return outcome


@transaction.atomic
def base_review(*, actor, programme, base, round=None, members=None, comment="", now=None):
    """The base union reviews the members' results its branches evaluated (all of them, or
    only ``members``) and sends them up for recognition. Members not ready are reported."""
    now = _now(now)
    programme = _programme(programme)
    base = Unit.objects.get(pk=base.pk)
    permissions.require(actor, REVIEW, base)
    _require_in_programme(programme, base)
    round = _round(round)
    _check_round_of(programme, round)
    wanted = None if members is None else {int(getattr(m, "pk", m)) for m in members}
    qs = (
        Assessment.objects.select_for_update(of=("self",))
        .filter(
            _period_q(round), registration__programme=programme, registration__member__unit__path__startswith=base.path
        )
        .select_related("registration__member")
        .order_by("registration__member__sort_key", "id")
    )
    if wanted is not None:
        qs = qs.filter(registration__member_id__in=wanted)
    outcome = BulkOutcome()
    ready = []
    seen = set()
    for assessment in qs:
        member = assessment.registration.member
        seen.add(member.pk)
        if assessment.state in (A.EVALUATED, A.DISTRICT_RETURNED):
            assessment.base_comment = comment or assessment.base_comment
            assessment.reviewed_by = actor
            assessment.reviewed_at = now
            ready.append(assessment)
        elif assessment.state not in Assessment.REVIEWED_STATES:
            outcome.skipped.append(
                Skipped(
                    member.pk,
                    member.full_name,
                    "not_evaluated",
                    _(
                        "Kết quả %(period)s của đoàn viên %(member_name)s đang ở trạng thái «%(state)s»: chưa "
                        "đến bước Đoàn cơ sở xem xét."
                    )
                    % {
                        "period": _period_text(round),
                        "member_name": member.full_name,
                        "state": assessment.get_state_display(),
                    },
                )
            )
    if wanted is not None:
        for mid in sorted(wanted - seen):
            outcome.skipped.append(
                Skipped(
                    mid,
                    str(mid),
                    "no_assessment",
                    _("Đoàn viên (mã số %(mid)s) chưa có kết quả %(period)s trong đơn vị.")
                    % {"mid": mid, "period": _period_text(round)},
                )
            )
    if not ready:
        raise DomainError(
            "nothing_to_review",
            _("Không có kết quả %(period)s nào của %(base_name)s đang chờ Đoàn cơ sở xem xét.")
            % {"period": _period_text(round), "base_name": base.name},
            violations=[("nothing_to_review", s.message) for s in outcome.skipped] or None,
        )
    transition_many(
        ASSESSMENT,
        ready,
        "review",
        actor=actor,
        what=_("kết quả"),
        now=now,
        comment=comment,
        fields=("base_comment", "reviewed_by", "reviewed_at"),
    )
    result_summary.refresh(programme=programme, branch_ids={a.registration.member.unit_id for a in ready})
    outcome.done = ready
    return outcome


@transaction.atomic
def district_recognise(*, actor, programme, base, round=None, number="", decided_on=None, comment="", now=None):
    """Công nhận: the district Standing Committee recognises, at once, every result of the base
    union's members and branches that the base union reviewed, for a round (or the year).
    Returns the :class:`Recognition` (with how many were recognised and how many registered
    members have not reached this step)."""
    dates.require_in_window(decided_on=decided_on)
    now = _now(now)
    programme = _programme(programme)
    base = Unit.objects.get(pk=base.pk)
    permissions.require(actor, RECOGNISE, base)
    _require_in_programme(programme, base)
    round = _round(round)
    _check_round_of(programme, round)
    assessments = list(
        Assessment.objects.select_for_update(of=("self",))
        .filter(
            _period_q(round),
            registration__programme=programme,
            state=A.REVIEWED,
            registration__member__unit__path__startswith=base.path,
        )
        .select_related("registration__member")
    )
    branches = list(
        BranchAssessment.objects.select_for_update(of=("self",)).filter(
            _period_q(round), programme=programme, state=B.REVIEWED, branch__path__startswith=base.path
        )
    )
    if not assessments and not branches:
        raise DomainError(
            "nothing_to_recognise",
            _("Không có kết quả %(period)s nào của %(base_name)s đang chờ công nhận.")
            % {"period": _period_text(round), "base_name": base.name},
        )
    registered = results.registrations_in(programme, base, round).count()
    already = Assessment.objects.filter(
        _period_q(round),
        registration__programme=programme,
        state=A.RECOGNISED,
        registration__member__unit__path__startswith=base.path,
    ).count()
    recognition = Recognition.objects.create(
        programme=programme,
        round=round,
        unit=base,
        number=number,
        decided_on=decided_on or timezone.localdate(now),
        by=actor,
        at=now,
        comment=comment,
        members_recognised=len(assessments),
        branches_recognised=len(branches),
        members_pending=max(registered - already - len(assessments), 0),
    )
    for record in assessments + branches:
        record.recognition = recognition
    transition_many(
        ASSESSMENT,
        assessments,
        "recognise",
        actor=actor,
        what=_("kết quả"),
        now=now,
        comment=comment,
        fields=("recognition",),
    )
    transition_many(
        BRANCH_ASSESSMENT,
        branches,
        "recognise",
        actor=actor,
        what=_("kết quả"),
        now=now,
        comment=comment,
        fields=("recognition",),
    )
    result_summary.refresh(programme=programme, branch_ids={a.registration.member.unit_id for a in assessments})
    return recognition
