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

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import ConflictError, DomainError
from coso.core.workflow import transition, transition_many
from coso.org.models import Unit, UnitLevel
from coso.people.models import Person, TargetGroup
from coso.programme import defaults, permissions, results, rules
from coso.programme.models import (
    Assessment,
    AssessmentItem,
    BranchAssessment,
    Criterion,
    Inspection,
    ItemStatus,
    PointsGroup,
    Programme,
    Recognition,
    Registration,
    RegistrationItem,
    Round,
    RoundReport,
    Track,
)
from coso.programme.permissions import BRANCH, MANAGE, RECOGNISE, REVIEW
from coso.programme.rules import Violation
from coso.programme.workflows import ASSESSMENT, BRANCH_ASSESSMENT, INSPECTION, REGISTRATION, ROUND_REPORT

PROGRAMME_FIELDS = (
    "name",
    "document_number",
    "issued_on",
    "basis",
    "mode",
    "training_count",
    "action_count",
    "max_points",
    "direct_evaluation",
)
CRITERION_FIELDS = ("code", "title", "description", "target_group", "points_group", "max_points", "order", "is_active")
ROUND_FIELDS = ("starts_on", "ends_on", "theme", "note")

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


# --------------------------------------------------------------------------- helpers


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


# --------------------------------------------------------------------------- facts for the rules


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


def _registration_check(*, programme, member, track, items, registration=None):
    """Everything the rules need, in 5 queries; returns (violations, track, criteria)."""
    member_fact = _member_fact(member)
    tracks = {t.kind: t for t in programme.tracks.all()}
    school = tracks.get(Track.Kind.SCHOOL)
    if track is None:
        track = school if member_fact.is_school and school else tracks.get(Track.Kind.GENERAL)
    criteria = {
        c.pk: c for c in Criterion.objects.filter(pk__in={i.criterion_id for i in items}).select_related("target_group")
    }
    groups = {
        g.pk: rules.GroupFact(id=g.pk, name=g.name, max_points=g.max_points) for g in programme.points_groups.all()
    }
    already = Registration.objects.filter(member=member, programme=programme)
    if registration is not None:
        already = already.exclude(pk=registration.pk)
    violations = rules.registration_violations(
        programme=_programme_fact(programme),
        member=member_fact,
        track=_track_fact(track),
        items=items,
        criteria={pk: _criterion_fact(c) for pk, c in criteria.items()},
        groups=groups,
        school_track=_track_fact(school),
        already_registered=already.exists(),
    )
    return violations, track, criteria


def _set_items(registration, items, criteria, actor, programme):
    existing = list(registration.items.all())
    for item in existing:
        item._history_user = actor
        item.delete()
    objs = [
        RegistrationItem(
            registration=registration,
            criterion_id=item.criterion_id,
            commitment=item.commitment,
            points=(
                rules.effective_points(item, _criterion_fact(criteria[item.criterion_id]))
                if programme.mode == Programme.Mode.POINTS
                else None
            ),
            position=position,
        )
        for position, item in enumerate(items, start=1)
    ]
    bulk_create_with_history(objs, RegistrationItem, default_user=actor)


# --------------------------------------------------------------------------- the programme


def _check_owner(owner):
    if owner.level.kind not in (UnitLevel.Kind.CENTRAL, UnitLevel.Kind.PROVINCE, UnitLevel.Kind.DISTRICT):
        raise DomainError(
            "owner_level",
            _("%(owner_name)s không phải Huyện đoàn, Quận đoàn hoặc cấp trên: không ban hành chương trình được.")
            % {"owner_name": owner.name},
            field="owner",
        )


