"""Write ``docs/workflows.md`` (tables and Mermaid state diagrams) from the declarations of
every app's ``workflows.py``. ``--check`` only compares, for CI: exit 1 when it differs."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coso.core.workflow import diagrams_markdown

DOC = Path(settings.BASE_DIR) / "docs" / "workflows.md"


class Command(BaseCommand):
    help = _("Sinh docs/workflows.md (sơ đồ trạng thái) từ khai báo quy trình của các ứng dụng.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help=_("chỉ so sánh, không ghi"))

    def handle(self, *args, check=False, **options):
        text = diagrams_markdown()
        if check:
            if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
                raise CommandError(_("%(path)s khác với khai báo: chạy manage.py workflow_diagrams.") % {"path": DOC})
            self.stdout.write(_("docs/workflows.md khớp với khai báo."))
            return
        DOC.write_text(text, encoding="utf-8")
        self.stdout.write(_("Đã ghi %(path)s.") % {"path": DOC})
