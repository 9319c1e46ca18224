"""Enqueue every app's daily reminder task (run at 06:00 by deploy/coso-reminders.timer).

With the development settings the tasks run at once; in production they go to the
django-tasks-db queue and the worker (``make worker``, coso-worker.service) sends the mails.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

# One task per app; each takes ``on`` (ISO date) and never sends the same reminder twice.
REMINDER_TASKS = [
    "coso.visits.tasks.send_visit_reminders",
    "coso.placements.tasks.send_placement_reminders",
]


def parse_day(text):
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as error:
        raise CommandError(_("Ngày không hợp lệ: «%(text)s» (nhập theo dạng dd/mm/yyyy).") % {"text": text}) from error


class Command(BaseCommand):
    help = _("Xếp hàng các tác vụ gửi thư nhắc việc (đi cơ sở, đào tạo thực tế) của một ngày.")

    def add_arguments(self, parser):
        parser.add_argument("--on", help=_("Ngày nhắc việc, dạng dd/mm/yyyy (mặc định: hôm nay)."))

    def handle(self, *args, on=None, **options):
        day = parse_day(on) if on else timezone.localdate()
        for path in REMINDER_TASKS:
            result = import_string(path).enqueue(on=day.isoformat())
            name = path.rsplit(".", 1)[-1]
            status = str(getattr(result.status, "value", result.status))
            if status == "SUCCESSFUL":
                self.stdout.write(
                    _("%(task)s (%(day)s): đã gửi %(count)s thư.")
                    % {"task": name, "day": f"{day:%d/%m/%Y}", "count": result.return_value}
                )
            elif status == "FAILED":
                raise CommandError(
                    _("%(task)s (%(day)s) lỗi: %(error)s")
                    % {
                        "task": name,
                        "day": f"{day:%d/%m/%Y}",
                        "error": result.errors[-1].traceback if result.errors else "",
                    }
                )
            else:
                self.stdout.write(
                    _("%(task)s (%(day)s): đã xếp hàng (mã %(id)s), worker sẽ gửi.")
                    % {"task": name, "day": f"{day:%d/%m/%Y}", "id": result.id}
                )
