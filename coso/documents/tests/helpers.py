"""Reading papers back: python-docx for .docx, poppler-utils (pdftotext, pdfinfo, pdffonts) for PDF."""

import datetime
import io
import shutil
import subprocess
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn

from coso.documents.paper import BulletList, Heading, Paper, Paragraph, Table, pdf_available

needs_soffice = pytest.mark.skipif(
    not pdf_available(),
    reason="LibreOffice (soffice) is not installed: run scripts/install-system-deps.sh (make test does)",
)
needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="poppler-utils (pdftotext, pdfinfo) is not installed: run scripts/install-system-deps.sh",
)


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def style_chain(paragraph):
    style = paragraph.style
    while style is not None:
        yield style
        style = style.base_style


def effective(paragraph, attr):
    """A paragraph-format value as Word resolves it: direct formatting, then the style chain."""
    value = getattr(paragraph.paragraph_format, attr)
    if value is not None:
        return value
    for style in style_chain(paragraph):
        value = getattr(style.paragraph_format, attr)
        if value is not None:
            return value
    return None


def run_flag(paragraph, run, attr):
    """bold/italic/underline of a run, falling back to its paragraph's style chain."""
    value = getattr(run.font, attr)
    if value is not None:
        return bool(value)
    for style in style_chain(paragraph):
        value = getattr(style.font, attr)
        if value is not None:
            return bool(value)
    return False


def run_size_pt(paragraph, run):
    if run.font.size is not None:
        return run.font.size.pt
    for style in style_chain(paragraph):
        if style.font.size is not None:
            return style.font.size.pt
    return None


def text_runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def border_values(table):
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    return {child.tag.split("}")[1]: child.get(qn("w:val")) for child in borders}


def pdf_text(pdf: bytes, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True, timeout=60).stdout
    return unicodedata.normalize("NFC", out.decode("utf-8"))


def pdf_pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True, timeout=60).stdout
    for line in out.decode().splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo gave no page count")


def pdf_fonts(pdf: bytes) -> str:
    out = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True, timeout=60).stdout
    return out.decode()


def short_paper(**changes) -> Paper:
    """A one-page decision with a table, for the layout tests."""
    values = dict(
        parent_body="BCH TỈNH ĐOÀN QUẢNG NAM",
        issuing_body="Ban Thường vụ",
        number="15-QĐ/TĐTN",
        place="Quảng Nam",
        date=datetime.date(2013, 3, 1),
        kind="Quyết định",
        summary="V/v phân công cán bộ phụ trách cụm thi đua năm 2013",
        body=[
            Heading("I. PHÂN CÔNG", 1),
            Paragraph("Phân công các đồng chí sau đây phụ trách cụm thi đua năm 2013:"),
            Table(
                ["STT", "Họ và tên", "Cụm thi đua"],
                [[1, "Nguyễn Văn Quý", "Cụm miền núi"], [2, "Phạm Thị Ánh", "Cụm đồng bằng"]],
                widths=[1, 5, 4],
            ),
            Heading("1. Trách nhiệm", 2),
            BulletList(["Chủ trì giao ban cụm hằng quý.", "Làm việc với ít nhất 02 đơn vị cơ sở mỗi quý."]),
        ],
        recipients=["- Như trên;", "Lưu: VT, TCKT."],
        signer_on_behalf="KT. BÍ THƯ",
        signer_title="PHÓ BÍ THƯ",
        signer_name="Võ Minh Tâm",
    )
    values.update(changes)
    return Paper(**values)
