"""Where LibreOffice is and how long one conversion may take: shared by the one-shot
conversion (``paper.convert_once``) and the long-lived converter (``converter``)."""

import os
import shutil

PDF_TIMEOUT = 120  # seconds for one soffice run (its start-up is most of it)
PDF_TIMEOUT_PER_EXTRA = 20  # and this much more for each further document of a batch


def soffice_path() -> str | None:
    """LibreOffice's ``soffice``: ``$SOFFICE`` if set, else on PATH."""
    configured = os.environ.get("SOFFICE", "").strip()
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")
