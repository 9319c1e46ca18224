"""The one module that decides who may see and change what.

A role is granted on a unit and reaches that unit's whole subtree. Each role carries a set
of capabilities; a view asks for the rows a user may see (``visible_units``,
``visible_people``, ``unit_q``) and, before a write, whether the user holds a capability
over the unit concerned (``can`` / ``require``). Rows out of scope are simply absent from
querysets, so views answer 404 for them; a write on a visible unit without the capability
answers 403.
"""

from django.apps import apps
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.accounts.models import Role
from coso.core.errors import OutOfScope

VIEW = "view"  # see units and the people in them
EDIT_UNITS = "edit_units"  # create, edit, move, merge units; departments; clusters
EDIT_PEOPLE = "edit_people"  # create and edit persons and their records
VIEW_SENSITIVE = "view_sensitive"  # pregnancy and children's birth dates
CLASSIFY = "classify"  # yearly classification of units and evaluation of people
IMPORT = "import"  # Excel import
MANAGE_USERS = "manage_users"  # grant roles inside the subtree

# Going to the grassroots (coso/visits). Recording one's own visits also needs the account's
# person to be the cadre; reviewing also needs the person to lead the cluster (data).
MANAGE_VISITS = "manage_visits"  # policies, blackout days, decisions, ranking rules, acting for cadres
RECORD_VISITS = "record_visits"  # own plans, visits, reports
APPROVE_VISIT_PLANS = "approve_visit_plans"  # approve or return quarterly plans
CONFIRM_VISITS_AS_HOST = "confirm_visits_as_host"  # checked on the visited unit, not the cadre's
REVIEW_VISIT_REPORTS = "review_visit_reports"  # cluster leaders review monthly reports
MARK_PRACTICES = "mark_practices"  # mark a good practice "to replicate"

# Field training (coso/placements): the Standing Committee decides the yearly list.
DECIDE_PLACEMENTS = "decide_placements"

# The members' programme "Rèn luyện và hành động" (coso/programme).
PROGRAMME_MANAGE = "programme_manage"  # programmes, tracks, rounds, criteria of the owner
PROGRAMME_BRANCH = "programme_branch"  # the branch committee: register for, evaluate, return
PROGRAMME_REVIEW = "programme_review"  # the base union reviews branches' results
PROGRAMME_RECOGNISE = "programme_recognise"  # the district Standing Committee recognises

FOUNDATION = {VIEW, EDIT_UNITS, EDIT_PEOPLE, VIEW_SENSITIVE, CLASSIFY, IMPORT, MANAGE_USERS}
VISITS = {
    MANAGE_VISITS,
    RECORD_VISITS,
    APPROVE_VISIT_PLANS,
    CONFIRM_VISITS_AS_HOST,
    REVIEW_VISIT_REPORTS,
    MARK_PRACTICES,
}
PROGRAMME = {PROGRAMME_MANAGE, PROGRAMME_BRANCH, PROGRAMME_REVIEW, PROGRAMME_RECOGNISE}

# The register of outgoing papers (coso/documents): give a paper of the unit its number, cancel one.
ISSUE_PAPERS = "issue_papers"

ALL = FOUNDATION | VISITS | {DECIDE_PLACEMENTS} | PROGRAMME | {ISSUE_PAPERS}

ROLE_CAPABILITIES = {
    Role.SYSTEM_ADMIN: ALL,
    Role.PROVINCIAL_STANDING: FOUNDATION
    | {MANAGE_VISITS, RECORD_VISITS, APPROVE_VISIT_PLANS, REVIEW_VISIT_REPORTS, MARK_PRACTICES}
    | {DECIDE_PLACEMENTS, PROGRAMME_MANAGE, PROGRAMME_RECOGNISE, ISSUE_PAPERS},
    Role.TCKT_OFFICER: FOUNDATION | {MANAGE_VISITS, RECORD_VISITS, PROGRAMME_MANAGE, ISSUE_PAPERS},
    Role.DEPARTMENT_LEADER: {VIEW, RECORD_VISITS, APPROVE_VISIT_PLANS, MARK_PRACTICES},
    Role.CLUSTER_LEADER: {VIEW, RECORD_VISITS, REVIEW_VISIT_REPORTS, MARK_PRACTICES},
    Role.MOVEMENT_CADRE: {VIEW, RECORD_VISITS},
    Role.DISTRICT_STANDING: {VIEW, EDIT_UNITS, EDIT_PEOPLE, CLASSIFY, IMPORT, MANAGE_USERS}
    | {MANAGE_VISITS, RECORD_VISITS, APPROVE_VISIT_PLANS, CONFIRM_VISITS_AS_HOST}
    | {PROGRAMME_MANAGE, PROGRAMME_RECOGNISE, ISSUE_PAPERS},
    Role.BASE_OFFICER: {VIEW, EDIT_PEOPLE, CLASSIFY, IMPORT, RECORD_VISITS, CONFIRM_VISITS_AS_HOST, PROGRAMME_REVIEW}
    | {ISSUE_PAPERS},
    Role.BRANCH_OFFICER: {VIEW, EDIT_PEOPLE, IMPORT, PROGRAMME_BRANCH, ISSUE_PAPERS},
    # A member sees their own branch and their own record, nobody else's.
    Role.MEMBER: set(),
}

