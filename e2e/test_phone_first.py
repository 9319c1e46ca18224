"""Phone-first (issue 10, point 6) on a 390×844 phone: the cadre's home starts with the actions
they need, the tab bar of the visits scrolls sideways with every tab in it (none hidden), and a
date field shows and accepts dd/mm/yyyy, with a button to the phone's own date picker."""

from playwright.sync_api import expect

from tests.builders import PASSWORD

from .conftest import PHONE_VIEWPORT
from .test_offline import _phone, _tree


def test_home_actions_tab_bar_and_date_field_on_a_phone(new_context, live_server, _e2e_db, login_as):
    _tree()
    context, page = _phone(new_context)
    login_as(page, "canbo", PASSWORD)

    # The home page: the three actions first, above the fold, before anything else.
    page.goto("/")
    actions = page.get_by_test_id("cadre-actions")
    expect(actions.get_by_role("link")).to_have_text(["Ghi chuyến đi", "Báo cáo tháng", "Kế hoạch quý"])
    box, scope = actions.bounding_box(), page.locator("#scope-heading").bounding_box()
    assert box["y"] + box["height"] <= PHONE_VIEWPORT["height"]
    assert box["y"] < scope["y"]
    page.get_by_test_id("cadre-actions").get_by_role("link", name="Ghi chuyến đi").click()
    expect(page).to_have_url(f"{live_server.url}/visits/trips/add/")

    # A date: typed as dd/mm/yyyy (digits only on a numeric keypad become dd/mm/yyyy), or chosen in
    # the phone's picker, which writes it back as dd/mm/yyyy.
    start = page.get_by_label("Từ ngày")
    field = page.locator(".date-field").filter(has=start)
    expect(field.get_by_role("button", name="Mở lịch")).to_be_visible()
    start.fill("03112026")
    start.blur()
    expect(start).to_have_value("03/11/2026")
    field.locator("input.date-native").evaluate(
        "n => { n.value = '2026-10-27'; n.dispatchEvent(new Event('change', { bubbles: true })); }"
    )
    expect(start).to_have_value("27/10/2026")

    # The tab bar of the visits: one line that scrolls inside itself; the page does not.
    page.goto("/visits/")
    nav = page.get_by_role("navigation", name="Đi cơ sở", exact=True)
    tabs = nav.get_by_role("link")
    assert tabs.count() >= 8
    scroll_width, client_width, overflow = nav.evaluate(
        "n => [n.scrollWidth, n.clientWidth, getComputedStyle(n).overflowX]"
    )
    assert scroll_width > client_width and overflow in ("auto", "scroll")
    tops = {round(tabs.nth(i).bounding_box()["y"]) for i in range(tabs.count())}
    assert len(tops) == 1, "the tabs wrapped onto several lines"
    assert all(tabs.nth(i).bounding_box()["width"] > 0 for i in range(tabs.count()))
    last = tabs.last
    last.scroll_into_view_if_needed()
    expect(last).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEWPORT["width"]
    context.close()
