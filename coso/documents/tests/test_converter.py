"""The long-lived PDF converter (coso/documents/converter.py): one LibreOffice serves conversion after
conversion, is started again when it dies, and the PDF it makes is the paper; without it, each PDF
starts its own LibreOffice."""

import os
import shutil
import signal
import tempfile

import pytest
from django.core.management import call_command

from coso.documents import converter
from coso.documents.paper import Paragraph, docx_to_pdf, render_docx, render_pdf, render_pdfs
from coso.documents.tests.helpers import needs_poppler, needs_soffice, pdf_text, short_paper

needs_uno = pytest.mark.skipif(
    converter.uno_python() is None, reason="python3-uno is not installed: run scripts/install-system-deps.sh"
)
pytestmark = [needs_soffice, needs_uno, pytest.mark.slow]


@pytest.fixture(scope="module")
def converter_socket():
    """A converter of this module's own on a short socket path (a socket path has at most 108 bytes)."""
    folder = tempfile.mkdtemp(prefix="coso-conv-")
    path = os.path.join(folder, "c.sock")
    state = converter.start(path=path)
    assert state["started"]
    yield path
    converter.stop(path=path)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def use_converter(settings, converter_socket):
    settings.PDF_CONVERTER_SOCKET = converter_socket
    return converter_socket


def paper(text):
    return short_paper(body=[Paragraph(text)])


@needs_poppler
def test_two_conversions_in_a_row_go_through_the_same_libreoffice(use_converter):
    before = converter.ping(path=use_converter)
    first, first_pid = converter.convert(render_docx(paper("Chuyến đi thứ nhất đến xã Trà Leng.")), timeout=120)
    second, second_pid = converter.convert(render_docx(paper("Chuyến đi thứ hai đến xã Trà Dơn.")), timeout=120)
    after = converter.ping(path=use_converter)
    assert first_pid == second_pid == before["pid"] == after["pid"]
    assert after["server_pid"] == before["server_pid"]
    assert after["conversions"] >= before["conversions"] + 2
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert "Chuyến đi thứ nhất đến xã Trà Leng." in pdf_text(first)
    assert "Chuyến đi thứ hai đến xã Trà Dơn." in pdf_text(second)
    assert "Trà Leng" not in pdf_text(second)


@needs_poppler
def test_papers_pdf_uses_the_running_converter(use_converter):
    """render_pdf / docx_to_pdf (every paper page, the worker) take the converter when it answers."""
    state = converter.ping(path=use_converter)
    pdf = render_pdf(paper("Kính gửi Ban Thường vụ Huyện đoàn Nam Trà My."))
    many = render_pdfs([paper("Văn bản một."), paper("Văn bản hai.")])
    again = converter.ping(path=use_converter)
    assert again["pid"] == state["pid"]
    assert again["conversions"] == state["conversions"] + 3
    assert "Kính gửi Ban Thường vụ Huyện đoàn Nam Trà My." in pdf_text(pdf)
    assert ["Văn bản một." in pdf_text(many[0]), "Văn bản hai." in pdf_text(many[1])] == [True, True]


@needs_poppler
def test_a_killed_libreoffice_is_started_again(use_converter):
    old = converter.ping(path=use_converter)["pid"]
    os.killpg(old, signal.SIGKILL)  # LibreOffice dies (out of memory, a crash): its whole group
    pdf = docx_to_pdf(render_docx(paper("Sau khi LibreOffice dừng, văn bản vẫn được chuyển.")))
    new = converter.ping(path=use_converter)["pid"]
    assert new != old
    assert "Sau khi LibreOffice dừng, văn bản vẫn được chuyển." in pdf_text(pdf)
    _, pid = converter.convert(render_docx(paper("Lần nữa.")), timeout=120)
    assert pid == new


def test_start_is_idempotent(converter_socket):
    state = converter.ping(path=converter_socket)
    again = converter.start(path=converter_socket)
    assert again["started"] is False
    assert again["server_pid"] == state["server_pid"]


@needs_poppler
def test_without_a_converter_each_pdf_starts_its_own_libreoffice(settings, tmp_path):
    settings.PDF_CONVERTER_SOCKET = str(tmp_path / "nobody.sock")  # nothing listens there
    with pytest.raises(converter.ConverterUnavailable):
        converter.convert(b"PK", timeout=5)
    pdf = render_pdf(paper("Không có bộ chuyển đổi: vẫn ra PDF."))
    assert "Không có bộ chuyển đổi: vẫn ra PDF." in pdf_text(pdf)


def test_management_command_status_start_stop(settings, capsys):
    folder = tempfile.mkdtemp(prefix="coso-conv-")
    settings.PDF_CONVERTER_SOCKET = os.path.join(folder, "m.sock")
    try:
        call_command("pdf_converter", "--start")
        assert "started" in capsys.readouterr().out
        call_command("pdf_converter", "--status")
        assert "LibreOffice pid" in capsys.readouterr().out
        call_command("pdf_converter", "--stop")
        assert "stopped" in capsys.readouterr().out
        assert converter.ping(path=settings.PDF_CONVERTER_SOCKET) is None
    finally:
        converter.stop(path=settings.PDF_CONVERTER_SOCKET)
        shutil.rmtree(folder, ignore_errors=True)
