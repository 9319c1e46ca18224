"""A branch secretary imports the members' paper registration forms from Excel in a real
browser: downloads the template, fills it, uploads a file with one bad row, reads the row,
column and reason, fixes the row and commits."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from coso.programme import services
from coso.programme.models import Registration
from tests.builders import PASSWORD, build_small_tree

TRAINING = ["RL-01", "RL-02", "RL-03", "DC-RL-1", "DC-RL-2"]
ACTION = ["HD-01", "HD-02", "HD-03", "DC-HD-1", "DC-HD-2"]


def fill(template, tmp_path, name, bad_code=None):
    """What the secretary types in Excel: a criterion code and a commitment on each row, the
    day each member signed on their first row. ``bad_code`` goes on the second row."""
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["Dữ liệu"]
    headers = [c.value for c in sheet[1]]
    code, commitment, signed = (headers.index(h) + 1 for h in ("Mã tiêu chí", "Nội dung cam kết", "Ngày ký"))
    codes = TRAINING + ACTION
    for index, row in enumerate(range(2, sheet.max_row + 1)):
        value = codes[index % 10]
        if index == 1 and bad_code:
            value = bad_code
        sheet.cell(row=row, column=code, value=value)
        sheet.cell(row=row, column=commitment, value=f"Tôi cam kết thực hiện tiêu chí {value}.")
        if index % 10 == 0:
            sheet.cell(row=row, column=signed, value="20/03/2014")
    path = tmp_path / name
    workbook.save(path)
    return path


def test_a_branch_secretary_imports_the_registration_forms(page, login_as, tmp_path):
    tree = build_small_tree()
    programme = services.district8_2014(tree.bactramy)
    login_as(page, "chidoan.trason.test", PASSWORD)

    page.goto("/programme/files/import/")
    page.get_by_role("link", name="Nhập phiếu").click()
    expect(page.get_by_test_id("branch-name")).to_have_text("Chi đoàn thôn 1")
    with page.expect_download() as info:
        page.get_by_test_id("template-link").click()
    info.value.save_as(tmp_path / "mau.xlsx")
    template = (tmp_path / "mau.xlsx").read_bytes()
    rows = load_workbook(io.BytesIO(template))["Dữ liệu"].max_row - 1
    assert rows == 20  # 10 rows for each of the two members

    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(fill(template, tmp_path, "dang-ky.xlsx", "HS-RL-1"))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("import-invalid")).to_contain_text("Tệp có 1 lỗi: chưa nhập phiếu nào.")
    error = page.get_by_test_id("import-errors").locator("tbody tr")
    expect(error).to_have_count(1)
    expect(error.locator("td").nth(0)).to_have_text("3")
    expect(error.locator("td").nth(1)).to_have_text("Mã tiêu chí")
    expect(error.locator("td").nth(2)).to_have_text("HS-RL-1")
    expect(error.locator("td").nth(3)).to_contain_text("dành cho đối tượng Học sinh, không phù hợp")
    with page.expect_download() as failed:
        page.get_by_test_id("error-rows").click()
    assert failed.value.suggested_filename == "dang-ky-cac-dong-loi.xlsx"
    assert not Registration.objects.exists()

    page.get_by_test_id("upload-again").click()
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(fill(template, tmp_path, "dang-ky-da-sua.xlsx"))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    expect(page.get_by_test_id("import-ready")).to_be_visible()
    expect(page.get_by_test_id("import-members")).to_contain_text("Đinh Thị Mai")
    page.get_by_test_id("commit").click()
    expect(page.get_by_test_id("import-done")).to_have_text("Đã nhập 2 phiếu đăng ký.")
    expect(page.get_by_test_id("imported")).to_contain_text("Hồ Văn Đông")
    assert Registration.objects.filter(programme=programme, state="submitted", on_behalf=True).count() == 2
