"""``manage.py pdf_converter``: the long-lived PDF converter (coso/documents/converter.py).

manage.py pdf_converter            # in the foreground (deploy/coso-pdf.service)
manage.py pdf_converter --start    # in the background unless one answers already (make run, make worker)
manage.py pdf_converter --status
manage.py pdf_converter --stop
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from coso.documents import converter


class Command(BaseCommand):
    help = "The long-lived PDF converter (one LibreOffice kept running for the papers' PDFs)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--start", action="store_true", help="start in the background unless running; wait until warm"
        )
        group.add_argument("--stop", action="store_true", help="stop the running converter")
        group.add_argument("--status", action="store_true", help="say whether a converter answers")

    def handle(self, *args, **options):
        path = converter.socket_path()
        if not path:
            raise CommandError("PDF_CONVERTER_SOCKET is empty: the converter is switched off.")
        if options["status"]:
            state = converter.ping(path=path)
            if state is None:
                raise CommandError(f"no PDF converter answers on {path}")
            self.stdout.write(
                f"PDF converter on {path}: LibreOffice pid {state['pid']}, server pid {state['server_pid']}"
            )
            return
        if options["stop"]:
            stopped = converter.stop(path=path)
            self.stdout.write("PDF converter stopped" if stopped else f"no PDF converter was running on {path}")
            return
        if options["start"]:
            log_file = settings.BASE_DIR / "var" / "pdf-converter.log"
            log_file.parent.mkdir(parents=True, exist_ok=True)
            try:
                state = converter.start(path=path, log_file=log_file)
            except converter.ConverterUnavailable as error:
                raise CommandError(f"PDF converter not started: {error}") from None
            verb = "started" if state["started"] else "already running"
            self.stdout.write(f"PDF converter {verb} on {path} (LibreOffice pid {state['pid']}; log {log_file})")
            return
        try:
            command = converter.server_command(path, warm_up=converter.warm_up_file())
        except converter.ConverterUnavailable as error:
            raise CommandError(str(error)) from None
        os.execv(command[0], command)
