"""Import of a branch's paper registration forms from .xlsx (issue 5, item 2).

One row per member and item: the template lists each member of the branch who has not
registered yet, with ``training_count`` rows «Rèn luyện» and ``action_count`` rows «Hành
động`` (points mode: empty rows to fill), so the branch secretary only types the criterion's
code (a drop-down of the catalogue), the member's commitment, and the day the member signed.
Rows left as the template made them (nothing but the member and the kind) are skipped: that
member does not register now.

The file goes through ``coso.imports`` (``safety`` refuses hostile files; the sheet is read
like the other imports; ``validation`` collects every error with its row, column, value and
reason). The rules are the programme's own (``rules``); the commit goes through
``services.register_on_behalf`` for each member inside one transaction: all or nothing.
"""

import datetime
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db import transaction
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
from coso.imports.columns import Column, cell_text, parse_date
from coso.imports.export import DATE_FORMAT, HEADER_FILL, HEADER_FONT, save_to_bytes
from coso.imports.validation import Outcome, RowReader, header_errors
from coso.imports.workbooks import error_rows_bytes
from coso.people.models import Person
from coso.programme import permissions, rules, services, summary
from coso.programme.models import Criterion, Programme, Registration, Track

MAX_BYTES = 2 * 1024 * 1024  # a branch's forms: kept in the session between preview and commit
DATA_SHEET = "Dữ liệu"
LISTS_SHEET = "Tiêu chí"
HELP_SHEET = "Hướng dẫn"
KINDS = {"ren luyen": Criterion.Kind.TRAINING, "hanh dong": Criterion.Kind.ACTION}
KIND_LABELS = {Criterion.Kind.TRAINING: "Rèn luyện", Criterion.Kind.ACTION: "Hành động"}  # the file's words

COLUMNS = [
    Column(
        "member_id",
        "Mã đoàn viên",
        gettext_lazy("Mã số của đoàn viên trong hệ thống (có sẵn trong tệp mẫu)."),
        width=12,
    ),
    Column(
        "full_name",
        "Họ và tên",
        gettext_lazy("Họ và tên đoàn viên, để đối chiếu với mã số."),
        aliases=("Họ tên",),
        width=24,
    ),
    Column(
        "kind",
        "Loại",
        gettext_lazy("Rèn luyện hoặc Hành động (có sẵn trong tệp mẫu)."),
        choices=("Rèn luyện", "Hành động"),
    ),
    Column(
        "criterion_code",
        "Mã tiêu chí",
        gettext_lazy("Mã tiêu chí chọn từ danh mục (trang «Tiêu chí»), phù hợp với đối tượng của đoàn viên."),
        required=True,
        width=14,
    ),
    Column(
        "commitment",
        "Nội dung cam kết",
        gettext_lazy("Việc làm cụ thể đoàn viên cam kết thực hiện, một câu."),
        aliases=("Cam kết",),
        required=True,
        width=60,
    ),
    Column("points", "Điểm", gettext_lazy("Chỉ với chương trình chấm điểm: số điểm đăng ký của tiêu chí."), width=8),
    Column(
        "signed_on",
        "Ngày ký",
        gettext_lazy("Ngày đoàn viên ký phiếu, dd/mm/yyyy; ghi ở dòng đầu của mỗi đoàn viên."),
        aliases=("Ngày ký phiếu",),
        date=True,
        width=12,
    ),
]
REQUIRED = [
    (("member_id", "full_name"), gettext_lazy("Thiếu cột «Mã đoàn viên» (hoặc «Họ và tên»).")),
    (("criterion_code",), gettext_lazy("Thiếu cột «Mã tiêu chí».")),
    (("commitment",), gettext_lazy("Thiếu cột «Nội dung cam kết».")),
]
# Cells the template fills itself: a row with nothing else is a member not registering now.
PREFILLED = {"member_id", "full_name", "kind"}


def _norm(text):
    return " ".join(str(text).split()).casefold()


