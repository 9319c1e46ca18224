"""The type-ahead person picker on a phone (issue 9): the district officer puts a ward
secretary into the planning by typing part of her name without tone marks and tapping the
suggestion; another district's cadre is never suggested."""

from playwright.sync_api import expect

from coso.people.models import Person, Planning
from tests.builders import PASSWORD, build_small_tree


def test_pick_a_person_on_the_planning_form_on_a_phone(phone_page, login_as):
    page = phone_page
    tree = build_small_tree()
    mai = Person.objects.create(
        unit=tree.trason, family_name="Hồ", middle_name="Thị", given_name="Mai", sex="F", is_cadre=True
    )
    login_as(page, "huyendoan.btm", PASSWORD)
    page.goto(f"/cadrework/planning/add/?unit={tree.bactramy.pk}")

    box = page.get_by_label("Người được quy hoạch")
    expect(box).to_have_attribute("role", "combobox")
    suggestions = page.get_by_role("listbox", name="Người gợi ý")
    # Tam Kỳ's secretary is a cadre of another district: nothing is suggested.
    box.fill("pham thi anh")
    expect(page.locator("#id_person_status")).to_have_text("Không tìm thấy người nào.")
    expect(suggestions).to_be_hidden()

    box.fill("ho thi")
    expect(suggestions).to_be_visible()
    option = suggestions.get_by_role("option", name="Hồ Thị Mai")
    expect(option).to_contain_text("Đoàn xã Trà Sơn")
    option.tap()
    expect(box).to_have_value("Hồ Thị Mai")
    expect(suggestions).to_be_hidden()
    expect(page.locator("#id_person_id")).to_have_value(str(mai.pk))
    # On a 390 px phone the page does not scroll sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_label("Nhiệm kỳ").select_option(label="2022–2027")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã đưa Hồ Thị Mai vào quy hoạch.")).to_be_visible()
    assert Planning.objects.get().person == mai
