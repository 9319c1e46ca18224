"""The PDF of an issued paper: converted once from its stored .docx, then kept (the worker's
``tasks.convert_issued_pdf``, or the first request for it if the worker has not yet run)."""

from coso.documents.models import IssuedPaper
from coso.documents.paper import DocumentError, docx_to_pdf


def store_pdf(issued_pk) -> IssuedPaper:
    """Convert an issued paper's stored .docx to PDF once and keep it; a failure is kept too."""
    issued = IssuedPaper.objects.get(pk=issued_pk)
    if issued.pdf:
        return issued
    try:
        pdf = docx_to_pdf(bytes(issued.docx))
    except DocumentError as error:
        IssuedPaper.objects.filter(pk=issued.pk).update(pdf_error=error.message[:2000])
        raise
    IssuedPaper.objects.filter(pk=issued.pk, pdf__isnull=True).update(pdf=pdf, pdf_error="")
    issued.pdf, issued.pdf_error = pdf, ""
    return issued
