"""The client of the long-lived PDF converter (converter_server.py) and its start and stop.

A PDF made by a new ``soffice --convert-to`` pays LibreOffice's start-up (1-2 s) every time.
The converter keeps one LibreOffice running behind a Unix socket (``settings.PDF_CONVERTER_SOCKET``),
so a paper converts in a fraction of a second. :func:`convert` sends it a .docx and gets the PDF;
when no converter answers it raises :class:`ConverterUnavailable` and the caller
(:func:`coso.documents.paper.docxs_to_pdfs`) converts the old way, one LibreOffice per call.

Started by ``manage.py pdf_converter --start`` (``make run``, ``make worker``) or in the
foreground by deploy/coso-pdf.service. The server runs under an interpreter that has
LibreOffice's Python bridge (Debian's python3-uno): ``$UNO_PYTHON``, else /usr/bin/python3,
else this interpreter.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from coso.documents.errors import DocumentError
from coso.documents.libreoffice import PDF_TIMEOUT, soffice_path

SERVER_SCRIPT = Path(__file__).with_name("converter_server.py")
START_SECONDS = 90  # LibreOffice's first start with a new profile, on a loaded machine
UNIX_PATH_MAX = 100  # sun_path holds 108 bytes

logger = logging.getLogger(__name__)


class ConverterUnavailable(Exception):
    """No converter answers on the socket (not started, stopped, or broken): convert another way."""


def socket_path() -> str:
    """The converter's socket ('' when disabled); a path too long for a socket is moved to /tmp."""
    if settings.configured:
        path = getattr(settings, "PDF_CONVERTER_SOCKET", "") or ""
    else:  # paper.py used outside Django
        path = os.environ.get("PDF_CONVERTER_SOCKET", "")
    path = path.strip()
    if path and len(path.encode()) > UNIX_PATH_MAX:
        digest = hashlib.sha256(path.encode()).hexdigest()[:12]
        path = str(Path(tempfile.gettempdir()) / f"coso-pdf-{digest}.sock")
    return path


def _request(header: dict, body: bytes = b"", *, timeout: float, path: str | None = None):
    path = socket_path() if path is None else path
    if not path:
        raise ConverterUnavailable("no converter configured")
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(timeout)
    try:
        try:
            conn.connect(path)
        except (FileNotFoundError, ConnectionRefusedError, OSError) as error:
            raise ConverterUnavailable(str(error)) from None
        conn.sendall(json.dumps(header).encode() + b"\n" + body)
        reader = conn.makefile("rb")
        line = reader.readline(4096)
        if not line:
            raise ConverterUnavailable("the converter closed the connection")
        answer = json.loads(line)
        data = reader.read(int(answer.get("size", 0))) if answer.get("ok") and answer.get("size") else b""
        return answer, data
    except (ConnectionError, ValueError) as error:
        raise ConverterUnavailable(f"{type(error).__name__}: {error}") from None
    finally:
        conn.close()


def ping(*, timeout: float = 5.0, path: str | None = None) -> dict | None:
    """The converter's state (``pid`` of its LibreOffice, ``server_pid``), or None when none answers."""
    try:
        answer, _ = _request({"op": "ping"}, timeout=timeout, path=path)
    except (ConverterUnavailable, TimeoutError, OSError):
        return None
    return answer if answer.get("ok") else None


def convert(docx: bytes, *, timeout: float) -> tuple[bytes, int]:
    """The PDF of ``docx`` from the converter and the pid of the LibreOffice that made it.

    Raises :class:`ConverterUnavailable` when no converter answers, and
    :class:`~coso.documents.paper.DocumentError` when it answered that the conversion failed.
    """
    try:
        answer, pdf = _request({"op": "convert", "size": len(docx)}, docx, timeout=timeout + 30)
    except TimeoutError:
        raise DocumentError(
            "pdf_timeout", _("LibreOffice không chuyển xong PDF sau %(seconds)s giây.") % {"seconds": f"{timeout:.0f}"}
        ) from None
    except OSError as error:
        raise ConverterUnavailable(str(error)) from None
    if not answer.get("ok"):
        raise DocumentError(answer.get("code") or "pdf_failed", answer.get("error") or _("LibreOffice lỗi."))
    if not pdf.startswith(b"%PDF"):
        raise ConverterUnavailable("the converter sent something that is not a PDF")
    return pdf, int(answer.get("pid") or 0)


