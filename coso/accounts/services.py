"""Accounts and role grants, managed by officers within their own subtree.

Rules (each refusal in Vietnamese):

- An officer holding MANAGE_USERS over a unit may create accounts for the people of that
  subtree and grant roles on its units.
- No escalation: a role may be granted on a unit only if the officer holds, over that unit,
  every capability the role carries: rights over data (the foundation capabilities) and
  rights in the workflows (managing visits, approving plans, reviewing reports, marking a
  practice to replicate, deciding placements, managing and recognising the programme). So a
  district officer cannot make anyone provincial standing, nor cluster or department leader
  on their own district (review and "mark to replicate" they do not hold themselves). The
  only exceptions are the duties a level performs on its own unit (``LEVEL_DUTIES``: a
  branch evaluates its members, a base union reviews them, a visited unit confirms visits):
  a district names its branch secretaries without evaluating branches itself.
- Only a system administrator grants the system administrator role.
- An account is managed (password reset, deactivation) only by an officer whose scope holds
  every current grant of that account and its person, so that nobody takes over an account
  that reaches beyond them. Nobody revokes or deactivates themself (no accidental lock-out).
- Revoking ends a grant (``valid_to``); the grant and its history stay.
"""

import datetime
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.accounts.models import Role, RoleGrant, User
from coso.core import dates
from coso.core.errors import DomainError, OutOfScope
from coso.core.text import fold

# Without look-alike characters (0/O, 1/l/I), to be read out over the phone.
PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password(length=12):
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def suggest_username(person):
    """«Nguyễn Văn Quy» in Trà Sơn -> «quy.nv»; a number is added if taken."""
    family = fold(person.family_name or "").split()
    middle = fold(person.middle_name or "").split()
    given = fold(person.given_name or "").replace(" ", "") or "tk"
    initials = "".join(word[0] for word in family + middle if word)
    base = f"{given}.{initials}" if initials else given
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


# --------------------------------------------------------------------------- reading


def manageable_units_q(actor, prefix=""):
    return scoping.unit_q(actor, scoping.MANAGE_USERS, prefix=prefix)


def visible_accounts(actor):
    """Accounts with a grant on a unit where the actor manages users, or whose person is
    there; a system administrator sees every account."""
    if scoping.paths_with(actor, scoping.MANAGE_USERS) is None:
        return User.objects.all()
    if not scoping.holds(actor, scoping.MANAGE_USERS):
        return User.objects.none()
    grants = RoleGrant.objects.filter(manageable_units_q(actor, prefix="unit__")).values("user_id")
    return User.objects.filter(Q(pk__in=grants) | manageable_units_q(actor, prefix="person__unit__")).distinct()


def current_grants(account, on=None):
    on = on or timezone.localdate()
    return account.grants.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def can_manage_account(actor, account):
    if actor.pk == account.pk:
        return False
    if scoping.paths_with(actor, scoping.MANAGE_USERS) is None:
        return True
    if account.is_superuser:
        return False
    for grant in current_grants(account).select_related("unit"):
        if grant.role == Role.SYSTEM_ADMIN or not scoping.can(actor, scoping.MANAGE_USERS, grant.unit):
            return False
    if account.person_id and not scoping.can(actor, scoping.MANAGE_USERS, account.person.unit):
        return False
    return True


# Duties of the level a role is granted on (done on that unit, for its own members or as the
# visited host), not rights over anyone else's records: the one part of a role an officer
# may grant without holding it.
LEVEL_DUTIES = {scoping.PROGRAMME_BRANCH, scoping.PROGRAMME_REVIEW, scoping.CONFIRM_VISITS_AS_HOST}
GUARDED = scoping.ALL - LEVEL_DUTIES


def missing_capabilities(actor, role, unit):
    """The guarded capabilities of ``role`` the actor lacks over ``unit`` (empty: may grant it)."""
    wanted = scoping.ROLE_CAPABILITIES[role] & GUARDED
    return sorted(cap for cap in wanted if not scoping.can(actor, cap, unit))


def grantable_roles(actor, unit):
    return [role for role in Role if role != Role.SYSTEM_ADMIN and not missing_capabilities(actor, role, unit)]


# --------------------------------------------------------------------------- writing


def _require_manage(actor, account):
    if not can_manage_account(actor, account):
        raise OutOfScope(_("Tài khoản này có quyền ngoài phạm vi của bạn: chỉ cấp trên quản lý được."))


