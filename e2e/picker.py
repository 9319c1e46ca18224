"""Choosing a unit or a person in the type-ahead picker (coso/core/picker.py) the way a user
does: type part of its name without tone marks, then pick the suggestion."""

from playwright.sync_api import expect

from coso.core.text import fold


def pick_unit(scope, label, name, typed=None):
    box = scope.get_by_label(label)
    box.fill(typed or fold(name))
    listbox = scope.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.get_by_role("option", name=name).first.click()
    expect(box).to_have_value(name)


def pick_person(scope, label, name, typed=None):
    pick_unit(scope, label, name, typed)
