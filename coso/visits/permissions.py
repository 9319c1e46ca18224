"""Who may do what in grassroots visits, on the capabilities of ``accounts/scoping.py``.

Besides the capability, two rules come from data: recording one's own visits needs the
account's person to be the cadre, and reviewing a report needs the person to lead (or
deputise) a cluster holding a district of the report.
"""

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.core.errors import OutOfScope


def _model(app_label, name):
    # By name: the visits models' managers call the ``visible_*_q`` here, so this module must
    # not import them back.
    return apps.get_model(app_label, name)


def _person_id(user):
    return getattr(user, "person_id", None)


def _deny(message):
    raise OutOfScope(message)


# --------------------------------------------------------------------------- checks


def can_manage(user, unit):
    """Policies, blackout days, assignment decisions, ranking rules of an organisation."""
    return scoping.can(user, scoping.MANAGE_VISITS, unit)


def can_act_for_cadre(user, cadre):
    """Plans, visits, reports, weak-unit lists and good practices of a cadre: the cadre's own
    account (with a working role), or a manager over the cadre's unit (TCKT, standing officers)."""
    if _person_id(user) == cadre.pk and cadre.is_cadre and scoping.holds(user, scoping.RECORD_VISITS):
        return True
    return scoping.can(user, scoping.MANAGE_VISITS, cadre.unit)


def can_approve_plan(user, plan):
    """Standing officers or a department leader over the cadre's unit; nobody approves their own plan."""
    if _person_id(user) == plan.cadre_id:
        return False
    return scoping.can(user, scoping.APPROVE_VISIT_PLANS, plan.cadre.unit)


def can_host_confirm(user, host, report):
    """The standing officers of the visited district-level union (or the officers of the
    visited base union in a tree without a district level); never the visiting cadre."""
    if _person_id(user) == report.cadre_id:
        return False
    return scoping.can(user, scoping.CONFIRM_VISITS_AS_HOST, host)


def led_unit_ids(user, year):
    """The units of the clusters of ``year`` the user's person leads or deputises (as the
    cluster's leader or deputy, or by a cluster-role assignment). Two queries, whatever the
    number of reports checked against it (the review inbox asks once per year)."""
    Cluster, Assignment = _model("org", "Cluster"), _model("visits", "Assignment")
    person_id = _person_id(user)
    if not person_id:
        return frozenset()
    by_cluster = (
        Cluster.units.through.objects.filter(cluster__year=year)
        .filter(Q(cluster__leader_id=person_id) | Q(cluster__deputy_id=person_id))
        .values_list("unit_id", flat=True)
    )
    by_assignment = (
        Assignment.objects.filter(
            cadre_id=person_id,
            role__in=[Assignment.Role.CLUSTER_LEADER, Assignment.Role.CLUSTER_DEPUTY],
            valid_from__year__lte=year,
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__year__gte=year))
        .values_list("unit_id", flat=True)
    )
    return frozenset(by_cluster) | frozenset(by_assignment)


def leads_cluster_of(user, unit_ids, year, led=None):
    """Whether the user's person leads or deputises a cluster of ``year`` containing one of
    ``unit_ids``. ``led``: a dict year → :func:`led_unit_ids`, filled on demand, shared by
    the checks of one list so that it costs two queries per year, not two per row."""
    if not _person_id(user) or not unit_ids:
        return False
    if led is None:
        led = {}
    if year not in led:
        led[year] = led_unit_ids(user, year)
    return not led[year].isdisjoint(unit_ids)


def can_review_report(user, report, unit_ids, led=None):
    """The leader (or deputy) of a cluster containing a district of the report (``led``: see
    :func:`leads_cluster_of`)."""
    if scoping.is_system_admin(user):
        return True
    if _person_id(user) == report.cadre_id:
        return False
    if not scoping.holds(user, scoping.REVIEW_VISIT_REPORTS):
        return False
    return leads_cluster_of(user, unit_ids, report.year, led)


def can_confirm_weak_units(user, selection):
    if can_act_for_cadre(user, selection.cadre):
        return True
    return scoping.can(user, scoping.CONFIRM_VISITS_AS_HOST, selection.district) and scoping.can(
        user, scoping.MANAGE_VISITS, selection.district
    )


def can_mark_practice(user, practice):
    return practices_markable(user, [practice]).get(practice.pk, False)


def practices_markable(user, practices):
    """``{practice id: whether the user may mark it "to replicate"}``: the holders of the
    capability over its unit, and the leaders of a cluster containing its unit or the district
    above it. A fixed number of queries for a whole page of practices."""
    practices = list(practices)
    markable = {p.pk: scoping.can(user, scoping.MARK_PRACTICES, p.unit) for p in practices}
    others = [p for p in practices if not markable[p.pk]]
    if others and _person_id(user):
        districts = _districts_above([p.unit for p in others])
        led = {}
        for p in others:
            ids = [p.unit_id] + ([districts[p.unit_id]] if p.unit_id in districts else [])
            markable[p.pk] = leads_cluster_of(user, ids, p.reported_on.year, led)
    return markable


