"""Rotations between departments, and the bodies' seats."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS
from coso.cadrework import permissions, selectors, services
from coso.cadrework.api.common import router
from coso.cadrework.api.schemas import CadreUnitFilter, RotationIn, RotationOut, SeatsIn, SeatsOut, SeatsQuery
from coso.org.models import Department
from coso.people.models import Term

# --------------------------------------------------------------------------- rotations and seats


@router.get("/rotations", response=list[RotationOut], summary=gettext_lazy("Luân chuyển cán bộ giữa các ban"))
@paginate(Pagination)
def list_rotations(request, filters: Query[CadreUnitFilter]):
    rows = permissions.rotations(caller(request))
    if filters.unit:
        rows = rows.filter(person__unit_id=filters.unit)
    return rows.order_by("-on", "-pk")


@router.post("/rotations", response={201: RotationOut, **WRITE_ERRORS}, summary=gettext_lazy("Ghi luân chuyển"))
def rotate(request, payload: RotationIn):
    user = caller(request)
    person = get_object_or_404(permissions.cadres(user), pk=payload.person_id)
    department = get_object_or_404(
        Department.objects.filter(unit__in=scoping.visible_units(user)), pk=payload.to_department_id
    )
    rotation = services.rotate(
        actor=user, person=person, to_department=department, on=payload.on, decision_number=payload.decision_number
    )
    return Status(201, rotation)


def _seats_out(vacancies):
    return [
        {
            "unit_id": v.unit.pk,
            "body": v.body,
            "body_label": str(v.body_label),
            "seats": v.seats,
            "filled": v.filled,
            "vacant": v.vacant,
            "since": v.since,
        }
        for v in vacancies
    ]


@router.get(
    "/seats",
    response={200: list[SeatsOut], **READ_ERRORS},
    summary=gettext_lazy("Số lượng, đang có, khuyết của các cơ quan"),
)
def seats(request, query: Query[SeatsQuery]):
    unit = visible_unit_or_404(caller(request), query.unit)
    return _seats_out(selectors.vacancies(unit, on=query.on))


@router.put(
    "/seats", response={200: list[SeatsOut], **WRITE_ERRORS}, summary=gettext_lazy("Quy định số lượng của một cơ quan")
)
def set_seats(request, payload: SeatsIn):
    user = caller(request)
    unit = visible_unit_or_404(user, payload.unit_id)
    term = get_object_or_404(Term, pk=payload.term_id)
    services.set_body_seats(
        actor=user, unit=unit, body=payload.body, term=term, seats=payload.seats, version=payload.version
    )
    day = datetime.date(term.start_year, 12, 31)
    return _seats_out(selectors.vacancies(unit, on=day))
