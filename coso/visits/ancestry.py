"""The province and district of the person and of the unit of each trip and each good practice
(``Visit.cadre_province``, ``cadre_district``, ``host_province``, ``host_district``;
``GoodPractice.reporter_…``, ``unit_…``), and of the cadre of each quarter plan and monthly
report and each assignment (``cadre_province``, ``cadre_district``: the person's only); issue 9.

A province's trip list is "the trips of its cadres, and the trips to its units": read through
the cadres' and the units' paths, PostgreSQL joined every trip of the country to both to count
a province's (0.3 s for 24,072 of 842,385). On the record's own row, the list and its count are
an OR of two indexed columns (``permissions.visible_trips_q``, ``listed_practices_q``).

The person's are copied from the person's row (``Person.province``, ``district``), the unit's
found as the persons' are (``coso.people.ancestry``). Kept by each model's ``save``, by a
person's move (``people.signals.members_moved``) and by a subtree's move or level change
(``org.signals.subtree_moved``), in the same transaction; :func:`fill_all` fills every record
(the migrations that added them, the bench data).
"""

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.db.models import OuterRef, Q, Subquery

from coso.people import ancestry as people_ancestry

_CHUNK = 2000


@dataclass(frozen=True)
class Kept:
    """A model whose rows keep their person's and their unit's province and district."""

    model: str
    person: str  # the person's foreign key
    person_columns: tuple  # (province, district) of that person
    unit_columns: tuple = ()  # (province, district) of the record's ``unit``; () when it has none

    @property
    def columns(self):
        return [*self.person_columns, *self.unit_columns]

    def rows(self):
        return apps.get_model("visits", self.model).objects

    def at_units_under_q(self, units):
        """Records at a unit of the subtrees of ``units``: a province or a district by the
        records' own column (an index walk, no join; as ``people.ancestry.under_q`` does for
        persons), any other unit by the ids of its subtree's units. ``unit_id IN`` a province's
        6,500 unit ids made PostgreSQL scan every trip of the country (the coverage page's proof
        counts: 260 ms)."""
        province, district = self.unit_columns
        ids = {people_ancestry.PROVINCE: [], people_ancestry.DISTRICT: []}
        paths = []
        for unit in units:
            kind = unit.level.kind
            if kind in ids:
                ids[kind].append(unit.pk)
            else:
                paths.append(unit.path)
        q = Q(pk__in=[])
        if ids[people_ancestry.PROVINCE]:
            q |= Q(**{f"{province}_id__in": ids[people_ancestry.PROVINCE]})
        if ids[people_ancestry.DISTRICT]:
            q |= Q(**{f"{district}_id__in": ids[people_ancestry.DISTRICT]})
        if paths:
            under = Q(pk__in=[])
            for path in paths:
                under |= Q(path__startswith=path)
            q |= Q(unit_id__in=apps.get_model("org", "Unit").objects.filter(under).values("pk"))
        return q


TRIPS = Kept("Visit", "cadre", ("cadre_province", "cadre_district"), ("host_province", "host_district"))
PRACTICES = Kept(
    "GoodPractice", "reported_by", ("reporter_province", "reporter_district"), ("unit_province", "unit_district")
)
# The inboxes on every leader's home: the plans waiting for approval, the reports for review.
PLANS = Kept("QuarterPlan", "cadre", ("cadre_province", "cadre_district"))
REPORTS = Kept("MonthlyReport", "cadre", ("cadre_province", "cadre_district"))
# The leaders' list of the cadres late with their report (``attention.late_reports_in_scope``).
ASSIGNMENTS = Kept("Assignment", "cadre", ("cadre_province", "cadre_district"))
KEPT = (TRIPS, PRACTICES, PLANS, REPORTS, ASSIGNMENTS)


def _person_model():
    return apps.get_model("people", "Person")


def _set(record, columns, values):
    for column, value in zip(columns, values, strict=True):
        setattr(record, f"{column}_id", value)


