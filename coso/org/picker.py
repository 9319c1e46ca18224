"""The type-ahead unit picker: one form field for every choice of a unit (issue 9).

A ``<select>`` of every unit of the scope grows with the scope (6,505 options for a city,
240,759 for the country: 8–10 s and 360 kB a page). ``UnitPickerField`` (the one picker
mechanism of ``coso/core/picker.py``) renders a text box and a hidden id instead; ``unitpicker.js`` asks :func:`suggestions` (``org:suggest``, at most
:data:`LIMIT` units the user may see, matched on the folded name or the code) as the user types
and fills the hidden id. Without script the text box still works: a unit's code (or its exact
name, when only one unit bears it) is accepted.

The server decides: the field looks the id or code up in the form's own queryset (the units
the page allows, always scoped), so an id from another province is refused exactly like one
that does not exist.
"""

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.core.picker import PickerField, PickerInput
from coso.core.text import fold
from coso.org.models import Unit, UnitLevel

LIMIT = 20


def suggestions(user, q, *, under=(), capability=None, kinds=(), include_inactive=False, limit=LIMIT):
    """At most ``limit`` units ``user`` may see (or, with ``capability``, act on), matching ``q``.

    Order: the code typed exactly, then codes starting with it, then names starting with it,
    then the rest; within each, higher levels first, then by name. ``under``: unit ids whose
    subtrees bound the answer (ids the user cannot see bound it to nothing)."""
    folded = fold(q)[:100]
    raw = " ".join(str(q or "").split())[:40]
    if not folded and not raw:
        return []
    units = Unit.objects.visible_to(user)
    if capability is not None:
        units = units.filter(scoping.unit_q(user, capability))
    if not include_inactive:
        units = units.filter(is_active=True)
    if kinds:
        units = units.filter(level__kind__in=kinds)
    if under:
        roots = list(Unit.objects.visible_to(user).filter(pk__in=list(under)[:10]).values_list("path", flat=True))
        bound = Q(pk__in=[])
        for path in roots:
            bound |= Q(path__startswith=path)
        units = units.filter(bound)
    match = Q(search_text__contains=folded) if folded else Q(pk__in=[])
    if raw:
        match |= Q(code__istartswith=raw)
    rank = Case(
        When(code__iexact=raw, then=Value(0)),
        When(code__istartswith=raw, then=Value(1)),
        When(search_text__startswith=folded, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    rows = list(
        units.filter(match)
        .annotate(rank=rank)
        .order_by("rank", "depth", "sort_key", "id")
        .values("id", "name", "code", "path", "depth", "level__name")[:limit]
    )
    parents = {p[: -Unit.steplen] for p in (r["path"] for r in rows) if len(p) > Unit.steplen}
    parent_names = dict(Unit.objects.filter(path__in=parents).values_list("path", "name")) if parents else {}
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "code": r["code"] or "",
            "level": r["level__name"],
            "parent": parent_names.get(r["path"][: -Unit.steplen], ""),
        }
        for r in rows
    ]


class UnitPickerInput(PickerInput):
    """The unit picker's widget: suggestions from ``org:suggest``, narrowed by its parameters."""

    model = Unit
    marker = "unit-picker"
    suggest_url_name = "org:suggest"
    result_key = "units"
    offline = True
    count_label = _("{n} đơn vị gợi ý, dùng phím mũi tên để chọn")
    list_label = _("Đơn vị gợi ý")
    none_label = _("Không tìm thấy đơn vị nào.")

    def __init__(self, attrs=None, *, capability=None, kinds=(), under=(), include_inactive=False):
        super().__init__(attrs)
        self.capability, self.kinds, self.under, self.include_inactive = capability, kinds, under, include_inactive

    def chosen_label(self, unit):
        return unit.name

    def chosen_fields(self):
        return ("id", "name", "code")

    def params(self):
        params = {}
        if self.capability:
            params["cap"] = self.capability
        if self.kinds:
            params["kind"] = ",".join(self.kinds)
        if self.under:
            params["under"] = ",".join(str(pk) for pk in self.under)
        if self.include_inactive:
            params["all"] = "1"
        return params


class UnitPickerField(PickerField):
    """A unit chosen among ``queryset`` (the form's own scope) by typing, never from a select.

    Accepts the hidden id the script fills, or, typed in the text box, a unit's code or its
    exact name (tone marks optional) when one unit of the queryset bears it."""

    widget = UnitPickerInput
    default_error_messages = {
        "invalid_choice": _(
            "Không có đơn vị này trong phạm vi được chọn. Hãy gõ tên hoặc mã đơn vị rồi chọn trong danh sách."
        ),
        "ambiguous": _("Có nhiều đơn vị mang tên này. Hãy gõ mã đơn vị hoặc chọn trong danh sách."),
    }

    def __init__(self, queryset=None, *, capability=None, kinds=(), under=(), include_inactive=False, **kwargs):
        kwargs.setdefault(
            "widget",
            UnitPickerInput(capability=capability, kinds=kinds, under=under, include_inactive=include_inactive),
        )
        kwargs.setdefault("help_text", _("Gõ tên (không cần dấu) hoặc mã đơn vị rồi chọn trong danh sách."))
        super().__init__(queryset=Unit.objects.none() if queryset is None else queryset, **kwargs)

    def narrow(self, *, under=None, kinds=None):
        """Tell the suggestions what the queryset holds (subtrees, level kinds)."""
        if under is not None:
            self.widget.under = tuple(under)
        if kinds is not None:
            self.widget.kinds = tuple(kinds)

    def from_text(self, typed):
        by_code = self.queryset.filter(code__iexact=typed).first() if len(typed) <= 40 else None
        if by_code is not None:
            return by_code
        named = list(self.queryset.filter(search_text=fold(typed))[:2])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


def parse_kinds(text):
    allowed = set(UnitLevel.Kind.values)
    return [kind for kind in (text or "").split(",") if kind in allowed]


def parse_ids(text):
    return [int(part) for part in (text or "").split(",") if part.strip().isdigit()][:10]
