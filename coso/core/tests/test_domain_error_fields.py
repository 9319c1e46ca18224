"""A refusal with several broken rules shows each message next to the field it concerns."""

from django import forms

from coso.core.errors import DomainError
from coso.core.forms import add_domain_error


class TripForm(forms.Form):
    start_date = forms.CharField()
    unit = forms.CharField()


def test_each_violation_lands_on_its_own_field_and_input_is_kept():
    form = TripForm({"start_date": "30/04/2013", "unit": "Tam Kỳ"})
    assert form.is_valid()
    error = DomainError(
        "blackout_day",
        "Ngày 30/04/2013 là ngày lễ.",
        field="start_date",
        violations=[
            ("blackout_day", "Ngày 30/04/2013 là ngày lễ.", "start_date"),
            ("outside_area", "Tam Kỳ không thuộc địa bàn được phân công.", "unit"),
            ("cap_exceeded", "Vượt quá 2 ngày trong tháng.", "not_a_field"),
        ],
    )
    add_domain_error(form, error)
    assert form.errors["start_date"] == ["Ngày 30/04/2013 là ngày lễ."]
    assert form.errors["unit"] == ["Tam Kỳ không thuộc địa bàn được phân công."]
    assert form.non_field_errors() == ["Vượt quá 2 ngày trong tháng."]
    assert form.data["unit"] == "Tam Kỳ"


def test_violations_without_a_field_belong_to_the_error_field():
    error = DomainError("x", "Sai.", field="unit", violations=[("a", "Một."), ("b", "Hai.")])
    assert error.violations == [("a", "Một."), ("b", "Hai.")]
    assert error.violation_fields == ["unit", "unit"]
