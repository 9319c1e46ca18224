"""manage.py issue_api_token USERNAME --name NAME: a personal key for the REST API.

The key is printed once, alone on standard output (``KEY=$(manage.py issue_api_token …)``);
only its SHA-256 is stored. Revoke it in the admin (Khoá API → ngày thu hồi).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coso.accounts.models import ApiToken


class Command(BaseCommand):
    help = _("Cấp khoá API cho một tài khoản. Khoá chỉ hiện một lần: hãy lưu lại ngay.")

    def add_arguments(self, parser):
        parser.add_argument("username", help=_("Tên đăng nhập của tài khoản dùng khoá."))
        parser.add_argument("--name", required=True, help=_("Tên gợi nhớ của khoá, ví dụ «đồng bộ báo cáo tháng»."))

    def handle(self, *args, username, name, **options):
        name = name.strip()
        if not name:
            raise CommandError(_("Tên khoá không được để trống."))
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(_("Không có tài khoản «%(username)s».") % {"username": username}) from None
        if not user.is_active:
            raise CommandError(_("Tài khoản «%(username)s» đang bị khoá: không cấp khoá API.") % {"username": username})
        token, key = ApiToken.issue(user, name[:100])
        self.stdout.write(key)
        self.stderr.write(
            _(
                "Đã cấp khoá «%(name)s» (bắt đầu bằng %(prefix)s) cho %(username)s. Khoá chỉ hiện một lần; gửi kèm mỗi yêu cầu: Authorization: Bearer <khoá>."
            )
            % {"name": token.name, "prefix": token.prefix, "username": username}
        )
