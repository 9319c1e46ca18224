"""What every part of the programme's services shares: the refusal from the rules'
violations, saving with optimistic locking, moving a workflow through the engine, periods,
the facts the rules read, and the outcome of the bulk steps."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.programme import rules
from coso.programme.models import (
    Assessment,
    BranchAssessment,
    Programme,
    Round,
)
from coso.programme.permissions import BRANCH, RECOGNISE, REVIEW

A = Assessment.State
B = BranchAssessment.State


# Who returns an assessment in each state, and where it goes: the state it falls back to and
# the capability needed (over the member's branch).
ASSESSMENT_RETURNS = {
    A.SUBMITTED: (A.RETURNED, BRANCH),  # branch → member: fix the self-assessment
    A.BASE_RETURNED: (A.RETURNED, BRANCH),  # the branch passes the base's return on to the member
    A.EVALUATED: (A.BASE_RETURNED, REVIEW),  # base → branch: evaluate again
    A.DISTRICT_RETURNED: (A.BASE_RETURNED, REVIEW),
    A.REVIEWED: (A.DISTRICT_RETURNED, RECOGNISE),  # district → base: review again
}


BRANCH_ASSESSMENT_RETURNS = {
    B.SUBMITTED: (B.RETURNED, REVIEW),
    B.DISTRICT_RETURNED: (B.RETURNED, REVIEW),
    B.REVIEWED: (B.DISTRICT_RETURNED, RECOGNISE),
}


@dataclass
class Skipped:
    """A member a bulk step left untouched, and why (Vietnamese, for the page)."""

    member_id: int
    member_name: str
    code: str
    message: str
    violations: list = field(default_factory=list)


@dataclass
class BulkOutcome:
    done: list = field(default_factory=list)  # the records moved
    skipped: list = field(default_factory=list)  # Skipped, one per member left as it was

    @property
    def skipped_ids(self):
        return {s.member_id for s in self.skipped}


def _raise(violations):
    if violations:
        first = violations[0]
        raise DomainError(
            first.code, first.message, field=first.field, violations=[(v.code, v.message, v.field) for v in violations]
        )


def _now(now):
    return now or timezone.now()


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


def _step(workflow, obj, action, *, actor, now, comment="", version=None, what=None, **changes):
    """Take ``action`` on ``obj`` (locked and authorised by the caller, its other changes set
    or given in ``changes``) through the workflow engine: the state checked, saved with
    optimistic locking, the step recorded in the record's step log."""
    return transition(
        workflow,
        obj,
        action,
        actor=actor,
        now=now,
        comment=comment,
        version=version,
        changes=changes,
        what=what,
        check=False,
        locked=True,
    )


def _programme(programme):
    return Programme.objects.select_related("owner").get(pk=programme.pk)


def _require_in_programme(programme, unit):
    if not unit.path.startswith(programme.owner.path):
        raise DomainError(
            "outside_programme",
            _("%(unit_name)s không trực thuộc %(owner_name)s, không thuộc phạm vi chương trình «%(programme_name)s».")
            % {"unit_name": unit.name, "owner_name": programme.owner.name, "programme_name": programme.name},
        )


def _period_q(round, prefix=""):
    if round is None:
        return Q(**{f"{prefix}round__isnull": True})
    return Q(**{f"{prefix}round_id": round.pk})


def _period_text(round):
    return _("đợt %(round_roman)s") % {"round_roman": round.roman} if round is not None else _("cả năm")


def _round(round):
    if round is None:
        return None
    return Round.objects.select_related("track__programme__owner").get(pk=round.pk)


def _check_round_of(programme, round):
    if round is not None and round.track.programme_id != programme.pk:
        raise DomainError(
            "round_other_programme",
            _("Đợt %(round_roman)s không thuộc chương trình «%(programme_name)s».")
            % {"round_roman": round.roman, "programme_name": programme.name},
        )


def _programme_fact(programme):
    return rules.ProgrammeFact(
        id=programme.pk,
        name=programme.name,
        mode=programme.mode,
        training_count=programme.training_count,
        action_count=programme.action_count,
        max_points=programme.max_points,
        owner_path=programme.owner.path,
        owner_name=programme.owner.name,
    )


def _member_fact(member):
    chain = list(member.unit.ancestors_and_self().values_list("level__kind", "sector__code"))
    return rules.MemberFact(
        name=member.full_name,
        is_member=member.is_member,
        target_group_id=member.target_group_id,
        target_group_name=member.target_group.name if member.target_group_id else "",
        unit_path=member.unit.path,
        is_school=rules.is_school_unit(chain),
    )


def _track_fact(track):
    if track is None:
        return None
    return rules.TrackFact(id=track.pk, kind=track.kind, name=track.name, programme_id=track.programme_id)


def _round_fact(round):
    if round is None:
        return None
    return rules.RoundFact(
        id=round.pk,
        number=round.number,
        track_id=round.track_id,
        starts_on=round.starts_on,
        ends_on=round.ends_on,
        roman=round.roman,
        window=round.window_text,
    )


def _criterion_fact(criterion):
    return rules.CriterionFact(
        id=criterion.pk,
        title=criterion.title,
        kind=criterion.kind,
        programme_id=criterion.programme_id,
        target_group_id=criterion.target_group_id,
        target_group_name=criterion.target_group.name if criterion.target_group_id else "",
        points_group_id=criterion.points_group_id,
        max_points=criterion.max_points,
        is_active=criterion.is_active,
    )


def _item_facts(items):
    """Registration items from forms, the API or an import: mappings with ``criterion`` (a
    Criterion or its id), ``commitment`` and, in points mode, ``points``."""
    facts = []
    for entry in items:
        criterion = entry.get("criterion", entry.get("criterion_id"))
        criterion_id = getattr(criterion, "pk", criterion)
        facts.append(
            rules.ItemFact(
                criterion_id=int(criterion_id),
                commitment=(entry.get("commitment") or "").strip(),
                points=entry.get("points"),
            )
        )
    return facts
