"""The one type-ahead picker mechanism (issue 9): a text box and a hidden id instead of a
``<select>`` of every row of a scope.

:class:`PickerInput` renders ``core/widgets/picker.html`` (an ARIA combobox that
``coso/static/coso/unitpicker.js`` drives: it asks the picker's suggest endpoint as the user
types and writes the chosen row's id into the hidden input); :class:`PickerField` is a
``ModelChoiceField`` that looks the id up in the form's own queryset (always scoped, so an id
out of scope is refused exactly like one that does not exist) and, without script, accepts
what a subclass finds from the typed text (:meth:`PickerField.from_text`).

``org.picker.UnitPickerField`` (``/units/suggest/``) and ``people.picker.PersonPickerField``
(``/people/suggest/``) are the two pickers; a new one sets the widget's ``suggest_url_name``,
``result_key``, labels and the field's ``from_text``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

TEXT_SUFFIX = "_text"


class PickerInput(forms.Widget):
    """A text box (``<name>_text``) with an ARIA combobox, and the chosen row's id (``<name>``)."""

    template_name = "core/widgets/picker.html"
    model = None
    marker = "picker"  # data-<marker> on the root, for scripts that look for one kind of picker
    suggest_url_name = None
    result_key = "items"  # the JSON key of the suggest endpoint's list
    count_label = list_label = none_label = ""
    offline = False  # the script may suggest from what the phone keeps (units only)

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = ()  # set by ModelChoiceField; never iterated (that would list every row)

    def value_from_datadict(self, data, files, name):
        chosen = (data.get(name) or "").strip()
        if chosen:
            return chosen
        typed = (data.get(name + TEXT_SUFFIX) or "").strip()
        return {"typed": typed} if typed else ""

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def params(self):
        """Query parameters the script sends with ``q`` (what narrows the suggestions)."""
        return {}

    def chosen_label(self, obj):
        return str(obj)

    def chosen_fields(self):
        return ("id",)

    def _chosen(self, value):
        if self.model is not None and isinstance(value, self.model):
            return value
        if value in (None, "") or isinstance(value, dict) or not str(value).isdigit():
            return None
        queryset = getattr(self.choices, "queryset", None)
        queryset = self.model.objects.all() if queryset is None else queryset
        return queryset.filter(pk=int(value)).select_related(None).only(*self.chosen_fields()).first()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = self._chosen(value)
        typed = value.get("typed", "") if isinstance(value, dict) else ""
        widget = context["widget"]
        widget_id = widget["attrs"].get("id") or f"id_{name}"
        widget.update(
            text_name=name + TEXT_SUFFIX,
            text_id=widget_id,
            hidden_id=widget_id + "_id",
            list_id=widget_id + "_list",
            status_id=widget_id + "_status",
            chosen=chosen,
            text_value=self.chosen_label(chosen) if chosen else typed,
            id_value=chosen.pk if chosen else "",
            suggest_url=reverse(self.suggest_url_name),
            params=self.params(),
            marker=self.marker,
            result_key=self.result_key,
            count_label=self.count_label,
            list_label=self.list_label,
            none_label=self.none_label,
            offline=self.offline,
        )
        return context


class PickerField(forms.ModelChoiceField):
    """A row chosen among ``queryset`` (the form's own scope) by typing, never from a select.

    Accepts the hidden id the script fills or, typed in the text box, what :meth:`from_text`
    finds in the queryset. ``error_messages``: ``invalid_choice`` and ``ambiguous``."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.queryset.model):
            value = value.pk
        if isinstance(value, dict):
            return self.from_text(" ".join(value.get("typed", "").split())[:255])
        if not str(value).isdigit():
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        found = self.queryset.filter(pk=int(value)).first()
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found

    def from_text(self, typed):
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def validate(self, value):
        forms.Field.validate(self, value)

    def has_changed(self, initial, data):
        initial_pk = getattr(initial, "pk", initial)
        data_pk = getattr(data, "pk", data)
        return str(initial_pk or "") != str(data_pk or "")
