"""The person list's rows as the page filters them, and its .xlsx sheet: one definition for the
page (``views.person_list``), its immediate export and the worker's export (``imports.exporting``)."""

from django.utils.translation import gettext as _

from coso.org.models import Unit
from coso.people.forms import PersonFilterForm
from coso.people.models import Person

PERSONS_FILENAME = "nguoi.xlsx"


def filtered_people(user, params):
    form = PersonFilterForm(params or None, units=Unit.objects.visible_to(user))
    people = Person.objects.visible_to(user).select_related("unit", "unit__level", "target_group", "department")
    unit = None
    if form.is_bound and "unit" in form.errors:
        return form, people.none(), None  # a unit out of scope is one that does not exist
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            people = people.search(data["q"])
        if data["unit"]:
            unit = data["unit"]
            people = people.filter(unit__path__startswith=unit.path)
        if data["kind"] == "cadre":
            people = people.filter(is_cadre=True)
        elif data["kind"] == "member":
            people = people.filter(is_member=True)
        if data["sex"]:
            people = people.filter(sex=data["sex"])
        if data["party_status"]:
            people = people.filter(party_status=data["party_status"])
        if data["target_group"]:
            people = people.filter(target_group=data["target_group"])
    return form, people.order_by("sort_key", "id"), unit


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
    _form, people, _unit = filtered_people(user, params)
    headers, rows = person_sheet(people)
    return PERSONS_FILENAME, headers, rows
