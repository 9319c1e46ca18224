"""Writes on people's records: the same functions serve pages, API and import."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import ConflictError, DomainError, OutOfScope
from coso.org.models import Unit
from coso.people import records
from coso.people.models import Person, Post
from coso.people.signals import members_moved, person_renamed

PERSON_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "birth_date",
    "sex",
    "unit",
    "department",
    "is_cadre",
    "is_member",
    "target_group",
    "joined_union_on",
    "party_status",
    "party_joined_on",
    "on_payroll",
    "works_full_time",
    "job_title",
    "education",
    "political_theory",
    "phone",
    "email",
    "national_id",
)


SEX_VALUES = frozenset(Person.Sex.values)


REQUIRED_NAMES = (("family_name", gettext_noop("Họ")), ("given_name", gettext_noop("Tên")))


def person_violations(values, today=None):
    """Every rule a person's values break, as (field, code, message) — forms, API and import share it.

    Nothing is translated unless a rule is broken: an import runs this once per row."""
    violations = []
    for field, label in REQUIRED_NAMES:
        if not (values.get(field) or "").strip():
            violations.append((field, "required", _("%(label)s không được để trống.") % {"label": _(label)}))
    if values.get("sex") not in SEX_VALUES:
        violations.append(("sex", "invalid_sex", _("Giới tính phải là Nam hoặc Nữ.")))
    for field in ("birth_date", "joined_union_on", "party_joined_on"):
        if message := dates.window_message(values.get(field), today):
            violations.append((field, "date_out_of_window", message))
    birth = values.get("birth_date")
    joined = values.get("joined_union_on")
    if birth and joined and joined < birth:
        violations.append(("joined_union_on", "joined_before_birth", _("Ngày vào Đoàn không thể trước ngày sinh.")))
    party_joined = values.get("party_joined_on")
    if party_joined and values.get("party_status") != Person.PartyStatus.MEMBER:
        violations.append(
            ("party_joined_on", "party_date_without_membership", _("Chỉ đảng viên mới có ngày vào Đảng."))
        )
    department = values.get("department")
    unit = values.get("unit")
    if department is not None and unit is not None and department.unit_id != unit.pk:
        violations.append(
            (
                "department",
                "department_elsewhere",
                _("Ban «%(department)s» không thuộc «%(unit)s».") % {"department": department, "unit": unit},
            )
        )
    if not values.get("is_cadre") and not values.get("is_member"):
        violations.append(("is_member", "no_status", _("Người này phải là cán bộ, đoàn viên hoặc cả hai.")))
    return violations


def _raise_if(violations):
    if violations:
        field, code, message = violations[0]
        raise DomainError(code, message, field=field, violations=[(c, m, f) for f, c, m in violations])


@transaction.atomic
def create_person(*, actor, unit, **fields):
    scoping.require(actor, scoping.EDIT_PEOPLE, unit)
    values = {k: v for k, v in fields.items() if k in PERSON_FIELDS}
    values["unit"] = unit
    values.setdefault("is_member", True)
    _raise_if(person_violations(values))
    for key in ("family_name", "middle_name", "given_name"):
        values[key] = " ".join((values.get(key) or "").split())
    return Person.objects.create(**values)


@transaction.atomic
def update_person(*, actor, person, version, **fields):
    person = Person.objects.select_for_update().get(pk=person.pk)
    scoping.require(actor, scoping.EDIT_PEOPLE, person.unit)
    moved_from, sort_key = person.unit_id, person.sort_key
    new_unit = fields.get("unit")
    if new_unit is not None and new_unit.pk != person.unit_id:
        scoping.require(actor, scoping.EDIT_PEOPLE, new_unit)
    values = {key: getattr(person, key) for key in PERSON_FIELDS}
    values.update({k: v for k, v in fields.items() if k in PERSON_FIELDS})
    _raise_if(person_violations(values))
    for key, value in values.items():
        if key in ("family_name", "middle_name", "given_name"):
            value = " ".join((value or "").split())
        setattr(person, key, value)
    person.save_checked(version)
    if person.unit_id != moved_from:
        members_moved.send(sender=Person, unit_ids={moved_from, person.unit_id})
    if person.sort_key != sort_key:
        person_renamed.send(sender=Person, person=person)
    return person


# ---- records under a person (one mechanism for every kind of coso.people.records) ----------


def can_read_records(user, person, kind):
    """Whether ``user`` may see ``person``'s records of ``kind`` (the person already visible)."""
    return not kind.sensitive or scoping.can_view_sensitive(user, person)


