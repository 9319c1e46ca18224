"""Yearly cadre evaluations and their levels."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id
from coso.cadrework import permissions, services
from coso.cadrework.api.common import router
from coso.cadrework.api.schemas import CadreEvaluationIn, CadreEvaluationOut, CadreLevelOut, EvaluationFilter, YearPath
from coso.core.errors import DomainError
from coso.people.models import Evaluation

# --------------------------------------------------------------------------- evaluations


@router.get(
    "/evaluations/levels",
    response=list[CadreLevelOut],
    summary=gettext_lazy("Các mức xếp loại cán bộ của một năm (tốt nhất trước)"),
)
def evaluation_levels(request, year: YearPath):
    return services.evaluation_levels(year)


@router.get(
    "/evaluations", response=list[CadreEvaluationOut], summary=gettext_lazy("Đánh giá, xếp loại cán bộ hằng năm")
)
@paginate(Pagination)
def list_evaluations(request, filters: Query[EvaluationFilter]):
    user = caller(request)
    rows = Evaluation.objects.filter(person__in=permissions.cadres(user))
    if filters.unit:
        unit = visible_unit_or_404(user, filters.unit)
        rows = rows.filter(person__unit__path__startswith=unit.path)
    if filters.year:
        rows = rows.filter(year=filters.year)
    return rows.select_related("person", "level").order_by("-year", "person__sort_key", "pk")


@router.put(
    "/cadres/{person_id}/evaluations/{year}",
    response={200: CadreEvaluationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi (hoặc sửa) tự kiểm điểm và xếp loại của cán bộ trong năm"),
)
def evaluate(request, person_id: Id, year: YearPath, payload: CadreEvaluationIn):
    user = caller(request)
    person = get_object_or_404(permissions.cadres(user), pk=person_id)
    level = next((lvl for lvl in services.evaluation_levels(year) if lvl.code == payload.level_code), None)
    if level is None:
        raise DomainError(
            "bad_level",
            _("Không có mức xếp loại cán bộ «%(code)s» trong năm %(year)s.")
            % {"code": payload.level_code, "year": year},
            field="level_code",
        )
    evaluation = services.evaluate(
        actor=user,
        person=person,
        year=year,
        level=level,
        self_assessment=payload.self_assessment,
        note=payload.note,
        version=payload.version,
    )
    return Evaluation.objects.select_related("person", "level").get(pk=evaluation.pk)