# --------------------------------------------------------------------------- reading


def read(name, content):
    """The checked file's data sheet (``reader.Sheet``); ``UnsafeFile`` or ``UnreadableFile``."""
    if len(content) > MAX_BYTES:
        raise safety.UnsafeFile(
            "file_too_large", _("Tệp quá lớn: tệp đăng ký của một chi đoàn không quá 2 MB. Hãy dùng tệp mẫu.")
        )
    checked = safety.check_upload(name, content)
    return reader.read_columns(
        content,
        checked,
        COLUMNS,
        is_header=lambda headers: headers.has("criterion_code"),
        no_header_message=_(
            "Không tìm thấy dòng tiêu đề có «Mã đoàn viên», «Mã tiêu chí», «Nội dung cam kết». Hãy "
            "dùng tệp mẫu tải từ trang này."
        ),
    )


# --------------------------------------------------------------------------- checking


@dataclass
class MemberForm:
    """One member's form as read from the file: their rows, items and the day they signed."""

    member: Person
    first_row: int
    rows: list = field(default_factory=list)  # [(row, values, criterion or None)]
    signed_on: datetime.date | None = None
    signed_rows: dict = field(default_factory=dict)  # {date: first row giving it}
    bad_date: bool = False  # a day was given but could not be read (already reported)

    @property
    def items(self):
        return [
            {"criterion": criterion, "commitment": cell_text(values.get("commitment")), "points": values.get("_points")}
            for _row, values, criterion in self.rows
            if criterion is not None
        ]


