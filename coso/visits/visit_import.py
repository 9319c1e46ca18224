"""Import of recorded visits from .xlsx (issue 3, item 3: "on save — page, API or import —
every rule is checked and every violation named in Vietnamese").

One row per trip: the cadre (``Mã cán bộ``, from the template's list, or the full name when
it is unique among the cadres the user may record for), the unit visited (code, or name when
unique among the units the user sees), the dates, the form, what was done, found, hard,
proposed, and whether it was ad hoc.

The file goes through ``coso.imports`` (``safety`` refuses hostile files, ``reader`` finds the
sheet, ``validation`` collects every error with its row, column, value and reason). Every row
then goes through ``services.record_visit`` — the rules of the page and the API — in file
order, inside one transaction: a row is checked against the cadre's recorded trips *and the
rows above it*, so two rows that together pass a cap or share a day are both named. The
preview rolls that transaction back; the commit keeps it only when no row failed: all or none.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.core.text import fold
from coso.imports import reader, safety
from coso.imports.columns import YES_NO, Column, cell_text, match_headers, parse_bool, parse_code, parse_date
from coso.imports.export import DATE_FORMAT, HEADER_FILL, HEADER_FONT, save_to_bytes
from coso.imports.validation import Outcome, RowReader, header_errors
from coso.imports.workbooks import error_rows_bytes
from coso.org.models import Unit
from coso.people.models import Person
from coso.visits import rules, services
from coso.visits.models import VisitForm

MAX_BYTES = 2 * 1024 * 1024  # kept in the session between preview and commit
MAX_ROWS = 500  # each row is checked through the service: a few months of a department
DATA_SHEET = "Chuyến đi"
CADRES_SHEET = "Cán bộ"
FORMS_SHEET = "Hình thức"
HELP_SHEET = "Hướng dẫn"
# The Vietnamese headers of the files this import reads and writes (a file format, the same in
# every interface language): the columns' own headers are in ``COLUMNS`` below; these are the
# headers a phone's outbox (.json) is read under and those of the template's list sheets.
OUTBOX_HEADERS = [
    "Mã cán bộ",
    "Mã đơn vị",
    "Đơn vị đến",
    "Từ ngày",
    "Đến ngày",
    "Hình thức",
    "Nội dung",
    "Kết quả",
    "Khó khăn, vướng mắc",
    "Đề xuất, kiến nghị",
    "Đột xuất",
]
CADRES_HEADERS = ["Mã cán bộ", "Họ và tên", "Đơn vị"]
FORMS_HEADERS = ["Hình thức"]
YES, NO = YES_NO
FORM_LABELS = [str(label) for _value, label in VisitForm.choices]
FORMS = {fold(str(label)): value for value, label in VisitForm.choices} | {value: value for value in VisitForm.values}

COLUMNS = [
    Column("cadre_id", "Mã cán bộ", gettext_lazy("Mã số của cán bộ (xem trang «Cán bộ» của tệp mẫu)."), width=11),
    Column(
        "cadre_name",
        "Cán bộ",
        gettext_lazy("Họ và tên cán bộ đi cơ sở; đủ khi không trùng tên, có «Mã cán bộ» thì để đối chiếu."),
        aliases=("Họ và tên", "Họ tên", "Họ và tên cán bộ"),
        width=22,
    ),
    Column("unit_code", "Mã đơn vị", gettext_lazy("Mã của đơn vị đến (xem ở trang đơn vị)."), width=12),
    Column(
        "unit_name",
        "Đơn vị đến",
        gettext_lazy("Tên đầy đủ của đơn vị đến, dùng khi không có mã; tên phải không trùng."),
        aliases=("Đơn vị", "Tên đơn vị"),
        width=26,
    ),
    Column(
        "start_date",
        "Từ ngày",
        gettext_lazy("Ngày bắt đầu, dd/mm/yyyy."),
        aliases=("Ngày đi",),
        required=True,
        date=True,
        width=12,
    ),
    Column(
        "end_date",
        "Đến ngày",
        gettext_lazy("Ngày kết thúc, dd/mm/yyyy; để trống nếu đi trong ngày."),
        aliases=("Ngày về",),
        date=True,
        width=12,
    ),
    Column(
        "form",
        "Hình thức",
        gettext_lazy("Chọn trong danh sách (trang «Hình thức»)."),
        required=True,
        choices=tuple(FORM_LABELS),
        width=34,
    ),
    Column(
        "content",
        "Nội dung",
        gettext_lazy("Nội dung, việc đã làm."),
        aliases=("Nội dung, việc đã làm",),
        width=40,
    ),
    Column(
        "findings",
        "Kết quả",
        gettext_lazy("Kết quả, tình hình nắm được."),
        aliases=("Kết quả, tình hình nắm được",),
        width=40,
    ),
    Column(
        "problems",
        "Khó khăn, vướng mắc",
        gettext_lazy("Khó khăn, vướng mắc của cơ sở."),
        aliases=("Khó khăn",),
        width=30,
    ),
    Column(
        "proposals",
        "Đề xuất, kiến nghị",
        gettext_lazy("Đề xuất, kiến nghị."),
        aliases=("Đề xuất",),
        width=30,
    ),
    Column(
        "is_ad_hoc",
        "Đột xuất",
        gettext_lazy("có hoặc không (mặc định: không); «có» khi ngoài địa bàn được phân công."),
        choices=YES_NO,
        width=10,
    ),
]
REQUIRED = [
    (("cadre_id", "cadre_name"), gettext_lazy("Thiếu cột «Mã cán bộ» (hoặc «Cán bộ»).")),
    (("unit_code", "unit_name"), gettext_lazy("Thiếu cột «Mã đơn vị» (hoặc «Đơn vị đến»).")),
    (("start_date",), gettext_lazy("Thiếu cột «Từ ngày».")),
    (("form",), gettext_lazy("Thiếu cột «Hình thức».")),
]
TEXT_KEYS = ("content", "findings", "problems", "proposals")
TEXT_LIMIT = 5000


def _norm(text):
    return fold(" ".join(str(text).split()))


def cadres_for(user):
    """The cadres whose visits ``user`` may record: their own person when a working cadre,
    and the cadres of the units where they manage visits."""
    q = Q(pk__in=[])
    person_id = getattr(user, "person_id", None)
    if person_id and scoping.holds(user, scoping.RECORD_VISITS):
        q |= Q(pk=person_id)
    if scoping.holds(user, scoping.MANAGE_VISITS):
        q |= scoping.unit_q(user, scoping.MANAGE_VISITS, prefix="unit__")
    return Person.objects.filter(q, is_cadre=True).select_related("unit").order_by("sort_key", "id")


def may_import(user):
    return cadres_for(user).exists()


# --------------------------------------------------------------------------- reading


OUTBOX_FORMAT = "coso-outbox"


def read_outbox(content):
    """The outbox a phone exported ("Tải tệp (.json)" of the offline record page), as a
    ``reader.Sheet`` of the import's columns, so its visits go through the same checks."""
    import json

    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise reader.UnreadableFile("unreadable_json", _("Không đọc được tệp .json chuyến đi chưa gửi.")) from exc
    if not isinstance(data, dict) or data.get("format") != OUTBOX_FORMAT or not isinstance(data.get("visits"), list):
        raise reader.UnreadableFile(
            "unreadable_json", _("Tệp .json không phải danh sách chuyến đi chưa gửi tải từ Cơ Sở (mục «Chưa gửi»).")
        )
    labels = {value: str(label) for value, label in VisitForm.choices}
    headers = list(OUTBOX_HEADERS)

    def day(text):
        import datetime

        try:
            return datetime.date.fromisoformat(str(text)) if text else ""
        except ValueError:
            return str(text)

    rows = []
    for index, item in enumerate(data["visits"], start=2):
        if not isinstance(item, dict):
            continue
        rows.append(
            (
                index,
                [
                    item.get("cadre_id") or "",
                    item.get("unit_code") or "",
                    item.get("unit_name") or "",
                    day(item.get("start_date")),
                    day(item.get("end_date")),
                    labels.get(item.get("form"), item.get("form") or ""),
                    item.get("content") or "",
                    item.get("findings") or "",
                    item.get("problems") or "",
                    item.get("proposals") or "",
                    YES if item.get("is_ad_hoc") else NO,
                ],
            )
        )
    return reader.Sheet(
        name=DATA_SHEET, header_row=1, raw_headers=headers, headers=match_headers(headers, COLUMNS), rows=rows
    )