def _districts_above(units):
    """``{unit id: id of the district-level union above (or equal to) it}``, in one query."""
    Unit, district = _model("org", "Unit"), _model("org", "UnitLevel").Kind.DISTRICT
    steplen = Unit.steplen
    prefixes = {u.path[: steplen * depth] for u in units for depth in range(1, len(u.path) // steplen + 1)}
    districts = dict(Unit.objects.filter(path__in=prefixes, level__kind=district).values_list("path", "pk"))
    found = {}
    for u in units:
        above = [path for path in districts if u.path.startswith(path)]
        if above:
            found[u.pk] = districts[max(above, key=len)]
    return found


def can_manage_cluster(user, cluster):
    if scoping.can(user, scoping.MANAGE_VISITS, cluster.owner):
        return True
    person_id = _person_id(user)
    return bool(person_id) and person_id in (cluster.leader_id, cluster.deputy_id)


# --------------------------------------------------------------------------- require_*


def require_manage(user, unit):
    if not can_manage(user, unit):
        _deny(_("Bạn không có quyền quản lý việc đi cơ sở của đơn vị này."))


def require_act_for_cadre(user, cadre):
    if not can_act_for_cadre(user, cadre):
        _deny(_("Bạn không có quyền ghi nhận việc đi cơ sở thay đồng chí %(cadre)s.") % {"cadre": cadre.full_name})


def require_approve_plan(user, plan):
    if not can_approve_plan(user, plan):
        _deny(_("Bạn không có quyền duyệt hoặc trả lại kế hoạch này."))


def require_host_confirm(user, host, report):
    if not can_host_confirm(user, host, report):
        _deny(
            _("Chỉ Thường trực %(host)s mới xác nhận, nhận xét được kết quả đi cơ sở tại đơn vị.") % {"host": host.name}
        )


def require_review_report(user, report, unit_ids):
    if not can_review_report(user, report, unit_ids):
        _deny(_("Chỉ cụm trưởng, cụm phó của cụm thi đua có đơn vị trong báo cáo mới xem xét được báo cáo này."))


def require_confirm_weak_units(user, selection):
    if not can_confirm_weak_units(user, selection):
        _deny(_("Bạn không có quyền thống nhất danh sách đơn vị này."))


def require_mark_practice(user, practice):
    if not can_mark_practice(user, practice):
        _deny(_("Bạn không có quyền quyết định nhân rộng mô hình này."))


def require_manage_cluster(user, cluster):
    if not can_manage_cluster(user, cluster):
        _deny(_("Bạn không có quyền lập lịch giao ban của cụm này."))


# --------------------------------------------------------------------------- reads


def visible_visits_q(user, prefix=""):
    """Visits of cadres in the user's scope, visits to units in the user's scope (the hosts),
    and the user's own."""
    if scoping.paths_with(user, scoping.VIEW) is None:
        return Q()  # everywhere (an empty Q must not be OR-ed: it would vanish)
    q = scoping.unit_q(user, scoping.VIEW, prefix=f"{prefix}cadre__unit__") | scoping.unit_q(
        user, scoping.VIEW, prefix=f"{prefix}unit__"
    )
    if _person_id(user):
        q |= Q(**{f"{prefix}cadre_id": user.person_id})
    return q


def person_columns_q(granted, kept):
    """Records of a person under one of ``granted`` (``scoping.granted_units``), on the records'
    own columns (``coso.visits.ancestry``) for a granted province or district, by the person's
    unit's path for any other unit."""
    from coso.people.ancestry import DISTRICT, PROVINCE

    province, district = kept.person_columns
    q = Q(pk__in=[])
    for path, pk, kind in granted:
        if kind == PROVINCE:
            q |= Q(**{f"{province}_id": pk})
        elif kind == DISTRICT:
            q |= Q(**{f"{district}_id": pk})
        else:
            q |= Q(**{f"{kept.person}__unit__path__startswith": path})
    return q


def _by_columns_q(user, kept):
    """Records of a person in scope, at a unit in scope, or the user's own, on the records' own
    columns (``coso.visits.ancestry``): a granted province or district names both the person's
    and the unit's column, so that a province's list and its count need no join to persons and
    units; any other unit by the units' paths."""
    from coso.people.ancestry import DISTRICT, PROVINCE

    granted = scoping.granted_units(user, scoping.VIEW)
    if granted is None:
        return Q()
    unit_province, unit_district = kept.unit_columns
    q = person_columns_q(granted, kept)
    for path, pk, kind in granted:
        if kind == PROVINCE:
            q |= Q(**{f"{unit_province}_id": pk})
        elif kind == DISTRICT:
            q |= Q(**{f"{unit_district}_id": pk})
        else:
            q |= Q(unit__path__startswith=path)
    if _person_id(user):
        q |= Q(**{f"{kept.person}_id": user.person_id})
    return q


def visible_trips_q(user):
    """``visible_visits_q`` on the trips' own columns: for the trip list and its export."""
    from coso.visits import ancestry

    return _by_columns_q(user, ancestry.TRIPS)


def listed_practices_q(user):
    """``visible_practices_q`` on the practices' own columns: for their list and its export."""
    from coso.visits import ancestry

    return _by_columns_q(user, ancestry.PRACTICES)


def visible_reports_q(user):
    """Reports of cadres in scope, reports awaiting or bearing a confirmation of a host in
    scope, and the user's own."""
    HostConfirmation = _model("visits", "HostConfirmation")
    if scoping.paths_with(user, scoping.VIEW) is None:
        return Q()
    hosts = HostConfirmation.objects.filter(report=OuterRef("pk")).filter(
        scoping.unit_q(user, scoping.VIEW, prefix="district__")
    )
    q = scoping.unit_q(user, scoping.VIEW, prefix="cadre__unit__") | Q(Exists(hosts))
    if _person_id(user):
        q |= Q(cadre_id=user.person_id)
    return q


def reads_whole_report(user, report, review_unit_ids, led=None):
    """Whether the user reads every part of a monthly report: the cadre, whoever views the
    cadre's unit (department and standing officers, TCKT, above), the leaders of a cluster
    holding one of the report's districts, and the system administrator. Anyone else who sees
    the report sees it as a host, and reads only its own part (``selectors.report_parts``)."""
    if scoping.paths_with(user, scoping.VIEW) is None or _person_id(user) == report.cadre_id:
        return True
    if scoping.can(user, scoping.VIEW, report.cadre.unit):
        return True
    return leads_cluster_of(user, review_unit_ids, report.year, led)


def visible_cadre_records_q(user, cadre_field="cadre"):
    """Plans, weak-unit lists, assignments, good practices: by the cadre's unit, or own."""
    if scoping.paths_with(user, scoping.VIEW) is None:
        return Q()
    q = scoping.people_q(user, prefix=f"{cadre_field}__")
    if _person_id(user):
        q |= Q(**{f"{cadre_field}_id": user.person_id})
    return q


def pending_of_cadres_in_scope(user, pending, cadre_field="cadre", kept=None):
    """``pending`` (records awaiting a step: a set bounded by the work waiting, such as the
    plans submitted) kept to those ``visible_cadre_records_q`` lets the user see. ``kept``: the
    records keep their cadre's province and district (``coso.visits.ancestry``).

    The cadres' scope is decided on their own ids first, then the records are filtered by
    those ids: joined to persons and units in one query, PostgreSQL at national scale walks
    the whole person table by its key (issue 9: 3.8 s for a province's plans to approve)."""
    from coso.people.ancestry import DISTRICT, PROVINCE

    granted = scoping.granted_units(user, scoping.VIEW)
    if granted is None:
        return pending
    if kept is not None and all(kind in (PROVINCE, DISTRICT) for _path, _pk, kind in granted):
        # A province's or a district's: on the records' own columns, through their index.
        q = person_columns_q(granted, kept)
        if _person_id(user):
            q |= Q(**{f"{cadre_field}_id": user.person_id})
        return pending.filter(q)
    cadre_ids = sorted(set(pending.order_by().values_list(f"{cadre_field}_id", flat=True)))
    Person = _model("people", "Person")
    in_scope = scoping.people_q(user)
    visible = set()
    for start in range(0, len(cadre_ids), 2000):
        chunk = cadre_ids[start : start + 2000]
        visible.update(Person.objects.filter(in_scope, pk__in=chunk).values_list("pk", flat=True))
    if _person_id(user) in cadre_ids:
        visible.add(user.person_id)
    return pending.filter(**{f"{cadre_field}_id__in": sorted(visible)})


def first_reports_in_scope(user, reports, order, limit):
    """The first ``limit`` of ``reports`` in ``order`` that ``visible_reports_q`` lets the user
    see, as a queryset of at most ``limit`` rows. Each way of seeing a report is asked apart,
    each for its first ``limit``: their OR made PostgreSQL gather the host confirmations of
    the whole scope first (issue 9: a province's review inbox, 23,560 of them, 155 ms)."""
    if scoping.paths_with(user, scoping.VIEW) is None:
        return reports.order_by(*order)[:limit]
    HostConfirmation = _model("visits", "HostConfirmation")
    hosts = HostConfirmation.objects.filter(report=OuterRef("pk")).filter(
        scoping.unit_q(user, scoping.VIEW, prefix="district__")
    )
    from coso.visits import ancestry

    granted = scoping.granted_units(user, scoping.VIEW)
    ways = [reports.filter(person_columns_q(granted, ancestry.REPORTS)), reports.filter(Exists(hosts))]
    if _person_id(user):
        ways.append(reports.filter(cadre_id=user.person_id))
    ids = set()
    for way in ways:
        ids.update(way.order_by(*order).values_list("pk", flat=True)[:limit])
    return reports.filter(pk__in=sorted(ids)).order_by(*order)[:limit]


def visible_practices_q(user):
    """Good practices: reported by a cadre in scope, found in a unit in scope, or own."""
    if scoping.paths_with(user, scoping.VIEW) is None:
        return Q()
    return visible_cadre_records_q(user, "reported_by") | scoping.unit_q(user, scoping.VIEW, prefix="unit__")
