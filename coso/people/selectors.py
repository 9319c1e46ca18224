"""Reads of persons that pages share."""

from django.db.models import Sum
from django.db.models.functions import Coalesce

from coso.accounts import scoping
from coso.people.models import Person, UnitHeadcount


def headcount(user, within=None):
    """``{"persons", "cadres", "members"}`` that ``Person.objects.visible_to(user)`` holds (in
    the subtree of the unit ``within`` if given), summed over the units' kept counts
    (``UnitHeadcount``, by the paths they keep): one row per unit is read, never the persons."""
    rows = UnitHeadcount.objects.all()
    if scoping.paths_with(user, scoping.VIEW) is not None:
        rows = rows.filter(scoping.unit_q(user, scoping.VIEW))  # on the rows' own paths
    if within is not None:
        rows = rows.filter(path__startswith=within.path)
    totals = rows.aggregate(**{field: Coalesce(Sum(field), 0) for field in ("persons", "cadres", "members")})
    if within is None and scoping.own_person_outside_scope(user):
        own = Person.objects.filter(pk=user.person_id).values("is_cadre", "is_member").first()
        if own:
            totals["persons"] += 1
            totals["cadres"] += own["is_cadre"]
            totals["members"] += own["is_member"]
    return totals