def read(name, content):
    """The checked file's data sheet (``reader.Sheet``); ``UnsafeFile`` or ``UnreadableFile``.
    A phone's exported outbox (.json) reads as the same sheet."""
    if len(content) > MAX_BYTES:
        raise safety.UnsafeFile(
            "file_too_large", _("Tệp quá lớn: tệp chuyến đi cơ sở không quá 2 MB. Hãy dùng tệp mẫu.")
        )
    if (name or "").lower().endswith(".json"):
        sheet = read_outbox(content)
        if len(sheet.rows) > MAX_ROWS:
            raise _too_many_rows()
        return sheet
    checked = safety.check_upload(name, content)
    sheet = reader.read_columns(
        content,
        checked,
        COLUMNS,
        is_header=lambda headers: headers.has("start_date"),
        no_header_message=_(
            "Không tìm thấy dòng tiêu đề có «Mã cán bộ», «Mã đơn vị», «Từ ngày», «Hình thức». "
            "Hãy dùng tệp mẫu tải từ trang này."
        ),
    )
    if len(sheet.rows) > MAX_ROWS:
        raise _too_many_rows()
    return sheet


def _too_many_rows():
    return reader.UnreadableFile(
        "too_many_rows", _("Tệp có hơn %(count)s chuyến đi; hãy chia thành nhiều tệp.") % {"count": MAX_ROWS}
    )


