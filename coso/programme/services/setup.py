"""The programme itself: issuing and editing it, its points groups, tracks, rounds and criteria
catalogue, and District 8's 2014 plan as a ready-made programme."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from coso.core.errors import ConflictError, DomainError
from coso.org.models import Unit, UnitLevel
from coso.people.models import TargetGroup
from coso.programme import defaults, permissions, rules
from coso.programme.models import (
    Criterion,
    PointsGroup,
    Programme,
    Round,
    Track,
)
from coso.programme.permissions import MANAGE
from coso.programme.rules import Violation
from coso.programme.services.common import _programme, _raise, _save

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
