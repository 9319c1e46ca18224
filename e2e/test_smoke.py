"""The harness works: the live server answers and Chromium renders the login page."""


def test_login_page_opens_in_the_browser(page, live_server):
    response = page.goto(f"{live_server.url}/login/")

    assert response is not None and response.ok, response and response.status
    assert "Cơ Sở" in page.title()
    assert page.locator("input[name='username']").is_visible()
    assert page.locator("input[name='password']").is_visible()


def test_login_page_fits_a_phone(phone_page):
    phone_page.goto("/login/")

    assert "Cơ Sở" in phone_page.title()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
