"""The long-lived PDF converter: one LibreOffice, started once, converting .docx to PDF on request.

Run by ``manage.py pdf_converter`` (``make run``, ``make worker``, deploy/coso-pdf.service) with
an interpreter that has LibreOffice's Python bridge (Debian's ``python3-uno``: /usr/bin/python3).
This file uses only the standard library and ``uno``; it never imports Django, so that
interpreter needs nothing else.

It starts ``soffice --headless --accept=pipe,...`` with a profile of its own, connects to it
through UNO, and listens on a Unix socket (mode 0600). Requests are served one at a time (the
accept loop is sequential, so two conversions never collide inside LibreOffice; the others
wait in the socket's backlog). Before each conversion it checks that LibreOffice is alive and
starts a new one if not; a conversion that fails because LibreOffice died (or hung past the
time limit, when it is killed) is retried once on a fresh LibreOffice.

Protocol (one request per connection): a JSON line ``{"op": "convert", "size": N}`` followed by
N bytes of .docx; the answer is a JSON line ``{"ok": true, "size": M, "pid": P, ...}`` followed
by M bytes of PDF, or ``{"ok": false, "code": ..., "error": ...}``. ``{"op": "ping"}`` answers
``{"ok": true, "pid": P, "server_pid": S, "conversions": C}`` (P: LibreOffice's process, started
if needed); ``{"op": "stop"}`` stops the server.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from django.utils.translation import gettext as _

CONNECT_SECONDS = 60  # LibreOffice's first start with a new profile takes a few seconds
RESTART_EVERY = 500  # conversions; a fresh LibreOffice now and then keeps its memory bounded
MAX_DOCX_BYTES = 100 * 1024 * 1024


class ConversionError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _import_uno():
    try:
        import uno
    except ImportError:
        # Debian's python3-uno lives in the system's dist-packages; reached from another interpreter.
        sys.path.append("/usr/lib/python3/dist-packages")
        import uno  # noqa: F401
    return sys.modules["uno"]


class Office:
    """One headless LibreOffice and its UNO desktop, restarted when it dies."""

    def __init__(self, soffice: str, timeout: float):
        self.soffice = soffice
        self.timeout = timeout
        self.workdir = Path(tempfile.mkdtemp(prefix="coso-pdf-converter-"))
        self.proc = None
        self.desktop = None
        self.conversions = 0
        self.uno = _import_uno()

    # --- life ---------------------------------------------------------------------------

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None and self.desktop is not None

    def start(self) -> None:
        self.kill()
        pipe = f"coso-pdf-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        command = [
            self.soffice,
            f"-env:UserInstallation={(self.workdir / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nofirststartwizard",
            "--nolockcheck",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ]
        env = {**os.environ, "HOME": str(self.workdir), "SAL_USE_VCLPLUGIN": "svp"}
        self.proc = subprocess.Popen(
            command,
            cwd=self.workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: kill() reaches soffice.bin too
        )
        local = self.uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_SECONDS
        while True:
            try:
                context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # NoConnectException until LibreOffice listens
                if self.proc.poll() is not None and self.proc.returncode != 81:
                    # 81: soffice.bin restarts itself after making a new profile; oosplash waits for it
                    raise ConversionError(
                        "pdf_failed",
                        _("LibreOffice dừng khi khởi động (mã %(returncode)s).") % {"returncode": self.proc.returncode},
                    ) from None
                if time.monotonic() > deadline:
                    self.kill()
                    raise ConversionError("pdf_timeout", _("LibreOffice không khởi động được.")) from None
                time.sleep(0.1)
        self.desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        self.conversions = 0
        log(f"LibreOffice started (pid {self.proc.pid})")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        elif self.proc is not None:
            try:  # the wrapper has gone; soffice.bin may still be in its group
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.proc = None
        self.desktop = None

    def ensure(self) -> int:
        if not self.alive() or self.conversions >= RESTART_EVERY:
            if self.proc is not None:
                log("LibreOffice is gone or due for a restart: starting a new one")
            self.start()
        return self.proc.pid

    def close(self) -> None:
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass
        self.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # --- work ---------------------------------------------------------------------------

    def _props(self, **values):
        from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

        props = []
        for name, value in values.items():
            prop = PropertyValue()
            prop.Name, prop.Value = name, value
            props.append(prop)
        return tuple(props)

    def _convert_once(self, docx: bytes) -> bytes:
        self.ensure()
        job = Path(tempfile.mkdtemp(prefix="job-", dir=self.workdir))
        source, target = job / "paper.docx", job / "paper.pdf"
        source.write_bytes(docx)
        proc = self.proc
        fired = []
        timer = threading.Timer(self.timeout, lambda: (fired.append(1), _kill_group(proc)))
        timer.start()
        document = None
        try:
            document = self.desktop.loadComponentFromURL(
                source.as_uri(), "_blank", 0, self._props(Hidden=True, ReadOnly=True)
            )
            if document is None:
                raise ConversionError("pdf_failed", _("LibreOffice không mở được tệp .docx."))
            document.storeToURL(target.as_uri(), self._props(FilterName="writer_pdf_Export"))
            pdf = target.read_bytes()
        except Exception:
            if fired:  # hung past the limit and killed: not retried (it would hang again)
                self.kill()
                raise ConversionError(
                    "pdf_timeout",
                    _("LibreOffice không chuyển xong PDF sau %(seconds)s giây.") % {"seconds": f"{self.timeout:.0f}"},
                ) from None
            raise
        finally:
            timer.cancel()
            if document is not None and not fired:
                try:
                    document.close(True)
                except Exception:
                    pass
            shutil.rmtree(job, ignore_errors=True)
        if not pdf.startswith(b"%PDF"):
            raise ConversionError("pdf_failed", _("LibreOffice trả về một tệp không phải PDF."))
        self.conversions += 1
        return pdf

    def convert(self, docx: bytes) -> bytes:
        try:
            return self._convert_once(docx)
        except ConversionError:
            raise
        except Exception as error:  # LibreOffice died or the bridge broke: once more, on a new one
            log(f"conversion failed ({type(error).__name__}: {error}); restarting LibreOffice")
            self.kill()
            try:
                return self._convert_once(docx)
            except ConversionError:
                raise
            except Exception as again:
                self.kill()
                raise ConversionError(
                    "pdf_failed", _("LibreOffice không chuyển được sang PDF: %(again)s") % {"again": again}
                ) from None


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def log(message: str) -> None:
    print(f"pdf-converter[{os.getpid()}]: {message}", file=sys.stderr, flush=True)


# --- the socket ---------------------------------------------------------------------------


def _read_line(conn) -> bytes:
    data = bytearray()
    while not data.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            break
        data += chunk
        if len(data) > 4096:
            break
    return bytes(data)


def _read_exact(conn, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = conn.recv(min(1 << 20, size - len(data)))
        if not chunk:
            raise ConnectionError("short read")
        data += chunk
    return bytes(data)


def _answer(conn, header: dict, body: bytes = b"") -> None:
    conn.sendall(json.dumps(header).encode() + b"\n" + body)


def serve(socket_path: str, office: Office, warm_up: Path | None = None) -> None:
    path = Path(socket_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink()  # left by a server that died
        else:
            probe.close()
            log(f"another converter already answers on {path}")
            sys.exit(3)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)
    try:
        server.bind(str(path))
    finally:
        os.umask(old_umask)
    server.listen(64)
    stopping = False

    def stop(_signum=None, _frame=None):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    office.ensure()
    if warm_up is not None:
        try:
            office.convert(warm_up.read_bytes())
        except (OSError, ConversionError) as error:
            log(f"warm-up conversion failed: {error}")
        warm_up.unlink(missing_ok=True)
    log(f"listening on {path}")
    try:
        while not stopping:
            conn, _ = server.accept()
            with conn:
                conn.settimeout(office.timeout + 30)
                try:
                    request = json.loads(_read_line(conn) or b"{}")
                    op = request.get("op")
                    if op == "ping":
                        pid = office.ensure()
                        _answer(
                            conn,
                            {"ok": True, "pid": pid, "server_pid": os.getpid(), "conversions": office.conversions},
                        )
                    elif op == "convert":
                        size = int(request.get("size", 0))
                        if not 0 < size <= MAX_DOCX_BYTES:
                            _answer(
                                conn, {"ok": False, "code": "pdf_failed", "error": _("Tệp .docx rỗng hoặc quá lớn.")}
                            )
                            continue
                        docx = _read_exact(conn, size)
                        try:
                            pdf = office.convert(docx)
                        except ConversionError as error:
                            _answer(conn, {"ok": False, "code": error.code, "error": error.message})
                            continue
                        _answer(conn, {"ok": True, "size": len(pdf), "pid": office.proc.pid}, pdf)
                    elif op == "stop":
                        _answer(conn, {"ok": True})
                        stopping = True
                    else:
                        _answer(conn, {"ok": False, "code": "bad_request", "error": "unknown op"})
                except (OSError, ValueError) as error:
                    log(f"bad request: {error}")
    finally:
        server.close()
        try:
            path.unlink()
        except FileNotFoundError:
            pass
        office.close()
        log("stopped")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", required=True, help="the Unix socket to listen on")
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds for one conversion")
    parser.add_argument(
        "--warm-up", help="a .docx converted once at start (then deleted), so the first request is quick"
    )
    parser.add_argument("--check", action="store_true", help="exit 0 when this interpreter has uno")
    args = parser.parse_args(argv)
    try:
        _import_uno()
    except ImportError:
        log("LibreOffice's Python bridge (uno) is missing: apt-get install python3-uno")
        sys.exit(4)
    if args.check:
        sys.exit(0)
    office = Office(args.soffice, args.timeout)
    warm_up = Path(args.warm_up) if args.warm_up else None
    serve(args.socket, office, warm_up)


if __name__ == "__main__":
    main()