@transaction.atomic
def create_programme(
    *,
    actor,
    owner,
    year,
    name,
    mode=Programme.Mode.COUNT,
    training_count=5,
    action_count=5,
    max_points=100,
    document_number="",
    issued_on=None,
    basis="",
    direct_evaluation=False,
):
    """A programme of ``owner`` (a district union or above) for ``year``."""
    owner = Unit.objects.select_related("level").get(pk=owner.pk)
    permissions.require(actor, MANAGE, owner)
    return _create_programme(
        actor=actor,
        owner=owner,
        year=year,
        name=name,
        mode=mode,
        training_count=training_count,
        action_count=action_count,
        max_points=max_points,
        document_number=document_number,
        issued_on=issued_on,
        basis=basis,
        direct_evaluation=direct_evaluation,
    )


def _create_programme(
    *,
    actor,
    owner,
    year,
    name,
    mode=Programme.Mode.COUNT,
    training_count=5,
    action_count=5,
    max_points=100,
    document_number="",
    issued_on=None,
    basis="",
    direct_evaluation=False,
):
    _check_owner(owner)
    values = dict(
        name=(name or "").strip(),
        year=year,
        mode=mode,
        training_count=training_count,
        action_count=action_count,
        max_points=max_points,
    )
    violations = rules.programme_violations(values)
    if Programme.objects.filter(owner=owner, year=year, name=values["name"]).exists():
        violations.append(
            Violation(
                "programme_exists",
                _("%(owner_name)s đã có chương trình «%(name)s» năm %(year)s.")
                % {"owner_name": owner.name, "name": name, "year": year},
                "name",
            )
        )
    _raise(violations)
    programme = Programme(
        owner=owner,
        document_number=document_number,
        issued_on=issued_on,
        basis=basis,
        direct_evaluation=bool(direct_evaluation),
        **values,
    )
    return _save(programme, actor, reason=gettext_noop("Ban hành chương trình"))


@transaction.atomic
def update_programme(*, actor, programme, version, **fields):
    programme = Programme.objects.select_for_update(of=("self",)).select_related("owner").get(pk=programme.pk)
    permissions.require(actor, MANAGE, programme.owner)
    values = {key: getattr(programme, key) for key in PROGRAMME_FIELDS}
    values["year"] = programme.year
    values.update({k: v for k, v in fields.items() if k in PROGRAMME_FIELDS})
    violations = rules.programme_violations(values)
    in_use = programme.registrations.exists()
    for key in ("mode", "training_count", "action_count", "max_points"):
        if in_use and values[key] != getattr(programme, key):
            violations.append(
                Violation(
                    "programme_in_use", _("Đã có đoàn viên đăng ký: không đổi cách đăng ký, số tiêu chí, số điểm."), key
                )
            )
            break
    _raise(violations)
    for key in PROGRAMME_FIELDS:
        setattr(programme, key, values[key])
    return _save(programme, actor, version, reason=gettext_noop("Sửa chương trình"))


@transaction.atomic
def add_points_group(*, actor, programme, code, name, max_points, order=0):
    programme = _programme(programme)
    permissions.require(actor, MANAGE, programme.owner)
    violations = rules.points_group_violations(
        name=name, max_points=max_points, programme_max=programme.max_points, mode=programme.mode
    )
    if programme.points_groups.filter(code=code).exists():
        violations.append(Violation("code_taken", _("Mã nhóm «%(code)s» đã được dùng.") % {"code": code}, "code"))
    _raise(violations)
    return _save(PointsGroup(programme=programme, code=code, name=name, max_points=max_points, order=order), actor)


@transaction.atomic
def update_points_group(*, actor, group, version, **fields):
    """Rename a points group, change its cap or order (``version`` checked). The cap stays
    within the programme's and at or above each of its criteria's points."""
    group = PointsGroup.objects.select_for_update(of=("self",)).select_related("programme__owner").get(pk=group.pk)
    programme = group.programme
    permissions.require(actor, MANAGE, programme.owner)
    for key in ("name", "max_points", "order"):
        if fields.get(key) is not None:
            setattr(group, key, fields[key].strip() if key == "name" else fields[key])
    violations = rules.points_group_violations(
        name=group.name, max_points=group.max_points, programme_max=programme.max_points, mode=programme.mode
    )
    above = group.criteria.filter(max_points__gt=group.max_points).order_by("code").first()
    if above is not None:
        violations.append(
            Violation(
                "group_cap_below_criterion",
                _(
                    "Tiêu chí %(above_code)s của nhóm được tối đa %(max_points)s điểm: điểm tối đa của nhóm "
                    "không thể thấp hơn."
                )
                % {"above_code": above.code, "max_points": above.max_points},
                "max_points",
            )
        )
    _raise(violations)
    return _save(group, actor, version, reason=gettext_noop("Sửa nhóm tiêu chí"))


