"""The type-ahead unit picker on a phone (issue 9): a new person's unit is chosen by typing
part of its name without tone marks and picking the suggestion, with the keyboard or a tap."""

from playwright.sync_api import expect

from coso.people.models import Person
from tests.builders import PASSWORD, build_small_tree


def test_pick_a_unit_by_typing_its_name_without_tone_marks_on_a_phone(phone_page, login_as):
    page = phone_page
    tree = build_small_tree()
    login_as(page, "tinhdoan", PASSWORD)
    page.goto("/people/add/")
    page.locator("#id_family_name").fill("Lê")
    page.locator("#id_middle_name").fill("Thị")
    page.locator("#id_given_name").fill("Gõ")
    page.locator("#id_sex").select_option("F")
    page.locator("#id_birth_date").fill("01/02/2001")

    unit = page.locator("#id_unit")
    expect(unit).to_have_attribute("role", "combobox")
    unit.fill("tra son")
    suggestions = page.get_by_role("listbox", name="Đơn vị gợi ý")
    expect(suggestions).to_be_visible()
    expect(unit).to_have_attribute("aria-expanded", "true")
    expect(suggestions.get_by_role("option").first).to_contain_text("Đoàn xã Trà Sơn")
    # The keyboard: the arrow marks the option for screen readers, Enter chooses it.
    unit.press("ArrowDown")
    expect(suggestions.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    unit.press("Enter")
    expect(unit).to_have_value("Đoàn xã Trà Sơn")
    expect(suggestions).to_be_hidden()

    # Typing again clears the choice; a tap on a suggestion picks another unit.
    unit.fill("chi doan thon")
    option = suggestions.get_by_role("option", name="Chi đoàn thôn 1")
    option.tap()
    expect(unit).to_have_value("Chi đoàn thôn 1")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm Lê Thị Gõ.")).to_be_visible()
    assert Person.objects.get(given_name="Gõ").unit == tree.branch_trason
