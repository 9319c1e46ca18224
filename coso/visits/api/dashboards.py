"""A cadre's progress, coverage by district and the monthly ranking."""

from django.db.models import Q
from django.utils.translation import gettext_lazy
from ninja import Query

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.schemas import READ_ERRORS, Id
from coso.visits import coverage as coverage_mod
from coso.visits import ranking as ranking_mod
from coso.visits import selectors
from coso.visits.api.common import _person_or_404, router
from coso.visits.api.schemas import CoverageOut, CoverageQuery, ProgressOut, RankingQuery, RankingRowOut, YearQuery

# --------------------------------------------------------------------------- dashboards


@router.get(
    "/progress/{cadre_id}", response={200: ProgressOut, **READ_ERRORS}, summary=gettext_lazy("Tiến độ của một cán bộ")
)
def get_progress(request, cadre_id: Id, query: Query[YearQuery]):
    cadre = _person_or_404(caller(request), cadre_id)
    result = selectors.progress(cadre, query.year, on=query.on)
    return {
        "cadre_id": cadre.pk,
        "cadre_name": result.cadre_name,
        "year": result.year,
        "on": result.on,
        "ok": result.ok,
        "items": [
            {
                "code": item.code,
                "label": str(item.label),
                "value": "" if item.value is None else str(item.value),
                "target": "" if item.target is None else str(item.target),
                "status": item.status,
                "status_label": item.status_label,
                "detail": str(item.detail or ""),
            }
            for item in result.items
        ],
    }


@router.get(
    "/coverage",
    response={200: list[CoverageOut], **READ_ERRORS},
    summary=gettext_lazy("Độ phủ cơ sở theo đơn vị cấp huyện"),
)
def get_coverage(request, query: Query[CoverageQuery]):
    user = caller(request)
    owner = visible_unit_or_404(user, query.unit)
    visible = set(visible_units(user).values_list("pk", flat=True))
    return [
        {
            "district_id": c.district.pk,
            "district_name": c.district.name,
            "base_units_total": c.base_units_total,
            "base_units_visited": c.base_units_visited,
            "percent": None if c.percent is None else float(c.percent),
            "visited_units": c.visited_units,
            "unvisited_units": c.unvisited_units,
            "total_days": c.total_days,
            "ad_hoc_days": c.ad_hoc_days,
            "days_by_month": c.days_by_month,
        }
        for c in coverage_mod.coverage(owner, query.year)
        if c.district.pk in visible
    ]


@router.get(
    "/ranking", response={200: list[RankingRowOut], **READ_ERRORS}, summary=gettext_lazy("Xếp hạng thi đua tháng")
)
def get_ranking(request, query: Query[RankingQuery]):
    user = caller(request)
    owner = visible_unit_or_404(user, query.unit)
    visible_cadres = set(
        scoping.visible_people(user).filter(Q(unit__path__startswith=owner.path)).values_list("pk", flat=True)
    )
    return [
        {
            "position": row.position,
            "cadre_id": row.cadre.pk,
            "cadre_name": row.cadre.full_name,
            "report_id": row.report.pk,
            "total": float(row.total),
            "lines": [{"code": ln.code, "text": ln.text, "amount": float(ln.amount)} for ln in row.lines],
        }
        for row in ranking_mod.monthly_ranking(owner, query.year, query.month)
        if row.cadre.pk in visible_cadres
    ]
