"""Import of certificates, training records and posts of the people of a unit: each row names
a person (unit code, full name, birth date when two share a name) and one record (a post is
held at the row's unit: body in «Loại», title in «Chức vụ», term, department code; a
discipline record, only by those who may see sensitive facts: status in «Loại», form,
decision number, reason); every row is
checked with the rules of ``people.records`` and the scope of ``people.services``; the commit
writes each through ``people.services.add_record`` in the import's one transaction (all or
nothing)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.accounts import scoping
from coso.core.text import fold
from coso.imports.columns import RECORD_COLUMNS, cell_text, parse_bool, parse_code, parse_date, parse_text
from coso.imports.validation import MAX_STORED_ERRORS, Outcome, PlannedRowsImporter, RowReader
from coso.org.models import Department, Unit
from coso.people import records, services
from coso.people.models import Body, DisciplineRecord, Person, PostTitle, Term

REQUIRED = [
    (("unit_code",), gettext_lazy("Thiếu cột «Mã đơn vị».")),
    (("full_name",), gettext_lazy("Thiếu cột «Họ và tên».")),
    (("record",), gettext_lazy("Thiếu cột «Loại hồ sơ».")),
    (("kind",), gettext_lazy("Thiếu cột «Loại».")),
]
PREVIEW_HEADERS = [
    gettext_lazy("Dòng"),
    gettext_lazy("Người"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Loại hồ sơ"),
    gettext_lazy("Loại"),
    gettext_lazy("Tên"),
    gettext_lazy("Trình độ"),
    gettext_lazy("Ngày"),
]
RECORD_KINDS = {
    fold("Văn bằng, chứng chỉ"): "certificates",
    fold("văn bằng"): "certificates",
    fold("chứng chỉ"): "certificates",
    "certificates": "certificates",
    fold("Đào tạo, bồi dưỡng"): "trainings",
    fold("đào tạo"): "trainings",
    fold("bồi dưỡng"): "trainings",
    "trainings": "trainings",
    fold("Chức vụ"): "posts",
    "posts": "posts",
    fold("Kỷ luật"): "discipline",
    "discipline": "discipline",
}
TEXT = {"name": 255, "level": 40, "issuer": 200, "result": 120, "form": 120, "decision_number": 60, "reason": 2000}
DISCIPLINE_ALIASES = {
    fold("Đang xem xét"): "review",
    fold("Xem xét kỷ luật"): "review",
    fold("Kỷ luật"): "disciplined",
}


def _choices(choices):
    table = {}
    for value, label in choices:
        table[fold(str(label))] = value
        table[value] = value
    return table


def _term_key(text):
    digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
    return tuple(int(d) for d in digits) if len(digits) == 2 else None


class RecordImporter(PlannedRowsImporter):
    kind = "records"
    required = REQUIRED
    preview_headers = PREVIEW_HEADERS
    columns = RECORD_COLUMNS

    def __init__(self, actor, sheet, *, today=None, error_limit=MAX_STORED_ERRORS):
        self.actor = actor
        self.sheet = sheet
        self.today = today or timezone.localdate()
        self.outcome = Outcome(limit=error_limit)
        self.reader = RowReader(sheet, self.columns, self.outcome)
        self.planned = []

    def _preload(self):
        codes = set()
        index = self.sheet.headers.index.get("unit_code")
        for _row, cells in self.sheet.rows:
            if index is not None and index < len(cells):
                code, _error = parse_code(cells[index])
                if code:
                    codes.add(code)
        # Only units the importer may see: another district's codes are simply unknown.
        visible = scoping.visible_units(self.actor).filter(code__in=codes)
        self.units = {u.code: u for u in Unit.objects.filter(pk__in=visible.values("pk"))}
        self.people = {}
        for person in Person.objects.filter(unit__in=self.units.values()).select_related("unit"):
            self.people.setdefault((person.unit_id, fold(person.full_name)), []).append(person)
        self.kind_tables = {
            slug: _choices(records.KINDS[slug].model._meta.get_field("kind").choices)
            for slug in ("certificates", "trainings")
        }
        self.kind_tables["posts"] = _choices(Body.choices)
        self.kind_tables["discipline"] = _choices(DisciplineRecord.Status.choices) | DISCIPLINE_ALIASES
        self.titles = _choices(PostTitle.choices)
        self.terms = {(t.start_year, t.end_year): t for t in Term.objects.all()}
        self.departments = {
            (d.unit_id, d.code.casefold()): d for d in Department.objects.filter(unit__in=self.units.values())
        }
        self.allowed = {}

    def _may(self, person):
        allowed = self.allowed.get(person.unit_id)
        if allowed is None:
            allowed = scoping.can(self.actor, scoping.IMPORT, person.unit) and scoping.can_edit_person(
                self.actor, person
            )
            self.allowed[person.unit_id] = allowed
        return allowed

    def _person(self, row, values, birth):
        reader = self.reader
        code, _error = parse_code(values.get("unit_code"))
        unit = self.units.get(code) if code else None
        if unit is None:
            reader.error(
                row,
                "unit_code",
                values.get("unit_code"),
                _("Không có đơn vị mã «%(value)s» trong phạm vi của bạn.") % {"value": code or ""},
                "unknown_unit",
            )
            return None
        name = " ".join(cell_text(values.get("full_name")).split())
        found = self.people.get((unit.pk, fold(name)), [])
        if birth is not None:
            found = [p for p in found if p.birth_date == birth]
        if not found:
            reader.error(
                row,
                "full_name",
                name,
                _("Không có «%(name)s» ở %(name2)s.") % {"name": name, "name2": unit.name},
                "unknown_person",
            )
            return None
        if len(found) > 1:
            reader.error(
                row,
                "birth_date",
                "",
                _("%(name)s có %(count)s người tên «%(name2)s»: hãy ghi ngày sinh.")
                % {"name": unit.name, "count": len(found), "name2": name},
                "ambiguous_person",
            )
            return None
        person = found[0]
        if not self._may(person):
            reader.error(
                row,
                "unit_code",
                code,
                _("%(name)s ngoài phạm vi của bạn: không ghi được hồ sơ ở đó.") % {"name": unit.name},
                "out_of_scope",
            )
            return None
        return person

    def check_row(self, row, cells):
        reader = self.reader
        before = self.outcome.error_count
        values, bad = reader.read(row, cells)
        dates = {}
        for key in ("birth_date", "issued_on", "start_date", "end_date"):
            day, error = parse_date(values.get(key), self.today)
            if error and key not in bad:
                reader.error(row, key, values.get(key), error, "invalid_date")
            dates[key] = day
        person = self._person(row, values, dates["birth_date"])
        slug = RECORD_KINDS.get(fold(cell_text(values.get("record"))))
        plan = {"row": row, "person": person, "slug": slug, "fields": {}}
        if slug is None:
            reader.error(
                row,
                "record",
                values.get("record"),
                _("Loại hồ sơ phải là «Văn bằng, chứng chỉ», «Đào tạo, bồi dưỡng» hoặc «Chức vụ»."),
                "unknown_record",
            )
            return plan, False
        kind = records.KINDS[slug]
        fields = {}
        choice = self.kind_tables[slug].get(fold(cell_text(values.get("kind"))))
        if choice is None:
            what = _("cơ quan") if slug == "posts" else _("loại")
            reader.error(
                row,
                "kind",
                values.get("kind"),
                _("Không có %(what)s «%(cell_text)s».") % {"what": what, "cell_text": cell_text(values.get("kind"))},
                "unknown_kind",
            )
        if slug == "posts":
            fields.update(self._post_fields(row, values, person))
            fields["body"] = choice
        elif slug == "discipline":
            fields["status"] = choice
            if person is not None and not services.can_write_records(self.actor, person, kind):
                reader.error(
                    row,
                    "record",
                    values.get("record"),
                    _("Bạn không có quyền ghi thông tin riêng (kỷ luật) của %(full_name)s.")
                    % {"full_name": person.full_name},
                    "sensitive",
                )
                person = None
        else:
            fields["kind"] = choice
        for key, limit in TEXT.items():
            if key in kind.fields:
                text, error = parse_text(values.get(key), limit)
                if error:
                    reader.error(row, key, values.get(key), error, "too_long")
                fields[key] = text or ""
        for key in ("issued_on", "start_date", "end_date"):
            if key in kind.fields:
                fields[key] = dates[key]
        if "completed" in kind.fields:
            done, error = parse_bool(values.get("completed"), False)
            if error:
                reader.error(row, "completed", values.get("completed"), error, "invalid_yes_no")
            fields["completed"] = bool(done)
        if person is not None and choice is not None:
            for field, code, message in records.violations(kind, person, fields):
                key = {"body": "kind", "status": "kind", "unit": "unit_code"}.get(field, field)
                reader.error(row, key if key in reader.columns else None, values.get(key, ""), message, code)
        plan["fields"] = fields
        return plan, self.outcome.error_count == before

    def _post_fields(self, row, values, person):
        """A post's unit (the row's), title, term and department, from their columns."""
        reader = self.reader
        fields = {"unit": person.unit if person else None, "term": None, "department": None}
        title_text = cell_text(values.get("title"))
        fields["title"] = self.titles.get(fold(title_text)) if title_text else None
        if title_text and fields["title"] is None:
            reader.error(
                row,
                "title",
                title_text,
                _("Không có chức vụ «%(title_text)s».") % {"title_text": title_text},
                "unknown_title",
            )
        term_text = cell_text(values.get("term"))
        if term_text:
            fields["term"] = self.terms.get(_term_key(term_text))
            if fields["term"] is None:
                reader.error(
                    row,
                    "term",
                    term_text,
                    _("Không có nhiệm kỳ «%(term_text)s» (ví dụ 2022–2027).") % {"term_text": term_text},
                    "unknown_term",
                )
        code = cell_text(values.get("department"))
        if code and person is not None:
            fields["department"] = self.departments.get((person.unit_id, code.casefold()))
            if fields["department"] is None:
                reader.error(
                    row,
                    "department",
                    code,
                    _("%(name)s không có ban mã «%(code)s».") % {"name": person.unit.name, "code": code},
                    "unknown_department",
                )
        return fields

    def _preview_row(self, plan, ok):
        person, fields = plan["person"], plan["fields"]
        slug = plan["slug"]
        day = fields.get("issued_on") or fields.get("start_date")
        return {
            "row": plan["row"],
            "ok": ok,
            "cells": [
                person.full_name if person else "",
                person.unit.name if person else "",
                str(records.KINDS[slug].label) if slug else "",
                fields.get("kind") or fields.get("body") or fields.get("status") or "",
                fields.get("name", "") or fields.get("title") or fields.get("form") or "",
                fields.get("level", ""),
                day.strftime("%d/%m/%Y") if day else "",
            ],
        }


def create_planned_records(planned, actor, *, change_reason):
    """Inside the commit's transaction: each record through the one service; returns how many."""
    for plan in planned:
        services.add_record(actor=actor, person=plan["person"], record_kind=plan["slug"], **plan["fields"])
    return len(planned)
