"""Background work of the register: the PDF of an issued paper, converted once by the worker."""

from django_tasks import task

from coso.documents.issued_pdf import store_pdf
from coso.documents.paper import DocumentError


@task()
def convert_issued_pdf(issued_pk: int):
    """Convert the stored .docx of an issued paper to PDF and keep it (nothing when already done)."""
    try:
        store_pdf(issued_pk)
    except DocumentError as error:
        return error.message  # kept on the line (pdf_error); the page says so and serves the .docx
    return "ok"