def _check_grant(actor, role, unit, valid_from, valid_to):
    if role == Role.SYSTEM_ADMIN:
        if not scoping.is_system_admin(actor):
            raise OutOfScope(_("Chỉ Quản trị hệ thống mới giao được vai trò Quản trị hệ thống."))
        if unit is not None:
            raise DomainError("admin_unit", _("Vai trò Quản trị hệ thống không gắn với đơn vị."), field="unit")
        return
    if unit is None:
        raise DomainError("unit_required", _("Hãy chọn đơn vị mà vai trò có hiệu lực."), field="unit")
    if not scoping.can(actor, scoping.MANAGE_USERS, unit):
        raise OutOfScope(_("Bạn không quản lý tài khoản ở %(name)s.") % {"name": unit.name})
    if missing_capabilities(actor, role, unit):
        raise DomainError(
            "role_above_actor",
            _(
                "Không giao được vai trò «%(label)s» ở %(name)s: vai trò này có quyền mà chính bạn không có ở đơn vị đó. Hãy nhờ cấp trên giao."
            )
            % {"label": Role(role).label, "name": unit.name},
            field="role",
        )
    dates.require_in_window(valid_from=valid_from, valid_to=valid_to)
    if valid_to is not None and valid_to < valid_from:
        raise DomainError("dates_reversed", _("Ngày kết thúc phải sau ngày bắt đầu."), field="valid_to")


@transaction.atomic
def grant_role(*, actor, account, role, unit, valid_from=None, valid_to=None):
    valid_from = valid_from or timezone.localdate()
    _check_grant(actor, role, unit, valid_from, valid_to)
    if account.pk == actor.pk:
        raise DomainError("self_grant", _("Không tự giao quyền cho chính mình: hãy nhờ cấp trên."), field="role")
    grant, created = RoleGrant.objects.select_for_update().get_or_create(
        user=account,
        role=role,
        unit=unit,
        defaults={"valid_from": valid_from, "valid_to": valid_to, "granted_by": actor},
    )
    if not created:
        if grant.is_current(valid_from) and grant.valid_to is None:
            raise DomainError("already_granted", _("Tài khoản đã có vai trò này ở đơn vị này."), field="role")
        grant.valid_from, grant.valid_to, grant.granted_by = valid_from, valid_to, actor
        grant.save()
    scoping.forget(account)
    return grant


@transaction.atomic
def revoke_grant(*, actor, grant, on=None):
    """End a grant today (it stays in the account's history)."""
    on = on or timezone.localdate()
    if grant.user_id == actor.pk:
        raise DomainError("self_revoke", _("Không tự thu hồi quyền của chính mình: hãy nhờ cấp trên."))
    if grant.role == Role.SYSTEM_ADMIN and not scoping.is_system_admin(actor):
        raise OutOfScope(_("Chỉ Quản trị hệ thống mới thu hồi được vai trò Quản trị hệ thống."))
    if grant.unit is not None and not scoping.can(actor, scoping.MANAGE_USERS, grant.unit):
        raise OutOfScope(_("Bạn không quản lý tài khoản ở %(name)s.") % {"name": grant.unit.name})
    yesterday = on - datetime.timedelta(days=1)
    grant.valid_to = max(yesterday, grant.valid_from - datetime.timedelta(days=1))
    grant.save(update_fields=["valid_to"])
    scoping.forget(grant.user)
    return grant


@transaction.atomic
def create_account(*, actor, person, username, role, unit, email=""):
    """An account for a person of the actor's subtree, with its first role and a temporary
    password (returned once, to be handed over; the holder changes it after signing in)."""
    if not scoping.can(actor, scoping.MANAGE_USERS, person.unit):
        raise OutOfScope(_("Bạn không quản lý tài khoản ở %(name)s.") % {"name": person.unit.name})
    username = (username or "").strip()
    violations = []
    if not username:
        violations.append(("username_required", _("Hãy nhập tên đăng nhập."), "username"))
    elif User.objects.filter(username__iexact=username).exists():
        violations.append(
            ("username_taken", _("Tên đăng nhập «%(username)s» đã có người dùng.") % {"username": username}, "username")
        )
    if User.objects.filter(person=person).exists():
        violations.append(
            ("person_has_account", _("%(full_name)s đã có tài khoản.") % {"full_name": person.full_name}, "username")
        )
    if violations:
        code, message, field = violations[0]
        raise DomainError(code, message, field=field, violations=violations)
    password = temporary_password()
    account = User(username=username, person=person, email=email or person.email or "", must_change_password=True)
    account.set_password(password)
    account.save()
    grant_role(actor=actor, account=account, role=role, unit=unit)
    return account, password


@transaction.atomic
def reset_password(*, actor, account):
    _require_manage(actor, account)
    password = temporary_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    return password


@transaction.atomic
def set_active(*, actor, account, active):
    _require_manage(actor, account)
    account.is_active = active
    account.save(update_fields=["is_active"])
    return account
