"""Phone-first (issue 10): with the demo loaded, every page of the menu of every demo login
fits a 390 px wide phone — the page itself never scrolls sideways (wide tables and tab bars
scroll inside their own box)."""

from coso.core.demo import DEMO_PASSWORD, all_demo_users, load_demo

from .conftest import PHONE_USER_AGENT, PHONE_VIEWPORT, TIMEOUT_MS

# What sticks out of the page: elements whose right edge passes the viewport and that are not
# inside a box that scrolls sideways (for the failure message).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) { return []; }
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (/(auto|scroll|hidden)/.test(style.overflowX) && p.scrollWidth > p.clientWidth - 1) { return true; }
    }
    return false;
  };
  return Array.from(document.querySelectorAll("body *"))
    .filter((el) => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className + " «" +
      (el.textContent || "").trim().slice(0, 40) + "» right=" + Math.round(el.getBoundingClientRect().right));
}"""
MENU_LINKS = """() => Array.from(document.querySelectorAll("#mainnav a.nav-link[href], #mainnav a.dropdown-item[href]"))
  .map((a) => a.getAttribute("href")).filter((h) => h && h.startsWith("/") && !h.startsWith("/admin/"))"""


def test_every_menu_page_fits_a_phone_for_every_demo_login(new_context, live_server, _e2e_db, login_as):
    load_demo()
    context = new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=3, user_agent=PHONE_USER_AGENT
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    problems, checked = [], 0
    for username, _role, _unit, _description in all_demo_users():
        context.clear_cookies()
        login_as(page, username, DEMO_PASSWORD)
        pages = ["/"] + [href for href in dict.fromkeys(page.evaluate(MENU_LINKS)) if href != "/"]
        for href in pages:
            page.goto(href)
            checked += 1
            sticking_out = page.evaluate(OVERFLOW)
            if sticking_out:
                problems.append(f"{username} {href}: {sticking_out}")
    context.close()
    assert checked > 19 * 3
    assert not problems, "pages wider than a 390 px phone:\n" + "\n".join(problems)
