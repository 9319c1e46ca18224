"""Form helpers shared by the apps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coso.core.dates import EARLIEST, latest, validate_in_window, validate_year_in_window
from coso.core.errors import DomainError


class VersionField(forms.IntegerField):
    """The record version the form was built on (optimistic locking)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", True)
        super().__init__(**kwargs)


class DateInput(forms.DateInput):
    """dd/mm/yyyy text input: works the same on every phone and desktop browser."""

    def __init__(self, **kwargs):
        attrs = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        attrs.update(kwargs.pop("attrs", {}))
        super().__init__(format="%d/%m/%Y", attrs=attrs, **kwargs)


class DateField(forms.DateField):
    """Every date typed on a page: dd/mm/yyyy, inside ``coso.core.dates``' window (01/01/1900 to
    ten years after today), else a Vietnamese message on the field."""

    default_validators = [validate_in_window]


class YearField(forms.IntegerField):
    """A year typed on a page, inside the years of ``coso.core.dates``' window (1900 to ten
    years after today) and the rule's own ``min_value`` when it has one, else a Vietnamese
    message on the field."""

    default_validators = [validate_year_in_window]

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.setdefault("min", EARLIEST.year)
        attrs["max"] = latest().year
        return attrs


def sane_dates(form):
    """Give every date field of a form (model forms' generated ones included) the window check,
    and every year field (``year``, ``…_year``) the window's years."""
    for field in form.fields.values():
        if isinstance(field, forms.DateField) and validate_in_window not in field.validators:
            field.validators.append(validate_in_window)
    for name, field in form.fields.items():
        is_year = name == "year" or name.endswith("_year")
        if is_year and isinstance(field, forms.IntegerField) and validate_year_in_window not in field.validators:
            field.validators.append(validate_year_in_window)
    return form


def add_domain_error(form, error: DomainError, *, default_field=None):
    """Show a service's refusal on the form, each violation on its own field when the form has
    it (else on ``default_field``, or on top of the form); keeps what was typed."""
    for (_code, message), field in zip(error.violations, error.violation_fields, strict=True):
        form.add_error(field if field in form.fields else default_field, message)


def bootstrapify(form):
    sane_dates(form)
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput,)):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")
    return form


YES_NO = [("", _("Tất cả")), ("1", _("Có")), ("0", _("Không"))]
