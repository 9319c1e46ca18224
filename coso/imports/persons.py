"""Import of persons: validate every row with the rules of ``people.services``, then
insert all of them in bulk (search and sort keys computed here, as ``Person.save`` does).

Everything the rows refer to (units, target groups, people already there) is loaded once
into dicts: no query per row.
"""

import datetime
import json
import zlib

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.core.text import fold, split_full_name
from coso.imports.bulk import BulkWriter, large_page_cache
from coso.imports.columns import (
    PERSON_COLUMNS,
    cached_fold,
    cell_text,
    parse_bool,
    parse_choice,
    parse_code,
    parse_date,
    parse_email,
    parse_phone,
    parse_text,
)
from coso.imports.fastkeys import fast_name_sort_key, search_text
from coso.imports.validation import (
    MAX_STORED_ERRORS,
    PREVIEW_ROWS,
    PROGRESS_EVERY,
    Outcome,
    RowReader,
    display,
    header_errors,
)
from coso.org.models import Unit
from coso.people import ancestry
from coso.people.models import Person, TargetGroup
from coso.people.services import person_violations

REQUIRED = [
    (("family_name", "full_name"), gettext_lazy("Thiếu cột «Họ» (hoặc «Họ và tên»).")),
    (("given_name", "full_name"), gettext_lazy("Thiếu cột «Tên» (hoặc «Họ và tên»).")),
    (("sex",), gettext_lazy("Thiếu cột «Giới tính».")),
    (("unit_code", "unit_name"), gettext_lazy("Thiếu cột «Mã đơn vị» (hoặc «Đơn vị»).")),
]
PREVIEW_HEADERS = [
    gettext_lazy("Dòng"),
    gettext_lazy("Họ và tên"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Đơn vị"),
    gettext_lazy("Cán bộ"),
    gettext_lazy("Đoàn viên"),
    gettext_lazy("Đối tượng"),
    gettext_lazy("Đảng"),
    gettext_lazy("Điện thoại"),
    "Email",
]
# Plain str values (not the enum members): they go straight to the database driver.
SEX = {"nam": Person.Sex.MALE.value, "nu": Person.Sex.FEMALE.value}
PARTY = {
    "dang vien": Person.PartyStatus.MEMBER.value,
    "co": Person.PartyStatus.MEMBER.value,
    "doi tuong phat trien dang": Person.PartyStatus.SOURCE.value,
    "doi tuong": Person.PartyStatus.SOURCE.value,
    "quan chung uu tu": Person.PartyStatus.SOURCE.value,
    "chua": Person.PartyStatus.NONE.value,
    "khong": Person.PartyStatus.NONE.value,
}
EDUCATION = {"thpt": Person.Education.SECONDARY.value, "12/12": Person.Education.SECONDARY.value}
THEORY = {"chua": "", "khong": ""}
for _value, _label in Person.PartyStatus.choices:
    PARTY.setdefault(fold(str(_label)), _value)
    PARTY.setdefault(_value, _value)
for _value, _label in Person.Education.choices:
    EDUCATION[fold(str(_label))] = _value
    EDUCATION[_value] = _value
for _value, _label in Person.PoliticalTheory.choices:
    THEORY[fold(str(_label))] = _value
    if _value:
        THEORY[_value] = _value
PARTY_LABEL = {
    Person.PartyStatus.MEMBER: gettext_lazy("Đảng viên"),
    Person.PartyStatus.SOURCE: gettext_lazy("Đối tượng phát triển Đảng"),
    Person.PartyStatus.NONE: gettext_lazy("Chưa"),
}
# Which column a rule of person_violations speaks about.
VIOLATION_COLUMN = {
    "family_name": ("family_name", "full_name"),
    "given_name": ("given_name", "full_name"),
    "sex": ("sex",),
    "joined_union_on": ("joined_union_on",),
    "party_joined_on": ("party_joined_on",),
    "is_member": ("is_member", "is_cadre"),
}
TEXT_LIMITS = {"job_title": 120, "national_id": 20}
DATE_KEYS = ("birth_date", "joined_union_on", "party_joined_on")
BOOL_KEYS = (("is_cadre", False), ("is_member", True), ("on_payroll", False))
CHOICES = (
    (
        "party_status",
        PARTY,
        gettext_lazy("Chỉ nhận: Đảng viên, Đối tượng phát triển Đảng, Chưa."),
        Person.PartyStatus.NONE.value,
    ),
    (
        "education",
        EDUCATION,
        gettext_lazy("Chỉ nhận: Trung học phổ thông, Trung cấp, Cao đẳng, Đại học, Thạc sĩ, Tiến sĩ."),
        "",
    ),
    ("political_theory", THEORY, gettext_lazy("Chỉ nhận: Chưa qua đào tạo, Sơ cấp, Trung cấp, Cao cấp."), ""),
)


_BOOL_PARSERS = {key: (lambda value, default=default: parse_bool(value, default)) for key, default in BOOL_KEYS}
_CHOICE_PARSERS = {
    key: (lambda value, table=table, reason=reason, default=default: parse_choice(value, table, reason, default))
    for key, table, reason, default in CHOICES
}


def _sex(value):
    # An unknown value is kept: person_violations then says what Giới tính must be.
    text = cell_text(value)
    return SEX.get(cached_fold(text), text), None


def _norm_name(text):
    return " ".join(str(text).split()).casefold()


class PersonImporter:
    kind = "persons"
    columns = PERSON_COLUMNS

    def __init__(self, actor, sheet, *, today=None, error_limit=MAX_STORED_ERRORS):
        self.actor = actor
        self.sheet = sheet
        self.today = today or timezone.localdate()
        self.outcome = Outcome(limit=error_limit)
        self.reader = RowReader(sheet, self.columns, self.outcome)
        self._memos = {}

    # ----- preloading -----------------------------------------------------------------

    def _column_values(self, key):
        index = self.sheet.headers.index.get(key)
        if index is None:
            return set()
        raw = {cells[index] for _row, cells in self.sheet.rows if index < len(cells)}
        found = set()
        for value in raw:
            text, _error = parse_code(value, 255)
            if text:
                found.add(text)
        return found

    def _preload(self):
        fields = ("id", "code", "name", "path", "is_active", "merged_into_id")
        self.units_by_code = {}
        codes = list(self._column_values("unit_code"))
        for start in range(0, len(codes), 2000):
            for unit in Unit.objects.filter(code__in=codes[start : start + 2000]).only(*fields):
                self.units_by_code[unit.code] = unit
        self.units_by_name = {}
        names = self._column_values("unit_name")
        if names:
            folded = list({fold(name)[:255] for name in names})
            in_scope = Unit.objects.filter(scoping.unit_q(self.actor, scoping.EDIT_PEOPLE))
            for start in range(0, len(folded), 2000):
                for unit in in_scope.filter(search_text__in=folded[start : start + 2000]).only(*fields):
                    self.units_by_name.setdefault(_norm_name(unit.name), []).append(unit)
        self.groups = {}
        for group in TargetGroup.objects.all():
            self.groups[fold(group.name)] = group
            self.groups[fold(group.code)] = group
        self.allowed = {}
        self.seen = {}
        units = {u.pk: u for u in self.units_by_code.values()}
        for group in self.units_by_name.values():
            units.update({u.pk: u for u in group})
        self.existing = set()
        ids = list(units)
        for start in range(0, len(ids), 2000):
            rows = Person.objects.filter(unit_id__in=ids[start : start + 2000]).values_list(
                "unit_id", "family_name", "middle_name", "given_name", "birth_date"
            )
            for unit_id, family, middle, given, birth in rows:
                self.existing.add((unit_id, f"{family} {middle} {given}".casefold(), birth))

    def _setup_columns(self):
        """The columns parsed by lookup, each with its memo; defaults for the absent ones."""
        parsers = [
            *((key, self._parse_date, None, "invalid_date") for key in DATE_KEYS),
            ("sex", _sex, "", "invalid_sex"),
            *((key, _BOOL_PARSERS[key], default, "invalid_yes_no") for key, default in BOOL_KEYS),
            ("target_group", self._group, None, "unknown_group"),
            *((key, _CHOICE_PARSERS[key], default, "invalid_choice") for key, _t, _r, default in CHOICES),
        ]
        has = self.sheet.headers.has
        self._coded = [(key, {}, parse, default, code) for key, parse, default, code in parsers if has(key)]
        self._absent = {key: default for key, _parse, default, _code in parsers if not has(key)}

    def _in_scope(self, unit):
        allowed = self.allowed.get(unit.pk)
        if allowed is None:
            allowed = scoping.can(self.actor, scoping.EDIT_PEOPLE, unit) and scoping.can(
                self.actor, scoping.IMPORT, unit
            )
            self.allowed[unit.pk] = allowed
        return allowed

    # ----- one row --------------------------------------------------------------------
    # Most columns repeat a few values (Nam, có, Học sinh, the same unit codes, dates):
    # each distinct cell value is parsed once and the answer reused, error included.

    def _memo(self, key, value, parse):
        memo = self._memos.setdefault(key, {})
        try:
            return memo[value]
        except KeyError:
            answer = memo[value] = parse(value)
            return answer

    def _find_unit(self, slot):
        """(unit, column key, reason, code) for a ((unit code cell, unit name cell), types) slot."""
        code_value, name_value = slot[0]
        code, error = parse_code(code_value)
        if error:
            return None, "unit_code", error, "invalid_code"
        if code:
            unit = self.units_by_code.get(code)
            if unit is None:
                return None, "unit_code", _("Không có đơn vị mã «%(code)s».") % {"code": code}, "unknown_unit"
            key = "unit_code"
        else:
            name = cell_text(name_value)
            if not name:
                key = "unit_code" if self.sheet.headers.has("unit_code") else "unit_name"
                return None, key, _("Thiếu đơn vị: điền «Mã đơn vị» (hoặc «Đơn vị»)."), "unit_required"
            found = self.units_by_name.get(_norm_name(name), [])
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
            unit = found[0]
            key = "unit_name"
        if not self._in_scope(unit):
            return (
                None,
                key,
                _("Đơn vị «%(name)s» ngoài phạm vi của bạn: bạn không có quyền nhập người vào đơn vị này.")
                % {"name": unit.name},
                "out_of_scope",
            )
        if not unit.is_active:
            return None, key, _("Đơn vị «%(name)s» đã ngừng hoạt động.") % {"name": unit.name}, "inactive_unit"
        return unit, key, None, None

    def _names(self, row, values, bad):
        reader = self.reader
        family = cell_text(values.get("family_name"))
        middle = cell_text(values.get("middle_name"))
        given = cell_text(values.get("given_name"))
        full = cell_text(values.get("full_name"))
        if full and not (family or given):
            family, middle, given = split_full_name(full)
        for key, text, limit in (("family_name", family, 60), ("middle_name", middle, 120), ("given_name", given, 60)):
            if len(text) > limit:
                column = key if self.sheet.headers.has(key) else "full_name"
                reader.error(row, column, text, _("Dài quá %(limit)s ký tự.") % {"limit": limit}, "too_long")
                bad.add(key)
        return family, middle, given

    def _group(self, value):
        text = cell_text(value)
        if not text:
            return None, None
        group = self.groups.get(cached_fold(text))
        return (group, None) if group is not None else (None, _("Không có đối tượng «%(text)s».") % {"text": text})

    def check_row(self, row, cells):
        """The values of one row for a Person and whether the row is free of errors."""
        reader = self.reader
        errors_before = self.outcome.error_count
        values, bad = reader.read(row, cells)
        get = values.get
        family, middle, given = self._names(row, values, bad)
        result = {"family_name": family, "middle_name": middle, "given_name": given}

        result.update(self._absent)
        for key, memo, parse, default, code in self._coded:
            value = get(key)
            if value is None or value == "":
                result[key] = default
                continue
            # Texts never equal numbers; other values carry their type (True == 1 == 1.0).
            slot = value if value.__class__ is str else (value.__class__, value)
            answer = memo.get(slot)
            if answer is None:
                answer = memo[slot] = parse(value)
            parsed, error = answer
            if error:
                reader.error(row, key, value, error, code)
                bad.add(key)
                parsed = default
            result[key] = parsed

        unit = None
        if "unit_code" not in bad and "unit_name" not in bad:
            pair = (get("unit_code"), get("unit_name"))
            unit, key, reason, code = self._memo("unit", (pair, *map(type, pair)), self._find_unit)
            if reason:
                reader.error(row, key, get(key), reason, code)
        result["unit"] = unit
        if unit is None:
            bad.add("unit")

        phone, error = parse_phone(get("phone"))
        if error:
            reader.error(row, "phone", get("phone"), error, "invalid_phone")
        result["phone"] = phone or ""
        email, error = parse_email(get("email"))
        if error:
            reader.error(row, "email", get("email"), error, "invalid_email")
        result["email"] = email or ""
        for key, limit in TEXT_LIMITS.items():
            text, error = parse_text(get(key), limit)
            if error:
                reader.error(row, key, get(key), error, "too_long")
            result[key] = text or ""

        for field_name, code, message in person_violations(result, self.today):
            keys = VIOLATION_COLUMN.get(field_name, ())
            if field_name in bad or any(k in bad for k in keys):
                continue
            key = next((k for k in keys if self.sheet.headers.has(k)), keys[0] if keys else "")
            reader.error(row, key, get(key), message, code)

        ok = self.outcome.error_count == errors_before
        if ok:
            identity = (unit.id, f"{family} {middle} {given}".casefold(), result["birth_date"])
            name_key = "full_name" if self.sheet.headers.has("full_name") and not get("given_name") else "given_name"
            shown = " ".join(p for p in (family, middle, given) if p)
            if identity in self.existing:
                reader.error(
                    row,
                    name_key,
                    shown,
                    _("Đã có người này trong «%(name)s» (cùng họ tên và ngày sinh): tệp đã được nhập trước đây?")
                    % {"name": unit.name},
                    "duplicate_existing",
                )
                ok = False
            elif identity in self.seen:
                reader.error(
                    row,
                    name_key,
                    shown,
                    _("Trùng với dòng %(value)s (cùng họ tên, ngày sinh, đơn vị).") % {"value": self.seen[identity]},
                    "duplicate_in_file",
                )
                ok = False
            else:
                self.seen[identity] = row
        return result, ok

    def _parse_date(self, value):
        return parse_date(value, self.today)

    def _preview_row(self, row, result, ok):
        unit = result.get("unit")
        name = " ".join(
            p for p in (result.get("family_name"), result.get("middle_name"), result.get("given_name")) if p
        )
        sex = str(dict(Person.Sex.choices).get(result.get("sex"), result.get("sex") or ""))
        group = result.get("target_group")
        return {
            "row": row,
            "ok": ok,
            "cells": [
                name,
                display(result.get("birth_date")),
                sex,
                f"{unit.name} ({unit.code})" if unit is not None and unit.code else (unit.name if unit else ""),
                display(result.get("is_cadre")),
                display(result.get("is_member")),
                group.name if group else "",
                str(PARTY_LABEL.get(result.get("party_status"), "")),
                result.get("phone", ""),
                result.get("email", ""),
            ],
        }

    # ----- the walk -------------------------------------------------------------------

    def run(self, *, progress=None):
        """Validate every row; while there is no error, keep each row compactly for the commit."""
        outcome = self.outcome
        outcome.row_count = len(self.sheet.rows)
        outcome.preview = {"headers": [str(h) for h in PREVIEW_HEADERS], "rows": []}
        self._encoded = []
        if not header_errors(self.sheet, outcome, REQUIRED):
            return outcome
        self._preload()
        self._setup_columns()
        preview = outcome.preview["rows"]
        encoded = self._encoded
        for done, (row, cells) in enumerate(self.sheet.rows, start=1):
            result, ok = self.check_row(row, cells)
            if len(preview) < PREVIEW_ROWS:
                preview.append(self._preview_row(row, result, ok))
            if ok and outcome.error_count == 0:
                encoded.append(_encode(row, result))
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, outcome.row_count)
        return outcome

    def validated_rows(self):
        """The validated rows, compressed, for ``commit_rows`` (None when the file has errors)."""
        if not self.outcome.ok:
            return None
        labels = {key: self.reader.label(key) for key in ("unit_code", "unit_name", "given_name", "full_name")}
        payload = {
            "head": {"format": PAYLOAD_FORMAT, "fields": PAYLOAD_FIELDS, "labels": labels},
            "rows": self._encoded,
        }
        return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode(), 1)


