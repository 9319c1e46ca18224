"""Import of units: each row's parent is a unit already in the system or a row above it;
the rules are those of ``org.services`` (scope on the parent, level below the parent's,
codes unique). The commit builds materialised paths itself, as treebeard's ``add_child``
would, and inserts the whole file in bulk.
"""

from types import SimpleNamespace

from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from simple_history.utils import bulk_create_with_history

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.core.text import fold, vietnamese_key
from coso.imports.columns import UNIT_COLUMNS, cell_text, parse_bool, parse_code, parse_text
from coso.imports.validation import (
    MAX_STORED_ERRORS,
    Outcome,
    PlannedRowsImporter,
    RowReader,
    display,
)
from coso.org import services as org_services
from coso.org.models import Sector, Unit, UnitEvent, UnitLevel

REQUIRED = [
    (("name",), gettext_lazy("Thiếu cột «Tên đơn vị».")),
    (("parent_code",), gettext_lazy("Thiếu cột «Mã đơn vị cấp trên».")),
    (("level",), gettext_lazy("Thiếu cột «Cấp».")),
]
PREVIEW_HEADERS = [
    gettext_lazy("Dòng"),
    gettext_lazy("Tên đơn vị"),
    gettext_lazy("Mã đơn vị"),
    gettext_lazy("Đơn vị cấp trên"),
    gettext_lazy("Cấp"),
    gettext_lazy("Khu vực"),
    gettext_lazy("Miền núi"),
    gettext_lazy("Địa chỉ"),
]
TEXT_LIMITS = {"name": 255, "short_name": 120, "admin_code": 20, "address": 255}
CHANGE_REASON = gettext_noop("Nhập từ Excel")