@transaction.atomic
def add_track(*, actor, programme, kind, name, starts_on, ends_on, note=""):
    programme = _programme(programme)
    permissions.require(actor, MANAGE, programme.owner)
    _raise(
        rules.track_definition_violations(
            name=name,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            existing_kinds=set(programme.tracks.values_list("kind", flat=True)),
        )
    )
    track = Track(programme=programme, kind=kind, name=name, starts_on=starts_on, ends_on=ends_on, note=note)
    return _save(track, actor)


@transaction.atomic
def add_round(*, actor, track, number, starts_on, ends_on, theme="", note=""):
    track = Track.objects.select_related("programme__owner").get(pk=track.pk)
    permissions.require(actor, MANAGE, track.programme.owner)
    _raise(
        rules.round_definition_violations(
            number=number,
            starts_on=starts_on,
            ends_on=ends_on,
            track_starts=track.starts_on,
            track_ends=track.ends_on,
            existing_numbers=set(track.rounds.values_list("number", flat=True)),
        )
    )
    return _save(Round(track=track, number=number, starts_on=starts_on, ends_on=ends_on, theme=theme, note=note), actor)


@transaction.atomic
def update_round(*, actor, round, version, **fields):
    round = Round.objects.select_for_update(of=("self",)).select_related("track__programme__owner").get(pk=round.pk)
    track = round.track
    permissions.require(actor, MANAGE, track.programme.owner)
    values = {key: fields.get(key, getattr(round, key)) for key in ROUND_FIELDS}
    _raise(
        rules.round_definition_violations(
            number=round.number,
            starts_on=values["starts_on"],
            ends_on=values["ends_on"],
            track_starts=track.starts_on,
            track_ends=track.ends_on,
            existing_numbers=set(),
        )
    )
    for key, value in values.items():
        setattr(round, key, value)
    return _save(round, actor, version, reason=gettext_noop("Sửa đợt"))


def _criterion_values_check(programme, values, exclude_pk=None):
    group = values.get("points_group")
    group_fact = rules.GroupFact(id=group.pk, name=group.name, max_points=group.max_points) if group else None
    violations = rules.criterion_definition_violations(
        mode=programme.mode,
        title=values.get("title"),
        kind=values.get("kind"),
        points_group=group_fact,
        max_points=values.get("max_points"),
    )
    if group is not None and group.programme_id != programme.pk:
        violations.append(
            Violation(
                "group_other_programme",
                _("Nhóm «%(group_name)s» không thuộc chương trình này.") % {"group_name": group.name},
                "points_group",
            )
        )
    code = values.get("code")
    if not code:
        violations.append(Violation("code_required", _("Chưa ghi mã tiêu chí."), "code"))
    elif Criterion.objects.filter(programme=programme, code=code).exclude(pk=exclude_pk).exists():
        violations.append(Violation("code_taken", _("Mã tiêu chí «%(code)s» đã được dùng.") % {"code": code}, "code"))
    return violations


@transaction.atomic
def add_criterion(
    *,
    actor,
    programme,
    code,
    kind,
    title,
    description="",
    target_group=None,
    points_group=None,
    max_points=None,
    order=0,
):
    programme = _programme(programme)
    permissions.require(actor, MANAGE, programme.owner)
    values = dict(
        code=code,
        kind=kind,
        title=(title or "").strip(),
        description=description,
        target_group=target_group,
        points_group=points_group,
        max_points=max_points,
        order=order,
    )
    _raise(_criterion_values_check(programme, values))
    return _save(Criterion(programme=programme, **values), actor)


