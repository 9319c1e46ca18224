"""Who may do what in the programme "Rèn luyện và hành động", on ``accounts/scoping.py``.

Four capabilities, each granted on a unit and reaching its subtree like every other:

========================  =============================================================  =========================
capability                what it allows                                                 roles
========================  =============================================================  =========================
``programme_manage``      create and edit programmes, tracks, rounds, criteria (owner)   SYSTEM_ADMIN,
                                                                                          PROVINCIAL_STANDING,
                                                                                          TCKT_OFFICER,
                                                                                          DISTRICT_STANDING
``programme_branch``      the branch committee: register on a member's behalf, return    SYSTEM_ADMIN,
                          a registration or a self-assessment, evaluate members, assess  BRANCH_OFFICER
                          the branch itself
``programme_review``      the base union: review members' and branches' results, return  SYSTEM_ADMIN,
                          them to the branch, report on a round                          BASE_OFFICER
``programme_recognise``   the district Standing Committee: recognise (công nhận), return SYSTEM_ADMIN,
                          to the base union, accept or return round reports, inspect     PROVINCIAL_STANDING,
                                                                                          DISTRICT_STANDING
========================  =============================================================  =========================

A member acts on their own records (register, self-assess) through the person linked to
their account; no capability is needed for that, and nobody else can do it.

The capabilities live in ``accounts/scoping.py`` like every other; this module adds the
messages and the member-acting-on-self rules.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from coso.accounts import scoping
from coso.core.errors import OutOfScope
from coso.org.models import Unit

MANAGE = scoping.PROGRAMME_MANAGE
BRANCH = scoping.PROGRAMME_BRANCH
REVIEW = scoping.PROGRAMME_REVIEW
RECOGNISE = scoping.PROGRAMME_RECOGNISE

MESSAGES = {
    MANAGE: gettext_lazy("Bạn không có quyền quản lý chương trình Rèn luyện và hành động của đơn vị này."),
    BRANCH: gettext_lazy("Chỉ Ban Chấp hành chi đoàn của đoàn viên mới thực hiện được thao tác này."),
    REVIEW: gettext_lazy("Chỉ Ban Chấp hành Đoàn cơ sở của đơn vị này mới xem xét được kết quả."),
    RECOGNISE: gettext_lazy("Chỉ Ban Thường vụ cấp trên của đơn vị này mới công nhận, kiểm tra được."),
}


def paths_with(user, capability):
    """Subtree roots where the user holds ``capability`` (``None``: everywhere)."""
    return scoping.paths_with(user, capability)


def can(user, capability, unit):
    return scoping.can(user, capability, unit)


def require(user, capability, unit, message=None):
    if not can(user, capability, unit):
        raise OutOfScope(message or MESSAGES[capability])


def is_self(user, person):
    """The account belongs to this person (a member acting on their own record)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "person_id", None)
        and person is not None
        and user.person_id == person.pk
    )


SELF_ONLY = gettext_lazy("Đoàn viên chỉ thực hiện được thao tác này cho chính mình.")


def require_self(user, person, message=None):
    if not is_self(user, person):
        raise OutOfScope(message or SELF_ONLY)


def require_self_or(user, capability, person, message=None):
    """The member themself, or someone holding ``capability`` over the member's branch."""
    if is_self(user, person) or can(user, capability, person.unit):
        return
    raise OutOfScope(message or MESSAGES[capability])


def can_view(user, unit):
    return scoping.can(user, scoping.VIEW, unit)


def require_view(user, unit):
    scoping.require(user, scoping.VIEW, unit)


# --------------------------------------------------------------------------- reads


def visible(user, queryset, *, member_field=None, unit_field=None):
    """Rows in the user's view scope (by the member's unit or the record's unit), plus the
    user's own records when ``member_field`` is given."""
    if scoping.paths_with(user, scoping.VIEW) is None:
        return queryset
    if member_field:
        q = scoping.unit_q(user, scoping.VIEW, prefix=f"{member_field}__unit__")
        person_id = getattr(user, "person_id", None)
        if person_id:
            q = q | Q(**{f"{member_field}_id": person_id})
    else:
        q = scoping.unit_q(user, scoping.VIEW, prefix=f"{unit_field}__")
    return queryset.filter(q)


def visible_programmes(user, queryset):
    """Programmes owned inside the user's scope, or by a union above it (a member sees their
    district's programme; a branch officer too)."""
    paths = scoping.paths_with(user, scoping.VIEW)
    if paths is None:
        return queryset
    roots = list(paths)
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    if person is not None:
        roots.append(person.unit.path)
    if not roots:
        return queryset.none()
    steplen = Unit.steplen
    ancestors = {root[:i] for root in roots for i in range(steplen, len(root) + 1, steplen)}
    q = Q(owner__path__in=ancestors)
    for root in roots:
        q |= Q(owner__path__startswith=root)
    return queryset.filter(q)


def can_see_results(user, programme):
    """Whether the results page of ``programme`` opens for the user (a member alone gets 403)."""
    paths = scoping.paths_with(user, scoping.VIEW)
    if paths is None:
        return True
    owner = programme.owner.path
    return any(path.startswith(owner) or owner.startswith(path) for path in paths)
