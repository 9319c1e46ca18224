"""The page views' write helper: a refusal lands on the form, a success is said and redirects."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from coso.core.errors import DomainError
from coso.core.views import submit_form


class TripForm(forms.Form):
    start_date = forms.CharField()
    unit = forms.CharField()


def _request(method, data=None):
    request = getattr(RequestFactory(), method)("/trip/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def record_trip(data):
    if data["unit"] == "Tam Kỳ":
        raise DomainError(
            "outside_area",
            "Tam Kỳ không thuộc địa bàn được phân công.",
            field="unit",
            violations=[
                ("outside_area", "Tam Kỳ không thuộc địa bàn được phân công.", "unit"),
                ("over_cap", "Vượt quá 2 ngày trong tháng.", "month"),
            ],
        )
    return {"pk": 7, **data}


def test_a_get_calls_nothing():
    calls = []
    form = TripForm(None)
    assert submit_form(_request("get"), form, calls.append, then=lambda r: "/") is None
    assert calls == []


def test_an_invalid_form_calls_nothing_and_keeps_its_errors():
    calls = []
    form = TripForm({"start_date": "30/04/2013"})
    assert submit_form(_request("post"), form, calls.append, then=lambda r: "/") is None
    assert calls == [] and "unit" in form.errors


def test_a_refusal_lands_on_the_fields_and_keeps_what_was_typed():
    request = _request("post", {"start_date": "30/04/2013", "unit": "Tam Kỳ"})
    form = TripForm(request.POST)
    assert submit_form(request, form, record_trip, then=lambda r: "/", success="Đã ghi.") is None
    assert form.errors["unit"] == ["Tam Kỳ không thuộc địa bàn được phân công."]
    assert form.non_field_errors() == ["Vượt quá 2 ngày trong tháng."]
    assert form.data["unit"] == "Tam Kỳ"
    assert list(get_messages(request)) == []


@pytest.mark.parametrize(
    ("then", "location"),
    [(lambda r: f"/trip/{r['pk']}/", "/trip/7/"), (lambda r: ("login",), "/login/")],
)
def test_a_success_is_said_and_redirects(then, location):
    request = _request("post", {"start_date": "30/04/2013", "unit": "An Mỹ"})
    form = TripForm(request.POST)
    response = submit_form(request, form, record_trip, then=then, success=lambda r: f"Đã ghi chuyến đi {r['unit']}.")
    assert response.status_code == 302 and response["Location"] == location
    assert [str(m) for m in get_messages(request)] == ["Đã ghi chuyến đi An Mỹ."]


def test_a_success_that_says_nothing_flashes_nothing():
    # e.g. a visit sent twice from the phone: the view said "already recorded" itself.
    request = _request("post", {"start_date": "30/04/2013", "unit": "An Mỹ"})
    form = TripForm(request.POST)
    response = submit_form(request, form, record_trip, then=lambda r: "/trip/7/", success=lambda r: None)
    assert response.status_code == 302 and response["Location"] == "/trip/7/"
    assert list(get_messages(request)) == []


def test_a_refused_hidden_field_shows_its_message_on_top_of_the_form():
    """A hidden field (the page's version) has no place of its own: its refusal is shown above
    the form by the shared form template, never lost."""
    from django.template.loader import render_to_string

    from coso.core.forms import VersionField

    class EditForm(forms.Form):
        name = forms.CharField()
        version = VersionField(error_messages={"invalid": "Không đọc được phiên bản: hãy tải lại trang."})

    form = EditForm({"name": "Trà Sơn", "version": "abc"})
    assert not form.is_valid()
    page = render_to_string("core/form_fields.html", {"form": form})
    assert "Không đọc được phiên bản: hãy tải lại trang." in page
    assert 'data-testid="form-errors"' in page
