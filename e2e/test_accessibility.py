"""Issue 15 point 13: every page of the menu passes axe-core's WCAG 2 A/AA rules (0
violations), for an officer who has every area and for a member; the menu's text contrast is
at least 4.5:1; a "skip to content" link and a visible focus ring on the menu.

axe-core is vendored for the tests only (e2e/vendor/axe-core, from the npm registry; see
e2e/vendor/README.md) and injected into each page, so nothing is fetched at run time."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.builders import PASSWORD, build_small_tree

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_page(new_context, live_server, _e2e_db):
    # The pages' content policy forbids inline scripts: let the test inject axe anyway.
    from e2e.conftest import DESKTOP_VIEWPORT, _open_page

    return _open_page(new_context(viewport=DESKTOP_VIEWPORT, bypass_csp=True))


def _violations(page):
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})); }",
        TAGS,
    )
    return result


def _menu_links(page):
    hrefs = page.eval_on_selector_all(
        "#mainnav a.nav-link[href], #mainnav a.dropdown-item[href]", "els => els.map(e => e.getAttribute('href'))"
    )
    return [h for h in dict.fromkeys(hrefs) if h.startswith("/") and not h.startswith("/admin/")]


@pytest.mark.parametrize("username", ["huyendoan.btm", "doanvien.trason.test"])
def test_every_menu_page_has_no_wcag_a_or_aa_violation(axe_page, login_as, username):
    build_small_tree()
    page = axe_page
    login_as(page, username, PASSWORD)
    page.goto("/")
    links = _menu_links(page)
    assert "/" in links and len(links) >= (8 if username == "huyendoan.btm" else 4)
    found = {}
    for href in links:
        page.goto(href)
        violations = _violations(page)
        if violations:
            found[href] = violations
    assert found == {}


def test_skip_link_and_focus_ring_on_the_menu(page, login_as):
    build_small_tree()
    login_as(page, "huyendoan.btm", PASSWORD)
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # the menu's links: white on the menu's blue, and a ring when focused from the keyboard
    link = page.locator("#mainnav a.nav-link").nth(1)
    link.focus()
    style = link.evaluate("e => { const s = getComputedStyle(e); return [s.color, s.outlineStyle, s.outlineWidth]; }")
    assert style[0] == "rgb(255, 255, 255)"
    assert style[1] == "solid" and float(style[2].rstrip("px")) >= 2
    background = page.locator("nav.navbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(10, 88, 202)"  # white on it: 6.4:1


def _visits_with_a_ranked_report():
    """The small tree with 2013's plan, Nguyễn Văn Quy's visits in March and April and his
    March report confirmed by Bắc Trà My: the coverage heat-map, the cadres' days and the
    ranking all have something to draw."""
    import datetime

    from coso.visits import services
    from coso.visits.defaults import QUANG_NAM_2013
    from coso.visits.models import VisitForm

    D = datetime.date
    t = build_small_tree()
    manager, cadre = t.users["provincial_standing"], t.users["movement_cadre"]
    services.save_visit_policy(actor=manager, owner=t.province, year=2013, **QUANG_NAM_2013)
    decision = services.record_decision(
        actor=manager, owner=t.province, number="15-QĐ/TĐTN", decided_on=D(2013, 2, 28), signer=t.secretary
    )
    services.assign(
        actor=manager, decision=decision, cadre=t.movement_cadre, units=[t.tamky, t.bactramy], valid_from=D(2013, 3, 1)
    )
    for unit, start, end in ((t.trason, D(2013, 3, 12), None), (t.tragiang, D(2013, 3, 30), D(2013, 4, 1))):
        services.record_visit(
            actor=cadre,
            cadre=t.movement_cadre,
            unit=unit,
            start_date=start,
            end_date=end or start,
            form=VisitForm.SITUATION,
            content="Nắm tình hình",
        )
    report = services.draft_monthly_report(actor=cadre, cadre=t.movement_cadre, year=2013, month=3)
    services.submit_report(actor=cadre, report=report)
    services.host_confirm(actor=t.users["district_standing"], report=report, district=t.bactramy)
    return t


def test_the_chart_pages_have_no_wcag_a_or_aa_violation(axe_page, login_as):
    """Issue 15 point 12: the coverage heat-map, the cadres' days against the yearly minimum
    and the ranking's bars, with data in them, pass axe-core like every other page."""
    t = _visits_with_a_ranked_report()
    page = axe_page
    login_as(page, "tinhdoan", PASSWORD)
    found = {}
    for url, testids in (
        (f"/visits/coverage/?unit={t.province.pk}&year=2013", ["coverage-heatmap", "cadre-days-chart"]),
        (f"/visits/ranking/?unit={t.province.pk}&year=2013&month=3", ["ranking-chart"]),
    ):
        page.goto(url)
        for testid in testids:
            expect(page.get_by_test_id(testid)).to_be_visible()
        violations = _violations(page)
        if violations:
            found[url] = violations
    expect(page.get_by_test_id("ranking-chart")).to_contain_text("Nguyễn Văn Quy")
    assert found == {}