class RegistrationImport:
    """Checks every row of ``sheet`` for ``programme`` and ``branch``; :meth:`commit` writes."""

    def __init__(self, *, actor, programme, branch, sheet, today=None):
        self.actor = actor
        self.programme = Programme.objects.select_related("owner").get(pk=programme.pk)
        self.branch = branch
        self.sheet = sheet
        self.today = today or timezone.localdate()
        self._reset()

    def _reset(self):
        self.outcome = Outcome(limit=None)
        self.reader = RowReader(self.sheet, COLUMNS, self.outcome)
        self.forms = OrderedDict()  # member id -> MemberForm
        self.skipped = 0

    def error(self, row, key, value, message, code):
        self.reader.error(row, key, value, message, code)

    # ----- reference data, loaded once

    def _load(self):
        self.criteria = {
            c.code.casefold(): c
            for c in Criterion.objects.filter(programme=self.programme).select_related("target_group", "points_group")
        }
        self.members = {
            p.pk: p
            for p in Person.objects.filter(unit=self.branch).select_related("target_group").order_by("sort_key", "id")
        }
        self.by_name = {}
        for person in self.members.values():
            self.by_name.setdefault(_norm(person.full_name), []).append(person)
        self.registered = set(
            Registration.objects.filter(programme=self.programme, member__unit=self.branch).values_list(
                "member_id", flat=True
            )
        )
        self.tracks = {t.kind: t for t in Track.objects.filter(programme=self.programme)}
        chain = list(self.branch.ancestors_and_self().values_list("level__kind", "sector__code"))
        self.is_school = rules.is_school_unit(chain)
        self.groups = {
            g.pk: rules.GroupFact(id=g.pk, name=g.name, max_points=g.max_points)
            for g in self.programme.points_groups.all()
        }
        self.programme_fact = rules.ProgrammeFact(
            id=self.programme.pk,
            name=self.programme.name,
            mode=self.programme.mode,
            training_count=self.programme.training_count,
            action_count=self.programme.action_count,
            max_points=self.programme.max_points,
            owner_path=self.programme.owner.path,
            owner_name=self.programme.owner.name,
        )

    def _criterion_fact(self, c):
        return rules.CriterionFact(
            id=c.pk,
            title=c.title,
            kind=c.kind,
            programme_id=c.programme_id,
            target_group_id=c.target_group_id,
            target_group_name=c.target_group.name if c.target_group_id else "",
            points_group_id=c.points_group_id,
            max_points=c.max_points,
            is_active=c.is_active,
        )

    def _member_fact(self, person):
        return rules.MemberFact(
            name=person.full_name,
            is_member=person.is_member,
            target_group_id=person.target_group_id,
            target_group_name=person.target_group.name if person.target_group_id else "",
            unit_path=self.branch.path,
            is_school=self.is_school,
        )

    # ----- one row

    def _member(self, row, values):
        raw_id, name = values.get("member_id", ""), cell_text(values.get("full_name", ""))
        text = cell_text(raw_id)
        if text:
            try:
                member_id = int(float(text)) if not isinstance(raw_id, str) else int(text)
            except ValueError:
                self.error(
                    row,
                    "member_id",
                    raw_id,
                    _("Mã đoàn viên «%(text)s» không phải là số.") % {"text": text},
                    "invalid_member_id",
                )
                return None
            member = self.members.get(member_id)
            if member is None:
                if scoping.visible_people(self.actor).filter(pk=member_id).exists():
                    message = _("Đoàn viên mã %(member_id)s không sinh hoạt ở %(branch_name)s.") % {
                        "member_id": member_id,
                        "branch_name": self.branch.name,
                    }
                    code = "member_outside_branch"
                else:
                    message, code = (
                        _("Không có đoàn viên mã %(member_id)s.") % {"member_id": member_id},
                        "unknown_member",
                    )
                self.error(row, "member_id", raw_id, message, code)
                return None
            if name and _norm(name) != _norm(member.full_name):
                self.error(
                    row,
                    "full_name",
                    name,
                    _("Mã %(member_id)s là đoàn viên %(member_name)s, không phải «%(name)s»: kiểm tra lại mã hoặc tên.")
                    % {"member_id": member_id, "member_name": member.full_name, "name": name},
                    "name_mismatch",
                )
                return None
            return member
        if not name:
            key = "member_id" if self.sheet.headers.has("member_id") else "full_name"
            self.error(row, key, "", _("Thiếu đoàn viên: ghi «Mã đoàn viên» (hoặc «Họ và tên»)."), "member_required")
            return None
        found = self.by_name.get(_norm(name), [])
        if not found:
            self.error(
                row,
                "full_name",
                name,
                _("Không có đoàn viên «%(name)s» ở %(branch_name)s.") % {"name": name, "branch_name": self.branch.name},
                "unknown_member",
            )
            return None
        if len(found) > 1:
            self.error(
                row,
                "full_name",
                name,
                _("%(branch_name)s có %(found_count)s đoàn viên tên «%(name)s»: hãy ghi «Mã đoàn viên».")
                % {"branch_name": self.branch.name, "found_count": len(found), "name": name},
                "ambiguous_member",
            )
            return None
        return found[0]

    def _criterion(self, row, values, member):
        code = cell_text(values.get("criterion_code", ""))
        if not code:
            self.error(row, "criterion_code", "", _("Chưa ghi mã tiêu chí."), "criterion_required")
            return None
        criterion = self.criteria.get(code.casefold())
        if criterion is None:
            self.error(
                row,
                "criterion_code",
                code,
                _("Không có tiêu chí mã «%(code)s» trong chương trình «%(programme_name)s».")
                % {"code": code, "programme_name": self.programme.name},
                "unknown_criterion",
            )
            return None
        kind_text = cell_text(values.get("kind", ""))
        kind = KINDS.get(fold(kind_text)) if kind_text else None
        if kind_text and kind is None:
            self.error(row, "kind", kind_text, _("Loại chỉ nhận: Rèn luyện, Hành động."), "invalid_kind")
        elif kind and kind != criterion.kind:
            self.error(
                row,
                "criterion_code",
                code,
                _("Tiêu chí «%(code)s» là tiêu chí %(kind)s, không phải %(column_kind)s như cột «Loại».")
                % {
                    "code": code,
                    "kind": str(Criterion.Kind(criterion.kind).label).lower(),
                    "column_kind": str(Criterion.Kind(kind).label).lower(),
                },
                "wrong_kind",
            )
        item = rules.ItemFact(criterion_id=criterion.pk, commitment=cell_text(values.get("commitment", "")))
        facts = {criterion.pk: self._criterion_fact(criterion)}
        bad = False
        for violation in rules.item_violations(self.programme_fact, self._member_fact(member), [item], facts):
            key = "commitment" if violation.code == "commitment_required" else "criterion_code"
            self.error(row, key, values.get(key, ""), violation.message, violation.code)
            bad = True
        return None if bad else criterion

    def _points(self, row, values):
        raw = values.get("points", "")
        if self.programme.mode != Programme.Mode.POINTS or cell_text(raw) == "":
            return None
        try:
            number = float(cell_text(raw).replace(",", "."))
        except ValueError:
            number = -1
        if number < 0 or not number.is_integer():
            self.error(row, "points", raw, _("Điểm phải là số nguyên không âm."), "invalid_points")
            return None
        return int(number)

    def _row(self, row, cells):
        values, _bad = self.reader.read(row, cells)
        if all(cell_text(values.get(key, "")) == "" for key in values if key not in PREFILLED):
            self.skipped += 1
            return
        member = self._member(row, values)
        if member is None:
            return
        form = self.forms.get(member.pk)
        if form is None:
            form = self.forms[member.pk] = MemberForm(member=member, first_row=row)
        if "signed_on" in values:
            day, reason = parse_date(values["signed_on"], self.today)
            if reason:
                self.error(row, "signed_on", values["signed_on"], reason, "invalid_date")
                form.bad_date = True
            elif day is not None:
                form.signed_rows.setdefault(day, row)
        values["_points"] = self._points(row, values)
        form.rows.append((row, values, self._criterion(row, values, member)))

    # ----- one member's form

    def _form(self, form):
        member, first = form.member, form.first_row
        if member.pk in self.registered:
            self.error(
                first,
                "member_id",
                member.pk,
                _("Đoàn viên %(member_name)s đã có phiếu đăng ký chương trình «%(programme_name)s».")
                % {"member_name": member.full_name, "programme_name": self.programme.name},
                "already_registered",
            )
        codes = {}
        for row, values, criterion in form.rows:
            if criterion is None:
                continue
            if criterion.pk in codes:
                self.error(
                    row,
                    "criterion_code",
                    values.get("criterion_code"),
                    _("Tiêu chí «%(criterion_code)s» đã chọn cho đoàn viên %(member_name)s ở dòng %(row)s.")
                    % {"criterion_code": criterion.code, "member_name": member.full_name, "row": codes[criterion.pk]},
                    "duplicate_criterion",
                )
            codes.setdefault(criterion.pk, row)
        if len(form.signed_rows) > 1:
            days = ", ".join(f"{d:%d/%m/%Y}" for d in form.signed_rows)
            self.error(
                first,
                "signed_on",
                "",
                _("Đoàn viên %(member_name)s có nhiều ngày ký (%(days)s).")
                % {"member_name": member.full_name, "days": days},
                "signed_on_conflict",
            )
        elif not form.signed_rows and not form.bad_date:
            self.error(
                first,
                "signed_on",
                "",
                _("Chưa ghi ngày đoàn viên %(member_name)s ký phiếu (ở dòng đầu của đoàn viên).")
                % {"member_name": member.full_name},
                "signed_on_required",
            )
        elif form.signed_rows:
            form.signed_on = next(iter(form.signed_rows))
        if any(criterion is None for _r, _v, criterion in form.rows):
            return  # the counts follow once every row names a good criterion
        items = [
            rules.ItemFact(criterion_id=c.pk, commitment=cell_text(v.get("commitment")), points=v.get("_points"))
            for _r, v, c in form.rows
        ]
        facts = {c.pk: self._criterion_fact(c) for _r, _v, c in form.rows}
        member_fact = self._member_fact(member)
        school = self.tracks.get(Track.Kind.SCHOOL)
        track = school if self.is_school and school else self.tracks.get(Track.Kind.GENERAL)
        track_fact = track and rules.TrackFact(
            id=track.pk, kind=track.kind, name=track.name, programme_id=track.programme_id
        )
        school_fact = school and rules.TrackFact(
            id=school.pk, kind=school.kind, name=school.name, programme_id=school.programme_id
        )
        violations = (
            rules.member_violations(self.programme_fact, member_fact)
            + rules.track_violations(self.programme_fact, member_fact, track_fact, school_fact)
            + rules.count_violations(self.programme_fact, items, facts)
            + rules.points_violations(self.programme_fact, items, facts, self.groups)
        )
        for violation in violations:
            key = {"member": "member_id", "track": "member_id"}.get(violation.field, "criterion_code")
            if violation.code.startswith("points") or "over" in violation.code:
                key = "points"
            message = violation.message
            if violation.field == "items":
                message = _("Đoàn viên %(member_name)s: %(message)s") % {
                    "member_name": member.full_name,
                    "message": message[0].lower() + message[1:],
                }
            self.error(first, key, "", message, violation.code)

    def check(self):
        """Every error of the file (``self.outcome``); the members' forms in ``self.forms``."""
        self._reset()
        if not header_errors(self.sheet, self.outcome, REQUIRED):
            return self.outcome
        self._load()
        for row, cells in self.sheet.rows:
            self.outcome.row_count += 1
            self._row(row, cells)
        for form in self.forms.values():
            self._form(form)
        if self.outcome.ok and not self.forms:
            self.outcome.add(
                self.sheet.header_row,
                "",
                "",
                _("Tệp không có phiếu đăng ký nào: chưa điền tiêu chí, cam kết."),
                "empty",
            )
        self.outcome.errors.sort(key=lambda e: (e["row"], e["column"]))
        return self.outcome

    @transaction.atomic
    def commit(self):
        """Register every member of a clean file, or nobody (a ``DomainError`` rolls all back)."""
        permissions.require(self.actor, permissions.BRANCH, self.branch)
        if not self.check().ok:
            raise DomainError("import_invalid", _("Tệp còn lỗi: chưa nhập phiếu nào."))
        done = []
        with summary.batched():
            for form in self.forms.values():
                try:
                    done.append(
                        services.register_on_behalf(
                            actor=self.actor,
                            member=form.member,
                            programme=self.programme,
                            items=form.items,
                            signed_on=form.signed_on,
                            submit=True,
                        )
                    )
                except DomainError as error:
                    raise DomainError(
                        error.code,
                        _("Dòng %(first_row)s, đoàn viên %(member_name)s: %(message)s Chưa nhập phiếu nào.")
                        % {"first_row": form.first_row, "member_name": form.member.full_name, "message": error.message},
                    ) from error
        return done


