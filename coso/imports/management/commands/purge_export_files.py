"""Queue the deletion of expired export files (run daily by deploy/coso-purge.timer, as
deploy/coso-reminders.timer runs ``send_reminders``). With the development settings the task
runs at once; in production the worker (coso-worker.service) runs it."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coso.imports.tasks import purge_exports


class Command(BaseCommand):
    help = _("Xoá tệp Excel đã xuất quá thời hạn lưu (EXPORT_RETENTION_DAYS) và đánh dấu lượt xuất đã hết hạn.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=_("Thời hạn lưu tệp đã xuất, tính bằng ngày (mặc định EXPORT_RETENTION_DAYS)."),
        )

    def handle(self, *args, days=None, **options):
        days = settings.EXPORT_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError(_("Số ngày phải từ 0 trở lên."))
        result = purge_exports.enqueue(days=days)
        status = str(getattr(result.status, "value", result.status))
        if status == "SUCCESSFUL":
            self.stdout.write(
                _("Đã xoá tệp của %(count)s lượt xuất cũ hơn %(days)s ngày.")
                % {"count": result.return_value, "days": days}
            )
        elif status == "FAILED":
            raise CommandError(
                _("Xoá tệp đã xuất lỗi: %(error)s") % {"error": result.errors[-1].traceback if result.errors else ""}
            )
        else:
            self.stdout.write(_("Đã xếp hàng (mã %(id)s), worker sẽ xoá.") % {"id": result.id})
