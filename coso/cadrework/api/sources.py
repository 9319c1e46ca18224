"""The cadre pool (sources) and its stages."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id
from coso.cadrework import permissions, services
from coso.cadrework.api.common import router
from coso.cadrework.api.schemas import AdvanceIn, CadreUnitFilter, SourceIn, SourceOut

# --------------------------------------------------------------------------- sources


@router.get("/sources", response=list[SourceOut], summary=gettext_lazy("Nguồn cán bộ"))
@paginate(Pagination)
def list_sources(request, filters: Query[CadreUnitFilter]):
    rows = permissions.sources(caller(request)).prefetch_related("changes")
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    return rows.order_by("kind", "full_name", "pk")


@router.post("/sources", response={201: SourceOut, **WRITE_ERRORS}, summary=gettext_lazy("Đưa một người vào nguồn"))
def add_source(request, payload: SourceIn):
    user = caller(request)
    unit = visible_unit_or_404(user, payload.unit_id)
    return Status(201, services.add_source(actor=user, unit=unit, **payload.dict(exclude={"unit_id"})))


@router.post(
    "/sources/{source_id}/advance", response={200: SourceOut, **WRITE_ERRORS}, summary=gettext_lazy("Chuyển giai đoạn")
)
def advance_source(request, source_id: Id, payload: AdvanceIn):
    user = caller(request)
    entry = get_object_or_404(permissions.sources(user), pk=source_id)
    return services.advance_source(actor=user, entry=entry, **payload.dict())
