"""/documents/sample/<fmt>/: the seed-000 plan as a download. Fixed sample content, so any
signed-in user may have it (no unit scope to check); anonymous visitors go to the login."""

import io

import pytest
from docx import Document

from coso.documents.tests.helpers import needs_soffice


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get("/documents/sample/docx/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_any_signed_in_user_downloads_the_docx(client_for):
    response = client_for("member").get("/documents/sample/docx/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and ".docx" in disposition
    doc = Document(io.BytesIO(response.content))
    assert doc.tables[0].cell(1, 0).paragraphs[0].text == "Số: 14-KH/TĐTN"


@needs_soffice
@pytest.mark.slow
def test_any_signed_in_user_downloads_the_pdf(client_for):
    response = client_for("member").get("/documents/sample/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;") and ".pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_pdf_without_libreoffice_explains_what_to_install(client_for, monkeypatch, tmp_path):
    monkeypatch.setenv("SOFFICE", str(tmp_path / "missing"))
    response = client_for("member").get("/documents/sample/pdf/")
    assert response.status_code == 503
    assert "LibreOffice" in response.content.decode()


def test_unknown_format_is_not_found(client_for):
    assert client_for("member").get("/documents/sample/odt/").status_code == 404
    assert client_for("member").post("/documents/sample/docx/").status_code == 405