@lru_cache(maxsize=1)
def uno_python() -> str | None:
    """An interpreter that can import LibreOffice's ``uno`` (and so run the server), or None."""
    candidates = [os.environ.get("UNO_PYTHON", "").strip(), "/usr/bin/python3", sys.executable]
    for candidate in filter(None, candidates):
        if not os.access(candidate, os.X_OK):
            continue
        check = subprocess.run(
            [candidate, str(SERVER_SCRIPT), "--socket", "-", "--check"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
            check=False,
        )
        if check.returncode == 0:
            return candidate
    return None


def server_command(path: str, *, warm_up: Path | None = None) -> list[str]:
    """The command line of the server on ``path`` (raises ConverterUnavailable when it cannot run)."""
    python = uno_python()
    if python is None:
        raise ConverterUnavailable(
            "LibreOffice's Python bridge (uno) is missing: apt-get install python3-uno "
            "(scripts/install-system-deps.sh does)"
        )
    soffice = soffice_path()
    if soffice is None:
        raise ConverterUnavailable("LibreOffice (soffice) is not installed")
    command = [python, str(SERVER_SCRIPT), "--socket", path, "--soffice", soffice, "--timeout", str(PDF_TIMEOUT)]
    if warm_up is not None:
        command += ["--warm-up", str(warm_up)]
    return command


def warm_up_file() -> Path:
    """A real paper (the sample plan) as .docx in a temporary file, for the server's first conversion."""
    # Made here with python-docx, not by the paper builder (which calls this module): the
    # first conversion loads Writer, its PDF filter and the papers' font, whatever the text.
    from docx import Document
    from docx.shared import Pt

    document = Document()
    run = document.add_paragraph().add_run("Cộng hoà xã hội chủ nghĩa Việt Nam")
    run.font.name, run.font.size = "Times New Roman", Pt(13)
    handle, name = tempfile.mkstemp(prefix="coso-pdf-warm-up-", suffix=".docx")
    with os.fdopen(handle, "wb") as out:
        document.save(out)
    return Path(name)


def start(*, path: str | None = None, log_file: str | os.PathLike | None = None, wait: float = START_SECONDS) -> dict:
    """Start a converter in the background unless one answers already; return its ping once warm.

    The server runs in its own session, so it outlives the command that started it (``make run``
    and ``make worker`` share it); ``stop()`` ends it.
    """
    path = socket_path() if path is None else path
    if not path:
        raise ConverterUnavailable("PDF_CONVERTER_SOCKET is empty: no converter")
    state = ping(path=path)
    if state is not None:
        return state | {"started": False}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    command = server_command(path, warm_up=warm_up_file())
    log = open(log_file, "ab") if log_file else subprocess.DEVNULL
    try:
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True, close_fds=True
        )
    finally:
        if log_file:
            log.close()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            state = ping(path=path)  # another one won the race for the socket
            if state is not None:
                return state | {"started": False}
            raise ConverterUnavailable(f"the converter stopped at start (exit code {proc.returncode})")
        state = ping(path=path, timeout=max(1.0, deadline - time.monotonic()))
        if state is not None:
            return state | {"started": True}
        time.sleep(0.2)
    proc.kill()
    raise ConverterUnavailable(f"the converter did not answer within {wait:.0f} s")


def stop(*, path: str | None = None, timeout: float = 30.0) -> bool:
    """Stop the converter on the socket; False when none was running."""
    try:
        _request({"op": "stop"}, timeout=timeout, path=path)
    except (ConverterUnavailable, OSError):
        return False
    deadline = time.monotonic() + timeout
    target = socket_path() if path is None else path
    while Path(target).exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return True
