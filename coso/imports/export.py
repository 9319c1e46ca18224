"""Export any list to .xlsx: one call from a list view with its filtered rows.

``xlsx_response(filename, headers, rows, sheet_title)`` writes an openpyxl write-only
workbook (constant memory per row, fast), dates as real date cells shown dd/mm/yyyy, and
never lets a value run as a formula in Excel: a text that starts like a formula (``=``,
``+``, ``-``, ``@``, tab, carriage return) is written as a plain string cell with Excel's
"quote prefix", so Excel shows it as text and keeps it text when the cell is edited.
"""

import datetime
import decimal
import re
import tempfile
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

# Characters XML 1.0 cannot carry; openpyxl refuses them, we drop them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Starts that spreadsheet programs read as a formula (OWASP "CSV injection"), after blanks.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# A signed number or a phone number ("-5", "+84 912 345 678") is not a formula.
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d .,]*$")
# Excel's error literals: written as text, never as error cells.
_ERROR_LITERALS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"}
_RISKY_FIRST = frozenset("=+-@\t\r\n #\u00a0")
HEADER_FILL = PatternFill("solid", fgColor="0B5ED7")
HEADER_FONT = Font(bold=True, color="FFFFFF")
MAX_SHEET_TITLE = 31


def looks_like_formula(text: str) -> bool:
    """Whether Excel (or LibreOffice) could take this text for a formula."""
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    stripped = text.lstrip(" \u00a0")
    if not stripped or stripped[0] not in "=+-@":
        return False
    return not _PLAIN_NUMBER.match(stripped)


def safe_sheet_title(title: str) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", str(title or "")).strip() or _("Dữ liệu")
    return title[:MAX_SHEET_TITLE]


class _CellWriter:
    """Turns Python values into write-only cells; keeps one styled cell factory per kind."""

    def __init__(self, sheet):
        self.sheet = sheet

    def _styled(self, value, number_format):
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.number_format = number_format
        return cell

    def text_cell(self, text):
        cell = WriteOnlyCell(self.sheet, value=None)
        cell._value = text
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell

    def convert(self, value):
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float, decimal.Decimal)):
            return value
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value).replace(tzinfo=None)
            return self._styled(value, DATETIME_FORMAT)
        if isinstance(value, datetime.date):
            return self._styled(value, DATE_FORMAT)
        text = value if isinstance(value, str) else str(value)
        if _ILLEGAL.search(text):
            text = _ILLEGAL.sub("", text)
        if not text:
            return None
        if text[0] in _RISKY_FIRST and (looks_like_formula(text) or text in _ERROR_LITERALS):
            return self.text_cell(text)
        return text


def write_sheet(workbook, headers, rows, sheet_title, *, widths=None):
    """Append a sheet with a styled header row, frozen, filterable, to a write-only workbook."""
    sheet = workbook.create_sheet(title=safe_sheet_title(sheet_title))
    writer = _CellWriter(sheet)
    for index, header in enumerate(headers, start=1):
        width = (widths or {}).get(index - 1) or min(max(len(str(header)) + 4, 12), 40)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    header_cells = []
    for header in headers:
        converted = writer.convert(header)
        cell = converted if isinstance(converted, Cell) else WriteOnlyCell(sheet, value=converted)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header_cells.append(cell)
    sheet.append(header_cells)
    convert = writer.convert
    for row in rows:
        sheet.append([convert(value) for value in row])
    return sheet


def xlsx_bytes(headers, rows, sheet_title=None):
    workbook = Workbook(write_only=True)
    write_sheet(workbook, headers, rows, sheet_title)
    return save_to_bytes(workbook)


def neutralise(workbook):
    """Make every formula-like text of an ordinary (not write-only) workbook a plain text cell.

    openpyxl turns any string starting with ``=`` into a live formula (and ``#N/A`` into an
    error cell) the moment it is assigned, so a person named ``=HYPERLINK(...)`` written into
    a template would run in the officer's Excel. The system writes no formula on purpose:
    every such cell becomes text with Excel's quote prefix, like the write-only cells of
    :func:`write_sheet`."""
    if getattr(workbook, "write_only", False):
        return workbook  # its cells went through _CellWriter.convert already
    for sheet in workbook.worksheets:
        for cell in sheet._cells.values():
            value = cell.value
            if not isinstance(value, str) or not value:
                continue
            if cell.data_type in ("f", "e") or (
                value[0] in _RISKY_FIRST and (looks_like_formula(value) or value in _ERROR_LITERALS)
            ):
                cell._value = _ILLEGAL.sub("", value)
                cell.data_type = "s"
                cell.quotePrefix = True
    return workbook


def save_to_bytes(workbook):
    """The one way the system saves a workbook (exports, templates, failed rows, reports):
    formula-like text never leaves as a formula."""
    neutralise(workbook)
    with tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024) as buffer:
        workbook.save(buffer)
        buffer.seek(0)
        return buffer.read()


def bytes_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def xlsx_response(
    filename: str, headers: list[str], rows: Iterable[Sequence], sheet_title: str | None = None
) -> HttpResponse:
    """An .xlsx download of ``rows`` under ``headers``: values as given, dates dd/mm/yyyy,
    formula-like text neutralised. ``rows`` may be a generator (e.g. over ``.iterator()``)."""
    return bytes_response(filename, xlsx_bytes([str(h) for h in headers], rows, sheet_title))
