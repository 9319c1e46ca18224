"""The province and district of each trip's cadre and of the unit it visited
(``Visit.cadre_province``, ``cadre_district``, ``host_province``, ``host_district``; issue 9).

A province's trip list is "the trips of its cadres, and the trips to its units": read through
the cadres' and the units' paths, PostgreSQL joined every trip of the country to both to count
a province's (0.3 s for 24,072 of 842,385). On the trip's own row, the list and its count are
an OR of two indexed columns.

The cadre's are copied from the person's row (``Person.province``, ``district``), the host's
found as the persons' are (``coso.people.ancestry``). Kept by ``Visit.save``, by a person's move
(``people.signals.members_moved``) and by a subtree's move or level change
(``org.signals.subtree_moved``), in the same transaction; :func:`fill_all` fills every trip
(the migration that added them, the bench data).
"""

from collections import defaultdict

from django.apps import apps
from django.db.models import OuterRef, Subquery

from coso.people import ancestry as people_ancestry

_CHUNK = 2000


def _models():
    return apps.get_model("visits", "Visit"), apps.get_model("people", "Person"), apps.get_model("org", "Unit")


def fill(visit):
    """Set the trip's four columns from its cadre and its unit (the loaded rows when there are)."""
    Visit, Person, _Unit = _models()
    cadre = Visit._meta.get_field("cadre").get_cached_value(visit, default=None)
    if cadre is not None and cadre.pk == visit.cadre_id:
        visit.cadre_province_id, visit.cadre_district_id = cadre.province_id, cadre.district_id
    else:
        row = Person.objects.filter(pk=visit.cadre_id).values_list("province_id", "district_id").first()
        visit.cadre_province_id, visit.cadre_district_id = row or (None, None)
    unit = Visit._meta.get_field("unit").get_cached_value(visit, default=None)
    if unit is not None and unit.pk == visit.unit_id:
        found = people_ancestry.for_units([(unit.pk, unit.path)])
    else:
        found = people_ancestry.for_unit_ids([visit.unit_id])
    visit.host_province_id, visit.host_district_id = found.get(visit.unit_id, (None, None))


def refresh_cadres(visits):
    """The cadre's columns of ``visits`` (a queryset) copied again from their persons' rows."""
    _Visit, Person, _Unit = _models()
    person = Person.objects.filter(pk=OuterRef("cadre_id"))
    visits.update(
        cadre_province_id=Subquery(person.values("province_id")[:1]),
        cadre_district_id=Subquery(person.values("district_id")[:1]),
    )


def refresh_hosts(units):
    """The host's columns of the trips to ``units`` (``(id, path)`` pairs), grouped by ancestors."""
    Visit, _Person, _Unit = _models()
    groups = defaultdict(list)
    for pk, ancestors in people_ancestry.for_units(units).items():
        groups[ancestors].append(pk)
    for (province_id, district_id), ids in groups.items():
        for start in range(0, len(ids), _CHUNK):
            Visit.objects.filter(unit_id__in=ids[start : start + _CHUNK]).update(
                host_province_id=province_id, host_district_id=district_id
            )


def fill_all():
    """Every trip's four columns (the trips' units read in chunks of the tree)."""
    Visit, _Person, Unit = _models()
    refresh_cadres(Visit.objects.all())
    visited = Visit.objects.order_by().values("unit_id").distinct()
    units = list(Unit.objects.filter(pk__in=visited).order_by("path").values_list("pk", "path"))
    for start in range(0, len(units), 20 * _CHUNK):
        refresh_hosts(units[start : start + 20 * _CHUNK])


def cadres_moved(sender, *, unit_ids, **kwargs):
    """``people.signals.members_moved``: persons left and joined these units."""
    Visit, _Person, _Unit = _models()
    refresh_cadres(Visit.objects.filter(cadre__unit_id__in=list(unit_ids)))


def subtree_moved(sender, *, unit, **kwargs):
    """``org.signals.subtree_moved``: the trips of the subtree's persons and to its units."""
    Visit, _Person, Unit = _models()
    path = Unit.objects.only("path").get(pk=unit.pk).path
    refresh_cadres(Visit.objects.filter(cadre__unit__path__startswith=path))
    refresh_hosts(Unit.objects.filter(path__startswith=path).order_by().values_list("pk", "path"))
