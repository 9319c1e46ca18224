"""manage.py issue_api_token USERNAME --name NAME: a personal key for the REST API.

The key is printed once, alone on standard output (``KEY=$(manage.py issue_api_token …)``);
only its SHA-256 is stored. Revoke it in the admin (Khoá API → ngày thu hồi).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from coso.accounts.models import ApiToken


class Command(BaseCommand):
    help = "Cấp khoá API cho một tài khoản. Khoá chỉ hiện một lần: hãy lưu lại ngay."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Tên đăng nhập của tài khoản dùng khoá.")
        parser.add_argument("--name", required=True, help="Tên gợi nhớ của khoá, ví dụ «đồng bộ báo cáo tháng».")

    def handle(self, *args, username, name, **options):
        name = name.strip()
        if not name:
            raise CommandError("Tên khoá không được để trống.")
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"Không có tài khoản «{username}».") from None
        if not user.is_active:
            raise CommandError(f"Tài khoản «{username}» đang bị khoá: không cấp khoá API.")
        token, key = ApiToken.issue(user, name[:100])
        self.stdout.write(key)
        self.stderr.write(
            f"Đã cấp khoá «{token.name}» (bắt đầu bằng {token.prefix}) cho {username}. "
            "Khoá chỉ hiện một lần; gửi kèm mỗi yêu cầu: Authorization: Bearer <khoá>."
        )