# ----- the validated rows, between validation and commit ----------------------------------
# The commit does not parse the file again: it takes the rows as validated (each cell
# already checked against the rules) and checks again, inside its transaction, what may
# have changed since in the database: the units (still there, active, in the user's
# scope), the target groups, and people added meanwhile (duplicates).

PAYLOAD_FORMAT = 1
PAYLOAD_FIELDS = [
    "family_name",
    "middle_name",
    "given_name",
    "birth_date",
    "sex",
    "unit_id",
    "is_cadre",
    "is_member",
    "target_group_id",
    "joined_union_on",
    "party_status",
    "party_joined_on",
    "on_payroll",
    "job_title",
    "phone",
    "email",
    "national_id",
    "education",
    "political_theory",
]
_PAYLOAD_DATES = [i for i, name in enumerate(PAYLOAD_FIELDS) if name in DATE_KEYS]


def _encode(row, r):
    """One validated row as a JSON-ready list, in the order of PAYLOAD_FIELDS (dates as ordinals)."""
    birth, joined, party_joined, group = r["birth_date"], r["joined_union_on"], r["party_joined_on"], r["target_group"]
    return [
        row,
        r["family_name"],
        r["middle_name"],
        r["given_name"],
        birth.toordinal() if birth else None,
        r["sex"],
        r["unit"].id,
        r["is_cadre"],
        r["is_member"],
        group.id if group is not None else None,
        joined.toordinal() if joined else None,
        r["party_status"],
        party_joined.toordinal() if party_joined else None,
        r["on_payroll"],
        r["job_title"],
        r["phone"],
        r["email"],
        r["national_id"],
        r["education"],
        r["political_theory"],
    ]


