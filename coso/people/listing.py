"""The person list's rows as the page filters them, and its .xlsx sheet: one definition for the
page (``views.person_list``), its immediate export and the worker's export (``imports.exporting``)."""

from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.org.models import Unit
from coso.people import ancestry
from coso.people.forms import PersonFilterForm
from coso.people.models import Person

PERSONS_FILENAME = "nguoi.xlsx"
# The count of a list filtered by more than the unit and the kind stops here.
COUNT_CAP = 1000


@dataclass
class PersonList:
    form: PersonFilterForm
    people: QuerySet
    unit: Unit | None
    # False when ``people`` selects a small scope's rows through its units: sort them, do not
    # walk the sort index (coso.core.keyset).
    by_index: bool = True
    # True when a search walks the sort index past rows that do not match: the page's ids are
    # read from the index alone (it holds ``search_text``), then its rows (coso.core.keyset).
    deferred: bool = False


def _small_scope_unit_ids(user, unit):
    """A small scope's unit ids (``scoping.small_scope_unit_ids``), read first and sorted: else
    PostgreSQL walks the whole country's name index, or reads every match of a frequent word
    through the trigram index, to find the scope's few rows (a district's search for "nguyen
    van": 4.7 s, this way 36 ms, for 7 M persons)."""
    if scoping.own_person_outside_scope(user):
        return None  # the account's own person is shown beside its scope
    return scoping.small_scope_unit_ids(user, within=unit)


def filtered_people(user, params):
    form = PersonFilterForm(params or None, units=Unit.objects.visible_to(user).select_related("level"))
    people = Person.objects.visible_to(user)
    unit, by_index = None, True
    if form.is_bound and "unit" in form.errors:
        return PersonList(form, people.none(), None)  # a unit out of scope is one that does not exist
    data = form.cleaned_data if form.is_valid() else {}
    unit = data.get("unit")
    ids = _small_scope_unit_ids(user, unit)
    if ids is not None:
        # (contains with its case folded: an expression the trigram index does not answer)
        people, by_index = Person.objects.filter(unit_id__in=ids), False
        if data.get("q"):
            people = people.search(data["q"], lookup="icontains")
    else:
        # A province (or the country): its rows by the persons' ancestor columns, so that the
        # page (and its capped count, coso.core.keyset) walks the index (province, sort_key, id):
        # only the province's rows, in order.
        people = Person.objects.visible_to(user, by_ancestor=True)
        if data.get("q"):
            people = people.search(data["q"])
        if unit is not None:
            people = people.filter(ancestry.under_unit_q(unit))
    people = _filtered(people, data).select_related("unit", "unit__level", "target_group", "department")
    ordering = ("sort_key", "id") if by_index else (F("sort_key").asc(nulls_first=True), "id")
    return PersonList(form, people.order_by(*ordering), unit, by_index, deferred=by_index and bool(data.get("q")))


def _filtered(people, data):
    """``people`` narrowed by the form's filters other than the scope, the unit and the search."""
    if data.get("kind") == "cadre":
        people = people.filter(is_cadre=True)
    elif data.get("kind") == "member":
        people = people.filter(is_member=True)
    for field in ("sex", "party_status", "target_group"):
        if data.get(field):
            people = people.filter(**{field: data[field]})
    return people


def person_sheet(people):
    """The export's headers and its rows (a generator over ``people``, read in chunks)."""
    headers = [
        _("Họ"),
        _("Tên đệm"),
        _("Tên"),
        _("Ngày sinh"),
        _("Giới tính"),
        _("Mã đơn vị"),
        _("Đơn vị"),
        _("Cán bộ"),
        _("Đoàn viên"),
        _("Đối tượng"),
        _("Đảng"),
        _("Biên chế"),
        _("Điện thoại"),
        _("Email"),
    ]
    yes, no = _("có"), _("không")
    rows = (
        [
            p.family_name,
            p.middle_name,
            p.given_name,
            p.birth_date,
            p.get_sex_display(),
            p.unit.code or "",
            p.unit.name,
            yes if p.is_cadre else no,
            yes if p.is_member else no,
            p.target_group.name if p.target_group else "",
            p.get_party_status_display(),
            yes if p.on_payroll else no,
            p.phone,
            p.email,
        ]
        for p in people.iterator(chunk_size=2000)
    )
    return headers, rows


def export_persons(user, params):
    """What the worker writes for a person export: the file's name, headers and rows."""
    headers, rows = person_sheet(filtered_people(user, params).people)
    return PERSONS_FILENAME, headers, rows
