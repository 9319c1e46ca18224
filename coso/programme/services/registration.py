"""Registration (phiếu đăng ký): the member registers, or the branch enters a paper form; edit,
send, return — every rule checked again at each step."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from coso.core import dates
from coso.core.errors import DomainError
from coso.people.models import Person
from coso.programme import permissions, rules, summary
from coso.programme.models import (
    Criterion,
    Programme,
    Registration,
    RegistrationItem,
    Track,
)
from coso.programme.permissions import BRANCH
from coso.programme.services.common import (
    _criterion_fact,
    _item_facts,
    _member_fact,
    _now,
    _programme,
    _programme_fact,
    _raise,
    _save,
    _step,
    _track_fact,
)
from coso.programme.workflows import REGISTRATION


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
        member_sort_key=member.sort_key,
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
        summary.refresh(programme=programme, branch_ids=[member.unit_id])
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
    registration = _step(
        REGISTRATION,
        registration,
        "submit",
        actor=actor,
        now=now,
        version=version,
        submitted_at=now,
        signed_on=signed_on or registration.signed_on or timezone.localdate(now),
    )
    _refresh(registration)
    return registration


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
    registration = _step(
        REGISTRATION,
        registration,
        "return",
        actor=actor,
        now=_now(now),
        comment=reason.strip(),
        version=version,
    )
    _refresh(registration)
    return registration


def _refresh(registration):
    """Count the summary of the registration's branch again (in the caller's transaction)."""
    summary.refresh(programme=registration.programme, branch_ids=[registration.member.unit_id])
