"""Excel import in a real browser: a file with a bad row shows the row's error and imports
nothing; the corrected file imports, and the new person is found in the people list."""

import io

from openpyxl import Workbook
from playwright.sync_api import expect

from tests.builders import PASSWORD, build_small_tree

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Họ", "Tên đệm", "Tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Đoàn viên"]


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _upload(page, name, content):
    page.goto("/imports/")
    form = page.get_by_test_id("upload-form")
    form.get_by_label("Loại dữ liệu").select_option("persons")
    form.get_by_label("Tệp Excel (.xlsx)").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": content}])
    with page.expect_navigation():
        form.get_by_role("button", name="Tải lên và kiểm tra").click()


def test_fix_a_bad_row_then_import(page, login_as):
    build_small_tree()
    login_as(page, "huyendoan.btm", PASSWORD)
    good = ["Lò", "Thị", "Xuyến", "12/03/2003", "Nữ", "t-ts-1", "có"]
    bad = ["Hồ", "Văn", "Khải", "31/02/2002", "Nam", "t-ts-1", "có"]

    _upload(page, "doan-vien.xlsx", _xlsx([good, bad]))

    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "invalid")
    error_row = page.get_by_test_id("error-table").locator("tbody tr").first
    expect(error_row).to_contain_text("3")
    expect(error_row).to_contain_text("Ngày sinh")
    expect(error_row).to_contain_text("Ngày không tồn tại")
    expect(page.get_by_test_id("commit")).to_have_count(0)
    expect(page.get_by_test_id("download-errors")).to_be_visible()

    bad[3] = "28/02/2002"
    _upload(page, "doan-vien-da-sua.xlsx", _xlsx([good, bad]))

    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "ready")
    expect(page.get_by_test_id("preview")).to_contain_text("Lò Thị Xuyến")
    with page.expect_navigation():
        page.get_by_test_id("commit").click()
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("job-done")).to_contain_text("2 bản ghi")

    page.goto("/people/?q=lo thi xuyen")
    expect(page.get_by_test_id("people")).to_contain_text("Lò Thị Xuyến")