def decode_rows(blob):
    """(labels, [(row number, {field: value})]) from ``validated_rows``."""
    data = json.loads(zlib.decompress(blob))
    head = data["head"]
    if head["format"] != PAYLOAD_FORMAT or head["fields"] != PAYLOAD_FIELDS:
        raise DomainError("stale_payload", _("Dữ liệu đã kiểm tra không còn dùng được: hãy tải tệp lên lại."))
    rows = []
    fromordinal = datetime.date.fromordinal
    for values in data["rows"]:
        for index in _PAYLOAD_DATES:
            if values[index + 1] is not None:
                values[index + 1] = fromordinal(values[index + 1])
        rows.append((values[0], dict(zip(PAYLOAD_FIELDS, values[1:], strict=True))))
    return head["labels"], rows


def recheck(actor, labels, rows, outcome):
    """What may have changed in the database since validation; errors go to ``outcome``."""
    unit_ids = {values["unit_id"] for _row, values in rows}
    # Commits into the same units are serialised (issue 11, point 7): the target units are
    # locked, in a fixed order, before the duplicates are looked for, so a second job with
    # the same rows waits for the first and then finds its people already there.
    units = {
        u.pk: u
        for u in Unit.objects.select_for_update(of=("self",))
        .filter(pk__in=unit_ids)
        .order_by("pk")
        .only("id", "name", "path", "is_active")
    }
    group_ids = {values["target_group_id"] for _row, values in rows} - {None}
    groups = set(TargetGroup.objects.filter(pk__in=group_ids).values_list("pk", flat=True))
    unit_label = labels.get("unit_code") or labels.get("unit_name") or _("Mã đơn vị")
    name_label = labels.get("given_name") or labels.get("full_name") or _("Tên")
    problems = {}
    for unit_id in unit_ids:
        unit = units.get(unit_id)
        if unit is None:
            problems[unit_id] = (_("Đơn vị không còn trong hệ thống."), "unknown_unit")
        elif not (scoping.can(actor, scoping.EDIT_PEOPLE, unit) and scoping.can(actor, scoping.IMPORT, unit)):
            problems[unit_id] = (
                _("Đơn vị «%(name)s» ngoài phạm vi của bạn: bạn không có quyền nhập người vào đơn vị này.")
                % {"name": unit.name},
                "out_of_scope",
            )
        elif not unit.is_active:
            problems[unit_id] = (_("Đơn vị «%(name)s» đã ngừng hoạt động.") % {"name": unit.name}, "inactive_unit")
    existing = set()
    ids = list(unit_ids)
    for start in range(0, len(ids), 2000):
        found = Person.objects.filter(unit_id__in=ids[start : start + 2000]).values_list(
            "unit_id", "family_name", "middle_name", "given_name", "birth_date"
        )
        for unit_id, family, middle, given, birth in found:
            existing.add((unit_id, f"{family} {middle} {given}".casefold(), birth))
    for row, values in rows:
        unit_id = values["unit_id"]
        if unit_id in problems:
            message, code = problems[unit_id]
            outcome.add(row, unit_label, units[unit_id].name if unit_id in units else "", message, code)
            continue
        if values["target_group_id"] is not None and values["target_group_id"] not in groups:
            outcome.add(row, _("Đối tượng"), "", _("Đối tượng không còn trong hệ thống."), "unknown_group")
        identity = (
            unit_id,
            f"{values['family_name']} {values['middle_name']} {values['given_name']}".casefold(),
            values["birth_date"],
        )
        if identity in existing:
            shown = " ".join(p for p in (values["family_name"], values["middle_name"], values["given_name"]) if p)
            outcome.add(
                row,
                name_label,
                shown,
                _("Đã có người này trong «%(name)s» (cùng họ tên và ngày sinh), được thêm sau khi kiểm tra.")
                % {"name": units[unit_id].name},
                "duplicate_existing",
            )
    return outcome


def insert_rows(rows, actor, *, change_reason, batch_size, progress=None):
    """Insert validated rows with their history records; returns how many."""
    writer = BulkWriter(Person, user=actor, change_reason=change_reason)
    created = 0
    ancestors = ancestry.for_unit_ids({values["unit_id"] for _row, values in rows})
    with large_page_cache():
        for start in range(0, len(rows), batch_size):
            batch = []
            for _row, values in rows[start : start + batch_size]:
                family, middle, given = values["family_name"], values["middle_name"], values["given_name"]
                values["search_text"] = search_text(family, middle, given, values["phone"], values["email"])
                values["sort_key"] = fast_name_sort_key(family, middle, given)
                values["province_id"], values["district_id"] = ancestors[values["unit_id"]]
                batch.append(values)
            writer.write(batch)
            created += len(batch)
            if progress is not None:
                progress(created, len(rows))
    return created
