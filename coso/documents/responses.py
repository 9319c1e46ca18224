"""Django downloads of papers: ``docx_response(paper, filename)``, ``pdf_response(paper, filename)``."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from coso.documents.paper import MIME_DOCX, MIME_PDF, Paper, render_docx, render_pdf


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """An attachment download; a Vietnamese file name travels as RFC 6266 ``filename*``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-store"
    return response


def _with_extension(filename: str, extension: str) -> str:
    filename = filename.strip() or "van-ban"
    return filename if filename.lower().endswith(extension) else filename + extension


def docx_response(paper: Paper, filename: str) -> HttpResponse:
    return file_response(render_docx(paper), _with_extension(filename, ".docx"), MIME_DOCX)


def pdf_response(paper: Paper, filename: str) -> HttpResponse:
    """Raises :class:`~coso.documents.paper.DocumentError` when LibreOffice is missing or fails."""
    return file_response(render_pdf(paper), _with_extension(filename, ".pdf"), MIME_PDF)
