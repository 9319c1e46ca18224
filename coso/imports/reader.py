"""Read the data sheet of a checked .xlsx with calamine (fast, Rust).

The sheet is the first one whose header row (within its first rows) names at least two
known columns; row and column numbers are those Excel shows (1-based).
"""

import io
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from coso.core.errors import DomainError
from coso.imports.columns import COLUMNS, HeaderMap, match_headers

HEADER_SEARCH_ROWS = 10


class UnreadableFile(DomainError):
    """The file passed the safety checks but holds no usable table."""


@dataclass
class Sheet:
    name: str
    header_row: int  # Excel's row number of the header
    raw_headers: list
    headers: HeaderMap
    rows: list  # [(excel row number, [cells])], blank rows dropped
    formula_cells: set = field(default_factory=set)  # {(row, column)}


def _is_blank(cells):
    return all(cell == "" or cell is None for cell in cells)


def read(content, checked, kind):
    columns = COLUMNS[kind]
    expected = ", ".join(f"«{c.header}»" for c in columns if c.required or c.key in ("family_name", "unit_code"))
    return read_columns(
        content,
        checked,
        columns,
        no_header_message=_(
            "Không tìm thấy dòng tiêu đề: dòng 1 phải có tên các cột, ví dụ %(expected)s. Hãy dùng tệp mẫu tải từ trang này."
        )
        % {"expected": expected},
    )


def read_columns(content, checked, columns, *, no_header_message, is_header=None):
    """The first sheet with a header row naming ``columns`` (at least two, and whatever
    ``is_header(headers)`` also asks), as a ``Sheet``; ``UnreadableFile`` otherwise."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except (CalamineError, ValueError, OSError) as exc:
        raise UnreadableFile(
            "unreadable_xlsx", _("Không đọc được tệp .xlsx. Hãy mở bằng Excel, lưu lại rồi tải lên lại.")
        ) from exc
    with workbook:
        for name in workbook.sheet_names:
            try:
                data = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            except (CalamineError, ValueError) as exc:
                raise UnreadableFile(
                    "unreadable_xlsx",
                    _("Không đọc được trang tính «%(name)s». Hãy mở bằng Excel và lưu lại.") % {"name": name},
                ) from exc
            for index, cells in enumerate(data[:HEADER_SEARCH_ROWS]):
                headers = match_headers(cells, columns)
                if len(headers.index) >= 2 and (is_header is None or is_header(headers)):
                    return _sheet(name, index, cells, headers, data, checked)
            del data
    raise UnreadableFile("no_header_row", no_header_message)


def _sheet(name, header_index, header_cells, headers, data, checked):
    rows = []
    limit = settings.IMPORT_MAX_ROWS
    for index in range(header_index + 1, len(data)):
        cells = data[index]
        if _is_blank(cells):
            continue
        rows.append((index + 1, cells))
        if len(rows) > limit:
            raise UnreadableFile(
                "too_many_rows",
                _("Tệp có hơn %(limit)s dòng dữ liệu; hãy chia thành nhiều tệp.")
                % {"limit": number_format(limit, force_grouping=True)},
            )
    return Sheet(
        name=name,
        header_row=header_index + 1,
        raw_headers=list(header_cells),
        headers=headers,
        rows=rows,
        formula_cells=checked.formula_cells(name) if checked is not None else set(),
    )
