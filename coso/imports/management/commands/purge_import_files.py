from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coso.imports import services


class Command(BaseCommand):
    help = _(
        "Xoá tệp Excel gốc (có dữ liệu cá nhân) của các lượt nhập đã kết thúc quá N ngày; "
        "lượt nhập, số liệu và danh sách lỗi vẫn được giữ."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=90, help=_("Thời hạn lưu tệp gốc, tính bằng ngày (mặc định 90).")
        )

    def handle(self, *args, days, **options):
        purged = services.purge_old_files(older_than_days=days)
        self.stdout.write(
            _("Đã xoá tệp gốc của %(purged)s lượt nhập cũ hơn %(days)s ngày.") % {"purged": purged, "days": days}
        )
