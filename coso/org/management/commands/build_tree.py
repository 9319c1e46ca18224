"""manage.py build_tree: a province's union tree from the official administrative units.

Examples::

    manage.py build_tree --province "Quảng Nam" --era before-2025
    manage.py build_tree --province 49 --era before-2025 --district "Bắc Trà My" --district "Tam Kỳ"
    manage.py build_tree --all                       # the 34 provinces since 1 July 2025
    manage.py build_tree --all --era before-2025     # the 63 provinces, about 10,000 communes
    manage.py build_tree --province "ho chi minh" --replace
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coso.org import treebuilder


class Command(BaseCommand):
    help = _(
        "Dựng cây tổ chức Đoàn của tỉnh, thành phố từ danh mục đơn vị hành chính chính thức "
        "(gói vietnamadminunits): Tỉnh đoàn → Huyện đoàn → Đoàn xã, phường, thị trấn."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--era",
            choices=treebuilder.ERAS,
            default=treebuilder.AFTER_2025,
            help=_("Danh mục trước 1/7/2025 (63 tỉnh, có cấp huyện) hay từ 1/7/2025 (34 tỉnh). Mặc định after-2025."),
        )
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="CODE_OR_NAME",
            help=_("Mã (49) hoặc tên không dấu (quang nam) của tỉnh; lặp lại được."),
        )
        parser.add_argument("--all", action="store_true", help=_("Tất cả tỉnh, thành phố của danh mục."))
        parser.add_argument("--replace", action="store_true", help=_("Xoá và dựng lại cây đã có của tỉnh."))
        parser.add_argument(
            "--district",
            action="append",
            default=None,
            metavar="NAME_OR_CODE",
            help=_("Chỉ dựng các huyện này (danh mục trước 2025); lặp lại được."),
        )
        parser.add_argument(
            "--mountainous",
            action="append",
            default=None,
            metavar="NAME_OR_CODE",
            help=_("Huyện miền núi, vùng cao (thay danh sách mặc định); lặp lại được."),
        )
        parser.add_argument(
            "--no-mountainous",
            action="store_true",
            help=_("Không đánh dấu huyện miền núi nào."),
        )
        parser.add_argument(
            "--no-history",
            action="store_true",
            help=_("Không ghi lịch sử (simple_history) cho các đơn vị mới."),
        )
        parser.add_argument("--list", action="store_true", help=_("Chỉ liệt kê các tỉnh của danh mục."))

    def handle(self, *args, **options):
        era = options["era"]
        if options["list"]:
            for province in treebuilder.load_provinces(era):
                self.stdout.write(
                    _("%(code)s  %(name)s  (%(commune_count)s xã, phường)")
                    % {"code": province.code, "name": province.name, "commune_count": province.commune_count}
                )
            return
        if options["all"] and options["province"]:
            raise CommandError(_("Dùng --all hoặc --province, không dùng cả hai."))
        if options["all"]:
            provinces = list(treebuilder.load_provinces(era))
        elif options["province"]:
            provinces = options["province"]
        else:
            raise CommandError(_("Cần --province CODE_OR_NAME (lặp lại được) hoặc --all."))
        mountainous = options["mountainous"]
        if options["no_mountainous"]:
            mountainous = set()
        verbose = options["verbosity"] >= 2
        try:
            report = treebuilder.build_provinces(
                provinces,
                era,
                replace=options["replace"],
                districts=options["district"],
                mountainous_districts=mountainous,
                with_history=not options["no_history"],
                log=self.stdout.write if verbose else None,
            )
        except treebuilder.TreeBuildError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            replaced = _(", thay %(replaced)s cây cũ") % {"replaced": report.replaced} if report.replaced else ""
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Đã dựng %(provinces)s tỉnh, thành phố (%(era)s): %(units)s đơn vị%(replaced)s, %(seconds)s giây."
                    )
                    % {
                        "provinces": len(report.roots),
                        "era": era,
                        "units": report.units,
                        "replaced": replaced,
                        "seconds": f"{report.seconds:.1f}",
                    }
                )
            )
