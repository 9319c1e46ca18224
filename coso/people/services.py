"""Writes on people's records: the same functions serve pages, API and import."""

from django.db import transaction

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.org.models import Unit
from coso.people.models import Child, Person, Post, Pregnancy

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


def person_violations(values):
    """Every rule a person's values break, as (field, code, message) — forms, API and import share it."""
    violations = []
    for field, label in (("family_name", "Họ"), ("given_name", "Tên")):
        if not (values.get(field) or "").strip():
            violations.append((field, "required", f"{label} không được để trống."))
    if values.get("sex") not in SEX_VALUES:
        violations.append(("sex", "invalid_sex", "Giới tính phải là Nam hoặc Nữ."))
    birth = values.get("birth_date")
    joined = values.get("joined_union_on")
    if birth and joined and joined < birth:
        violations.append(("joined_union_on", "joined_before_birth", "Ngày vào Đoàn không thể trước ngày sinh."))
    party_joined = values.get("party_joined_on")
    if party_joined and values.get("party_status") != Person.PartyStatus.MEMBER:
        violations.append(("party_joined_on", "party_date_without_membership", "Chỉ đảng viên mới có ngày vào Đảng."))
    department = values.get("department")
    unit = values.get("unit")
    if department is not None and unit is not None and department.unit_id != unit.pk:
        violations.append(("department", "department_elsewhere", f"Ban «{department}» không thuộc «{unit}»."))
    if not values.get("is_cadre") and not values.get("is_member"):
        violations.append(("is_member", "no_status", "Người này phải là cán bộ, đoàn viên hoặc cả hai."))
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
    return person


@transaction.atomic
def add_post(*, actor, person, unit, body, title, start_date, end_date=None, term=None, department=None):
    scoping.require(actor, scoping.EDIT_PEOPLE, unit)
    if end_date and end_date < start_date:
        raise DomainError("post_dates", "Ngày kết thúc chức vụ không thể trước ngày bắt đầu.", field="end_date")
    return Post.objects.create(
        person=person,
        unit=unit,
        body=body,
        title=title,
        start_date=start_date,
        end_date=end_date,
        term=term,
        department=department,
    )


@transaction.atomic
def add_child(*, actor, person, birth_date):
    if not scoping.can_view_sensitive(actor, person):
        raise DomainError("no_sensitive_access", "Bạn không có quyền ghi thông tin này.")
    return Child.objects.create(person=person, birth_date=birth_date)


@transaction.atomic
def add_pregnancy(*, actor, person, start_date, end_date=None):
    if not scoping.can_view_sensitive(actor, person):
        raise DomainError("no_sensitive_access", "Bạn không có quyền ghi thông tin này.")
    if person.sex != Person.Sex.FEMALE:
        raise DomainError("pregnancy_male", "Chỉ ghi thai sản cho cán bộ nữ.")
    return Pregnancy.objects.create(person=person, start_date=start_date, end_date=end_date)


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
