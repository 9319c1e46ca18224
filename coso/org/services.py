"""Writes on the organisation tree. Each function checks scope and rules, runs in one
transaction and leaves a trace (simple_history for fields, UnitEvent for structure)."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import DomainError
from coso.org.models import ClassificationLevel, ClassificationScheme, Department, Unit, UnitClassification, UnitEvent
from coso.org.signals import subtree_moved

UNIT_FIELDS = (
    "name",
    "short_name",
    "code",
    "admin_code",
    "level",
    "sector",
    "is_mountainous",
    "address",
    "latitude",
    "longitude",
)


def _check_level_below(parent, level):
    if parent is not None and level.order <= parent.level.order:
        raise DomainError(
            "level_not_below_parent",
            _("Cấp «%(level)s» không thể nằm dưới đơn vị «%(parent)s» (cấp «%(parent_level)s»).")
            % {"level": level.name, "parent": parent.name, "parent_level": parent.level.name},
            field="level",
        )


def _check_code_free(code, exclude_pk=None):
    if code and Unit.objects.filter(code=code).exclude(pk=exclude_pk).exists():
        raise DomainError(
            "code_taken", _("Mã đơn vị «%(code)s» đã được dùng cho đơn vị khác.") % {"code": code}, field="code"
        )


@transaction.atomic
def create_unit(*, actor, parent, name, level, **fields):
    """Create a unit under ``parent`` (a root when ``parent`` is None: system administrators only)."""
    scoping.require(actor, scoping.EDIT_UNITS, parent)
    name = (name or "").strip()
    if not name:
        raise DomainError("name_required", _("Tên đơn vị không được để trống."), field="name")
    _check_level_below(parent, level)
    _check_code_free(fields.get("code"))
    values = {k: v for k, v in fields.items() if k in UNIT_FIELDS}
    if not values.get("code"):
        values["code"] = None
    if parent is None:
        unit = Unit.objects.add_root(create_kwargs=dict(name=name, level=level, **values))
    else:
        parent = Unit.objects.get(pk=parent.pk)
        unit = Unit.objects.add_child(parent, dict(name=name, level=level, **values))
    UnitEvent.objects.create(
        unit=unit, kind=UnitEvent.Kind.CREATED, occurred_on=timezone.localdate(), to_parent=parent, recorded_by=actor
    )
    return unit


@transaction.atomic
def update_unit(*, actor, unit, version, **fields):
    """Edit a unit's own fields. ``version`` is the one the form was built on."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    scoping.require(actor, scoping.EDIT_UNITS, unit)
    if "name" in fields and not (fields["name"] or "").strip():
        raise DomainError("name_required", _("Tên đơn vị không được để trống."), field="name")
    if "level" in fields:
        parent = Unit.objects.get_parent(unit)
        _check_level_below(parent, fields["level"])
    if "code" in fields:
        fields["code"] = fields["code"] or None
        _check_code_free(fields["code"], exclude_pk=unit.pk)
    changed = []
    for key, value in fields.items():
        if key in UNIT_FIELDS and getattr(unit, key) != value:
            setattr(unit, key, value)
            changed.append(key)
    unit._change_reason = gettext_noop("Sửa thông tin đơn vị")
    unit.save_checked(version)
    if "level" in changed:  # a unit becoming (or ceasing to be) a province or a district
        _refresh_people_ancestors(unit)
    return unit


def _refresh_people_ancestors(unit):
    from coso.people import ancestry

    ancestry.refresh_under(unit)
    subtree_moved.send(sender=Unit, unit=unit)


@transaction.atomic
def move_unit(*, actor, unit, new_parent, occurred_on=None, note=""):
    """Re-parent a unit with its whole subtree (e.g. a commune union moving up in 2025)."""
    dates.require_in_window(occurred_on=occurred_on)
    unit = Unit.objects.get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    scoping.require(actor, scoping.EDIT_UNITS, unit)
    scoping.require(actor, scoping.EDIT_UNITS, new_parent)
    old_parent = Unit.objects.get_parent(unit)
    if unit.pk == new_parent.pk or new_parent.is_in_subtree_of(unit):
        raise DomainError("move_into_itself", _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."))
    if old_parent and old_parent.pk == new_parent.pk:
        raise DomainError(
            "move_same_parent",
            _("«%(name)s» đã trực thuộc «%(parent)s».") % {"name": unit.name, "parent": new_parent.name},
        )
    _check_level_below(new_parent, unit.level)
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit = Unit.objects.get(pk=unit.pk)
    _refresh_people_ancestors(unit)
    Unit.objects.filter(pk=unit.pk).update(version=unit.version + 1)
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEvent.Kind.MOVED,
        occurred_on=occurred_on or timezone.localdate(),
        from_parent=old_parent,
        to_parent=new_parent,
        note=note,
        recorded_by=actor,
    )
    return Unit.objects.get(pk=unit.pk)


