"""Succession planning for secretary and deputy secretary."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id
from coso.cadrework import services
from coso.cadrework.api.common import _api_fields, router
from coso.cadrework.api.schemas import PlanningFilter, PlanningIn, PlanningOut, PlanningRemoveIn
from coso.people.models import Planning, Term

# --------------------------------------------------------------------------- planning (quy hoạch)


def _plannings(user):
    rows = Planning.objects.filter(scoping.unit_q(user, scoping.VIEW, prefix="unit__"))
    return rows.filter(title__in=services.PLANNING_TITLES).select_related("unit", "person", "term")


@router.get("/planning", response=list[PlanningOut], summary=gettext_lazy("Quy hoạch Bí thư, Phó Bí thư"))
@paginate(Pagination)
def list_planning(request, filters: Query[PlanningFilter]):
    rows = _plannings(caller(request))
    if filters.unit:
        rows = rows.filter(unit_id=filters.unit)
    if filters.term:
        rows = rows.filter(term_id=filters.term)
    if filters.removed is not None:
        rows = rows.filter(removed_on__isnull=not filters.removed)
    return rows.order_by("term__start_year", "unit__path", "title", "person__sort_key", "pk")


@router.post(
    "/planning", response={201: PlanningOut, **WRITE_ERRORS}, summary=gettext_lazy("Đưa một người vào quy hoạch")
)
def add_planning(request, payload: PlanningIn):
    user = caller(request)
    unit = visible_unit_or_404(user, payload.unit_id)
    person = get_object_or_404(scoping.visible_people(user), pk=payload.person_id)
    term = get_object_or_404(Term, pk=payload.term_id)
    with _api_fields(person="person_id"):
        row = services.add_planning(
            actor=user,
            unit=unit,
            person=person,
            title=payload.title,
            term=term,
            decided_on=payload.decided_on,
            decision_number=payload.decision_number,
        )
    return Status(201, _plannings(user).get(pk=row.pk))


@router.post(
    "/planning/{planning_id}/remove",
    response={200: PlanningOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đưa ra khỏi quy hoạch"),
)
def remove_planning(request, planning_id: Id, payload: PlanningRemoveIn):
    user = caller(request)
    row = get_object_or_404(_plannings(user), pk=planning_id)
    services.remove_planning(actor=user, planning=row, on=payload.on, version=payload.version)
    return _plannings(user).get(pk=row.pk)
