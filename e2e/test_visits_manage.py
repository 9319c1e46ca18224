"""Managing the grassroots visits in a real browser: the provincial standing officer records
an assignment decision, assigns a cadre to a district and downloads the cadre's introduction
letter (.docx)."""

import zipfile

from playwright.sync_api import expect

from coso.visits.models import Assignment
from e2e.picker import pick_person
from tests.builders import PASSWORD, build_small_tree


def test_the_standing_officer_assigns_a_cadre_and_downloads_the_letter(page, login_as, tmp_path):
    tree = build_small_tree()
    login_as(page, "tinhdoan", PASSWORD)
    page.goto("/visits/")
    page.get_by_role("link", name="Phân công, quy định").click()
    row = page.get_by_test_id("orgs").get_by_role("row").filter(has_text="Tỉnh đoàn Quảng Nam")
    row.get_by_role("link", name="Phân công").click()

    page.get_by_text("Ghi nhận quyết định mới").click()
    form = page.get_by_test_id("decision-form")
    form.get_by_label("Số, ký hiệu").fill("15-QĐ/TĐTN")
    form.get_by_label("Ngày ban hành").fill("28/02/2025")
    form.get_by_label("Người ký").select_option(label="Trần Thị Hồng")
    form.get_by_role("button", name="Lưu quyết định").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã ghi nhận quyết định 15-QĐ/TĐTN")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quyết định 15-QĐ/TĐTN")

    assign = page.get_by_test_id("assign-form")
    pick_person(assign, "Cán bộ", "Nguyễn Văn Quy")
    assign.get_by_label("Đơn vị theo dõi, phụ trách").select_option(label="Huyện đoàn Bắc Trà My")
    assign.get_by_label("Từ ngày").fill("01/03/2025")
    assign.get_by_role("button", name="Phân công").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã phân công đồng chí Nguyễn Văn Quy: Huyện đoàn Bắc Trà My")
    rows = page.get_by_test_id("decision-assignments")
    expect(rows).to_contain_text("Nguyễn Văn Quy")
    expect(rows).to_contain_text("01/03/2025")

    assignment = Assignment.objects.get(cadre=tree.movement_cadre, unit=tree.bactramy)
    with page.expect_download() as info:
        rows.get_by_role("link", name=".docx").click()
    download = info.value
    # Not yet numbered in the register: the draft's file says so.
    assert download.suggested_filename == f"giay-gioi-thieu-{assignment.pk}-du-thao.docx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as docx:
        body = docx.read("word/document.xml").decode()
    assert "GIẤY GIỚI THIỆU" in body and "Nguyễn Văn Quy" in body
    assert "Huyện đoàn Bắc Trà My theo Quyết định số 15-QĐ/TĐTN ngày 28/02/2025" in body
