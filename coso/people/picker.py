"""The type-ahead person picker (issue 9): no form renders every person of a scope.

A ``<select>`` of every cadre of a province (the cadre-work planning form: 2.5 s and 119 kB
at national scale) grows with the scope. ``PersonPickerField`` is the picker mechanism of
``coso/core/picker.py``, as ``org.picker.UnitPickerField``: a text box and a hidden id;
``unitpicker.js`` asks :func:`suggestions` (``people:suggest``: at most :data:`LIMIT` persons
the user may see, matched on the folded name, tone marks ignored) and fills the hidden id.

Default deny: the suggestions start from ``Person.objects.visible_to(user)``, and the field
looks the id up in the form's own queryset (scoped by the page), so a person of another
province is refused exactly like one that does not exist. Without script the text box is
sent as typed: a full name borne by one person of the queryset (tone marks optional), or a
national id or phone number, is accepted.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coso.core.picker import PickerField, PickerInput
from coso.core.text import fold
from coso.org.models import Unit
from coso.people.models import Person

LIMIT = 20
MAX_WORDS = 5


def suggestions(user, q, *, cadres=False, under=(), units=(), limit=LIMIT):
    """At most ``limit`` persons ``user`` may see whose name (or phone, e-mail) holds every
    word of ``q``, tone marks ignored, in name order (given name first).

    ``cadres``: cadres only. ``under``: unit ids whose subtrees bound the answer; ``units``:
    unit ids the persons belong to directly. Ids the user cannot see bound it to nothing."""
    words = [word[:40] for word in fold(q).split()][:MAX_WORDS]
    if not words:
        return []
    people = Person.objects.visible_to(user)
    if cadres:
        people = people.filter(is_cadre=True)
    if under or units:
        visible = Unit.objects.visible_to(user)
        if under:
            bound = Q(pk__in=[])
            for path in visible.filter(pk__in=list(under)[:10]).values_list("path", flat=True):
                bound |= Q(unit__path__startswith=path)
            people = people.filter(bound)
        if units:
            people = people.filter(unit__in=list(visible.filter(pk__in=list(units)[:10]).values_list("pk", flat=True)))
    for word in words:
        people = people.filter(search_text__contains=word)
    rows = people.order_by("sort_key", "id").values(
        "id", "family_name", "middle_name", "given_name", "job_title", "birth_date", "unit__name"
    )[:limit]
    return [
        {
            "id": r["id"],
            "name": " ".join(p for p in (r["family_name"], r["middle_name"], r["given_name"]) if p),
            "detail": " · ".join(
                str(part)
                for part in (r["birth_date"].year if r["birth_date"] else "", r["job_title"], r["unit__name"])
                if part
            ),
        }
        for r in rows
    ]


class PersonPickerInput(PickerInput):
    """The person picker's widget: suggestions from ``people:suggest``, narrowed like the form."""

    model = Person
    marker = "person-picker"
    suggest_url_name = "people:suggest"
    result_key = "people"
    count_label = _("{n} người gợi ý, dùng phím mũi tên để chọn")
    list_label = _("Người gợi ý")
    none_label = _("Không tìm thấy người nào.")

    def __init__(self, attrs=None, *, cadres=False, under=(), units=()):
        super().__init__(attrs)
        self.cadres, self.under, self.units = cadres, under, units

    def chosen_label(self, person):
        return person.full_name

    def chosen_fields(self):
        return ("id", "family_name", "middle_name", "given_name")

    def params(self):
        params = {}
        if self.cadres:
            params["cadre"] = "1"
        if self.under:
            params["under"] = ",".join(str(pk) for pk in self.under)
        if self.units:
            params["unit"] = ",".join(str(pk) for pk in self.units)
        return params


class PersonPickerField(PickerField):
    """A person chosen among ``queryset`` (the form's own scope) by typing, never from a select.

    ``cadres``, ``under`` and ``units`` narrow the suggestions the way the queryset is narrowed
    (they only help the user: the queryset decides). Set them on ``field.widget`` when the form
    learns its queryset."""

    widget = PersonPickerInput
    default_error_messages = {
        "invalid_choice": _(
            "Không có người này trong danh sách được chọn. Hãy gõ họ tên (không cần dấu) rồi chọn trong danh sách."
        ),
        "ambiguous": _(
            "Có nhiều người mang họ tên này. Hãy chọn trong danh sách, hoặc gõ số định danh hay số điện thoại của người đó."
        ),
    }

    def __init__(self, queryset=None, *, cadres=False, under=(), units=(), **kwargs):
        kwargs.setdefault("widget", PersonPickerInput(cadres=cadres, under=under, units=units))
        kwargs.setdefault("help_text", _("Gõ họ tên (không cần dấu) rồi chọn trong danh sách."))
        super().__init__(queryset=Person.objects.none() if queryset is None else queryset, **kwargs)

    def narrow(self, *, cadres=None, under=None, units=None):
        """Tell the suggestions what the queryset holds (cadres only, subtrees, units)."""
        if cadres is not None:
            self.widget.cadres = cadres
        if under is not None:
            self.widget.under = tuple(under)
        if units is not None:
            self.widget.units = tuple(units)

    def from_text(self, typed):
        compact = typed.replace(" ", "")
        if compact.isdigit() and 6 <= len(compact) <= 20:
            by_number = list(self.queryset.filter(Q(national_id=compact) | Q(phone=compact))[:2])
            if len(by_number) == 1:
                return by_number[0]
        folded = fold(typed)
        if folded:
            named = [
                person
                for person in self.queryset.filter(search_text__startswith=folded)[:50]
                if fold(person.full_name) == folded
            ]
            if len(named) == 1:
                return named[0]
            if named:
                raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
