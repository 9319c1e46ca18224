"""Programmes and their criteria."""

from django.utils.translation import gettext_lazy
from ninja import Query
from ninja.pagination import paginate

from coso.api.common import caller
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, Id
from coso.programme.api.base import CriterionFilter, ProgrammeFilter
from coso.programme.api.common import (
    CriterionOut,
    ProgrammeOut,
    programme_or_404,
    router,
    visible_programmes,
)

# --------------------------------------------------------------------------- programmes


@router.get("/programmes", response=list[ProgrammeOut], summary=gettext_lazy("Các chương trình"))
@paginate(Pagination)
def list_programmes(request, filters: Query[ProgrammeFilter]):
    programmes = visible_programmes(caller(request))
    if filters.year:
        programmes = programmes.filter(year=filters.year)
    return programmes.order_by("-year", "name", "pk")


@router.get(
    "/programmes/{programme_id}", response={200: ProgrammeOut, **READ_ERRORS}, summary=gettext_lazy("Một chương trình")
)
def get_programme(request, programme_id: Id):
    return programme_or_404(caller(request), programme_id)


@router.get(
    "/programmes/{programme_id}/criteria",
    response={200: list[CriterionOut], **READ_ERRORS},
    summary=gettext_lazy("Tiêu chí"),
)
def list_criteria(request, programme_id: Id, filters: Query[CriterionFilter]):
    programme = programme_or_404(caller(request), programme_id)
    criteria = programme.criteria.select_related("target_group")
    if filters.kind:
        criteria = criteria.filter(kind=filters.kind)
    if filters.target_group:
        from django.db.models import Q

        criteria = criteria.filter(Q(target_group__isnull=True) | Q(target_group__code=filters.target_group))
    return list(criteria.order_by("kind", "order", "code"))
