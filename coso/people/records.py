"""The records kept under a person (posts, certificates, trainings, discipline, children,
pregnancies): one description per kind, which the one service (``services.add_record`` /
``update_record`` / ``delete_record``), the one set of pages and the one set of API routes
all read. A new kind is one more ``RecordKind`` here, nothing else.

``sensitive`` kinds (discipline, children, pregnancies) are read and written only by roles
with ``scoping.VIEW_SENSITIVE`` over the person.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.core import dates
from coso.people.models import Certificate, Child, DisciplineRecord, Post, Pregnancy, TrainingRecord


@dataclass(frozen=True)
class RecordKind:
    slug: str  # in URLs: /people/<id>/<slug>/, /api/persons/<id>/<slug>
    model: type
    fields: tuple  # editable, in form order; foreign keys by field name ("unit", "term")
    label: object  # a heading, e.g. "Văn bằng, chứng chỉ"
    required: tuple = ()  # beyond what the model requires
    sensitive: bool = False
    women_only: bool = False
    order: tuple = field(default=("-pk",))

    def model_field(self, name):
        return self.model._meta.get_field(name)

    @property
    def foreign_keys(self):
        return tuple(name for name in self.fields if self.model_field(name).is_relation)

    def is_required(self, name):
        f = self.model_field(name)
        if name in self.required:
            return True
        if isinstance(f, models.BooleanField):
            return False
        return not (f.blank or f.null)


KINDS = {
    kind.slug: kind
    for kind in (
        RecordKind(
            "posts",
            Post,
            ("unit", "body", "title", "department", "term", "start_date", "end_date"),
            _("Chức vụ"),
            order=("-start_date", "-pk"),
        ),
        RecordKind(
            "certificates",
            Certificate,
            ("kind", "name", "level", "issuer", "issued_on"),
            _("Văn bằng, chứng chỉ"),
            order=("kind", "-issued_on", "-pk"),
        ),
        RecordKind(
            "trainings",
            TrainingRecord,
            ("kind", "name", "level", "start_date", "end_date", "completed", "result"),
            _("Đào tạo, bồi dưỡng"),
            order=("-start_date", "-pk"),
        ),
        RecordKind(
            "discipline",
            DisciplineRecord,
            ("status", "form", "start_date", "end_date", "decision_number", "reason"),
            _("Kỷ luật"),
            sensitive=True,
            order=("-start_date", "-pk"),
        ),
        RecordKind("children", Child, ("birth_date",), _("Con"), sensitive=True, order=("-birth_date", "-pk")),
        RecordKind(
            "pregnancies",
            Pregnancy,
            ("start_date", "end_date"),
            _("Thai sản"),
            sensitive=True,
            women_only=True,
            order=("-start_date", "-pk"),
        ),
    )
}


def kind_of(slug):
    return KINDS.get(slug)


def violations(kind, person, values):
    """Every rule the values break, as (field, code, message): required fields, choices, dates
    in order, a department of the post's unit, pregnancies for women only."""
    out = []
    for name in kind.fields:
        f = kind.model_field(name)
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip()
        if kind.is_required(name) and value in (None, ""):
            out.append((name, "required", _("Phải ghi %(field)s.") % {"field": str(f.verbose_name).lower()}))
        elif f.choices and value not in (None, "") and value not in {c[0] for c in f.flatchoices}:
            out.append(
                (
                    name,
                    "invalid_choice",
                    _("Giá trị «%(value)s» không hợp lệ cho %(field)s.")
                    % {"value": value, "field": str(f.verbose_name).lower()},
                )
            )
        elif isinstance(f, models.CharField) and isinstance(value, str) and len(value) > f.max_length:
            out.append(
                (
                    name,
                    "too_long",
                    _("%(field)s dài quá %(max_length)s ký tự.")
                    % {"field": str(f.verbose_name).capitalize(), "max_length": f.max_length},
                )
            )
    for name in kind.fields:
        value = values.get(name)
        if isinstance(value, datetime.date) and (message := dates.window_message(value)):
            out.append((name, "date_out_of_window", message))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        out.append(("end_date", "ends_before_start", _("Ngày kết thúc không thể trước ngày bắt đầu.")))
    if kind.slug == "posts":
        unit, department = values.get("unit"), values.get("department")
        if department is not None and unit is not None and department.unit_id != unit.pk:
            out.append(
                (
                    "department",
                    "department_elsewhere",
                    _("Ban «%(department)s» không thuộc «%(unit)s».") % {"department": department, "unit": unit},
                )
            )
    if kind.women_only and person.sex != person.Sex.FEMALE:
        out.append(("start_date", "pregnancy_male", _("Chỉ ghi thai sản cho cán bộ, đoàn viên nữ.")))
    if kind.slug == "children" and values.get("birth_date") and person.birth_date:
        if values["birth_date"] <= person.birth_date:
            out.append(("birth_date", "child_before_parent", _("Ngày sinh của con phải sau ngày sinh của cha, mẹ.")))
    return out


def describe(kind, obj):
    """One line for a record: its filled fields, choices by label, dates as dd/mm/yyyy."""
    parts = []
    start = end = None
    for name in kind.fields:
        f = kind.model_field(name)
        value = getattr(obj, name)
        if name == "start_date":
            start = value
            continue
        if name == "end_date":
            end = value
            continue
        if value in (None, "", False):
            continue
        if f.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(f, models.BooleanField):
            value = f.verbose_name
        elif isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        parts.append(str(value))
    if start:
        parts.append(f"{start:%d/%m/%Y} – {end:%d/%m/%Y}" if end else f"{start:%d/%m/%Y} – …")
    return " · ".join(parts)