@transaction.atomic
def update_criterion(*, actor, criterion, version, **fields):
    """Edit a criterion. Once registered, its target group, kind and points stay as they were
    (the forms signed refer to them); its wording, description and being in force may change."""
    criterion = (
        Criterion.objects.select_for_update(of=("self",))
        .select_related("programme__owner", "points_group")
        .get(pk=criterion.pk)
    )
    programme = criterion.programme
    permissions.require(actor, MANAGE, programme.owner)
    values = {key: getattr(criterion, key) for key in CRITERION_FIELDS}
    values["kind"] = fields.get("kind", criterion.kind)
    values.update({k: v for k, v in fields.items() if k in CRITERION_FIELDS})
    violations = _criterion_values_check(programme, values, exclude_pk=criterion.pk)
    if criterion.registration_items.exists():
        for key in ("kind", "target_group", "points_group", "max_points"):
            if values[key] != getattr(criterion, key):
                violations.append(
                    Violation(
                        "criterion_in_use", _("Tiêu chí đã được đăng ký: không đổi loại, đối tượng, nhóm, điểm."), key
                    )
                )
                break
    _raise(violations)
    for key, value in values.items():
        setattr(criterion, key, value)
    return _save(criterion, actor, version, reason=gettext_noop("Sửa tiêu chí"))


@transaction.atomic
def remove_criterion(*, actor, criterion, version):
    """Take a criterion out of the catalogue while no registration uses it. Once chosen it stays
    (the forms signed refer to it): it may be put out of force for later registrations."""
    criterion = (
        Criterion.objects.select_for_update(of=("self",)).select_related("programme__owner").get(pk=criterion.pk)
    )
    permissions.require(actor, MANAGE, criterion.programme.owner)
    if version is not None and int(version) != criterion.version:
        raise ConflictError()
    used = criterion.registration_items.count()
    if used:
        raise DomainError(
            "criterion_in_use",
            _(
                "Tiêu chí «%(criterion_title)s» đã được %(used)s phiếu đăng ký chọn nên không xoá được; "
                "có thể bỏ chọn «đang áp dụng» để không ai đăng ký thêm."
            )
            % {"criterion_title": criterion.title, "used": used},
        )
    criterion._history_user = actor
    criterion.delete()


@transaction.atomic
def district8_2014(owner, *, actor=None):
    """Plan 21-KH/ĐTN-BTC of District 8 (seed 001) on ``owner``: the programme (5 + 5), the
    general track with its four rounds and themes, the school track on the school year, and
    the illustrative criteria catalogue (6 of each kind per target group). ``actor=None`` is
    the demo loader (no scope check)."""
    owner = Unit.objects.select_related("level").get(pk=owner.pk)
    if actor is not None:
        permissions.require(actor, MANAGE, owner)
    programme = _create_programme(actor=actor, owner=owner, **defaults.DISTRICT8_2014)
    general = Track.objects.create(programme=programme, **defaults.GENERAL_TRACK)
    Track.objects.create(programme=programme, **defaults.SCHOOL_TRACK)
    bulk_create_with_history(
        [
            Round(track=general, number=number, starts_on=start, ends_on=end, theme=theme)
            for number, start, end, theme in defaults.ROUNDS_2014
        ],
        Round,
        default_user=actor,
    )
    groups = dict(TargetGroup.objects.values_list("code", "pk"))
    bulk_create_with_history(
        [
            Criterion(
                programme=programme,
                code=code,
                kind=kind,
                target_group_id=groups[group] if group else None,
                title=title,
                description=description,
                order=order,
            )
            for order, (code, kind, group, title, description) in enumerate(defaults.CRITERIA, start=1)
            if group is None or group in groups
        ],
        Criterion,
        default_user=actor,
    )
    return programme


