"""Field-ready visits in a real phone browser (issue 10): a cadre records visits with no
network, they wait in the phone's outbox through a reload, and are sent once each when the
network returns; a visit that broke a rule meanwhile comes back with its reason; the
location taken by the phone shows the host whether the cadre was there."""

import datetime

import pytest
from playwright.sync_api import expect

from coso.visits import rules, services
from coso.visits.models import Proof, Visit, VisitForm
from tests.builders import PASSWORD, build_small_tree

from .conftest import PHONE_USER_AGENT, PHONE_VIEWPORT, TIMEOUT_MS
from .picker import pick_unit

D = datetime.date
TRA_SON = (15.2667, 108.2167)
NEAR = {"latitude": 15.2800, "longitude": 108.2300, "accuracy": 20}  # about 2 km away
FAR = {"latitude": 15.6300, "longitude": 108.2167, "accuracy": 20}  # about 40 km away
# Waits (bounded: 60 s) until the phone's outbox is empty, i.e. the server stored what it held.
OUTBOX_EMPTIED = """async () => {
  for (let i = 0; i < 600; i++) {
    if (window.CosoOutbox && (await window.CosoOutbox.all()).length === 0) { return true; }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}"""


@pytest.fixture(autouse=True)
def _patient_expect():
    """Sending waits on the network and the live server: assertions wait as long as actions."""
    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=5_000)


def _tree():
    """Nguyễn Văn Quy follows Bắc Trà My; Trà Sơn has its coordinates."""
    tree = build_small_tree()
    manager = tree.users["provincial_standing"]
    decision = services.record_decision(
        actor=manager, owner=tree.province, number="15-QĐ/TĐTN", decided_on=D(2020, 1, 1)
    )
    services.assign(
        actor=manager, decision=decision, cadre=tree.movement_cadre, units=[tree.bactramy], valid_from=D(2020, 1, 1)
    )
    tree.trason.latitude, tree.trason.longitude = TRA_SON
    tree.trason.save()
    return tree


