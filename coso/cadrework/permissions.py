"""What a user may see of cadre work, built on ``coso.accounts.scoping`` (the one module of
permissions). Reads are filtered by scope first, so a record out of scope is a 404; writes are
checked by the services (``scoping.require``), so a visible record the user may not change is
a 403."""

from django.shortcuts import get_object_or_404

from coso.accounts import scoping
from coso.cadrework.models import CadrePlan, Course, Enrollment, Indicator, Rotation, SourcePoolEntry
from coso.people.models import Person


def _q(user, prefix):
    return scoping.unit_q(user, scoping.VIEW, prefix=prefix)


def plans(user):
    return CadrePlan.objects.filter(_q(user, "owner__")).select_related("owner")


def indicators(user):
    return Indicator.objects.filter(_q(user, "plan__owner__")).select_related("plan__owner")


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
    return scoping.visible_people(user, Person.objects.filter(is_cadre=True)).select_related("unit")


def unit_from(request, data=None):
    """The unit named by ``unit`` (in the query, or in ``data``) if the user may see it (else
    404), or the top of their scope."""
    units = scoping.visible_units(request.user)
    raw = (request.GET if data is None else data).get("unit", "")
    if raw.isdigit():
        return get_object_or_404(units, pk=int(raw))
    unit = scoping.top_units(request.user).order_by("depth", "path").first()
    if unit is None:
        raise scoping.OutOfScope("Bạn chưa được giao đơn vị nào.")
    return unit
