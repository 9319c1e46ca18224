"""The one module that decides who may see and change what.

A role is granted on a unit and reaches that unit's whole subtree. Each role carries a set
of capabilities; a view asks for the rows a user may see (``visible_units``,
``visible_people``, ``unit_q``) and, before a write, whether the user holds a capability
over the unit concerned (``can`` / ``require``). Rows out of scope are simply absent from
querysets, so views answer 404 for them; a write on a visible unit without the capability
answers 403.
"""

from django.db.models import Q
from django.utils import timezone

from coso.accounts.models import Role
from coso.core.errors import OutOfScope

VIEW = "view"  # see units and the people in them
EDIT_UNITS = "edit_units"  # create, edit, move, merge units; departments; clusters
EDIT_PEOPLE = "edit_people"  # create and edit persons and their records
VIEW_SENSITIVE = "view_sensitive"  # pregnancy and children's birth dates
CLASSIFY = "classify"  # yearly classification of units and evaluation of people
IMPORT = "import"  # Excel import
MANAGE_USERS = "manage_users"  # grant roles inside the subtree

ALL = {VIEW, EDIT_UNITS, EDIT_PEOPLE, VIEW_SENSITIVE, CLASSIFY, IMPORT, MANAGE_USERS}

ROLE_CAPABILITIES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.PROVINCIAL_STANDING: ALL,
    Role.TCKT_OFFICER: {VIEW, EDIT_UNITS, EDIT_PEOPLE, VIEW_SENSITIVE, CLASSIFY, IMPORT, MANAGE_USERS},
    Role.DEPARTMENT_LEADER: {VIEW},
    Role.CLUSTER_LEADER: {VIEW},
    Role.MOVEMENT_CADRE: {VIEW},
    Role.DISTRICT_STANDING: {VIEW, EDIT_UNITS, EDIT_PEOPLE, CLASSIFY, IMPORT, MANAGE_USERS},
    Role.BASE_OFFICER: {VIEW, EDIT_PEOPLE, CLASSIFY, IMPORT},
    Role.BRANCH_OFFICER: {VIEW, EDIT_PEOPLE, IMPORT},
    # A member sees their own branch and their own record, nobody else's.
    Role.MEMBER: set(),
}

_CACHE_ATTR = "_coso_grants"


def _grants(user):
    """Current grants of the user as (role, path or None for everywhere), cached per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    rows = (
        user.grants.filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("role", "unit__path")
    )
    grants = [(role, path) for role, path in rows]
    if user.is_superuser:
        grants.append((Role.SYSTEM_ADMIN, None))
    setattr(user, _CACHE_ATTR, grants)
    return grants


def forget(user):
    """Drop the cached grants (after a grant changed)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles(user):
    return {role for role, _path in _grants(user)}


def is_system_admin(user):
    return any(role == Role.SYSTEM_ADMIN for role, _path in _grants(user))


def paths_with(user, capability):
    """Subtree roots (paths) where the user holds ``capability``; ``None`` means everywhere."""
    paths = set()
    for role, path in _grants(user):
        if capability in ROLE_CAPABILITIES.get(role, set()):
            if path is None:
                return None
            paths.add(path)
    # Keep only the topmost roots: a grant inside another adds nothing.
    roots = sorted(paths, key=len)
    kept = []
    for path in roots:
        if not any(path.startswith(root) for root in kept):
            kept.append(path)
    return kept


def unit_q(user, capability=VIEW, prefix=""):
    """A Q on ``<prefix>path`` selecting the units where the user holds ``capability``."""
    paths = paths_with(user, capability)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def _member_branch_paths(user):
    return [path for role, path in _grants(user) if role == Role.MEMBER and path]


def visible_units(user, queryset=None):
    from coso.org.models import Unit

    queryset = Unit.objects.all() if queryset is None else queryset
    q = unit_q(user, VIEW)
    for path in _member_branch_paths(user):
        q |= Q(path=path)
    return queryset.filter(q)


def visible_people(user, queryset=None):
    from coso.people.models import Person

    queryset = Person.objects.all() if queryset is None else queryset
    q = unit_q(user, VIEW, prefix="unit__")
    if getattr(user, "person_id", None):
        q |= Q(pk=user.person_id)
    return queryset.filter(q)


def can(user, capability, unit):
    """Whether the user holds ``capability`` over ``unit`` (a Unit, or None for system-wide)."""
    paths = paths_with(user, capability)
    if paths is None:
        return True
    if unit is None:
        return False
    return any(unit.path.startswith(path) for path in paths)


def can_edit_person(user, person):
    return can(user, EDIT_PEOPLE, person.unit)


def can_view_sensitive(user, person):
    return can(user, VIEW_SENSITIVE, person.unit)


def require(user, capability, unit):
    if not can(user, capability, unit):
        raise OutOfScope("Bạn không có quyền thực hiện thao tác này ở đơn vị này.")


def top_units(user):
    """The units at the top of the user's scope, for the home page and the tree's roots."""
    from coso.org.models import Unit

    paths = paths_with(user, VIEW)
    if paths is None:
        return Unit.objects.get_root_nodes()
    paths = list(paths) + _member_branch_paths(user)
    return Unit.objects.filter(path__in=paths).select_related("level")