def can_write_records(user, person, kind):
    return scoping.can_edit_person(user, person) and can_read_records(user, person, kind)


def _require_records(actor, person, kind):
    scoping.require(actor, scoping.EDIT_PEOPLE, person.unit)
    if kind.sensitive and not scoping.can_view_sensitive(actor, person):
        raise OutOfScope(_("Bạn không có quyền xem và ghi thông tin riêng này."))


def _check_record(actor, person, kind, values):
    for name in kind.fields:  # an empty optional text or flag: the model's default ("" / False)
        f = kind.model_field(name)
        if values.get(name) is None and not f.is_relation and not f.null and not kind.is_required(name):
            values[name] = f.get_default()
    violations = records.violations(kind, person, values)
    _raise_if(violations)
    unit = values.get("unit")
    if unit is not None:  # a post: held in a unit the actor looks after
        scoping.require(actor, scoping.EDIT_PEOPLE, unit)
    for key, value in values.items():
        if isinstance(value, str):
            values[key] = value.strip()
    return values


@transaction.atomic
def add_record(*, actor, person, record_kind, **fields):
    """Add a record of ``record_kind`` (a ``records.RecordKind`` or its slug) to ``person``;
    ``fields`` are the kind's fields (``kind`` is one of them for certificates and trainings)."""
    kind = records.KINDS[record_kind] if isinstance(record_kind, str) else record_kind
    person = Person.objects.get(pk=person.pk)
    _require_records(actor, person, kind)
    values = {name: fields.get(name) for name in kind.fields}
    values = _check_record(actor, person, kind, values)
    record = kind.model(person=person, **values)
    record._history_user = actor
    record.save()
    return record


@transaction.atomic
def update_record(*, actor, record, record_kind, version, **fields):
    """Change the given fields of a record (optimistic locking on ``version``)."""
    kind = records.KINDS[record_kind] if isinstance(record_kind, str) else record_kind
    record = kind.model.objects.select_for_update().select_related("person__unit").get(pk=record.pk)
    _require_records(actor, record.person, kind)
    values = {name: getattr(record, name) for name in kind.fields}
    values.update({k: v for k, v in fields.items() if k in kind.fields})
    values = _check_record(actor, record.person, kind, values)
    for key, value in values.items():
        setattr(record, key, value)
    record._history_user = actor
    record.save_checked(version)
    return record


@transaction.atomic
def delete_record(*, actor, record, record_kind, version=None):
    kind = records.KINDS[record_kind] if isinstance(record_kind, str) else record_kind
    record = kind.model.objects.select_for_update().select_related("person__unit").get(pk=record.pk)
    _require_records(actor, record.person, kind)
    if version not in (None, "") and record.version != int(version):
        raise ConflictError()
    if kind.slug == "posts":
        scoping.require(actor, scoping.EDIT_PEOPLE, record.unit)
    record._history_user = actor
    record.delete()


def officers_of(unit, day):
    """Posts currently held in a unit's bodies, the people prefetched."""
    return (
        Post.objects.filter(unit=unit, start_date__lte=day)
        .exclude(end_date__lt=day)
        .select_related("person", "term", "department")
        .order_by("body", "title", "person__sort_key")
    )


def unit_choices_for(user, capability=scoping.EDIT_PEOPLE):
    return Unit.objects.filter(scoping.unit_q(user, capability)).filter(is_active=True)
