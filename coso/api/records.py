"""/api/persons/{id}/<kind>: the records kept under a person, one mechanism for every kind of
``coso.people.records`` (posts, certificates, trainings, discipline, children, pregnancies),
written through ``coso.people.services.add_record`` / ``update_record`` / ``delete_record``.

The schemas are made from each kind's fields: a foreign key is sent and answered as
``<name>_id``, a choice field also answers ``<name>_label``. Sensitive kinds answer 403 to a
caller without the right to see sensitive facts about that person.
"""

import datetime
from typing import Literal

from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from pydantic import create_model

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.matrix import ScopeCase
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Text, Version
from coso.core.errors import OutOfScope
from coso.org.models import Department
from coso.people import records, services
from coso.people.models import Person, Term

router = Router(tags=[gettext_lazy("Hồ sơ người: chức vụ, văn bằng, đào tạo, kỷ luật, con, thai sản")])


def _input_type(f):
    if f.is_relation:
        return Id
    if isinstance(f, models.DateField):
        return datetime.date
    if isinstance(f, models.BooleanField):
        return bool
    if f.choices:
        values = [c[0] for c in f.flatchoices]
        if f.blank and "" not in values:
            values.append("")
        return Literal[tuple(values)]
    return Text(getattr(f, "max_length", None) or 5000)


def _output_type(f):
    if f.is_relation:
        return int | None
    if isinstance(f, models.DateField):
        return datetime.date | None
    if isinstance(f, models.BooleanField):
        return bool
    return str


def _api_name(kind, name):
    return f"{name}_id" if kind.model_field(name).is_relation else name


def _schemas(kind):
    stem = "".join(part.capitalize() for part in kind.slug.split("_"))
    create, patch, out = {}, {"version": (Version, ...)}, {"id": (int, ...), "version": (int, ...)}
    out["person_id"] = (int, ...)
    for name in kind.fields:
        f = kind.model_field(name)
        key = _api_name(kind, name)
        typ = _input_type(f)
        label = str(f.verbose_name)
        if kind.is_required(name):
            create[key] = (typ, Field(..., description=label))
        else:
            create[key] = (typ | None, Field(None, description=label))
        patch[key] = (typ | None, Field(None, description=label))
        out[key] = (_output_type(f), ...)
        if f.choices:
            out[f"{name}_label"] = (str, ...)
    return (
        create_model(f"{stem}RecordIn", __base__=Input, **create),
        create_model(f"{stem}RecordPatchIn", __base__=Input, **patch),
        create_model(f"{stem}RecordOut", __base__=Schema, **out),
    )


