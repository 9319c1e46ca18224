from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from coso.programme import summary
from coso.programme.models import Programme


class Command(BaseCommand):
    help = _("Đếm lại bảng tổng hợp kết quả của chương trình (ResultCell, CriterionCell) từ các phiếu và kết quả.")

    def add_arguments(self, parser):
        parser.add_argument("--programme", type=int, help=_("chỉ chương trình này (mã số); mặc định: mọi chương trình"))

    def handle(self, *args, programme=None, **options):
        programmes = Programme.objects.all() if programme is None else Programme.objects.filter(pk=programme)
        for one in programmes.order_by("pk"):
            with transaction.atomic():
                summary.rebuild(one)
            if options["verbosity"]:
                self.stdout.write(f"{one.pk}: {one.name}")