# --------------------------------------------------------------------------- registration


def _register(*, actor, member, programme, items, track, signed_on, submit, on_behalf, now):
    dates.require_in_window(signed_on=signed_on)
    programme = _programme(programme)
    # Lock the member: two forms sent at once cannot both pass "one registration per programme".
    member = Person.objects.select_for_update(of=("self",)).select_related("unit", "target_group").get(pk=member.pk)
    facts = _item_facts(items)
    violations, track, criteria = _registration_check(programme=programme, member=member, track=track, items=facts)
    _raise(violations)
    registration = Registration(
        member=member,
        programme=programme,
        track=track,
        target_group_id=member.target_group_id,
        registered_by=actor,
        on_behalf=on_behalf,
        signed_on=signed_on,
    )
    _save(registration, actor, reason=gettext_noop("Nhập thay từ phiếu giấy") if on_behalf else gettext_noop("Đăng ký"))
    _set_items(registration, facts, criteria, actor, programme)
    REGISTRATION.start(registration, actor=actor, now=now)
    if submit:
        _step(
            REGISTRATION,
            registration,
            "submit",
            actor=actor,
            now=now,
            submitted_at=now,
            signed_on=signed_on or timezone.localdate(now),
        )
    return registration


@transaction.atomic
def register(*, actor, programme, items, track=None, signed_on=None, submit=False, now=None):
    """The member (the person of ``actor``) registers: ``items`` are mappings with
    ``criterion``, ``commitment`` (and ``points`` in points mode); ``track`` defaults to the
    one fitting the member. ``submit=True`` signs and sends it at once."""
    member = getattr(actor, "person", None) if getattr(actor, "person_id", None) else None
    if member is None:
        raise DomainError("no_person", _("Tài khoản chưa gắn với hồ sơ đoàn viên nên không đăng ký được."))
    return _register(
        actor=actor,
        member=member,
        programme=programme,
        items=items,
        track=track,
        signed_on=signed_on,
        submit=submit,
        on_behalf=False,
        now=_now(now),
    )


@transaction.atomic
def register_on_behalf(*, actor, member, programme, items, signed_on, track=None, submit=False, now=None):
    """The branch committee enters a member's signed paper form (``signed_on``: the day the
    member signed it)."""
    member = Person.objects.select_related("unit").get(pk=member.pk)
    permissions.require(actor, BRANCH, member.unit)
    if signed_on is None:
        raise DomainError("signed_on_required", _("Ghi ngày đoàn viên ký phiếu đăng ký."), field="signed_on")
    return _register(
        actor=actor,
        member=member,
        programme=programme,
        items=items,
        track=track,
        signed_on=signed_on,
        submit=submit,
        on_behalf=not permissions.is_self(actor, member),
        now=_now(now),
    )


def _locked_registration(registration):
    return (
        Registration.objects.select_for_update(of=("self",))
        .select_related("member__unit", "member__target_group", "programme__owner", "track")
        .get(pk=registration.pk)
    )


@transaction.atomic
def update_registration(*, actor, registration, items, version, track=None, signed_on=None):
    """Change the items of a registration being drafted or returned (the member, or the
    branch committee)."""
    dates.require_in_window(signed_on=signed_on)
    registration = _locked_registration(registration)
    permissions.require_self_or(actor, BRANCH, registration.member)
    if registration.state not in Registration.EDITABLE:
        raise DomainError(
            "registration_locked",
            _("Phiếu đăng ký đang ở trạng thái «%(state)s», không sửa được.")
            % {"state": registration.get_state_display()},
        )
    facts = _item_facts(items)
    violations, track, criteria = _registration_check(
        programme=registration.programme,
        member=registration.member,
        track=track or registration.track,
        items=facts,
        registration=registration,
    )
    _raise(violations)
    registration.track = track
    if signed_on is not None:
        registration.signed_on = signed_on
    _save(registration, actor, version, reason=gettext_noop("Sửa phiếu đăng ký"))
    _set_items(registration, facts, criteria, actor, registration.programme)
    return registration