_CACHE_ATTR = "_coso_grants"
_OWN_PATH_ATTR = "_coso_own_unit_path"
_ROOTS_ATTR = "_coso_granted_units"


def _grants(user):
    """Current grants of the user as (role, path or None for everywhere), cached per request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    rows = list(
        user.grants.filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values_list("role", "unit__path", "user__person__unit__path", "unit_id", "unit__level__kind")
    )
    grants = [(role, path) for role, path, _own, _id, _kind in rows]
    # The unit of the account's own person, read in the same query: visible_people needs it.
    setattr(user, _OWN_PATH_ATTR, next((own for _role, _path, own, _id, _kind in rows), None))
    # Each granted unit's id and level kind by its path: visible_people(by_ancestor=True).
    setattr(user, _ROOTS_ATTR, {path: (pk, kind) for _role, path, _own, pk, kind in rows if path})
    if user.is_superuser:
        grants.append((Role.SYSTEM_ADMIN, None))
    setattr(user, _CACHE_ATTR, grants)
    return grants


def forget(user):
    """Drop the cached grants (after a grant changed)."""
    for attr in (_CACHE_ATTR, _OWN_PATH_ATTR, _ROOTS_ATTR, _AREAS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


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


def _model(app_label, name):
    # By name: the models' managers call this module (``Unit.objects.visible_to``), so it
    # must not import them back.
    return apps.get_model(app_label, name)


def _member_branch_paths(user):
    return [path for role, path in _grants(user) if role == Role.MEMBER and path]


def visible_units(user, queryset=None):
    queryset = _model("org", "Unit").objects.all() if queryset is None else queryset
    q = unit_q(user, VIEW)
    for path in _member_branch_paths(user):
        q |= Q(path=path)
    return queryset.filter(q)


def granted_units(user, capability=VIEW):
    """The units where the user holds ``capability``, as ``(path, id, level kind)`` (the id and
    kind None when unknown); ``None`` means everywhere."""
    paths = paths_with(user, capability)
    if paths is None:
        return None
    roots = getattr(user, _ROOTS_ATTR, {})
    return [(path, *roots.get(path, (None, None))) for path in sorted(paths)]


def people_q(user, capability=VIEW, prefix=""):
    """A Q on persons (reached through ``prefix``, such as ``cadre__``) selecting those under
    the units where the user holds ``capability``: a granted province or district by the
    person's own ancestor column (``Person.province`` / ``district``), any other unit by the
    units' paths. It leaves out the user's own person (``own_person_outside_scope``)."""
    from coso.people import ancestry

    granted = granted_units(user, capability)
    if granted is None:
        return Q()
    q = Q() if granted else Q(pk__in=[])
    for path, pk, kind in granted:
        q |= ancestry.under_q(pk, kind, path, prefix=prefix)
    return q


def _people_q(user, by_ancestor):
    return people_q(user) if by_ancestor else unit_q(user, VIEW, prefix="unit__")


def visible_people(user, queryset=None, *, by_ancestor=False):
    """The persons ``user`` may see. ``by_ancestor``: a granted province or district is named
    by the person's own ancestor column (``Person.province`` / ``district``), which lets a
    province's list walk its index in name order, instead of a join to the units' paths."""
    queryset = _model("people", "Person").objects.all() if queryset is None else queryset
    paths = paths_with(user, VIEW)
    if paths is None:
        return queryset
    if not own_person_outside_scope(user):
        return queryset.filter(_people_q(user, by_ancestor))
    if not paths:
        return queryset.filter(pk=user.person_id)
    # An "OR own person" makes PostgreSQL scan every person: only when the own unit lies
    # outside every granted subtree.
    return queryset.filter(_people_q(user, by_ancestor) | Q(pk=user.person_id))


# A scope of at most this many units (a district, a base union, a branch) is small enough to
# name by its units' ids: lists then read its rows through those ids (people.listing,
# visits.selectors) instead of walking a national index; past it (a province) a list of ids
# makes PostgreSQL scan the whole table.
SMALL_SCOPE_MAX_UNITS = 2000


def small_scope_unit_ids(user, capability=VIEW, within=None, limit=None):
    """The ids of the units where the user holds ``capability`` (within the unit ``within``),
    when there are at most ``limit`` (``SMALL_SCOPE_MAX_UNITS``) of them; else None."""
    limit = SMALL_SCOPE_MAX_UNITS if limit is None else limit
    if within is None and paths_with(user, capability) is None:
        return None  # the whole country
    units = _model("org", "Unit").objects.filter(unit_q(user, capability))
    if within is not None:
        units = units.filter(path__startswith=within.path)
    ids = list(units.order_by().values_list("pk", flat=True)[: limit + 1])
    return ids if len(ids) <= limit else None


def own_person_outside_scope(user):
    """Whether the account's own person lies outside every subtree it may see (a member, or
    an officer working elsewhere than their own unit): it is then visible on its own."""
    if not getattr(user, "person_id", None):
        return False
    paths = paths_with(user, VIEW)
    if paths is None:
        return False
    own = getattr(user, _OWN_PATH_ATTR, None)
    return not (own and any(own.startswith(root) for root in paths))


def can(user, capability, unit):
    """Whether the user holds ``capability`` over ``unit`` (a Unit, or None for system-wide)."""
    paths = paths_with(user, capability)
    if paths is None:
        return True
    if unit is None:
        return False
    return any(unit.path.startswith(path) for path in paths)


def holds(user, capability):
    """Whether the user holds ``capability`` anywhere (to show an inbox or a button at all)."""
    paths = paths_with(user, capability)
    return paths is None or bool(paths)


# Work areas. The menu shows an area, and (issue 11) its pages answer, only to a user who
# holds one of the area's capabilities somewhere, or whom the area's app recognises from the
# data (``AREA_PREDICATES``: a member in the programme, a cadre on a field-training placement).
AREAS = {
    "visits": VISITS,
    "cadrework": {EDIT_UNITS, CLASSIFY},
    "placements": {EDIT_UNITS, DECIDE_PLACEMENTS},
    "programme": PROGRAMME,
    "imports": {IMPORT},
    "accounts": {MANAGE_USERS},
}
# area -> [predicate(user) -> bool], registered by the apps' ready() (checked only when no
# capability already opens the area).
AREA_PREDICATES = {}
_AREAS_ATTR = "_coso_areas"


def register_area_predicate(area, predicate):
    AREA_PREDICATES.setdefault(area, []).append(predicate)
    return predicate


def works_in(user, area):
    """Whether ``area`` (a key of :data:`AREAS`) belongs in the user's menu and pages."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, _AREAS_ATTR, None)
    if cached is None:
        cached = {}
        setattr(user, _AREAS_ATTR, cached)
    if area not in cached:
        if area == "programme" and Role.MEMBER in roles(user):
            cached[area] = True
        else:
            cached[area] = any(holds(user, c) for c in AREAS[area]) or any(
                predicate(user) for predicate in AREA_PREDICATES.get(area, [])
            )
    return cached[area]


def areas(user):
    """The set of areas the user works in (for the menu)."""
    return {area for area in AREAS if works_in(user, area)}


def can_edit_person(user, person):
    return can(user, EDIT_PEOPLE, person.unit)


def can_view_sensitive(user, person):
    return can(user, VIEW_SENSITIVE, person.unit)


def require(user, capability, unit):
    if not can(user, capability, unit):
        raise OutOfScope(_("Bạn không có quyền thực hiện thao tác này ở đơn vị này."))


def top_units(user):
    """The units at the top of the user's scope, for the home page and the tree's roots."""
    Unit = _model("org", "Unit")
    paths = paths_with(user, VIEW)
    if paths is None:
        return Unit.objects.get_root_nodes()
    paths = list(paths) + _member_branch_paths(user)
    return Unit.objects.filter(path__in=paths).select_related("level")