def error_rows(sheet, outcome):
    return error_rows_bytes(sheet, outcome.errors)


# --------------------------------------------------------------------------- the template


def template_bytes(programme, branch):
    """The branch's template: rows ready for each member not registered yet, the catalogue."""
    programme = Programme.objects.select_related("owner").get(pk=programme.pk)
    criteria = list(
        Criterion.objects.filter(programme=programme, is_active=True)
        .select_related("target_group", "points_group")
        .order_by("kind", "order", "code")
    )
    registered = set(
        Registration.objects.filter(programme=programme, member__unit=branch).values_list("member_id", flat=True)
    )
    members = [
        p
        for p in Person.objects.filter(unit=branch, is_member=True).order_by("sort_key", "id")
        if p.pk not in registered
    ]
    points = programme.mode == Programme.Mode.POINTS
    columns = [c for c in COLUMNS if points or c.key != "points"]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.comment = Comment(column.help, "Cơ Sở")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    if points:
        slots = [None] * 5
    else:
        slots = [Criterion.Kind.TRAINING] * programme.training_count + [Criterion.Kind.ACTION] * programme.action_count
    position = {c.key: i for i, c in enumerate(columns, start=1)}
    row = 2
    for member in members:
        for slot in slots:
            sheet.cell(row=row, column=position["member_id"], value=member.pk)
            sheet.cell(row=row, column=position["full_name"], value=member.full_name)
            if slot:
                sheet.cell(row=row, column=position["kind"], value=KIND_LABELS[slot])
            sheet.cell(row=row, column=position["signed_on"]).number_format = DATE_FORMAT
            row += 1
    last = max(row, 2) + 200

    lists = workbook.create_sheet(LISTS_SHEET)
    headers = [_("Mã tiêu chí"), _("Loại"), _("Đối tượng"), _("Tiêu chí"), _("Thế nào là hoàn thành")] + (
        [_("Nhóm"), _("Điểm tối đa")] if points else []
    )
    for index, header in enumerate(headers, start=1):
        cell = lists.cell(row=1, column=index, value=header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for offset, c in enumerate(criteria, start=2):
        values = [
            c.code,
            KIND_LABELS.get(c.kind, c.kind),
            c.target_group.name if c.target_group_id else _("Mọi đối tượng"),
            c.title,
            c.description,
        ]
        if points:
            values += [c.points_group.name if c.points_group_id else "", c.max_points]
        for index, value in enumerate(values, start=1):
            lists.cell(row=offset, column=index, value=value)
    for letter, width in zip("ABCDEFG", (12, 12, 26, 50, 60, 30, 10), strict=False):
        lists.column_dimensions[letter].width = width
    if criteria:
        ref = f"{quote_sheetname(LISTS_SHEET)}!$A$2:$A${len(criteria) + 1}"
        validation = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=False)
        letter = get_column_letter(position["criterion_code"])
        validation.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(validation)

    help_sheet = workbook.create_sheet(HELP_SHEET)
    help_sheet.column_dimensions["A"].width = 110
    help_sheet.cell(
        row=1, column=1, value=_("Nhập phiếu đăng ký – %(branch_name)s") % {"branch_name": branch.name}
    ).font = Font(bold=True, size=14)
    count_rule = (
        _(
            "Mỗi đoàn viên chọn đúng %(training_count)s tiêu chí rèn luyện và %(action_count)s tiêu "
            "chí hành động, phù hợp với đối tượng của mình (trang «Tiêu chí»)."
        )
        % {"training_count": programme.training_count, "action_count": programme.action_count}
        if not points
        else _(
            "Mỗi tiêu chí ghi số điểm đăng ký; tổng không quá %(max_points)s điểm, mỗi nhóm không "
            "quá mức tối đa của nhóm."
        )
        % {"max_points": programme.max_points}
    )
    notes = [
        _("Chương trình: %(programme_name)s.") % {"programme_name": programme.name},
        _("Mỗi dòng là một tiêu chí của một đoàn viên; tệp mẫu đã có sẵn các dòng cho từng đoàn viên chưa đăng ký."),
        count_rule,
        _("Ghi «Mã tiêu chí» (chọn trong danh sách), «Nội dung cam kết» và «Ngày ký» (ở dòng đầu của đoàn viên)."),
        _("Đoàn viên chưa đăng ký lần này: để nguyên các dòng của đoàn viên đó, hệ thống bỏ qua."),
        _(
            "Không dùng công thức. Hệ thống kiểm tra toàn bộ tệp trước: còn một dòng lỗi thì chưa "
            "phiếu nào được nhập. Tải «các dòng lỗi» về, sửa theo cột «Lỗi», rồi tải lên lại."
        ),
    ]
    for offset, note in enumerate(notes, start=3):
        help_sheet.cell(row=offset, column=1, value=f"• {note}").alignment = Alignment(wrap_text=True)
    return save_to_bytes(workbook)
