"""Workbooks the import pages hand out: the templates, and the failed rows to fix."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from coso.accounts import scoping
from coso.core.text import fold
from coso.imports.columns import COLUMNS, cell_text
from coso.imports.export import DATE_FORMAT, HEADER_FILL, HEADER_FONT, save_to_bytes, write_sheet
from coso.org.models import Sector, Unit, UnitLevel
from coso.people.models import TargetGroup

DATA_SHEET = gettext_lazy("Dữ liệu")
LISTS_SHEET = gettext_lazy("Danh mục")
HELP_SHEET = gettext_lazy("Hướng dẫn")
TEMPLATE_ROWS = 2000  # rows the drop-down lists cover
ERROR_COLUMN = gettext_lazy("Lỗi")
# Columns offered in the templates (the others are alternatives explained in the help).
TEMPLATE_SKIP = {"persons": {"full_name", "unit_name"}, "units": set(), "records": set()}
TITLES = {
    "persons": gettext_lazy("Mẫu nhập cán bộ, đoàn viên"),
    "units": gettext_lazy("Mẫu nhập đơn vị"),
    "records": gettext_lazy("Mẫu nhập văn bằng, chứng chỉ và đào tạo"),
}


def _example_unit(user, capability, *, can_have_children=False):
    """One of the user's own units, for the sample row: the deepest one (that may have children)
    where the user holds ``capability``, else one they can see. Its code is the one shown on
    the unit's page, so the example is a code the user can look up (issue 15 point 15)."""
    units = Unit.objects.filter(is_active=True, code__isnull=False).exclude(code="")
    if can_have_children:
        lowest = UnitLevel.objects.order_by("-order").values_list("order", flat=True).first()
        units = units.filter(level__order__lt=lowest)
    for wanted in (capability, scoping.VIEW):
        unit = units.filter(scoping.unit_q(user, wanted)).select_related("level").order_by("-depth", "path").first()
        if unit is not None:
            return unit
    return None


def _lists(kind):
    if kind == "records":
        return {}
    if kind == "persons":
        return {"target_group": [g.name for g in TargetGroup.objects.order_by("name")]}
    return {
        "level": [lvl.name for lvl in UnitLevel.objects.order_by("order", "name")],
        "sector": [s.name for s in Sector.objects.order_by("name")],
    }


def template_bytes(kind, user):
    columns = [c for c in COLUMNS[kind] if c.key not in TEMPLATE_SKIP[kind]]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(DATA_SHEET)
    lists_sheet = workbook.create_sheet(str(LISTS_SHEET))
    help_sheet = workbook.create_sheet(str(HELP_SHEET))

    examples = {c.key: c.example for c in columns}
    if kind in ("persons", "records"):
        unit = _example_unit(user, scoping.EDIT_PEOPLE)
        examples["unit_code"] = unit.code if unit else "MA-CHI-DOAN"
    else:
        parent = _example_unit(user, scoping.EDIT_UNITS, can_have_children=True)
        examples["parent_code"] = parent.code if parent else "MA-CAP-TREN"
        examples["code"] = f"{parent.code}-moi" if parent else "MA-MOI"
        if parent is not None:
            below = UnitLevel.objects.filter(order__gt=parent.level.order).order_by("order").first()
            if below is not None:
                examples["level"] = below.name

    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.comment = Comment(str(column.help), "Cơ Sở")
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        example = examples.get(column.key, "")
        sample = sheet.cell(row=2, column=index, value=example if example != "" else None)
        sample.font = Font(italic=True, color="6C757D")
        if column.date:
            sample.number_format = DATE_FORMAT
        if column.key in ("phone", "unit_code", "code", "parent_code", "national_id"):
            sample.number_format = "@"
    sheet.freeze_panes = "A2"

    lists = {c.key: list(c.choices) for c in columns if c.choices}
    lists.update(_lists(kind))
    list_column = 0
    for index, column in enumerate(columns, start=1):
        values = lists.get(column.key)
        if not values:
            continue
        list_column += 1
        letter = get_column_letter(list_column)
        lists_sheet.cell(row=1, column=list_column, value=column.header).font = Font(bold=True)
        for offset, value in enumerate(values, start=2):
            lists_sheet.cell(row=offset, column=list_column, value=value)
        lists_sheet.column_dimensions[letter].width = max(14, min(40, max(len(v) for v in values) + 2))
        ref = f"{quote_sheetname(str(LISTS_SHEET))}!${letter}$2:${letter}${len(values) + 1}"
        validation = DataValidation(
            type="list",
            formula1=ref,
            allow_blank=True,
            showErrorMessage=False,
            promptTitle=column.header[:32],
            prompt=str(column.help)[:255],
            showInputMessage=True,
        )
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{TEMPLATE_ROWS + 1}")
        sheet.add_data_validation(validation)

    _help(help_sheet, kind, columns)
    return save_to_bytes(workbook)