# --------------------------------------------------------------------------- checking


@dataclass
class Row:
    """A row read and recorded (in the transaction) without error."""

    row: int
    cadre: Person
    unit: Unit
    start: object
    end: object
    area_id: int
    visit: object = None


class _DryRun(Exception):
    """Raised to roll the preview's transaction back."""


class VisitImport:
    """Checks every row of ``sheet`` for ``actor``; :meth:`check` previews, :meth:`commit` writes."""

    def __init__(self, *, actor, sheet, today=None):
        self.actor = actor
        self.sheet = sheet
        self.today = today or timezone.localdate()
        self._reset()

    def _reset(self):
        self.outcome = Outcome(limit=None)
        self.reader = RowReader(self.sheet, COLUMNS, self.outcome)
        self.done = []  # [Row]

    def error(self, row, key, value, message, code):
        self.reader.error(row, key, value, message, code)

    def _load(self):
        self.cadres = {p.pk: p for p in cadres_for(self.actor)}
        self.cadres_by_name = {}
        for person in self.cadres.values():
            self.cadres_by_name.setdefault(_norm(person.full_name), []).append(person)
        self.units = Unit.objects.visible_to(self.actor).filter(is_active=True)
        self._unit_memo = {}
        self._areas = {}

    # ----- one row

    def _cadre(self, row, values):
        raw, name = values.get("cadre_id", ""), cell_text(values.get("cadre_name", ""))
        text = cell_text(raw)
        if text:
            try:
                pk = int(float(text))
            except ValueError:
                self.error(
                    row,
                    "cadre_id",
                    raw,
                    _("Mã cán bộ «%(value)s» không phải là số.") % {"value": text},
                    "invalid_cadre_id",
                )
                return None
            cadre = self.cadres.get(pk)
            if cadre is None:  # unknown or out of scope: the same answer, nothing revealed
                self.error(
                    row,
                    "cadre_id",
                    raw,
                    _("Không có cán bộ mã %(id)s mà bạn được ghi nhận việc đi cơ sở.") % {"id": pk},
                    "unknown_cadre",
                )
                return None
            if name and _norm(name) != _norm(cadre.full_name):
                self.error(
                    row,
                    "cadre_name",
                    name,
                    _("Mã %(id)s là đồng chí %(cadre)s, không phải «%(name)s»: kiểm tra lại mã hoặc tên.")
                    % {"id": pk, "cadre": cadre.full_name, "name": name},
                    "name_mismatch",
                )
                return None
            return cadre
        if not name:
            key = "cadre_id" if self.sheet.headers.has("cadre_id") else "cadre_name"
            self.error(row, key, "", _("Thiếu cán bộ: ghi «Mã cán bộ» (hoặc «Cán bộ»)."), "cadre_required")
            return None
        found = self.cadres_by_name.get(_norm(name), [])
        if not found:
            self.error(
                row,
                "cadre_name",
                name,
                _("Không có cán bộ «%(name)s» mà bạn được ghi nhận việc đi cơ sở.") % {"name": name},
                "unknown_cadre",
            )
            return None
        if len(found) > 1:
            self.error(
                row,
                "cadre_name",
                name,
                _("Có %(count)s cán bộ tên «%(name)s»: hãy ghi «Mã cán bộ».") % {"count": len(found), "name": name},
                "ambiguous_cadre",
            )
            return None
        return found[0]

    def _find_unit(self, code_value, name_value):
        """(unit, key, reason, code)."""
        code, reason = parse_code(code_value, 40)
        if reason:
            return None, "unit_code", reason, "invalid_code"
        if code:
            unit = self.units.filter(code=code).first()
            if unit is None:  # unknown or out of scope: the same answer
                return (
                    None,
                    "unit_code",
                    _("Không có đơn vị mã «%(code)s» trong phạm vi của bạn.") % {"code": code},
                    "unknown_unit",
                )
            return unit, "unit_code", None, None
        name = cell_text(name_value)
        if not name:
            key = "unit_code" if self.sheet.headers.has("unit_code") else "unit_name"
            return None, key, _("Thiếu đơn vị đến: ghi «Mã đơn vị» (hoặc «Đơn vị đến»)."), "unit_required"
        found = [u for u in self.units.filter(search_text=fold(name)[:255])[:6] if _norm(u.name) == _norm(name)]
        if not found:
            return (
                None,
                "unit_name",
                _("Không tìm thấy đơn vị tên «%(name)s» trong phạm vi của bạn.") % {"name": name},
                "unknown_unit",
            )
        if len(found) > 1:
            codes = ", ".join(u.code or f"#{u.pk}" for u in found[:5])
            return (
                None,
                "unit_name",
                _("Có %(count)s đơn vị tên «%(name)s» trong phạm vi của bạn (%(codes)s): hãy dùng cột «Mã đơn vị».")
                % {"count": len(found), "name": name, "codes": codes},
                "ambiguous_unit",
            )
        return found[0], "unit_name", None, None

    def _unit(self, row, values):
        pair = (values.get("unit_code", ""), values.get("unit_name", ""))
        memo_key = tuple(cell_text(v) for v in pair)
        if memo_key not in self._unit_memo:
            self._unit_memo[memo_key] = self._find_unit(*pair)
        unit, key, reason, code = self._unit_memo[memo_key]
        if reason:
            self.error(row, key, values.get(key, ""), reason, code)
        return unit, key

    def _area_id(self, unit):
        """The area of the caps: the district-level ancestor, else the unit itself."""
        if unit.pk not in self._areas:
            district = unit.district_ancestor()
            self._areas[unit.pk] = district.pk if district else unit.pk
        return self._areas[unit.pk]

    def _dates(self, row, values):
        start, reason = parse_date(values.get("start_date", ""), self.today)
        bad = False
        if reason:
            self.error(row, "start_date", values["start_date"], reason, "invalid_date")
            bad = True
        elif start is None:
            self.error(row, "start_date", "", _("Chưa ghi ngày bắt đầu chuyến đi."), "start_date_required")
            bad = True
        end, reason = parse_date(values.get("end_date", ""), self.today)
        if reason:
            self.error(row, "end_date", values["end_date"], reason, "invalid_date")
            bad = True
        return (None, None) if bad else (start, end or start)

    def _choices(self, row, values):
        """(form, is_ad_hoc, texts) or None when a cell is wrong."""
        bad = False
        text = cell_text(values.get("form", ""))
        form = FORMS.get(fold(text)) or FORMS.get(text)
        if not text:
            self.error(row, "form", "", _("Chưa chọn hình thức đi cơ sở."), "form_required")
            bad = True
        elif form is None:
            self.error(
                row,
                "form",
                text,
                _("Hình thức không có trong danh sách (trang «Hình thức» của tệp mẫu)."),
                "invalid_form",
            )
            bad = True
        ad_hoc, reason = parse_bool(values.get("is_ad_hoc", ""), False)
        if reason:
            self.error(row, "is_ad_hoc", values.get("is_ad_hoc"), reason, "invalid_yes_no")
            bad = True
        texts = {}
        for key in TEXT_KEYS:
            texts[key] = str(values.get(key, "") or "").strip()
            if len(texts[key]) > TEXT_LIMIT:
                self.error(row, key, texts[key], _("Dài quá %(count)s ký tự.") % {"count": TEXT_LIMIT}, "too_long")
                bad = True
        return None if bad else (form, ad_hoc, texts)

    def _row(self, row, cells):
        values, refused = self.reader.read(row, cells)
        cadre = self._cadre(row, values)
        unit, unit_key = self._unit(row, values)
        start, end = self._dates(row, values)
        choices = self._choices(row, values)
        if refused or cadre is None or unit is None or start is None or choices is None:
            return
        form, ad_hoc, texts = choices
        try:
            with transaction.atomic():
                visit = services.record_visit(
                    actor=self.actor,
                    cadre=cadre,
                    unit=unit,
                    start_date=start,
                    end_date=end,
                    form=form,
                    is_ad_hoc=ad_hoc,
                    today=self.today,
                    **texts,
                )
        except DomainError as error:
            self._violations(row, values, unit_key, cadre, unit, start, end, error)
        except PermissionDenied as error:
            self.error(
                row,
                "cadre_id" if self.sheet.headers.has("cadre_id") else "cadre_name",
                cadre.pk,
                str(error),
                "forbidden",
            )
        else:
            self.done.append(Row(row, cadre, unit, start, end, self._area_id(unit), visit))

    def _violations(self, row, values, unit_key, cadre, unit, start, end, error):
        keys = {"unit": unit_key, "end_date": "end_date", "form": "form", "start_date": "start_date"}
        codes = set()
        for (code, message), field in zip(error.violations, error.violation_fields, strict=False):
            key = keys.get(field, "start_date")
            if key == "end_date" and not self.sheet.headers.has("end_date"):
                key = "start_date"
            codes.add(code)
            others = self._others(code, cadre, unit, start, end)
            if others:
                rows = ", ".join(str(r.row) for r in others)
                message = _("%(message)s (cùng với dòng %(rows)s của tệp)") % {"message": message, "rows": rows}
            self.error(row, key, values.get(key, ""), message, code)
            for other in others:
                self._name_other(other, row, code)

    def _others(self, code, cadre, unit, start, end):
        """The rows above, already counted, that this violation involves."""
        if code == "overlap":
            return [r for r in self.done if r.cadre.pk == cadre.pk and r.start <= end and start <= r.end]
        if code == "over_cap":
            months = set(rules.days_by_month(start, end))
            area = self._area_id(unit)
            return [
                r
                for r in self.done
                if r.cadre.pk == cadre.pk and r.area_id == area and months & set(rules.days_by_month(r.start, r.end))
            ]
        return []

    def _name_other(self, other, row, code):
        if code == "overlap":
            message = _("Trùng ngày với chuyến đi ở dòng %(row)s của tệp (cùng cán bộ %(cadre)s).") % {
                "row": row,
                "cadre": other.cadre.full_name,
            }
        else:
            message = _(
                "Cộng với chuyến đi ở dòng %(row)s của tệp, đồng chí %(cadre)s vượt giới hạn số ngày "
                "đi cơ sở trong tháng ở cùng địa bàn (xem dòng %(row)s)."
            ) % {"row": row, "cadre": other.cadre.full_name}
        self.error(other.row, "start_date", "", message, f"{code}_with_row")

    def _run(self):
        self._reset()
        if not header_errors(self.sheet, self.outcome, REQUIRED):
            return
        self._load()
        for row, cells in self.sheet.rows:
            self.outcome.row_count += 1
            self._row(row, cells)
        if self.outcome.ok and not self.done:
            self.outcome.add(self.sheet.header_row, "", "", _("Tệp không có chuyến đi nào."), "empty")
        self.outcome.errors.sort(key=lambda e: (e["row"], e["column"]))

    def check(self):
        """Every error of the file (``self.outcome``); the rows that would be recorded in
        ``self.done``. Nothing stays written."""
        try:
            with transaction.atomic():
                self._run()
                raise _DryRun
        except _DryRun:
            pass
        for done in self.done:
            done.visit = None  # rolled back
        return self.outcome

    def commit(self):
        """Record every row of a clean file, or none (a ``DomainError`` rolls all back)."""
        with transaction.atomic():
            self._run()
            if not self.outcome.ok:
                raise DomainError(
                    "import_invalid",
                    _("Tệp còn %(count)s lỗi: chưa ghi chuyến đi nào.") % {"count": self.outcome.error_count},
                )
        return [done.visit for done in self.done]


