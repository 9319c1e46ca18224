"""/api/units/: the organisation tree, read through the caller's scope, written through
``coso.org.services``."""

from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.pagination import paginate

from coso.api.common import (
    HistoryPage,
    caller,
    history_page,
    level_by_code,
    sector_by_code,
    unit_for_output,
    units_for_output,
    visible_unit_or_404,
    visible_units,
)
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import (
    READ_ERRORS,
    WRITE_ERRORS,
    ClassificationOut,
    ErrorOut,
    HistoryPageOut,
    Id,
    MergeIn,
    MoveIn,
    UnitCreateIn,
    UnitFilter,
    UnitOut,
    UnitPatchIn,
)
from coso.core.text import fold
from coso.org import services

router = Router(tags=[gettext_lazy("Đơn vị")])


@router.get("/", response=list[UnitOut], summary=gettext_lazy("Danh sách đơn vị trong phạm vi"))
@paginate(Pagination)
def list_units(request, filters: Query[UnitFilter]):
    user = caller(request)
    units = visible_units(user)
    if filters.parent is not None:
        parent = visible_units(user).filter(pk=filters.parent).first()
        units = units.filter(path__startswith=parent.path, depth=parent.depth + 1) if parent else units.none()
    if filters.within is not None:
        within = visible_units(user).filter(pk=filters.within).first()
        units = units.filter(path__startswith=within.path) if within else units.none()
    if filters.level:
        units = units.filter(level__code=filters.level)
    if filters.sector:
        units = units.filter(sector__code=filters.sector)
    for word in fold(filters.q).split():
        units = units.filter(search_text__contains=word)
    if filters.mountainous is not None:
        units = units.filter(is_mountainous=filters.mountainous)
    if filters.active is not None:
        units = units.filter(is_active=filters.active)
    return units_for_output(user, units).order_by("depth", "sort_key", "pk")


@router.get("/{unit_id}", response={200: UnitOut, **READ_ERRORS}, summary=gettext_lazy("Một đơn vị"))
def get_unit(request, unit_id: Id):
    return unit_for_output(caller(request), unit_id)


@router.get("/{unit_id}/children", response=list[UnitOut], summary=gettext_lazy("Các đơn vị trực thuộc trực tiếp"))
@paginate(Pagination)
def list_children(request, unit_id: Id):
    user = caller(request)
    unit = visible_unit_or_404(user, unit_id)
    children = visible_units(user).filter(path__startswith=unit.path, depth=unit.depth + 1)
    return units_for_output(user, children).order_by("-is_active", "sort_key", "pk")


@router.post("/", response={201: UnitOut, **WRITE_ERRORS}, summary=gettext_lazy("Thêm đơn vị"))
def create_unit(request, payload: UnitCreateIn):
    user = caller(request)
    parent = visible_unit_or_404(user, payload.parent_id) if payload.parent_id is not None else None
    unit = services.create_unit(
        actor=user,
        parent=parent,
        name=payload.name,
        level=level_by_code(payload.level),
        sector=sector_by_code(payload.sector),
        short_name=payload.short_name,
        code=payload.code,
        admin_code=payload.admin_code,
        is_mountainous=payload.is_mountainous,
        address=payload.address,
    )
    return Status(201, unit_for_output(user, unit.pk))