@transaction.atomic
def merge_units(*, actor, absorbed, into, occurred_on=None, note=""):
    """Merge ``absorbed`` into ``into``: children, people and posts move; the absorbed unit is
    kept, inactive, with ``merged_into`` set, so its history and classifications stay readable."""
    from coso.people import ancestry
    from coso.people.models import Person, Post
    from coso.people.signals import members_moved

    absorbed = Unit.objects.get(pk=absorbed.pk)
    into = Unit.objects.get(pk=into.pk)
    scoping.require(actor, scoping.EDIT_UNITS, absorbed)
    scoping.require(actor, scoping.EDIT_UNITS, into)
    if absorbed.pk == into.pk:
        raise DomainError("merge_same", _("Không thể hợp nhất một đơn vị với chính nó."))
    if into.is_in_subtree_of(absorbed):
        raise DomainError("merge_into_child", _("Không thể hợp nhất đơn vị vào đơn vị cấp dưới của nó."))
    if not absorbed.is_active:
        raise DomainError("merge_inactive", _("«%(name)s» đã ngừng hoạt động.") % {"name": absorbed.name})
    day = occurred_on or timezone.localdate()
    dates.require_in_window(occurred_on=day)
    into_ancestors = ancestry.for_units([(into.pk, into.path)])[into.pk]
    latest_start = Post.objects.filter(unit=absorbed, end_date__isnull=True).aggregate(latest=Max("start_date"))[
        "latest"
    ]
    if latest_start is not None and day < latest_start:
        raise DomainError(
            "merge_before_post_start",
            _(
                "Ngày hợp nhất phải từ %(date)s trở đi: có người giữ chức vụ ở «%(name)s» "
                "từ ngày đó, chức vụ sẽ kết thúc vào ngày hợp nhất."
            )
            % {"date": f"{latest_start:%d/%m/%Y}", "name": absorbed.name},
            field="occurred_on",
        )
    for child in list(Unit.objects.get_children(absorbed)):
        Unit.objects.move(child, into, pos="last-child")
        _refresh_people_ancestors(child)
        UnitEvent.objects.create(
            unit_id=child.pk,
            kind=UnitEvent.Kind.MOVED,
            occurred_on=day,
            from_parent=absorbed,
            to_parent=into,
            note=_("Theo hợp nhất «%(name)s» vào «%(into)s»") % {"name": absorbed.name, "into": into.name},
            recorded_by=actor,
        )
    Person.objects.filter(unit=absorbed).update(unit=into, province_id=into_ancestors[0], district_id=into_ancestors[1])
    members_moved.send(sender=Person, unit_ids={absorbed.pk, into.pk})
    Post.objects.filter(unit=absorbed, end_date__isnull=True).update(end_date=day)
    absorbed = Unit.objects.get(pk=absorbed.pk)
    absorbed.is_active = False
    absorbed.merged_into = into
    absorbed.ended_on = day
    absorbed._change_reason = gettext_noop("Hợp nhất vào %(name)s") % {"name": into.name}
    absorbed.save_checked(None)
    UnitEvent.objects.create(
        unit=absorbed, kind=UnitEvent.Kind.MERGED, occurred_on=day, other_unit=into, note=note, recorded_by=actor
    )
    UnitEvent.objects.create(
        unit=into,
        kind=UnitEvent.Kind.MERGED,
        occurred_on=day,
        other_unit=absorbed,
        note=note or _("Tiếp nhận «%(name)s»") % {"name": absorbed.name},
        recorded_by=actor,
    )
    return Unit.objects.get(pk=into.pk)


@transaction.atomic
def classify_unit(*, actor, unit, year, level, note=""):
    """Record (or change) a unit's classification for a year, on the scheme in force that year."""
    dates.require_year_in_window(year=year)
    scoping.require(actor, scoping.CLASSIFY, unit)
    scheme = ClassificationScheme.for_year(ClassificationScheme.Subject.UNIT, year)
    if scheme is None or level.scheme_id != scheme.pk:
        expected = scheme.name if scheme else _("(chưa có)")
        raise DomainError(
            "wrong_scheme",
            _("Mức «%(name)s» không thuộc thang xếp loại áp dụng năm %(year)s: %(expected)s.")
            % {"name": level.name, "year": year, "expected": expected},
            field="level",
        )
    existing = UnitClassification.objects.filter(unit=unit, year=year).first()
    if existing:
        existing.level = level
        existing.note = note
        existing.save_checked(None)
        return existing
    return UnitClassification.objects.create(unit=unit, year=year, level=level, note=note)


def levels_for_year(year, subject=ClassificationScheme.Subject.UNIT):
    scheme = ClassificationScheme.for_year(subject, year)
    return ClassificationLevel.objects.filter(scheme=scheme) if scheme else ClassificationLevel.objects.none()


@transaction.atomic
def create_department(*, actor, unit, code, name):
    scoping.require(actor, scoping.EDIT_UNITS, unit)
    code, name = (code or "").strip(), " ".join((name or "").split())
    violations = []
    if not code:
        violations.append(("code_required", _("Phải ghi mã ban."), "code"))
    elif Department.objects.filter(unit=unit, code=code).exists():
        violations.append(("department_code_taken", _("Đơn vị đã có ban mã «%(code)s».") % {"code": code}, "code"))
    if not name:
        violations.append(("name_required", _("Phải ghi tên ban."), "name"))
    if violations:
        raise DomainError(violations[0][0], violations[0][1], field=violations[0][2], violations=violations)
    department = Department(unit=unit, code=code, name=name)
    department._history_user = actor
    department.save()
    return department


@transaction.atomic
def update_department(*, actor, department, version, **fields):
    """Rename, recode or close a department (``version`` checked)."""
    department = Department.objects.select_for_update().select_related("unit").get(pk=department.pk)
    scoping.require(actor, scoping.EDIT_UNITS, department.unit)
    code = fields.get("code", department.code)
    name = fields.get("name", department.name)
    if not (code or "").strip():
        raise DomainError("code_required", _("Phải ghi mã ban."), field="code")
    if not (name or "").strip():
        raise DomainError("name_required", _("Phải ghi tên ban."), field="name")
    if Department.objects.filter(unit=department.unit, code=code.strip()).exclude(pk=department.pk).exists():
        raise DomainError("department_code_taken", _("Đơn vị đã có ban mã «%(code)s».") % {"code": code}, field="code")
    department.code, department.name = code.strip(), " ".join(name.split())
    if "is_active" in fields and fields["is_active"] is not None:
        department.is_active = fields["is_active"]
    department._history_user = actor
    department.save_checked(version)
    return department