@transaction.atomic
def submit_registration(*, actor, registration, signed_on=None, version=None, now=None):
    """Sign and send (or resend, after a return): every rule is checked again."""
    dates.require_in_window(signed_on=signed_on)
    now = _now(now)
    registration = _locked_registration(registration)
    permissions.require_self_or(actor, BRANCH, registration.member)
    REGISTRATION.check_state(registration, "submit")
    items = [
        rules.ItemFact(criterion_id=i.criterion_id, commitment=i.commitment, points=i.points)
        for i in registration.items.all()
    ]
    violations, _track, _criteria = _registration_check(
        programme=registration.programme,
        member=registration.member,
        track=registration.track,
        items=items,
        registration=registration,
    )
    _raise(violations)
    return _step(
        REGISTRATION,
        registration,
        "submit",
        actor=actor,
        now=now,
        version=version,
        submitted_at=now,
        signed_on=signed_on or registration.signed_on or timezone.localdate(now),
    )


@transaction.atomic
def return_registration(*, actor, registration, reason, version=None, now=None):
    """The branch committee returns a registration to be fixed (e.g. criteria that do not fit)."""
    registration = _locked_registration(registration)
    permissions.require(actor, BRANCH, registration.member.unit)
    _raise(rules.reason_violations(reason))
    if registration.assessments.exists():
        raise DomainError(
            "registration_in_use", _("Đoàn viên đã bắt đầu tự đánh giá theo phiếu này: không trả lại phiếu được nữa.")
        )
    return _step(
        REGISTRATION,
        registration,
        "return",
        actor=actor,
        now=_now(now),
        comment=reason.strip(),
        version=version,
    )


# --------------------------------------------------------------------------- the member's self-assessment


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
        return _step(
            ASSESSMENT,
            assessment,
            "submit",
            actor=actor,
            what=_("kết quả %(period)s") % {"period": _period_text(round)},
            now=now,
            comment=gettext_noop("Chi đoàn nhập từ phiếu tự đánh giá giấy") if on_behalf else "",
            version=version,
            self_submitted_at=now,
        )
    return _save(
        assessment,
        actor,
        version,
        reason=gettext_noop("Chi đoàn nhập phiếu giấy") if on_behalf else gettext_noop("Tự đánh giá"),
    )


