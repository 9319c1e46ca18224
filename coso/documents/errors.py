"""The error of the documents app, raised by the paper builder and the PDF conversion alike."""

from coso.core.errors import DomainError


class DocumentError(DomainError):
    """A paper could not be produced (e.g. no LibreOffice for the PDF)."""