class UnitImporter(PlannedRowsImporter):
    kind = "units"
    required = REQUIRED
    preview_headers = PREVIEW_HEADERS
    columns = UNIT_COLUMNS

    def __init__(self, actor, sheet, *, today=None, error_limit=MAX_STORED_ERRORS):
        self.actor = actor
        self.sheet = sheet
        self.today = today or timezone.localdate()
        self.outcome = Outcome(limit=error_limit)
        self.reader = RowReader(sheet, self.columns, self.outcome)
        self.planned = []  # valid rows, in file order, for the commit

    def _preload(self):
        codes = set()
        for key in ("code", "parent_code"):
            index = self.sheet.headers.index.get(key)
            if index is None:
                continue
            for _row, cells in self.sheet.rows:
                if index < len(cells):
                    text, _error = parse_code(cells[index])
                    if text:
                        codes.add(text)
        codes = list(codes)
        self.db_units = {}
        for start in range(0, len(codes), 2000):
            for unit in Unit.objects.filter(code__in=codes[start : start + 2000]).select_related("level"):
                self.db_units[unit.code] = unit
        self.levels = {}
        for level in UnitLevel.objects.all():
            self.levels[fold(level.name)] = level
            self.levels[fold(level.code)] = level
        self.sectors = {}
        for sector in Sector.objects.all():
            self.sectors[fold(sector.name)] = sector
            self.sectors[fold(sector.code)] = sector
        # Codes of the file: row number of the first row using each, and the new units.
        self.file_rows = {}
        index = self.sheet.headers.index.get("code")
        if index is not None:
            for row, cells in self.sheet.rows:
                if index < len(cells):
                    text, _error = parse_code(cells[index])
                    if text:
                        self.file_rows.setdefault(text, row)
        self.new_units = {}  # code -> planned row (dict)
        self.allowed = {}

    def _in_scope(self, parent):
        if parent is None:
            key = None
        else:
            key = parent.pk
        allowed = self.allowed.get(key)
        if allowed is None:
            allowed = scoping.can(self.actor, scoping.EDIT_UNITS, parent) and scoping.can(
                self.actor, scoping.IMPORT, parent
            )
            self.allowed[key] = allowed
        return allowed

    def _lookup(self, table, value):
        return table.get(fold(cell_text(value))) if value not in (None, "") else None

    def check_row(self, row, cells):
        reader = self.reader
        errors_before = self.outcome.error_count
        values, bad = reader.read(row, cells)
        plan = {"row": row}
        for key, limit in TEXT_LIMITS.items():
            text, error = parse_text(values.get(key), limit)
            if error:
                reader.error(row, key, values.get(key), error, "too_long")
                bad.add(key)
            plan[key] = text or ""
        if not plan["name"] and "name" not in bad:
            reader.error(row, "name", "", _("Tên đơn vị không được để trống."), "name_required")

        code, error = parse_code(values.get("code"))
        if error:
            reader.error(row, "code", values.get("code"), error, "invalid_code")
            bad.add("code")
        plan["code"] = code or None
        if code:
            if code in self.db_units:
                reader.error(
                    row,
                    "code",
                    code,
                    _("Mã đơn vị «%(code)s» đã được dùng cho đơn vị khác.") % {"code": code},
                    "code_taken",
                )
            elif self.file_rows.get(code) != row:
                reader.error(
                    row,
                    "code",
                    code,
                    _("Mã đơn vị «%(code)s» trùng với dòng %(value)s.") % {"code": code, "value": self.file_rows[code]},
                    "code_in_file",
                )

        level = self._lookup(self.levels, values.get("level"))
        if level is None and "level" not in bad:
            text = cell_text(values.get("level"))
            message = _("Không có cấp «%(text)s».") % {"text": text} if text else _("Cấp không được để trống.")
            reader.error(row, "level", text, message, "unknown_level")
        plan["level"] = level

        sector = self._lookup(self.sectors, values.get("sector"))
        if sector is None and values.get("sector") not in (None, "") and "sector" not in bad:
            text = cell_text(values.get("sector"))
            reader.error(row, "sector", text, _("Không có khu vực «%(text)s».") % {"text": text}, "unknown_sector")
        plan["sector"] = sector

        mountainous, error = parse_bool(values.get("is_mountainous"), False)
        if error:
            reader.error(row, "is_mountainous", values.get("is_mountainous"), error, "invalid_yes_no")
            mountainous = False
        plan["is_mountainous"] = mountainous

        plan["parent"] = self._parent(row, values, bad, code, level)
        ok = self.outcome.error_count == errors_before
        if ok and code:
            self.new_units[code] = plan
        return plan, ok

    def _parent(self, row, values, bad, code, level):
        """The parent: ('db', Unit) or ('file', plan) or ('root', None); None when refused."""
        reader = self.reader
        if "parent_code" in bad:
            return None
        parent_code, error = parse_code(values.get("parent_code"))
        if error:
            reader.error(row, "parent_code", values.get("parent_code"), error, "invalid_code")
            return None
        if not parent_code:
            if self._in_scope(None):
                return ("root", None)
            reader.error(row, "parent_code", "", _("Thiếu mã đơn vị cấp trên."), "parent_required")
            return None
        if code and parent_code == code:
            reader.error(
                row, "parent_code", parent_code, _("Đơn vị không thể là cấp trên của chính nó."), "self_parent"
            )
            return None
        if parent_code in self.db_units:
            parent = self.db_units[parent_code]
            if not self._in_scope(parent):
                reader.error(
                    row,
                    "parent_code",
                    parent_code,
                    _("Đơn vị «%(name)s» ngoài phạm vi của bạn: bạn không có quyền thêm đơn vị vào đó.")
                    % {"name": parent.name},
                    "out_of_scope",
                )
                return None
            if not parent.is_active:
                reader.error(
                    row,
                    "parent_code",
                    parent_code,
                    _("Đơn vị «%(name)s» đã ngừng hoạt động.") % {"name": parent.name},
                    "inactive_parent",
                )
                return None
            if level is not None and not self._level_below(row, parent, level):
                return None
            return ("db", parent)
        file_row = self.file_rows.get(parent_code)
        if file_row is None:
            reader.error(
                row,
                "parent_code",
                parent_code,
                _("Không có đơn vị mã «%(parent_code)s» trong hệ thống hay ở các dòng phía trên.")
                % {"parent_code": parent_code},
                "unknown_parent",
            )
            return None
        if file_row > row:
            reader.error(
                row,
                "parent_code",
                parent_code,
                _("Đơn vị cấp trên «%(parent_code)s» ở dòng %(file_row)s, phía dưới: hãy đưa dòng đó lên trước.")
                % {"parent_code": parent_code, "file_row": file_row},
                "parent_below",
            )
            return None
        plan = self.new_units.get(parent_code)
        if plan is None:
            reader.error(
                row,
                "parent_code",
                parent_code,
                _("Đơn vị cấp trên «%(parent_code)s» (dòng %(file_row)s) có lỗi: hãy sửa dòng đó trước.")
                % {"parent_code": parent_code, "file_row": file_row},
                "parent_invalid",
            )
            return None
        if level is not None:
            parent = SimpleNamespace(name=plan["name"], level=plan["level"])
            if not self._level_below(row, parent, level):
                return None
        return ("file", plan)

    def _level_below(self, row, parent, level):
        try:
            org_services._check_level_below(parent, level)
        except DomainError as error:
            self.reader.error(row, "level", level.name, error.message, error.code)
            return False
        return True

    def _preview_row(self, plan, ok):
        parent = plan.get("parent")
        if parent is None:
            parent_text = ""
        elif parent[0] == "db":
            parent_text = parent[1].name
        elif parent[0] == "file":
            parent_text = _("%(name)s (dòng %(row)s)") % {"name": parent[1]["name"], "row": parent[1]["row"]}
        else:
            parent_text = _("(gốc)")
        level, sector = plan.get("level"), plan.get("sector")
        return {
            "row": plan["row"],
            "ok": ok,
            "cells": [
                plan.get("name", ""),
                plan.get("code") or "",
                parent_text,
                level.name if level else "",
                sector.name if sector else "",
                display(plan.get("is_mountainous")),
                plan.get("address", ""),
            ],
        }