def _help(sheet, kind, columns):
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 12
    sheet.column_dimensions["C"].width = 100
    sheet.cell(row=1, column=1, value=str(TITLES[kind])).font = Font(bold=True, size=14)
    notes = [
        _("Điền dữ liệu vào trang «%(sheet)s», bắt đầu từ dòng 2; dòng 1 là tên cột, giữ nguyên.")
        % {"sheet": DATA_SHEET},
        _("Dòng 2 là dòng ví dụ: sửa lại thành dữ liệu thật hoặc xoá đi trước khi nhập."),
        _("Ngày ghi dạng dd/mm/yyyy (ví dụ 05/09/2001) hoặc định dạng ô là ngày."),
        _(
            "Không dùng công thức (ô bắt đầu bằng =, +, -, @): hệ thống từ chối các ô đó. "
            "Nếu đã dùng công thức, hãy sao chép rồi «dán đặc biệt – chỉ giá trị»."
        ),
        _(
            "Hệ thống kiểm tra toàn bộ tệp trước: khi còn một dòng lỗi thì chưa dòng nào được ghi. "
            "Tải «các dòng lỗi» về, sửa theo cột «Lỗi», rồi tải lên lại."
        ),
        _("Tên cột không phân biệt chữ hoa, chữ thường, có dấu hay không dấu; các cột khác bị bỏ qua."),
    ]
    if kind == "persons":
        notes.append(
            _(
                "Có thể dùng một cột «Họ và tên» thay cho ba cột «Họ», «Tên đệm», «Tên»; và cột «Đơn vị» "
                "(tên đầy đủ của đơn vị trong phạm vi của bạn) thay cho «Mã đơn vị»."
            )
        )
        notes.append(_("Bạn chỉ nhập được người vào các đơn vị thuộc phạm vi quản lý của mình."))
    else:
        notes.append(
            _(
                "Đơn vị cấp trên phải có sẵn trong hệ thống hoặc nằm ở một dòng phía trên trong tệp; "
                "cấp của đơn vị phải thấp hơn cấp của đơn vị cấp trên."
            )
        )
    row = 3
    for note in notes:
        cell = sheet.cell(row=row, column=1, value=f"• {note}")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 30
        row += 1
    row += 1
    for index, title in enumerate((_("Cột"), _("Bắt buộc"), _("Cách điền")), start=1):
        cell = sheet.cell(row=row, column=index, value=title)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    required = {
        "persons": {"family_name", "given_name", "sex", "unit_code"},
        "units": {"name", "parent_code", "level"},
        "records": {"unit_code", "full_name", "record", "kind", "name"},
    }[kind]
    for column in COLUMNS[kind]:
        row += 1
        sheet.cell(row=row, column=1, value=column.header)
        sheet.cell(row=row, column=2, value=_("có") if column.key in required else "")
        cell = sheet.cell(row=row, column=3, value=str(column.help))
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _raw(value):
    """A cell of the user's file as it goes back into the error sheet."""
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (datetime.date, datetime.datetime, int, float, bool)):
        return value
    return cell_text(value) if not isinstance(value, str) else value


def error_rows_bytes(sheet, errors):
    """The failed rows of ``sheet`` with their original columns and a last column «Lỗi»."""
    messages = {}
    for error in errors:
        if error["row"] == sheet.header_row and error["code"] in ("missing_column", "duplicate_column"):
            continue
        column = f"{error['column']}: " if error["column"] else ""
        messages.setdefault(error["row"], []).append(f"{column}{error['message']}")
    # The original columns, less a «Lỗi» column left from an earlier round.
    keep = [i for i, h in enumerate(sheet.raw_headers) if fold(cell_text(h)) != fold(ERROR_COLUMN)]
    while keep and not cell_text(sheet.raw_headers[keep[-1]]):
        keep.pop()
    headers = [cell_text(sheet.raw_headers[i]) for i in keep]
    width = len(headers)
    header_messages = [
        e for e in errors if e["row"] == sheet.header_row and e["code"] in ("missing_column", "duplicate_column")
    ]

    def rows():
        for error in header_messages:
            yield [None] * width + [_("Dòng tiêu đề: %(message)s") % {"message": error["message"]}]
        for row, cells in sheet.rows:
            if row in messages:
                values = [_raw(cells[i]) if i < len(cells) else None for i in keep]
                yield values + ["; ".join(messages[row])]

    workbook = Workbook(write_only=True)
    write_sheet(workbook, headers + [str(ERROR_COLUMN)], rows(), str(DATA_SHEET))
    return save_to_bytes(workbook)
