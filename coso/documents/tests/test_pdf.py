"""PDF through LibreOffice headless: Vietnamese text intact, pages and page numbers right."""

import stat
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from coso.documents.paper import DocumentError, Paragraph, pdf_available, render_pdf, render_pdfs
from coso.documents.samples import quang_nam_2013_plan
from coso.documents.tests.helpers import needs_poppler, needs_soffice, pdf_fonts, pdf_pages, pdf_text, short_paper


@pytest.fixture(scope="module")
def pdfs():
    """The short decision and the long Quảng Nam plan, converted in one LibreOffice run."""
    short, long = render_pdfs([short_paper(), quang_nam_2013_plan()])
    return {"short": short, "long": long}


@needs_soffice
@needs_poppler
def test_pdf_is_produced_with_vietnamese_text_intact(pdfs):
    for pdf in pdfs.values():
        assert pdf.startswith(b"%PDF")
    text = pdf_text(pdfs["long"])
    for expected in (
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "BCH TỈNH ĐOÀN QUẢNG NAM",
        "BAN THƯỜNG VỤ",
        "Số: 14-KH/TĐTN",
        "Quảng Nam, ngày 25 tháng 02 năm 2013",
        "KẾ HOẠCH",
        "Tổ chức đi cơ sở xây dựng phong trào năm 2013",
        "Nơi nhận:",
        "- Lưu: VT, Ban TCKT.",
        "TM. BAN THƯỜNG VỤ",
        "Thái Bình",
        "Nam Trà My, Bắc Trà My, Phước",
    ):
        assert expected in text, expected


@needs_soffice
@needs_poppler
def test_pdf_embeds_the_times_compatible_serif(pdfs):
    fonts = pdf_fonts(pdfs["short"])
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts, fonts
    assert "DejaVu" not in fonts, "a Vietnamese letter fell back to another font:\n" + fonts


@needs_soffice
@needs_poppler
def test_short_paper_is_one_page_without_a_page_number(pdfs):
    assert pdf_pages(pdfs["short"]) == 1
    first_line = pdf_text(pdfs["short"]).strip().splitlines()[0].strip()
    assert first_line != "1"


@needs_soffice
@needs_poppler
def test_long_paper_numbers_its_pages_from_page_two(pdfs):
    pages = pdf_pages(pdfs["long"])
    assert pages >= 2
    assert not pdf_text(pdfs["long"], 1, 1).strip().startswith("1")
    for page in range(2, pages + 1):
        lines = [line.strip() for line in pdf_text(pdfs["long"], page, page).splitlines() if line.strip()]
        assert lines[0] == str(page), lines[:3]


@needs_soffice
@pytest.mark.slow
def test_parallel_conversions_do_not_clash():
    papers = [short_paper(body=[Paragraph(f"Văn bản số {n}.")]) for n in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(render_pdf, papers))
    assert all(pdf.startswith(b"%PDF") for pdf in results)


def test_missing_libreoffice_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("SOFFICE", str(tmp_path / "no-soffice"))
    assert not pdf_available()
    with pytest.raises(DocumentError) as caught:
        render_pdf(short_paper())
    assert caught.value.code == "pdf_unavailable"
    assert "LibreOffice" in caught.value.message and "install-system-deps.sh" in caught.value.message


def test_hung_libreoffice_is_killed_at_the_timeout(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SOFFICE", str(fake))
    started = time.monotonic()
    with pytest.raises(DocumentError) as caught:
        render_pdf(short_paper(), timeout=1)
    assert caught.value.code == "pdf_timeout"
    assert time.monotonic() - started < 15


def test_failed_conversion_is_a_clear_error(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SOFFICE", str(fake))
    with pytest.raises(DocumentError) as caught:
        render_pdf(short_paper())
    assert caught.value.code == "pdf_failed" and "could not be loaded" in caught.value.message
