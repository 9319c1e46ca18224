"""Good practices reported and marked for replication."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id
from coso.visits import services
from coso.visits.api.common import _person_or_404, _practices, _visits, router
from coso.visits.api.schemas import PracticeIn, PracticeOut, ReplicateIn

# --------------------------------------------------------------------------- good practices


@router.get("/practices", response=list[PracticeOut], summary=gettext_lazy("Mô hình mới, cách làm hay"))
@paginate(Pagination)
def list_practices(request, unit: Id | None = None, to_replicate: bool | None = None):
    user = caller(request)
    practices = _practices(user)
    if unit:
        within = visible_units(user).filter(pk=unit).first()
        practices = practices.filter(unit__path__startswith=within.path) if within else practices.none()
    if to_replicate is not None:
        practices = practices.filter(to_replicate=to_replicate)
    return practices.order_by("-reported_on", "pk")


@router.post(
    "/practices", response={201: PracticeOut, **WRITE_ERRORS}, summary=gettext_lazy("Báo cáo mô hình, cách làm hay")
)
def create_practice(request, payload: PracticeIn):
    user = caller(request)
    cadre = _person_or_404(user, payload.cadre_id)
    visit = get_object_or_404(_visits(user), pk=payload.visit_id) if payload.visit_id else None
    practice = services.record_good_practice(
        actor=user,
        cadre=cadre,
        unit=visible_unit_or_404(user, payload.unit_id),
        title=payload.title,
        description=payload.description,
        visit=visit,
        reported_on=payload.reported_on,
    )
    return Status(201, get_object_or_404(_practices(user), pk=practice.pk))


@router.post(
    "/practices/{practice_id}/replicate",
    response={200: PracticeOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đánh dấu nhân rộng"),
)
def replicate_practice(request, practice_id: Id, payload: ReplicateIn):
    user = caller(request)
    practice = get_object_or_404(_practices(user), pk=practice_id)
    services.mark_practice_to_replicate(
        actor=user, practice=practice, to_replicate=payload.to_replicate, version=payload.version
    )
    return get_object_or_404(_practices(user), pk=practice.pk)
