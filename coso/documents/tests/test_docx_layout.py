"""The .docx of a paper follows Decree 30/2020 Appendix I and the union's guidance 29-HD/TWĐTN-VP."""

import datetime

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm

from coso.documents.paper import Paragraph, Run, Signature, date_line, number_line, recipient_lines, render_docx
from coso.documents.samples import quang_nam_2013_plan
from coso.documents.tests.helpers import (
    border_values,
    effective,
    open_docx,
    run_flag,
    run_size_pt,
    short_paper,
    text_runs,
)


@pytest.fixture(scope="module")
def plan():
    return open_docx(render_docx(quang_nam_2013_plan()))


@pytest.fixture(scope="module")
def decision():
    return open_docx(render_docx(short_paper()))


def _mm(length):
    return length.mm


def test_page_is_a4_portrait_with_the_decree_margins(plan):
    section = plan.sections[0]
    assert abs(_mm(section.page_width) - 210) < 0.5 and abs(_mm(section.page_height) - 297) < 0.5
    assert 19.5 <= _mm(section.top_margin) <= 25 and 19.5 <= _mm(section.bottom_margin) <= 25
    assert 29.5 <= _mm(section.left_margin) <= 35
    assert 14.5 <= _mm(section.right_margin) <= 20


def test_header_is_a_borderless_two_column_table_with_texts_in_their_cells(plan):
    header = plan.tables[0]
    assert len(header.columns) == 2
    assert set(border_values(header).values()) == {"nil"}

    union = header.cell(0, 1).paragraphs[0]
    assert union.text == "ĐOÀN TNCS HỒ CHÍ MINH"
    assert all(run_flag(union, r, "bold") and run_flag(union, r, "underline") for r in text_runs(union))

    left = [p for p in header.cell(0, 0).paragraphs if p.text.strip()]
    assert [p.text for p in left] == ["BCH TỈNH ĐOÀN QUẢNG NAM", "BAN THƯỜNG VỤ", "***"]
    assert not any(run_flag(left[0], r, "bold") for r in text_runs(left[0]))
    assert all(run_flag(left[1], r, "bold") for r in text_runs(left[1]))

    assert header.cell(1, 0).paragraphs[0].text == "Số: 14-KH/TĐTN"
    when = header.cell(1, 1).paragraphs[0]
    assert when.text == "Quảng Nam, ngày 25 tháng 02 năm 2013"
    assert all(run_flag(when, r, "italic") for r in text_runs(when))
    for cell in (header.cell(0, 0), header.cell(0, 1), header.cell(1, 0), header.cell(1, 1)):
        assert all(effective(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER for p in cell.paragraphs)


def test_kind_and_summary_are_bold_and_centred(plan, decision):
    for doc, kind, summary in (
        (plan, "KẾ HOẠCH", "Tổ chức đi cơ sở xây dựng phong trào năm 2013"),
        (decision, "QUYẾT ĐỊNH", "V/v phân công cán bộ phụ trách cụm thi đua năm 2013"),
    ):
        by_text = {p.text: p for p in doc.paragraphs}
        for text in (kind, summary):
            p = by_text[text]
            assert effective(p, "alignment") == WD_ALIGN_PARAGRAPH.CENTER
            assert all(run_flag(p, r, "bold") for r in text_runs(p)), text
            assert effective(p, "first_line_indent") in (None, 0)


def test_body_paragraphs_are_justified_with_a_first_line_indent(plan):
    body = [p for p in plan.paragraphs if p.text.startswith(("Căn cứ", "- ", "Trên đây"))]
    assert len(body) > 20
    for p in body:
        indent = effective(p, "first_line_indent")
        assert indent is not None and abs(indent - Cm(1.27)) < Cm(0.05), p.text
        assert effective(p, "alignment") == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert all(run_size_pt(p, r) in (13, 14) for r in text_runs(p))


def test_headings_are_bold_and_kept_with_the_next_paragraph(plan):
    headings = [p for p in plan.paragraphs if p.text.startswith(("I. ", "II. ", "III. ", "1. ", "2. "))]
    assert [p.text for p in headings][:2] == ["I. MỤC ĐÍCH YÊU CẦU", "II. NỘI DUNG"]
    for p in headings:
        assert all(run_flag(p, r, "bold") for r in text_runs(p)), p.text
        assert effective(p, "keep_with_next")


def test_recipients_bottom_left_and_signature_bottom_right(plan):
    closing = plan.tables[-1]
    assert set(border_values(closing).values()) == {"nil"}
    left = [p for p in closing.cell(0, 0).paragraphs if p.text.strip()]
    label = left[0]
    assert label.text == "Nơi nhận:"
    assert all(run_flag(label, r, "bold") and run_flag(label, r, "italic") for r in text_runs(label))
    assert all(run_size_pt(label, r) == 12 for r in text_runs(label))
    items = left[1:]
    assert items[0].text == "- Ban Bí thư TƯ Đoàn (b/c);"
    assert items[-1].text == "- Lưu: VT, Ban TCKT."
    assert all(run_size_pt(p, r) == 11 for p in items for r in text_runs(p))

    right = [p for p in closing.cell(0, 1).paragraphs if p.text.strip()]
    assert [p.text for p in right] == ["TM. BAN THƯỜNG VỤ", "BÍ THƯ", "Thái Bình"]
    assert all(run_flag(p, r, "bold") for p in right for r in text_runs(p))
    blank = [p for p in closing.cell(0, 1).paragraphs if not p.text.strip()]
    assert len(blank) >= 3, "room for the hand signature"
    assert closing.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_fonts_are_times_new_roman_in_every_slot_without_theme_fonts(plan):
    allowed = {"Times New Roman", "Liberation Serif"}
    normal = plan.styles["Normal"]
    assert normal.font.name in allowed and normal.font.size.pt == 14
    defaults = plan.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rfonts in (normal.element.rPr.find(qn("w:rFonts")), defaults.find(qn("w:rFonts"))):
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            assert rfonts.get(qn(slot)) in allowed, slot
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            assert rfonts.get(qn(theme)) is None, theme
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert abs(normal.paragraph_format.first_line_indent - Cm(1.27)) < Cm(0.05)


def test_page_number_field_is_in_the_header_of_pages_after_the_first(plan):
    section = plan.sections[0]
    assert section.different_first_page_header_footer
    instructions = [t.text.strip() for t in section.header._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE"]
    assert effective(section.header.paragraphs[0], "alignment") == WD_ALIGN_PARAGRAPH.CENTER
    assert not list(section.first_page_header._element.iter(qn("w:instrText")))
    assert not section.first_page_header.is_linked_to_previous


def test_body_table_has_borders_a_bold_repeated_header_row_and_the_cells(decision):
    table = decision.tables[1]
    assert set(border_values(table).values()) == {"single"}
    head = table.rows[0]
    assert [c.text for c in head.cells] == ["STT", "Họ và tên", "Cụm thi đua"]
    assert all(run_flag(p, r, "bold") for c in head.cells for p in c.paragraphs for r in text_runs(p))
    assert head._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in table.rows[2].cells] == ["2", "Phạm Thị Ánh", "Cụm đồng bằng"]
    body_cell = table.rows[1].cells[1].paragraphs[0]
    assert not any(run_flag(body_cell, r, "bold") for r in text_runs(body_cell))
    widths = [c.width.mm for c in table.rows[0].cells]
    assert widths[1] > widths[2] > widths[0] and 160 < sum(widths) <= 165


def test_signer_kt_and_recipients_normalised(decision):
    right = [p.text for p in decision.tables[-1].cell(0, 1).paragraphs if p.text.strip()]
    assert right == ["KT. BÍ THƯ", "PHÓ BÍ THƯ", "Võ Minh Tâm"]
    left = [p.text for p in decision.tables[-1].cell(0, 0).paragraphs if p.text.strip()]
    assert left == ["Nơi nhận:", "- Như trên;", "- Lưu: VT, TCKT."]


def test_number_and_date_lines():
    assert number_line("14-KH/TĐTN") == "Số: 14-KH/TĐTN"
    assert number_line("14", "KH/TĐTN") == "Số: 14-KH/TĐTN"
    assert number_line("", "KH/TĐTN") == "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-KH/TĐTN"
    assert number_line("-KH/TĐTN") == number_line("", "KH/TĐTN")
    assert date_line("Tây Ninh", datetime.date(2018, 5, 14)) == "Tây Ninh, ngày 14 tháng 05 năm 2018"
    assert date_line("Quảng Nam", datetime.date(2013, 2, 5)) == "Quảng Nam, ngày 05 tháng 02 năm 2013"
    assert recipient_lines(["Như trên", "", "- Lưu: VT, TCKT;"]) == ["- Như trên;", "- Lưu: VT, TCKT."]


def test_draft_without_number_keeps_a_blank_for_it():
    doc = open_docx(render_docx(short_paper(number="", symbol="QĐ/TĐTN")))
    assert doc.tables[0].cell(1, 0).paragraphs[0].text == "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-QĐ/TĐTN"


def test_a_letter_has_its_summary_under_the_number_and_no_kind():
    doc = open_docx(render_docx(short_paper(kind="", summary="V/v cử cán bộ đi cơ sở")))
    left = [p.text for p in doc.tables[0].cell(1, 0).paragraphs]
    assert left == ["Số: 15-QĐ/TĐTN", "V/v cử cán bộ đi cơ sở"]
    assert "V/v cử cán bộ đi cơ sở" not in [p.text for p in doc.paragraphs]


def test_inline_runs_countersignature_and_notes():
    paper = short_paper(
        body=[Paragraph(["Đối tượng 1: ", Run("Ủy viên Ban Chấp hành", italic=True), "\ncó quy hoạch."])],
        countersignature=Signature("XÁC NHẬN CỦA BCH CHI ĐOÀN", "BÍ THƯ", "Trần Thị B", "(Ký, ghi rõ họ tên)"),
        signer_on_behalf="",
        signer_title="NGƯỜI ĐĂNG KÝ",
        signer_note="(Ký, ghi rõ họ tên)",
        recipients=[],
    )
    doc = open_docx(render_docx(paper))
    p = next(p for p in doc.paragraphs if p.text.startswith("Đối tượng 1"))
    assert p.text == "Đối tượng 1: Ủy viên Ban Chấp hành\ncó quy hoạch."
    assert [r.font.italic for r in p.runs if r.text == "Ủy viên Ban Chấp hành"] == [True]
    closing = doc.tables[-1]
    left = [q.text for q in closing.cell(0, 0).paragraphs if q.text.strip()]
    assert left == ["XÁC NHẬN CỦA BCH CHI ĐOÀN", "BÍ THƯ", "(Ký, ghi rõ họ tên)", "Trần Thị B"]
    right = [q.text for q in closing.cell(0, 1).paragraphs if q.text.strip()]
    assert right == ["NGƯỜI ĐĂNG KÝ", "(Ký, ghi rõ họ tên)", "Võ Minh Tâm"]
    assert "Nơi nhận:" not in left


def test_core_properties_describe_the_paper(plan):
    props = plan.core_properties
    assert props.title == "KẾ HOẠCH Tổ chức đi cơ sở xây dựng phong trào năm 2013"
    assert props.language == "vi-VN"
    assert props.created.date() == datetime.date(2013, 2, 25)
