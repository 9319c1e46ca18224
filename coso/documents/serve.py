"""Serving a record's paper: the file as issued when the register has it, else today's draft.

Every paper download of every app ends in :func:`paper_response`. An issued paper is served
from the register byte for byte (its PDF was converted once, in the background, when it was
issued; if the worker has not done it yet, it is converted now and kept). A draft is built
from today's data, marked as a draft, and its PDF is cached by content, so asking again for
an unchanged draft answers at once. When no PDF can be made, the page says why and links the
.docx of the same paper.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from coso.documents import kinds as paper_kinds
from coso.documents import services
from coso.documents.models import IssuedPaper
from coso.documents.paper import MIME_DOCX, MIME_PDF, DocumentError, docx_to_pdf, render_docx
from coso.documents.responses import file_response

DRAFT_PDF_CACHE_SECONDS = 24 * 3600


def _filename(kind, obj, key, issued=None):
    base = (issued.filename if issued else "") or kind.filename(obj, key) or kind.code.replace(".", "-")
    if issued:
        base = f"{base}-so-{issued.number}-{issued.year}"
    else:
        base = f"{base}-du-thao"
    return base


def draft_pdf(paper, docx: bytes) -> bytes:
    """The PDF of a draft, converted once per distinct paper (cached by a hash of its content)."""
    cache_key = "coso:draft-pdf:" + hashlib.sha256(repr(paper).encode()).hexdigest()
    pdf = cache.get(cache_key)
    if pdf is None:
        pdf = docx_to_pdf(docx)
        cache.set(cache_key, pdf, DRAFT_PDF_CACHE_SECONDS)
    return pdf


def _unavailable(request, kind, obj, key, error):
    context = {"error": error, "docx_url": kind.url(obj, key, "docx"), "record_url": kind.record_url(obj, key)}
    return render(request, "documents/unavailable.html", context, status=503)


def paper_response(request, kind_code: str, obj, fmt: str, key: str = ""):
    """The .docx or PDF of ``obj``'s paper of kind ``kind_code`` (``obj`` already scoped by the caller)."""
    if fmt not in ("docx", "pdf"):
        raise Http404(_("Định dạng không hỗ trợ."))
    kind = paper_kinds.get(kind_code)
    extract = kind.extract_for(request.user, obj, key) if kind.extract_for else None
    if extract is not None:
        paper = services.as_draft(kind, obj, key, extract)
        return _draft_response(request, kind, obj, key, paper, fmt, _filename(kind, obj, key) + "-trich")
    issued = (
        IssuedPaper.objects.filter(kind=kind.code, source_id=obj.pk, source_key=key, state=IssuedPaper.State.ISSUED)
        .defer("docx" if fmt == "pdf" else "pdf")
        .first()
    )
    name = _filename(kind, obj, key, issued)
    if issued is not None:
        if fmt == "docx":
            return file_response(bytes(issued.docx), name + ".docx", MIME_DOCX)
        if issued.pdf:
            return file_response(bytes(issued.pdf), name + ".pdf", MIME_PDF)
        try:
            issued = services.store_pdf(issued.pk)
        except DocumentError as error:
            return _unavailable(request, kind, obj, key, error)
        return file_response(bytes(issued.pdf), name + ".pdf", MIME_PDF)
    return _draft_response(request, kind, obj, key, services.draft_paper(kind, obj, key), fmt, name)


def _draft_response(request, kind, obj, key, paper, fmt, name):
    docx = render_docx(paper)
    if fmt == "docx":
        return file_response(docx, name + ".docx", MIME_DOCX)
    try:
        return file_response(draft_pdf(paper, docx), name + ".pdf", MIME_PDF)
    except DocumentError as error:
        return _unavailable(request, kind, obj, key, error)
