"""Grassroots visits (trips) and their photos."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Version
from coso.core.dates import parse_month
from coso.visits import rules, services
from coso.visits.api.common import _person_or_404, _visits, router
from coso.visits.api.schemas import PhotoIn, PhotoOut, VisitFilter, VisitIn, VisitOut, VisitPatchIn
from coso.visits.models import (
    PlannedVisit,
)

# --------------------------------------------------------------------------- visits


@router.get("/visits", response=list[VisitOut], summary=gettext_lazy("Chuyến đi cơ sở"))
@paginate(Pagination)
def list_visits(request, filters: Query[VisitFilter]):
    user = caller(request)
    visits = _visits(user)
    if filters.month:
        year, month = parse_month(filters.month)
        visits = visits.overlapping(datetime.date(year, month, 1), rules.month_last_day(year, month))
    if filters.unit:
        unit = visible_units(user).filter(pk=filters.unit).first()
        visits = visits.filter(unit__path__startswith=unit.path) if unit else visits.none()
    if filters.cadre:
        visits = visits.filter(cadre_id=filters.cadre)
    return visits.order_by("start_date", "pk")


@router.post(
    "/visits",
    response={200: VisitOut, 201: VisitOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi nhận chuyến đi cơ sở"),
    description=gettext_lazy(
        "Với `client_id`: gửi lại (mạng chập chờn, bấm hai lần, hai thẻ) trả về 200 với chuyến đi đã lưu."
    ),
)
def create_visit(request, payload: VisitIn):
    user = caller(request)
    cadre = _person_or_404(user, payload.cadre_id)
    planned = None
    if payload.planned_visit_id:
        planned = get_object_or_404(PlannedVisit, pk=payload.planned_visit_id, plan__cadre=cadre)
    position = None
    if payload.latitude is not None and payload.longitude is not None:
        position = rules.Position(payload.latitude, payload.longitude, payload.location_accuracy_m)
    visit = services.record_visit(
        actor=user,
        cadre=cadre,
        unit=visible_unit_or_404(user, payload.unit_id),
        start_date=payload.start_date,
        end_date=payload.end_date or payload.start_date,
        form=payload.form,
        content=payload.content,
        findings=payload.findings,
        problems=payload.problems,
        proposals=payload.proposals,
        is_ad_hoc=payload.is_ad_hoc,
        planned_visit=planned,
        activity_relation=payload.activity_relation,
        activity_name=payload.activity_name,
        activity_date=payload.activity_date,
        client_id=payload.client_id,
        position=position,
    )
    return Status(200 if visit.replayed else 201, get_object_or_404(_visits(user), pk=visit.pk))


@router.post(
    "/visits/{visit_id}/photos",
    response={201: PhotoOut, 200: PhotoOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm ảnh chuyến đi"),
    description=gettext_lazy("Ảnh JPEG đã thu nhỏ trên máy. Gửi lại cùng `client_id`: trả về ảnh đã lưu (200)."),
)
def add_photo(request, visit_id: Id, payload: PhotoIn):
    import base64
    import binascii

    from coso.core.errors import DomainError

    user = caller(request)
    visit = get_object_or_404(_visits(user), pk=visit_id)
    try:
        content = base64.b64decode(payload.content_base64, validate=True)
    except (binascii.Error, ValueError) as error:
        raise DomainError("photo_not_jpeg", _("Ảnh không đọc được (base64)."), field="photo") from error
    known = payload.client_id is not None and visit.photos.filter(client_id=payload.client_id).exists()
    photo = services.add_visit_photo(actor=user, visit=visit, content=content, client_id=payload.client_id)
    return Status(200 if known else 201, photo)


@router.get("/visits/{visit_id}", response={200: VisitOut, **READ_ERRORS}, summary=gettext_lazy("Một chuyến đi cơ sở"))
def get_visit(request, visit_id: Id):
    return get_object_or_404(_visits(caller(request)), pk=visit_id)


@router.patch(
    "/visits/{visit_id}", response={200: VisitOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa chuyến đi cơ sở")
)
def update_visit(request, visit_id: Id, payload: VisitPatchIn):
    user = caller(request)
    visit = get_object_or_404(_visits(user), pk=visit_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k == "version"}
    version = fields.pop("version")
    if "unit_id" in fields:
        fields["unit"] = visible_unit_or_404(user, fields.pop("unit_id"))
    services.update_visit(actor=user, visit=visit, version=version, **fields)
    return get_object_or_404(_visits(user), pk=visit.pk)


@router.delete("/visits/{visit_id}", response={204: None, **WRITE_ERRORS}, summary=gettext_lazy("Xoá chuyến đi cơ sở"))
def delete_visit(request, visit_id: Id, version: Version | None = None):
    user = caller(request)
    visit = get_object_or_404(_visits(user), pk=visit_id)
    services.remove_visit(actor=user, visit=visit, version=version)
    return Status(204, None)