def record_out(kind, obj):
    data = {"id": obj.pk, "version": obj.version, "person_id": obj.person_id}
    for name in kind.fields:
        f = kind.model_field(name)
        if f.is_relation:
            data[f"{name}_id"] = getattr(obj, f"{name}_id")
        else:
            data[name] = getattr(obj, name)
        if f.choices:
            data[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")())
    return data


def _person(user, pk, kind):
    person = get_object_or_404(scoping.visible_people(user).select_related("unit"), pk=pk)
    if not services.can_read_records(user, person, kind):
        raise OutOfScope(_("Bạn không có quyền xem thông tin riêng này."))
    return person


def _resolve(user, kind, fields):
    """Ids of the request to objects, only from the caller's scope (units, their departments)."""
    values = {}
    for key, value in fields.items():
        name = key.removesuffix("_id") if key.endswith("_id") and key.removesuffix("_id") in kind.fields else key
        if name not in kind.fields:
            continue
        f = kind.model_field(name)
        if f.is_relation and value is not None:
            if f.related_model.__name__ == "Unit":
                value = visible_unit_or_404(user, value)
            elif f.related_model is Department:
                value = get_object_or_404(Department.objects.filter(unit__in=visible_units(user)), pk=value)
            elif f.related_model is Term:
                value = get_object_or_404(Term.objects.all(), pk=value)
        values[name] = value
    return values


def _records(kind, person):
    qs = kind.model.objects.filter(person=person)
    return qs.order_by(*kind.order)


def _register(kind):
    create_in, patch_in, out = _schemas(kind)
    base = f"/{{person_id}}/{kind.slug}"
    label = str(kind.label)

    if kind.slug != "posts":  # GET /persons/{id}/posts answers the richer PostOut (people.py)

        @router.get(
            base,
            response={200: list[out], 403: READ_ERRORS[404], **READ_ERRORS},
            operation_id=f"list_{kind.slug}",
            summary=format_lazy(gettext_lazy("{label}: danh sách"), label=label),
        )
        def list_records(request, person_id: Id):
            user = caller(request)
            return [record_out(kind, r) for r in _records(kind, _person(user, person_id, kind))]

    @router.post(
        base,
        response={201: out, **WRITE_ERRORS},
        operation_id=f"add_{kind.slug}",
        summary=format_lazy(gettext_lazy("{label}: thêm"), label=label),
    )
    def add_record(request, person_id: Id, payload: create_in):
        user = caller(request)
        person = _person(user, person_id, kind)
        values = _resolve(user, kind, payload.dict())
        record = services.add_record(actor=user, person=person, record_kind=kind, **values)
        return Status(201, record_out(kind, record))

    @router.patch(
        f"{base}/{{record_id}}",
        response={200: out, **WRITE_ERRORS},
        operation_id=f"edit_{kind.slug}",
        summary=format_lazy(gettext_lazy("{label}: sửa"), label=label),
    )
    def edit_record(request, person_id: Id, record_id: Id, payload: patch_in):
        user = caller(request)
        person = _person(user, person_id, kind)
        record = get_object_or_404(kind.model.objects.filter(person=person), pk=record_id)
        fields = payload.dict(exclude_unset=True)
        version = fields.pop("version")
        record = services.update_record(
            actor=user, record=record, record_kind=kind, version=version, **_resolve(user, kind, fields)
        )
        return record_out(kind, record)

    @router.delete(
        f"{base}/{{record_id}}",
        response={204: None, **WRITE_ERRORS},
        operation_id=f"delete_{kind.slug}",
        summary=format_lazy(gettext_lazy("{label}: xoá"), label=label),
    )
    def delete_record(request, person_id: Id, record_id: Id):
        user = caller(request)
        person = _person(user, person_id, kind)
        record = get_object_or_404(kind.model.objects.filter(person=person), pk=record_id)
        services.delete_record(actor=user, record=record, record_kind=kind)
        return Status(204, None)


for _kind in records.KINDS.values():
    _register(_kind)


# --------------------------------------------------------------------------- scope matrix

SAMPLE = {
    "posts": lambda t: {"unit_id": t.tamky.pk, "body": "bch", "title": "executive_member", "start_date": "2022-09-01"},
    "certificates": lambda t: {"kind": "language", "name": "Tiếng Anh", "level": "B1"},
    "trainings": lambda t: {
        "kind": "youth_work",
        "name": "Bồi dưỡng nghiệp vụ",
        "start_date": "2024-05-06",
    },
    "discipline": lambda t: {"status": "review", "start_date": "2024-05-06"},
    "children": lambda t: {"birth_date": "2023-05-06"},
    "pregnancies": lambda t: {"start_date": "2024-05-06"},
}


def tamky_record(t, slug):
    """One record of each kind for Tam Kỳ's secretary (Phạm Thị Ánh), made once per tree."""
    cache = t.__dict__.setdefault("_tamky_records", {})
    if slug not in cache:
        kind = records.KINDS[slug]
        values = SAMPLE[slug](t)
        fields = {}
        for key, value in values.items():
            name = key.removesuffix("_id") if key.endswith("_id") else key
            f = kind.model_field(name)
            if isinstance(f, models.DateField):
                value = datetime.date.fromisoformat(value)
            elif f.is_relation:
                value = f.related_model.objects.get(pk=value)
            fields[name] = value
        cache[slug] = kind.model.objects.create(person=Person.objects.get(pk=t.tamky_secretary.pk), **fields)
    return cache[slug]


SCOPE_MATRIX = []
for _slug, _kind in records.KINDS.items():
    _control = not _kind.sensitive  # Tam Kỳ's standing officer may not see sensitive facts either
    _base = "/persons/{person_id}/" + _slug
    if _slug != "posts":
        SCOPE_MATRIX.append(
            ScopeCase("GET", _base, lambda t, s=_slug: f"/api/persons/{t.tamky_secretary.pk}/{s}", control=_control)
        )
    SCOPE_MATRIX += [
        ScopeCase(
            "POST",
            _base,
            lambda t, s=_slug: f"/api/persons/{t.tamky_secretary.pk}/{s}",
            lambda t, s=_slug: SAMPLE[s](t),
            control=_control,
        ),
        ScopeCase(
            "PATCH",
            _base + "/{record_id}",
            lambda t, s=_slug: f"/api/persons/{t.tamky_secretary.pk}/{s}/{tamky_record(t, s).pk}",
            lambda t, s=_slug: {"version": tamky_record(t, s).version},
            control=_control,
        ),
        ScopeCase(
            "DELETE",
            _base + "/{record_id}",
            lambda t, s=_slug: f"/api/persons/{t.tamky_secretary.pk}/{s}/{tamky_record(t, s).pk}",
            control=_control,
        ),
    ]
