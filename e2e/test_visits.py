"""Going to the grassroots in a real browser: a cadre records a visit from a phone, and the
visited district's standing officer confirms the monthly report with a comment."""

import datetime

from playwright.sync_api import expect

from coso.visits import services
from coso.visits.models import VisitForm
from tests.builders import PASSWORD, build_small_tree

from .picker import pick_unit

D = datetime.date


def _assigned_tree():
    """Nguyễn Văn Quy follows Bắc Trà My from 01/01/2025 (decision of the provincial union)."""
    tree = build_small_tree()
    manager = tree.users["provincial_standing"]
    decision = services.record_decision(
        actor=manager, owner=tree.province, number="15-QĐ/TĐTN", decided_on=D(2025, 1, 1)
    )
    services.assign(actor=manager, decision=decision, cadre=tree.movement_cadre, units=[tree.bactramy])
    return tree


def test_a_cadre_records_a_visit_on_a_phone(phone_page, login_as):
    _assigned_tree()
    page = phone_page
    login_as(page, "canbo", PASSWORD)
    page.goto("/visits/")
    page.get_by_test_id("record-visit").click()
    pick_unit(page, "Đơn vị đến", "Đoàn xã Trà Sơn")
    page.get_by_label("Từ ngày").fill("12/03/2025")
    page.get_by_label("Đến ngày").fill("12/03/2025")
    page.get_by_label("Việc đã làm").fill("Dự sinh hoạt chi đoàn thôn 1")
    page.get_by_role("button", name="Lưu chuyến đi").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi chuyến đi Đoàn xã Trà Sơn")
    page.goto("/visits/trips/")
    visits = page.get_by_test_id("visits")
    expect(visits).to_contain_text("12/03/2025")
    expect(visits).to_contain_text("Đoàn xã Trà Sơn")


def test_the_host_district_confirms_a_monthly_report(page, login_as):
    tree = _assigned_tree()
    cadre_user = tree.users["movement_cadre"]
    services.record_visit(
        actor=cadre_user,
        cadre=tree.movement_cadre,
        unit=tree.trason,
        start_date=D(2025, 3, 12),
        end_date=D(2025, 3, 12),
        form=VisitForm.BRANCH_MEETING,
    )
    report = services.draft_monthly_report(actor=cadre_user, cadre=tree.movement_cadre, year=2025, month=3)
    services.submit_report(actor=cadre_user, report=report)

    login_as(page, "huyendoan.btm", PASSWORD)
    page.goto("/visits/")
    page.get_by_test_id("host-inbox").get_by_role("link", name="Tháng 3/2025 – Nguyễn Văn Quy").click()
    form = page.get_by_test_id("host-form")
    form.get_by_label("Nhận xét").fill("Đồng chí dự sinh hoạt đầy đủ")
    form.get_by_role("button", name="Xác nhận").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã xác nhận")
    expect(page.get_by_test_id("report-state")).to_have_text("Cơ sở đã xác nhận")
    expect(page.get_by_test_id("confirmations")).to_contain_text("Đồng chí dự sinh hoạt đầy đủ")
    expect(page.get_by_test_id("transitions")).to_contain_text("Cơ sở đã xác nhận")


def test_a_cadre_adds_the_plan_calendar_to_a_phone(phone_page, login_as):
    """The private .ics URL shown to copy serves the plan; a new URL retires the old one."""
    from django.utils import timezone

    from coso.visits import rules

    tree = _assigned_tree()
    cadre_user = tree.users["movement_cadre"]
    day = timezone.localdate() - datetime.timedelta(days=7)  # the feed shows a year back
    while day.weekday() >= 5 or rules.public_holidays(day, day):
        day -= datetime.timedelta(days=1)
    services.record_visit(
        actor=cadre_user,
        cadre=tree.movement_cadre,
        unit=tree.trason,
        start_date=day,
        end_date=day,
        form=VisitForm.BRANCH_MEETING,
    )
    page = phone_page
    login_as(page, "canbo", PASSWORD)
    page.goto("/visits/feeds/calendar/")
    page.get_by_test_id("create-feed").click()  # no address until the cadre asks for one
    expect(page.get_by_role("alert")).to_contain_text("Đã tạo địa chỉ lịch riêng")
    old = page.get_by_test_id("feed-url").input_value()
    assert old.endswith(".ics")
    page.get_by_role("button", name="Sao chép").click()
    expect(page.get_by_role("button", name="Đã sao chép")).to_be_visible()
    feed = page.request.get(old)
    assert feed.ok and "text/calendar" in feed.headers["content-type"]
    assert "SUMMARY:Đi cơ sở: Đoàn xã Trà Sơn" in feed.text()
    page.get_by_test_id("regenerate").click()
    expect(page.get_by_role("alert")).to_contain_text("địa chỉ cũ không còn dùng được")
    new = page.get_by_test_id("feed-url").input_value()
    assert new != old
    assert page.request.get(old).status == 404
    assert page.request.get(new).ok
