"""What the importers share: the error list, the preview, reading a row's cells.

An importer walks every row once, collects every error (never stops at the first), and
in commit mode hands each valid row's object to a ``sink`` that writes it in batches.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from coso.imports.columns import FORMULA_REASON, cell_text, is_formula_text

PREVIEW_ROWS = 50
# Errors kept on the job (the count is always exact; the error sheet re-reads the file).
MAX_STORED_ERRORS = 50_000
PROGRESS_EVERY = 5_000
# A text cell starting with one of these may hide a formula (after blanks): look closer.
_SUSPECT_START = frozenset("=+-@ \t\r\n\u00a0")


@dataclass
class Outcome:
    row_count: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    error_rows: set = field(default_factory=set)
    preview: dict = field(default_factory=dict)
    limit: int | None = MAX_STORED_ERRORS

    @property
    def ok(self):
        return self.error_count == 0

    def add(self, row, column, value, message, code):
        self.error_count += 1
        self.error_rows.add(row)
        if self.limit is None or len(self.errors) < self.limit:
            self.errors.append(
                {
                    "row": row,
                    "column": str(column),
                    "value": cell_text(value)[:200],
                    "message": str(message),
                    "code": code,
                }
            )

    @property
    def truncated(self):
        return self.error_count > len(self.errors)


class RowReader:
    """Reads the known columns of one row, refusing formulas, and records errors by column."""

    def __init__(self, sheet, columns, outcome):
        self.sheet = sheet
        self.columns = {c.key: c for c in columns}
        self.outcome = outcome
        self.positions = list(sheet.headers.index.items())
        self.width = max((index + 1 for _key, index in self.positions), default=0)
        self.formulas = sheet.formula_cells
        self.header = sheet.headers.header

    def label(self, key):
        return self.sheet.headers.label(key, self.columns.values())

    def read(self, row_number, cells):
        """Returns (values by key, keys whose cell was refused)."""
        if len(cells) >= self.width:
            values = {key: cells[index] for key, index in self.positions}
        else:
            values = {key: cells[index] if index < len(cells) else "" for key, index in self.positions}
        bad = set()
        for key, value in values.items():
            if value.__class__ is str and value and value[0] in _SUSPECT_START:
                text = value.strip()
                values[key] = text
                if is_formula_text(text):
                    self.error(row_number, key, text, FORMULA_REASON, "formula")
                    bad.add(key)
        if self.formulas:
            for key, index in self.positions:
                if (row_number, index + 1) in self.formulas and key not in bad:
                    self.error(row_number, key, values[key], FORMULA_REASON, "formula")
                    bad.add(key)
        for key in bad:
            del values[key]
        return values, bad

    def error(self, row_number, key, value, message, code):
        self.outcome.add(row_number, self.label(key) if key else "", value, message, code)


def header_errors(sheet, outcome, required_groups):
    """File-level errors: missing columns (each group needs one of its keys), duplicates."""
    row = sheet.header_row
    for keys, message in required_groups:
        if not any(sheet.headers.has(key) for key in keys):
            outcome.add(row, "", "", message, "missing_column")
    for text in sheet.headers.duplicates:
        outcome.add(row, text, text, _("Cột «%(text)s» xuất hiện hai lần.") % {"text": text}, "duplicate_column")
    return outcome.error_count == 0


def display(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("có") if value else _("không")
    return cell_text(value)


class PlannedRowsImporter:
    """``run()`` for importers that check every row into ``self.planned`` (units, person
    records): the header check, the preview's first rows and the progress, in one place.
    A subclass sets ``required``, ``preview_headers`` and writes ``_preload``, ``check_row``
    and ``_preview_row``."""

    required = ()
    preview_headers = ()

    def run(self, *, progress=None, sink=None):
        outcome = self.outcome
        outcome.row_count = len(self.sheet.rows)
        outcome.preview = {"headers": [str(h) for h in self.preview_headers], "rows": []}
        if not header_errors(self.sheet, outcome, self.required):
            return outcome
        self._preload()
        preview = outcome.preview["rows"]
        for done, (row, cells) in enumerate(self.sheet.rows, start=1):
            plan, ok = self.check_row(row, cells)
            if len(preview) < PREVIEW_ROWS:
                preview.append(self._preview_row(plan, ok))
            if ok:
                self.planned.append(plan)
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, outcome.row_count)
        if sink is not None and outcome.ok:
            sink(self.planned)
        return outcome