def error_rows(sheet, outcome):
    return error_rows_bytes(sheet, outcome.errors)


# --------------------------------------------------------------------------- the template


def _header(sheet, headers):
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)


def template_bytes(user):
    """The data sheet (one row per trip), the cadres the user may record for, the forms, help."""
    cadres = list(cadres_for(user)[:2000])
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    _header(sheet, [c.header for c in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        sheet.cell(row=1, column=index).comment = Comment(str(column.help), "Cơ Sở")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    position = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    last = MAX_ROWS + 1
    if len(cadres) == 1:  # one's own visits: the cadre is already there
        for row in range(2, 22):
            sheet.cell(row=row, column=position["cadre_id"], value=cadres[0].pk)
            sheet.cell(row=row, column=position["cadre_name"], value=cadres[0].full_name)
    for key in ("start_date", "end_date"):
        for row in range(2, 102):
            sheet.cell(row=row, column=position[key]).number_format = DATE_FORMAT

    people = workbook.create_sheet(CADRES_SHEET)
    _header(people, CADRES_HEADERS)
    for offset, person in enumerate(cadres, start=2):
        for index, value in enumerate((person.pk, person.full_name, person.unit.name), start=1):
            people.cell(row=offset, column=index, value=value)
    for letter, width in zip("ABC", (12, 28, 40), strict=True):
        people.column_dimensions[letter].width = width

    forms = workbook.create_sheet(FORMS_SHEET)
    _header(forms, FORMS_HEADERS)
    for offset, label in enumerate(FORM_LABELS, start=2):
        forms.cell(row=offset, column=1, value=label)
    forms.column_dimensions["A"].width = 60
    for key, ref in (
        ("form", f"{quote_sheetname(FORMS_SHEET)}!$A$2:$A${len(FORM_LABELS) + 1}"),
        ("is_ad_hoc", f'"{YES},{NO}"'),
    ):
        validation = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=False)
        letter = get_column_letter(position[key])
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.column_dimensions["A"].width = 110
    help_sheet.cell(row=1, column=1, value=_("Nhập chuyến đi cơ sở")).font = Font(bold=True, size=14)
    notes = [
        _(
            "Mỗi dòng là một chuyến đi đã thực hiện của một cán bộ "
            "(trang «Cán bộ» liệt kê những cán bộ bạn được ghi nhận)."
        ),
        _(
            "Ghi «Mã cán bộ» (hoặc họ và tên nếu không trùng), «Mã đơn vị» đến (hoặc tên đầy đủ), «Từ ngày», "
            "«Đến ngày» (để trống nếu đi trong ngày) dạng dd/mm/yyyy và «Hình thức» (chọn trong danh sách)."
        ),
        _(
            "Mỗi chuyến đi được kiểm tra như khi ghi trên trang: giới hạn số ngày mỗi tháng ở mỗi huyện "
            "(tính theo ngày, chia theo tháng), ngày không đi cơ sở và ngày lễ, địa bàn được phân công "
            "(trừ chuyến «Đột xuất»), trùng ngày — kể cả với các dòng khác của tệp này."
        ),
        _(
            "Không dùng công thức. Hệ thống kiểm tra toàn bộ tệp trước: còn một dòng lỗi thì chưa chuyến đi nào "
            "được ghi. Tải «các dòng lỗi» về, sửa theo cột «Lỗi», rồi tải lên lại."
        ),
    ]
    for offset, note in enumerate(notes, start=3):
        help_sheet.cell(row=offset, column=1, value=f"• {note}").alignment = Alignment(wrap_text=True)
    return save_to_bytes(workbook)


def require_import(user):
    if not may_import(user):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận việc đi cơ sở của cán bộ nào."))
