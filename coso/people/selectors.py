"""Reads of persons that pages share."""

from django.db.models import Sum
from django.db.models.functions import Coalesce

from coso.accounts import scoping
from coso.org.models import Unit
from coso.people.models import Person, UnitHeadcount


def headcount(user):
    """``{"persons", "cadres", "members"}`` that ``Person.objects.visible_to(user)`` holds,
    summed over the units' kept counts (``UnitHeadcount``): one row per unit is read, never
    the persons themselves."""
    rows = UnitHeadcount.objects.all()
    if scoping.paths_with(user, scoping.VIEW) is not None:
        rows = rows.filter(unit__in=Unit.objects.filter(scoping.unit_q(user, scoping.VIEW)).values("pk"))
    totals = rows.aggregate(**{field: Coalesce(Sum(field), 0) for field in ("persons", "cadres", "members")})
    if scoping.own_person_outside_scope(user):
        own = Person.objects.filter(pk=user.person_id).values("is_cadre", "is_member").first()
        if own:
            totals["persons"] += 1
            totals["cadres"] += own["is_cadre"]
            totals["members"] += own["is_member"]
    return totals