def save(record, kept, save, args, kwargs):
    """``record.save``: its columns filled first, unless the save names fields that leave its
    person and its unit as they were (a version bump, a location proof)."""
    update_fields = kwargs.get("update_fields")
    if update_fields is not None:
        moved = {kept.person, f"{kept.person}_id", *(("unit", "unit_id") if kept.unit_columns else ())}
        moved &= set(update_fields)
        if not moved:
            return save(*args, **kwargs)
        kwargs["update_fields"] = {*update_fields, *kept.columns}
    fill(record, kept)
    return save(*args, **kwargs)


def fill(record, kept):
    """Set the record's columns from its person and its unit (the loaded rows when there are)."""
    person_id = getattr(record, f"{kept.person}_id")
    person = type(record)._meta.get_field(kept.person).get_cached_value(record, default=None)
    if person is not None and person.pk == person_id:
        _set(record, kept.person_columns, (person.province_id, person.district_id))
    else:
        row = _person_model().objects.filter(pk=person_id).values_list("province_id", "district_id").first()
        _set(record, kept.person_columns, row or (None, None))
    if not kept.unit_columns:
        return
    unit = type(record)._meta.get_field("unit").get_cached_value(record, default=None)
    if unit is not None and unit.pk == record.unit_id:
        found = people_ancestry.for_units([(unit.pk, unit.path)])
    else:
        found = people_ancestry.for_unit_ids([record.unit_id])
    _set(record, kept.unit_columns, found.get(record.unit_id, (None, None)))


def refresh_persons(kept, records):
    """The person's columns of ``records`` (a queryset of ``kept``) copied again from the persons."""
    person = _person_model().objects.filter(pk=OuterRef(f"{kept.person}_id"))
    province, district = kept.person_columns
    records.update(
        **{
            f"{province}_id": Subquery(person.values("province_id")[:1]),
            f"{district}_id": Subquery(person.values("district_id")[:1]),
        }
    )


def refresh_units(kept, units):
    """The unit's columns of the records at ``units`` (``(id, path)`` pairs), grouped by ancestors."""
    if not kept.unit_columns:
        return
    province, district = kept.unit_columns
    groups = defaultdict(list)
    for pk, ancestors in people_ancestry.for_units(units).items():
        groups[ancestors].append(pk)
    for (province_id, district_id), ids in groups.items():
        for start in range(0, len(ids), _CHUNK):
            kept.rows().filter(unit_id__in=ids[start : start + _CHUNK]).update(
                **{f"{province}_id": province_id, f"{district}_id": district_id}
            )


def fill_all(models=KEPT):
    """Every record's columns (the records' units read in chunks of the tree)."""
    Unit = apps.get_model("org", "Unit")
    for kept in models:
        refresh_persons(kept, kept.rows().all())
        if not kept.unit_columns:
            continue
        at = kept.rows().order_by().values("unit_id").distinct()
        units = list(Unit.objects.filter(pk__in=at).order_by("path").values_list("pk", "path"))
        for start in range(0, len(units), 20 * _CHUNK):
            refresh_units(kept, units[start : start + 20 * _CHUNK])


def persons_moved(sender, *, unit_ids, **kwargs):
    """``people.signals.members_moved``: persons left and joined these units."""
    for kept in KEPT:
        refresh_persons(kept, kept.rows().filter(**{f"{kept.person}__unit_id__in": list(unit_ids)}))


def subtree_moved(sender, *, unit, **kwargs):
    """``org.signals.subtree_moved``: the records of the subtree's persons and at its units."""
    Unit = apps.get_model("org", "Unit")
    path = Unit.objects.only("path").get(pk=unit.pk).path
    units = list(Unit.objects.filter(path__startswith=path).order_by().values_list("pk", "path"))
    for kept in KEPT:
        refresh_persons(kept, kept.rows().filter(**{f"{kept.person}__unit__path__startswith": path}))
        refresh_units(kept, units)