def _working_days_last_month(count):
    """``count`` weekdays of last month that are not public holidays (past, in one month)."""
    from django.utils import timezone

    first_this = timezone.localdate().replace(day=1)
    day = (first_this - datetime.timedelta(days=1)).replace(day=2)
    days = []
    while len(days) < count:
        if day.weekday() < 5 and not rules.public_holidays(day, day):
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _phone(new_context, *, position=NEAR):
    context = new_context(
        viewport=PHONE_VIEWPORT,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=3,
        user_agent=PHONE_USER_AGENT,
        geolocation=position,
        permissions=["geolocation"],
        service_workers="allow",
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


class Inputs:
    """Counts what the cadre does on the form: each fill, choice or tap is one input."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def pick(self, label, unit):
        self.count += 2  # type part of the name, tap the suggestion
        pick_unit(self.page, label, unit)

    def fill(self, label, text):
        self.count += 1
        self.page.get_by_label(label).fill(text)

    def tap(self, name):
        self.count += 1
        self.page.get_by_role("button", name=name).click()


def _open_record_page_ready_for_offline(page, login_as):
    login_as(page, "canbo", PASSWORD)
    page.goto("/visits/trips/add/")
    # The service worker controls the page and the cadre's units are kept on the phone.
    expect(page.locator("html[data-sw-controlled='1'][data-offline-ready='1']")).to_have_count(1)
    expect(page.get_by_test_id("location-status")).to_contain_text("Đã có vị trí")


def _record(page, unit, day, content):
    inputs = Inputs(page)
    inputs.pick("Đơn vị đến", unit)
    inputs.fill("Từ ngày", day.strftime("%d/%m/%Y"))
    inputs.fill("Đến ngày", day.strftime("%d/%m/%Y"))
    inputs.fill("Việc đã làm", content)
    inputs.tap("Lưu chuyến đi" if page.get_by_role("button", name="Lưu chuyến đi").count() else "Lưu vào máy")
    return inputs.count


def test_two_visits_recorded_offline_survive_a_reload_and_are_sent_once(new_context, live_server, _e2e_db, login_as):
    tree = _tree()
    context, page = _phone(new_context)
    _open_record_page_ready_for_offline(page, login_as)
    first, second = _working_days_last_month(2)

    context.set_offline(True)
    used = _record(page, "Đoàn xã Trà Sơn", first, "Dự sinh hoạt chi đoàn thôn 1")
    assert used <= 10, f"recording a visit took {used} inputs"
    expect(page.get_by_test_id("outbox-badge")).to_have_text("Chưa gửi — 1 chuyến")
    _record(page, "Đoàn xã Trà Giang", second, "Nắm tình hình đoàn viên")
    expect(page.get_by_test_id("outbox-badge")).to_have_text("Chưa gửi — 2 chuyến")
    assert Visit.objects.filter(cadre=tree.movement_cadre).count() == 0

    page.reload()  # no network: the service worker opens the offline page and its outbox
    outbox = page.get_by_test_id("outbox")
    expect(outbox.get_by_test_id("outbox-entry")).to_have_count(2)
    expect(outbox).to_contain_text("Đoàn xã Trà Sơn")
    expect(outbox).to_contain_text("Đoàn xã Trà Giang")
    expect(page.get_by_test_id("outbox-badge")).to_have_text("Chưa gửi — 2 chuyến")

    context.set_offline(False)  # the "online" event sends the outbox
    expect(outbox).to_contain_text("Đã gửi 2 chuyến đi.")
    expect(outbox.get_by_test_id("outbox-entry")).to_have_count(0)
    expect(page.get_by_test_id("outbox-badge")).to_be_hidden()

    visits = list(Visit.objects.filter(cadre=tree.movement_cadre).order_by("start_date"))
    assert [(v.unit.name, v.start_date) for v in visits] == [("Đoàn xã Trà Sơn", first), ("Đoàn xã Trà Giang", second)]
    assert len({v.client_id for v in visits}) == 2 and None not in {v.client_id for v in visits}
    assert visits[0].proof == Proof.NEAR and visits[0].location_accuracy_m == 20

    page.get_by_role("button", name="Gửi ngay").count()  # nothing left: sending again adds nothing
    page.evaluate("window.CosoOffline.sendNow()")
    assert Visit.objects.filter(cadre=tree.movement_cadre).count() == 2
    context.close()


def test_a_visit_over_the_cap_by_the_time_it_is_sent_comes_back_with_its_reason(
    new_context, live_server, _e2e_db, login_as
):
    tree = _tree()
    context, page = _phone(new_context)
    _open_record_page_ready_for_offline(page, login_as)
    *filled, late = _working_days_last_month(4)

    context.set_offline(True)
    _record(page, "Đoàn xã Trà Sơn", late, "Khảo sát chi đoàn")
    expect(page.get_by_test_id("outbox-badge")).to_have_text("Chưa gửi — 1 chuyến")
    # Meanwhile, the cadre's 3 days of the month in Bắc Trà My (mountainous: 3 a month) fill up.
    for day in filled:
        services.record_visit(
            actor=tree.users["movement_cadre"],
            cadre=tree.movement_cadre,
            unit=tree.tragiang,
            start_date=day,
            end_date=day,
            form=VisitForm.SITUATION,
        )

    context.set_offline(False)
    entry = page.get_by_test_id("outbox-entry")
    expect(entry).to_have_count(1)
    expect(entry.get_by_test_id("outbox-error")).to_contain_text("Vượt giới hạn")
    expect(entry).to_contain_text("Bị từ chối")
    expect(page.get_by_test_id("outbox-badge")).to_have_text("Chưa gửi — 1 chuyến")
    assert Visit.objects.filter(cadre=tree.movement_cadre).count() == 3

    # The cadre discards it (or fixes the date): nothing is dropped without being asked.
    page.once("dialog", lambda dialog: dialog.accept())
    entry.get_by_role("button", name="Bỏ").click()
    expect(page.get_by_test_id("outbox-entry")).to_have_count(0)
    context.close()


def test_the_host_sees_whether_each_visit_was_recorded_near_the_commune(new_context, live_server, _e2e_db, login_as):
    tree = _tree()
    near_day, far_day = _working_days_last_month(2)
    context, page = _phone(new_context, position=NEAR)
    login_as(page, "canbo", PASSWORD)
    for day, position, content in ((near_day, NEAR, "Dự sinh hoạt"), (far_day, FAR, "Gọi điện hỏi tình hình")):
        context.set_geolocation(position)
        page.goto("/visits/trips/add/")
        expect(page.get_by_test_id("location-status")).to_contain_text("Đã có vị trí")
        _record(page, "Đoàn xã Trà Sơn", day, content)
        expect(page.get_by_role("alert")).to_contain_text("Đã ghi chuyến đi Đoàn xã Trà Sơn")
    context.close()

    cadre_user = tree.users["movement_cadre"]
    report = services.draft_monthly_report(
        actor=cadre_user, cadre=tree.movement_cadre, year=near_day.year, month=near_day.month
    )
    services.submit_report(actor=cadre_user, report=report)

    host_context, host = _phone(new_context)
    login_as(host, "huyendoan.btm", PASSWORD)
    host.goto(f"/visits/reports/{report.pk}/")
    lines = host.get_by_test_id("lines")
    near_row = lines.get_by_role("row").filter(has_text=near_day.strftime("%d/%m/%Y"))
    far_row = lines.get_by_role("row").filter(has_text=far_day.strftime("%d/%m/%Y"))
    expect(near_row.get_by_test_id("proof")).to_have_text("đúng địa bàn")
    expect(far_row.get_by_test_id("proof")).to_contain_text("xa địa bàn")
    host_context.close()


def test_a_visit_saved_offline_waits_through_a_signed_out_session_and_is_sent_after_sign_in(
    new_context, live_server, _e2e_db, login_as
):
    """Point 2: the outbox is never lost when the session ends meanwhile (signed out, expired):
    the visit stays on the phone, the page asks to sign in, and it is sent once signed in again."""
    tree = _tree()
    context, page = _phone(new_context)
    _open_record_page_ready_for_offline(page, login_as)
    (day,) = _working_days_last_month(1)

    context.set_offline(True)
    _record(page, "Đoàn xã Trà Sơn", day, "Dự sinh hoạt chi đoàn thôn 1")
    expect(page.get_by_test_id("outbox-badge")).to_have_text("Chưa gửi — 1 chuyến")
    context.clear_cookies()  # the session is gone (signed out elsewhere, or expired)
    context.set_offline(False)
    outbox = page.get_by_test_id("outbox")
    expect(outbox).to_contain_text("Hãy đăng nhập để gửi các chuyến đi đã lưu trên máy.")
    expect(outbox.get_by_test_id("outbox-entry")).to_have_count(1)
    assert Visit.objects.filter(cadre=tree.movement_cadre).count() == 0

    login_as(page, "canbo", PASSWORD)  # opening the app signed in sends what waits
    # Sent when the outbox on the phone is empty (an entry leaves it once the server stored it).
    assert page.evaluate(OUTBOX_EMPTIED), "the visit saved offline was not sent after signing in again"
    page.goto("/visits/trips/add/")
    expect(page.get_by_test_id("outbox-entry")).to_have_count(0)
    visit = Visit.objects.get(cadre=tree.movement_cadre)
    assert (visit.unit.name, visit.start_date) == ("Đoàn xã Trà Sơn", day)
    context.close()
