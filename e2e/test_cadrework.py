"""Cadre work in a real browser: the Tân Phú officer opens the KPI dashboard, sees an indicator
below target and clicks through to the people missing it."""

from playwright.sync_api import expect

from coso.accounts.models import Role
from coso.cadrework.setup import tan_phu_2023
from coso.cadrework.tests.helpers import D, cadre, district, post
from tests.builders import PASSWORD, user


def _tan_phu():
    """Quận Đoàn Tân Phú with 3 wards; the secretary of Phú Thạnh holds a college diploma."""
    tp = district(wards=["Tân Sơn Nhì", "Phú Thạnh", "Sơn Kỳ"], code="vn-tp")
    for ward in tp.wards:
        education = "college" if ward.name.endswith("Phú Thạnh") else "university"
        secretary = cadre(ward, education=education)
        post(secretary, ward, start=D(2022, 9, 1))
    phu_thanh = tp.wards[1].people.get()
    phu_thanh.family_name, phu_thanh.middle_name, phu_thanh.given_name = "Lê", "Thị", "Thu"
    phu_thanh.save()
    tan_phu_2023(tp.owner, number="14-KH/QĐTN")
    user("tanphu.e2e", Role.DISTRICT_STANDING, tp.owner)
    return tp


def test_the_officer_clicks_through_to_who_is_missing(page, login_as):
    _tan_phu()
    login_as(page, "tanphu.e2e", PASSWORD)
    page.goto("/cadrework/")
    table = page.get_by_test_id("indicators")
    row = table.get_by_test_id("indicator-row").filter(has_text="100% Bí thư Đoàn phường đạt trình độ đại học")
    expect(row).to_contain_text("Chưa đạt")
    expect(row).to_contain_text("66,7%")
    expect(page.locator("#kpi-chart")).to_be_visible()
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('kpi-chart')) !== undefined")
    row.get_by_role("link").click()
    expect(page.get_by_test_id("indicator-result")).to_contain_text("2/3")
    missing = page.get_by_test_id("missing")
    expect(missing).to_contain_text("Lê Thị Thu")
    expect(missing).to_contain_text("Đoàn phường Phú Thạnh")
    expect(missing).to_contain_text("Cao đẳng")
    expect(page.get_by_test_id("achieved").locator("tbody tr")).to_have_count(2)


def test_the_officer_adds_an_indicator_and_sees_its_actual_value(page, login_as):
    tp = _tan_phu()
    login_as(page, "tanphu.e2e", PASSWORD)
    page.goto("/cadrework/")
    page.get_by_test_id("plan-detail").click()
    page.get_by_role("link", name="Thêm chỉ tiêu").click()
    form = page.get_by_test_id("indicator-form")
    form.locator("#id_name").fill("02 Bí thư Đoàn phường có trình độ đại học trở lên")
    form.locator("#id_population").select_option(label="Bí thư Đoàn cơ sở (phường) đương nhiệm")
    form.locator("#id_measure").select_option(label="Trình độ đại học trở lên")
    form.locator("#id_target_kind").select_option(label="Số lượng")
    form.locator("#id_target_value").fill("0")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Mức chỉ tiêu phải lớn hơn 0.")).to_be_visible()  # next to the field, typed kept
    expect(form.locator("#id_name")).to_have_value("02 Bí thư Đoàn phường có trình độ đại học trở lên")
    form.locator("#id_target_value").fill("2")
    form.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("plan-indicator")).to_have_count(11)
    page.get_by_role("link", name="Bảng chỉ tiêu").click()
    row = page.get_by_test_id("indicator-row").filter(has_text="02 Bí thư Đoàn phường có trình độ đại học")
    expect(row).to_contain_text("Đạt")
    expect(row.locator("td").nth(2)).to_have_text("3")  # ward secretaries
    expect(row.locator("td").nth(3)).to_have_text("2")  # with a degree
    assert tp.owner.cadre_plans.get().indicators.count() == 11
