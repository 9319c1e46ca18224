"""The type-ahead unit picker: one form field for every choice of a unit (issue 9).

A ``<select>`` of every unit of the scope grows with the scope (6,505 options for a city,
240,759 for the country: 8–10 s and 360 kB a page). ``UnitPickerField`` renders a text box
and a hidden id instead; ``unitpicker.js`` asks :func:`suggestions` (``org:suggest``, at most
:data:`LIMIT` units the user may see, matched on the folded name or the code) as the user types
and fills the hidden id. Without script the text box still works: a unit's code (or its exact
name, when only one unit bears it) is accepted.

The server decides: the field looks the id or code up in the form's own queryset (the units
the page allows, always scoped), so an id from another province is refused exactly like one
that does not exist.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.core.text import fold
from coso.org.models import Unit, UnitLevel

LIMIT = 20
TEXT_SUFFIX = "_text"


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


class UnitPickerInput(forms.Widget):
    """A text box (``<name>_text``) with an ARIA combobox, and the chosen unit's id (``<name>``)."""

    template_name = "org/widgets/unit_picker.html"

    def __init__(self, attrs=None, *, capability=None, kinds=(), under=(), include_inactive=False):
        super().__init__(attrs)
        self.capability, self.kinds, self.under, self.include_inactive = capability, kinds, under, include_inactive
        self.choices = ()  # set by ModelChoiceField; never iterated (that would list every unit)

    def value_from_datadict(self, data, files, name):
        chosen = (data.get(name) or "").strip()
        if chosen:
            return chosen
        typed = (data.get(name + TEXT_SUFFIX) or "").strip()
        return {"typed": typed} if typed else ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def _chosen(self, value):
        if isinstance(value, Unit):
            return value
        if value in (None, "") or isinstance(value, dict) or not str(value).isdigit():
            return None
        queryset = getattr(self.choices, "queryset", None)
        queryset = Unit.objects.all() if queryset is None else queryset
        return queryset.filter(pk=int(value)).select_related(None).only("id", "name", "code").first()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = self._chosen(value)
        typed = value.get("typed", "") if isinstance(value, dict) else ""
        params = {}
        if self.capability:
            params["cap"] = self.capability
        if self.kinds:
            params["kind"] = ",".join(self.kinds)
        if self.under:
            params["under"] = ",".join(str(pk) for pk in self.under)
        if self.include_inactive:
            params["all"] = "1"
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            text_name=name + TEXT_SUFFIX,
            text_id=widget_id,
            hidden_id=widget_id + "_id",
            list_id=widget_id + "_list",
            status_id=widget_id + "_status",
            chosen=chosen,
            text_value=chosen.name if chosen else typed,
            id_value=chosen.pk if chosen else "",
            suggest_url=reverse("org:suggest"),
            params=params,
        )
        return context


class UnitPickerField(forms.ModelChoiceField):
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

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Unit):
            value = value.pk
        if isinstance(value, dict):
            return self._from_text(value.get("typed", ""))
        if not str(value).isdigit():
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        unit = self.queryset.filter(pk=int(value)).first()
        if unit is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return unit

    def _from_text(self, typed):
        typed = " ".join(typed.split())[:255]
        by_code = self.queryset.filter(code__iexact=typed).first() if len(typed) <= 40 else None
        if by_code is not None:
            return by_code
        named = list(self.queryset.filter(search_text=fold(typed))[:2])
        if len(named) == 1:
            return named[0]
        if named:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous")
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def validate(self, value):
        forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        initial_pk = getattr(initial, "pk", initial)
        data_pk = getattr(data, "pk", data)
        return str(initial_pk or "") != str(data_pk or "")


def parse_kinds(text):
    allowed = set(UnitLevel.Kind.values)
    return [kind for kind in (text or "").split(",") if kind in allowed]


def parse_ids(text):
    return [int(part) for part in (text or "").split(",") if part.strip().isdigit()][:10]