# --------------------------------------------------------------------------- the branch committee


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
    return _step(
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
    return _step(
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
    )


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
    outcome.done = evaluated
    return outcome


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
    return _step(
        ASSESSMENT,
        assessment,
        ASSESSMENT.action_to(assessment.state, to),
        actor=actor,
        what=_("kết quả của đoàn viên %(member_name)s") % {"member_name": member.full_name},
        now=_now(now),
        comment=reason.strip(),
        version=version,
    )


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


# --------------------------------------------------------------------------- the base union


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
    outcome.done = ready
    return outcome


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


@transaction.atomic
def record_round_report(
    *,
    actor,
    base,
    round,
    held_on,
    activities,
    participants,
    youth_participants=0,
    notes="",
    submit=True,
    version=None,
    now=None,
):
    """What the base union organised in a round (the day, the activities, who took part);
    sent to the district with ``submit``. Also the way to fix and resend a returned report."""
    now = _now(now)
    round = _round(round)
    programme = round.track.programme
    base = Unit.objects.get(pk=base.pk)
    permissions.require(actor, REVIEW, base)
    _require_in_programme(programme, base)
    report = RoundReport.objects.select_for_update(of=("self",)).filter(unit=base, round=round).first()
    created = report is None
    if not created and report.state not in RoundReport.EDITABLE:
        raise DomainError(
            "round_report_locked",
            _("Báo cáo đợt %(round_roman)s của %(base_name)s đang ở trạng thái «%(state)s», không sửa được.")
            % {"round_roman": round.roman, "base_name": base.name, "state": report.get_state_display()},
        )
    _raise(
        rules.round_report_violations(
            round_=_round_fact(round),
            held_on=held_on,
            activities=activities,
            participants=participants,
            youth_participants=youth_participants,
        )
    )
    if created:
        report = RoundReport(unit=base, round=round)
    report.held_on, report.activities, report.notes = held_on, activities.strip(), notes
    report.participants, report.youth_participants = participants, youth_participants
    if created:
        _save(report, actor, reason=gettext_noop("Báo cáo đợt"))
        ROUND_REPORT.start(report, actor=actor, now=now)
        version = None
    if submit:
        return _step(
            ROUND_REPORT,
            report,
            "submit",
            actor=actor,
            what=_("báo cáo đợt %(round_roman)s") % {"round_roman": round.roman},
            now=now,
            version=version,
            submitted_at=now,
        )
    return report if created else _save(report, actor, version, reason=gettext_noop("Sửa báo cáo đợt"))


def _locked_report(report):
    return RoundReport.objects.select_for_update(of=("self",)).select_related("unit", "round").get(pk=report.pk)


@transaction.atomic
def accept_round_report(*, actor, report, comment="", version=None, now=None):
    report = _locked_report(report)
    permissions.require(actor, RECOGNISE, report.unit)
    return _step(
        ROUND_REPORT,
        report,
        "accept",
        actor=actor,
        what=_("báo cáo đợt %(round_roman)s") % {"round_roman": report.round.roman},
        now=_now(now),
        comment=comment,
        version=version,
        district_comment=comment,
    )


@transaction.atomic
def return_round_report(*, actor, report, reason, version=None, now=None):
    report = _locked_report(report)
    permissions.require(actor, RECOGNISE, report.unit)
    _raise(rules.reason_violations(reason))
    return _step(
        ROUND_REPORT,
        report,
        "return",
        actor=actor,
        what=_("báo cáo đợt %(round_roman)s") % {"round_roman": report.round.roman},
        now=_now(now),
        comment=reason.strip(),
        version=version,
        district_comment=reason.strip(),
    )


# --------------------------------------------------------------------------- the district


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
        Assessment.objects.select_for_update(of=("self",)).filter(
            _period_q(round),
            registration__programme=programme,
            state=A.REVIEWED,
            registration__member__unit__path__startswith=base.path,
        )
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
    return recognition


@transaction.atomic
def record_inspection(
    *,
    actor,
    district,
    round,
    unit,
    inspected_on,
    findings,
    recommendations="",
    rating="",
    inspectors=(),
    conclude=True,
    inspection=None,
    version=None,
    now=None,
):
    """After a round the district inspects a unit in its area: findings, recommendations, a
    rating. ``inspection`` (a draft) to edit; ``conclude`` closes it."""
    now = _now(now)
    round = _round(round)
    district = Unit.objects.get(pk=district.pk)
    unit = Unit.objects.get(pk=unit.pk)
    permissions.require(actor, RECOGNISE, district)
    _require_in_programme(round.track.programme, unit)
    _raise(
        rules.inspection_violations(
            round_=_round_fact(round),
            inspected_on=inspected_on,
            findings=findings,
            unit_in_district=unit.path.startswith(district.path) and unit.pk != district.pk,
            unit_name=unit.name,
            district_name=district.name,
            rating=rating,
        )
    )
    if inspection is None:
        record = Inspection(district=district, round=round, unit=unit)
        created = True
    else:
        record = Inspection.objects.select_for_update(of=("self",)).get(pk=inspection.pk)
        created = False
        if record.state not in Inspection.EDITABLE:
            raise DomainError("inspection_locked", _("Biên bản kiểm tra đã kết luận, không sửa được."))
    record.unit, record.inspected_on, record.findings = unit, inspected_on, findings.strip()
    record.recommendations, record.rating = recommendations, rating
    _save(record, actor, None if created else version, reason=gettext_noop("Ghi kết quả kiểm tra"))
    if created:
        INSPECTION.start(record, actor=actor, now=now)
    record.inspectors.set(list(inspectors))
    if conclude:
        _step(INSPECTION, record, "conclude", actor=actor, now=now)
    return record


def compile_round_report(*, district, round, actor=None):
    """The district's report on a round to its Standing Committee, from the records: the
    base unions' reports, participation (registered → recognised), results, completion per
    criterion, per branch and target group, the inspections. A constant number of queries.

    Results (levels, items done, partly, not done) are the RECOGNISED ones only: a member the
    branch evaluated but the base union has not reviewed, nor the district recognised, is not
    in them; ``waiting_branch``, ``waiting_base`` and ``waiting_district`` say, apart, how many
    assessments still wait at each step."""
    round = _round(round)
    district = Unit.objects.get(pk=district.pk)
    if actor is not None:
        permissions.require_view(actor, district)
    programme = round.track.programme
    part = results.participation(programme=programme, unit=district, round=round, counted=results.RECOGNISED_ONLY)
    bases = list(Unit.objects.filter(path__startswith=district.path, level__kind=UnitLevel.Kind.BASE).order_by("path"))
    per_base = results.by_units(
        programme=programme, unit=district, targets=bases, cell_map=part["cells"], units=part["units"]
    )
    reports = {r.unit_id: r for r in RoundReport.objects.filter(round=round, unit__path__startswith=district.path)}
    inspections = {}
    for inspection in Inspection.objects.filter(round=round, unit__path__startswith=district.path).order_by(
        "inspected_on", "id"
    ):
        inspections.setdefault(inspection.unit_id, []).append(
            {
                "inspected_on": inspection.inspected_on,
                "rating": inspection.rating,
                "findings": inspection.findings,
                "recommendations": inspection.recommendations,
                "state": inspection.state,
            }
        )
    branch_states = {}
    for state in BranchAssessment.objects.filter(round=round, branch__path__startswith=district.path).values_list(
        "state", flat=True
    ):
        branch_states[state] = branch_states.get(state, 0) + 1
    base_rows = []
    for base in bases:
        row = results.with_rates({"unit_id": base.pk, "name": base.name, **per_base.get(base.pk, results.blank())})
        report = reports.get(base.pk)
        row["report"] = (
            {
                "id": report.pk,
                "state": report.state,
                "held_on": report.held_on,
                "activities": report.activities,
                "participants": report.participants,
                "youth_participants": report.youth_participants,
                "notes": report.notes,
            }
            if report
            else None
        )
        row["inspections"] = inspections.get(base.pk, [])
        base_rows.append(row)
    counted = [r for r in reports.values() if r.state in RoundReport.COUNTED]
    total = dict(part["total"])
    total.update(
        base_units=len(bases),
        base_units_reported=len(counted),
        participants=sum(r.participants for r in counted),
        youth_participants=sum(r.youth_participants for r in counted),
        inspections=sum(len(v) for v in inspections.values()),
        branch_assessments=branch_states,
    )
    return {
        "programme": {
            "id": programme.pk,
            "name": programme.name,
            "document_number": programme.document_number,
            "year": programme.year,
        },
        "district": {"id": district.pk, "name": district.name},
        "round": {
            "id": round.pk,
            "number": round.number,
            "roman": round.roman,
            "theme": round.theme,
            "starts_on": round.starts_on,
            "ends_on": round.ends_on,
            "track": round.track.name,
        },
        "total": total,
        "base_units": base_rows,
        "by_branch": [{k: v for k, v in row.items() if k != "path"} for row in part["by_branch"]],
        "by_target_group": part["by_target_group"],
        "criteria": results.criterion_completion(
            programme=programme, unit=district, round=round, counted=results.RECOGNISED_ONLY
        ),
    }
