"""/api/org/: the terms (nhiệm kỳ) other endpoints take as ``term_id``, and the departments
(ban, văn phòng) of the units in the caller's scope, written through ``coso.org.services``."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Router, Schema, Status

from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.matrix import ScopeCase
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, TermOut, Text, Version
from coso.org import services
from coso.org.models import Department
from coso.people.models import Term

router = Router(tags=[gettext_lazy("Nhiệm kỳ, ban")])


@router.get(
    "/terms", response=list[TermOut], summary=gettext_lazy("Các nhiệm kỳ (term_id của quy hoạch, chức danh, chỗ trống)")
)
def list_terms(request):
    return list(Term.objects.order_by("start_year"))


class OrgDepartmentOut(Schema):
    id: int
    version: int
    unit_id: int
    code: str
    name: str
    is_active: bool


class DepartmentIn(Input):
    unit_id: Id
    code: Text(20)
    name: Text(200)


class DepartmentPatchIn(Input):
    version: Version
    code: Text(20) | None = None
    name: Text(200) | None = None
    is_active: bool | None = None


def _departments(user):
    return Department.objects.filter(unit__in=visible_units(user).values("pk"))


@router.get(
    "/departments",
    response={200: list[OrgDepartmentOut], **READ_ERRORS},
    summary=gettext_lazy("Các ban của một đơn vị"),
)
def list_departments(request, unit: Id):
    user = caller(request)
    return list(Department.objects.filter(unit=visible_unit_or_404(user, unit)).order_by("name", "pk"))


@router.post("/departments", response={201: OrgDepartmentOut, **WRITE_ERRORS}, summary=gettext_lazy("Thêm ban"))
def create_department(request, payload: DepartmentIn):
    user = caller(request)
    unit = visible_unit_or_404(user, payload.unit_id)
    return Status(201, services.create_department(actor=user, unit=unit, code=payload.code, name=payload.name))


@router.patch(
    "/departments/{department_id}", response={200: OrgDepartmentOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa ban")
)
def edit_department(request, department_id: Id, payload: DepartmentPatchIn):
    user = caller(request)
    department = get_object_or_404(_departments(user), pk=department_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    return services.update_department(actor=user, department=department, version=version, **fields)


def _tamky_department(t):
    if getattr(t, "_tamky_department", None) is None:
        t._tamky_department = Department.objects.create(unit=t.tamky, code="VP", name="Văn phòng Thành đoàn")
    return t._tamky_department


SCOPE_MATRIX = [
    ScopeCase("GET", "/org/terms", lambda t: "/api/org/terms", kind="self"),
    ScopeCase("GET", "/org/departments", lambda t: f"/api/org/departments?unit={t.tamky.pk}", kind="object"),
    ScopeCase(
        "POST",
        "/org/departments",
        lambda t: "/api/org/departments",
        lambda t: {"unit_id": t.tamky.pk, "code": "TN", "name": "Ban Thanh niên"},
    ),
    ScopeCase(
        "PATCH",
        "/org/departments/{department_id}",
        lambda t: f"/api/org/departments/{_tamky_department(t).pk}",
        lambda t: {"version": _tamky_department(t).version, "name": "Văn phòng"},
    ),
]