@router.patch("/{unit_id}", response={200: UnitOut, **WRITE_ERRORS, 409: ErrorOut}, summary=gettext_lazy("Sửa đơn vị"))
def update_unit(request, unit_id: Id, payload: UnitPatchIn):
    user = caller(request)
    unit = visible_unit_or_404(user, unit_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if "level" in fields:
        fields["level"] = level_by_code(fields["level"])
    if "sector" in fields:
        fields["sector"] = sector_by_code(fields["sector"])
    services.update_unit(actor=user, unit=unit, version=version, **fields)
    return unit_for_output(user, unit.pk)


@router.post(
    "/{unit_id}/move", response={200: UnitOut, **WRITE_ERRORS}, summary=gettext_lazy("Chuyển sang đơn vị cấp trên khác")
)
def move_unit(request, unit_id: Id, payload: MoveIn):
    user = caller(request)
    unit = visible_unit_or_404(user, unit_id)
    new_parent = visible_unit_or_404(user, payload.new_parent_id)
    services.move_unit(actor=user, unit=unit, new_parent=new_parent, occurred_on=payload.occurred_on, note=payload.note)
    return unit_for_output(user, unit.pk)


@router.post(
    "/{unit_id}/merge",
    response={200: UnitOut, **WRITE_ERRORS},
    summary=gettext_lazy("Hợp nhất vào đơn vị khác (trả về đơn vị nhận)"),
)
def merge_unit(request, unit_id: Id, payload: MergeIn):
    user = caller(request)
    absorbed = visible_unit_or_404(user, unit_id)
    into = visible_unit_or_404(user, payload.into_id)
    services.merge_units(actor=user, absorbed=absorbed, into=into, occurred_on=payload.occurred_on, note=payload.note)
    return unit_for_output(user, into.pk)


@router.get(
    "/{unit_id}/classifications",
    response={200: list[ClassificationOut], **READ_ERRORS},
    summary=gettext_lazy("Xếp loại hằng năm"),
)
def list_classifications(request, unit_id: Id):
    unit = visible_unit_or_404(caller(request), unit_id)
    return unit.classifications.select_related("level", "level__scheme").order_by("-year")


@router.get(
    "/{unit_id}/history", response={200: HistoryPageOut, **READ_ERRORS}, summary=gettext_lazy("Lịch sử thay đổi")
)
def unit_history(request, unit_id: Id, page: Query[HistoryPage]):
    return history_page(visible_unit_or_404(caller(request), unit_id), page)


SCOPE_MATRIX = [
    ScopeCase("GET", "/units/", lambda t: f"/api/units/?within={t.tamky.pk}", kind=LIST),
    ScopeCase("GET", "/units/", lambda t: f"/api/units/?parent={t.tamky.pk}", kind=LIST),
    ScopeCase("GET", "/units/", lambda t: "/api/units/?q=tam+ky", kind=LIST),
    ScopeCase("GET", "/units/", lambda t: f"/api/units/?q=an+my&within={t.anmy.pk}&level=doan-co-so", kind=LIST),
    ScopeCase("GET", "/units/{unit_id}", lambda t: f"/api/units/{t.tamky.pk}"),
    ScopeCase("GET", "/units/{unit_id}", lambda t: f"/api/units/{t.branch_anmy.pk}"),
    ScopeCase("GET", "/units/{unit_id}/children", lambda t: f"/api/units/{t.tamky.pk}/children"),
    ScopeCase(
        "POST",
        "/units/",
        lambda t: "/api/units/",
        lambda t: {"parent_id": t.anmy.pk, "name": "Chi đoàn khối phố 9", "level": "chi-doan"},
    ),
    ScopeCase(
        "PATCH",
        "/units/{unit_id}",
        lambda t: f"/api/units/{t.anmy.pk}",
        lambda t: {"version": t.anmy.version, "name": "Đoàn phường An Mỹ (sửa)"},
    ),
    ScopeCase(
        "POST",
        "/units/{unit_id}/move",
        lambda t: f"/api/units/{t.branch_anmy.pk}/move",
        lambda t: {"new_parent_id": t.tamky.pk},
    ),
    # Moving one's own unit into the other district.
    ScopeCase(
        "POST",
        "/units/{unit_id}/move",
        lambda t: f"/api/units/{t.branch_trason.pk}/move",
        lambda t: {"new_parent_id": t.anmy.pk},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/units/{unit_id}/merge",
        lambda t: f"/api/units/{t.branch_anmy.pk}/merge",
        lambda t: {"into_id": t.anmy.pk},
    ),
    # Merging one's own unit into a unit of the other district, and the reverse.
    ScopeCase(
        "POST",
        "/units/{unit_id}/merge",
        lambda t: f"/api/units/{t.tragiang.pk}/merge",
        lambda t: {"into_id": t.anmy.pk},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/units/{unit_id}/merge",
        lambda t: f"/api/units/{t.anmy.pk}/merge",
        lambda t: {"into_id": t.tragiang.pk},
        control=False,
    ),
    ScopeCase("GET", "/units/{unit_id}/classifications", lambda t: f"/api/units/{t.anmy.pk}/classifications"),
    ScopeCase("GET", "/units/{unit_id}/history", lambda t: f"/api/units/{t.tamky.pk}/history"),
]
