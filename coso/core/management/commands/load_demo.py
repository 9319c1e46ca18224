import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coso.core import demo


class Command(BaseCommand):
    help = _("Nạp dữ liệu thử nghiệm (demo) của năm kế hoạch mẫu; bị từ chối trên hệ thống thật.")

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help=_("Bỏ qua nếu demo đã được nạp."))
        parser.add_argument("--quiet", action="store_true", help=_("Không in danh sách tài khoản."))

    def handle(self, *args, if_empty=False, quiet=False, **options):
        try:
            demo.refuse_unless_allowed()
        except demo.DemoRefused as error:
            raise CommandError(error.message) from error
        if demo.demo_exists():
            if not if_empty:
                raise CommandError(_("Dữ liệu demo đã có trong cơ sở dữ liệu."))
        else:
            try:
                demo.load_demo()
            except demo.DemoRefused as error:
                raise CommandError(error.message) from error
            self.stdout.write(self.style.SUCCESS(_("Đã nạp dữ liệu demo.")))
        if not quiet:
            port = os.environ.get("PORT", "8000")
            self.stdout.write(demo.logins_text(f"http://127.0.0.1:{port}/"))