def create_planned_units(planned, actor, *, batch_size=1000):
    """Insert the planned units with their materialised paths; returns how many.

    Paths follow treebeard's scheme (``steplen`` characters of ``alphabet`` per level, each
    new unit the last child of its parent), and parents' ``numchild`` is updated.
    """
    if not planned:
        return 0
    steplen = Unit.steplen
    next_step = {}  # parent path ('' for roots) -> next free step
    db_children = {}  # parent pk -> number of new children

    def first_free(parent):
        if parent is None:
            last = Unit.objects.get_last_root_node()
            return (Unit._str2int(last.path[:steplen]) + 1) if last else 1
        last = Unit.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).aggregate(last=Max("path"))[
            "last"
        ]
        return (Unit._str2int(last[-steplen:]) + 1) if last else 1

    units = []
    for plan in planned:
        kind, parent = plan["parent"]
        if kind == "file":
            parent_path, depth = parent["unit"].path, parent["unit"].depth + 1
            parent["unit"].numchild += 1
        else:
            parent_path = parent.path if parent is not None else ""
            depth = parent.depth + 1 if parent is not None else 1
            if parent_path not in next_step:
                next_step[parent_path] = first_free(parent)
            if parent is not None:
                db_children[parent.pk] = db_children.get(parent.pk, 0) + 1
        step = next_step.get(parent_path, 1)
        key = Unit._int2str(step)
        if len(key) > steplen:
            raise DomainError("path_overflow", _("Đơn vị cấp trên đã có quá nhiều đơn vị trực thuộc."))
        next_step[parent_path] = step + 1
        path = f"{parent_path}{Unit.alphabet[0] * (steplen - len(key))}{key}"
        if len(path) > Unit._meta.get_field("path").max_length:
            raise DomainError("path_too_deep", _("Cây đơn vị quá sâu: không thể thêm cấp dưới nữa."))
        unit = Unit(
            name=plan["name"],
            short_name=plan["short_name"],
            code=plan["code"],
            admin_code=plan["admin_code"],
            level=plan["level"],
            sector=plan["sector"],
            is_mountainous=plan["is_mountainous"],
            address=plan["address"],
            path=path,
            depth=depth,
            numchild=0,
            search_text=fold(plan["name"])[:255],
            sort_key=vietnamese_key(plan["name"])[:600],
        )
        unit._parent_plan = (kind, parent)
        plan["unit"] = unit
        units.append(unit)
    created = bulk_create_with_history(
        units, Unit, batch_size=batch_size, default_user=actor, default_change_reason=str(CHANGE_REASON)
    )
    # New parents' numchild was counted in memory before the insert (parents come first).
    for pk, count in db_children.items():
        Unit.objects.filter(pk=pk).update(numchild=F("numchild") + count)
    day = timezone.localdate()
    events = []
    for unit in created:
        kind, parent = unit._parent_plan
        to_parent = parent["unit"] if kind == "file" else parent
        events.append(
            UnitEvent(
                unit=unit,
                kind=UnitEvent.Kind.CREATED,
                occurred_on=day,
                to_parent=to_parent,
                recorded_by=actor,
                note=str(CHANGE_REASON),
            )
        )
    UnitEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(created)
