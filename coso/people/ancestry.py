"""The province and the district above each person (``Person.province``, ``Person.district``;
issue 9): the nearest unit of level kind ``province`` (``district``) among the person's unit
and its ancestors, or none (a central unit; a base union or agency directly under a province
has no district). Levels are data, so "province" is a level's ``kind``, never a depth.

Stored on the person row so that a province's list walks the index (province, sort_key, id)
in name order: read through a join to the units' paths, it walked the whole country's name
index until it found 50 of the province's rows. Kept by every write that changes a person's
unit (``Person.save``; the bulk writers call :func:`for_unit_ids`) or a unit's place in the
tree or its level (``org.services``: :func:`refresh_under` in the same transaction).
"""

from collections import defaultdict

from django.apps import apps
from django.db.models import Q

PROVINCE, DISTRICT = "province", "district"
_CHUNK = 2000  # unit ids per UPDATE


def _unit_model():
    return apps.get_model("org", "Unit")


def _prefixes(path, steplen):
    return [path[:end] for end in range(steplen, len(path) + 1, steplen)]


def nearest(paths, upper, steplen):
    """``{path: (province_id, district_id)}`` for each unit path, from ``upper``, the
    province- and district-kind units as ``{path: (id, kind)}``."""
    found = {}
    for path in paths:
        province = district = None
        for prefix in reversed(_prefixes(path, steplen)):
            pk, kind = upper.get(prefix, (None, None))
            if kind == PROVINCE and province is None:
                province = pk
            elif kind == DISTRICT and district is None and province is None:
                district = pk  # (a district kind above the province would not be its district)
        found[path] = (province, district)
    return found


def _upper(q):
    rows = _unit_model().objects.filter(q, level__kind__in=(PROVINCE, DISTRICT)).order_by()
    return {path: (pk, kind) for path, pk, kind in rows.values_list("path", "pk", "level__kind")}


def for_units(units):
    """``{unit_id: (province_id, district_id)}`` for ``(unit_id, path)`` pairs, in one query."""
    units = list(units)
    if not units:
        return {}
    steplen = _unit_model().steplen
    prefixes = {prefix for _pk, path in units for prefix in _prefixes(path, steplen)}
    by_path = nearest({path for _pk, path in units}, _upper(Q(path__in=prefixes)), steplen)
    return {pk: by_path[path] for pk, path in units}


def for_unit_ids(unit_ids):
    """``{unit_id: (province_id, district_id)}`` for unit ids (two queries)."""
    rows = _unit_model().objects.filter(pk__in=set(unit_ids)).order_by().values_list("pk", "path")
    return for_units(rows)


def fill(person):
    """Set ``person.province_id`` and ``district_id`` from its unit (the unit's row when loaded)."""
    unit = person._meta.get_field("unit").get_cached_value(person, default=None)
    if unit is not None and unit.pk == person.unit_id:
        found = for_units([(unit.pk, unit.path)])
    else:
        found = for_unit_ids([person.unit_id])
    person.province_id, person.district_id = found.get(person.unit_id, (None, None))


def refresh_under(unit):
    """After ``unit`` moved, or its level changed: the province and district of the persons of
    its whole subtree, grouped by unit (one UPDATE per 2,000 units with the same ancestors)."""
    Unit, Person = _unit_model(), apps.get_model("people", "Person")
    unit = Unit.objects.only("path").get(pk=unit.pk)
    subtree = list(Unit.objects.filter(path__startswith=unit.path).order_by().values_list("pk", "path"))
    upper = _upper(Q(path__in=_prefixes(unit.path, Unit.steplen)) | Q(path__startswith=unit.path))
    by_path = nearest({path for _pk, path in subtree}, upper, Unit.steplen)
    groups = defaultdict(list)
    for pk, path in subtree:
        groups[by_path[path]].append(pk)
    for (province_id, district_id), ids in groups.items():
        for start in range(0, len(ids), _CHUNK):
            Person.objects.filter(unit_id__in=ids[start : start + _CHUNK]).update(
                province_id=province_id, district_id=district_id
            )


def under_q(unit_id, kind, path, prefix=""):
    """A Q on persons (reached through ``prefix``, such as ``cadre__``) selecting those of a
    unit's subtree: by the ancestor column when the unit is a province or a district (an index
    walk in name order, no join to the units), else by the units' paths."""
    if kind == PROVINCE:
        return Q(**{f"{prefix}province_id": unit_id})
    if kind == DISTRICT:
        return Q(**{f"{prefix}district_id": unit_id})
    return Q(**{f"{prefix}unit__path__startswith": path})


def under_units_q(units, prefix=""):
    """``{unit id: Q}``: :func:`under_q` of each unit row (its level loaded), a unit below a
    district (or below a province, outside any district) also kept to that ancestor's column:
    PostgreSQL then reads the district's persons by their ancestor index instead of AND-ing the
    units' index with one over the whole country (a base union's cadres: 15 → 1 ms). One query
    for the ancestors of the units below."""
    units = list(units)
    below = for_units([(u.pk, u.path) for u in units if u.level.kind not in (PROVINCE, DISTRICT)])
    out = {}
    for unit in units:
        q = under_q(unit.pk, unit.level.kind, unit.path, prefix=prefix)
        province, district = below.get(unit.pk, (None, None))
        if district is not None:
            q &= Q(**{f"{prefix}district_id": district})
        elif province is not None:
            q &= Q(**{f"{prefix}province_id": province})
        out[unit.pk] = q
    return out


def under_unit_q(unit, prefix=""):
    """:func:`under_q` of a unit row (its level read, once, if not loaded with it)."""
    return under_q(unit.pk, unit.level.kind, unit.path, prefix=prefix)
