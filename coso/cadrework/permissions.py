"""What a user may see of cadre work, built on ``coso.accounts.scoping`` (the one module of
permissions). Reads are filtered by scope first, so a record out of scope is a 404; writes are
checked by the services (``scoping.require``), so a visible record the user may not change is
a 403."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.cadrework.models import CadrePlan, Course, Enrollment, Indicator, Rotation, SourcePoolEntry
from coso.org.models import Unit
from coso.people.models import Person


def _q(user, prefix):
    return scoping.unit_q(user, scoping.VIEW, prefix=prefix)


def _plans_q(user, prefix):
    """Plans owned inside the user's scope, or by a union above it: a ward sees its district's
    plan (and computes it for its own unit), as ``programme.permissions.visible_programmes``."""
    paths = scoping.paths_with(user, scoping.VIEW)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    steplen = Unit.steplen
    ancestors = {root[:i] for root in paths for i in range(steplen, len(root) + 1, steplen)}
    q = Q(**{f"{prefix}path__in": ancestors})
    for root in paths:
        q |= Q(**{f"{prefix}path__startswith": root})
    return q


def plans(user):
    return CadrePlan.objects.filter(_plans_q(user, "owner__")).select_related("owner")


def indicators(user):
    return Indicator.objects.filter(_plans_q(user, "plan__owner__")).select_related("plan__owner")


def editable_plans(user):
    return CadrePlan.objects.filter(scoping.unit_q(user, scoping.EDIT_UNITS, prefix="owner__"))


def plan_unit(user, plan):
    """The unit a plan's figures cover by default: its owner if the user sees it, else the top
    of the user's scope under the owner (a ward officer looking at the district's plan)."""
    if scoping.can(user, scoping.VIEW, plan.owner):
        return plan.owner
    unit = scoping.top_units(user).filter(path__startswith=plan.owner.path).order_by("depth", "path").first()
    if unit is None:
        raise scoping.OutOfScope(_("Bạn không có quyền xem số liệu của kế hoạch này."))
    return unit


def sources(user):
    return SourcePoolEntry.objects.filter(_q(user, "unit__")).select_related("unit")


def courses(user):
    return Course.objects.filter(_q(user, "organiser__")).select_related("organiser")


def enrollments(user):
    return Enrollment.objects.filter(_q(user, "course__organiser__")).select_related("course__organiser", "person")


def rotations(user):
    return Rotation.objects.filter(_q(user, "person__unit__")).select_related(
        "person__unit", "from_department", "to_department"
    )


def cadres(user):
    return scoping.visible_people(user, Person.objects.filter(is_cadre=True), by_ancestor=True).select_related("unit")


def unit_from(request, data=None):
    """The unit named by ``unit`` (in the query, or in ``data``) if the user may see it (else
    404), or the top of their scope."""
    units = scoping.visible_units(request.user)
    raw = (request.GET if data is None else data).get("unit", "")
    if raw.isdigit():
        return get_object_or_404(units.select_related("level"), pk=int(raw))
    unit = scoping.top_units(request.user).select_related("level").order_by("depth", "path").first()
    if unit is None:
        raise scoping.OutOfScope(_("Bạn chưa được giao đơn vị nào."))
    return unit
