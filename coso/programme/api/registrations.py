"""Registrations (by the member, or entered by the branch) and their steps."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import act_in_scope, caller
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate
from coso.programme import services
from coso.programme.api.base import ReasonIn, RecordFilter, _label, _person, _registrations
from coso.programme.api.common import (
    programme_or_404,
    router,
)


class ItemOut(Schema):
    criterion_id: int
    code: str
    kind: str
    title: str
    commitment: str
    points: int | None


class RegistrationOut(Schema):
    id: int
    version: int
    programme_id: int
    member_id: int
    member_name: str
    unit_id: int
    track_id: int
    target_group: str
    state: str
    state_label: str
    signed_on: datetime.date | None
    on_behalf: bool
    submitted_at: datetime.datetime | None
    items: list[ItemOut]

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name

    @staticmethod
    def resolve_unit_id(obj):
        return obj.member.unit_id

    @staticmethod
    def resolve_target_group(obj):
        return obj.target_group.code

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)

    @staticmethod
    def resolve_items(obj):
        return [
            {
                "criterion_id": i.criterion_id,
                "code": i.criterion.code,
                "kind": i.criterion.kind,
                "title": i.criterion.title,
                "commitment": i.commitment,
                "points": i.points,
            }
            for i in obj.items.select_related("criterion")
        ]


class ItemIn(Input):
    criterion_id: Id
    commitment: str = Field(..., max_length=2000)
    points: int | None = Field(None, ge=0, le=1000)


class RegistrationIn(Input):
    programme_id: Id
    member_id: Id | None = Field(
        None, description=gettext_lazy("Để trống: đoàn viên tự đăng ký; có: chi đoàn nhập thay.")
    )
    items: list[ItemIn] = Field(..., max_length=100)
    signed_on: InputDate | None = None
    track_id: Id | None = None
    submit: bool = False


class RegistrationItemsIn(Input):
    version: Version
    items: list[ItemIn] = Field(..., max_length=100)
    signed_on: InputDate | None = None


class SubmitIn(Input):
    version: Version | None = None
    signed_on: InputDate | None = None


# --------------------------------------------------------------------------- registrations


def _in_unit(user, queryset, unit_id, field):
    if not unit_id:
        return queryset
    unit = scoping.visible_units(user).filter(pk=unit_id).first()
    return queryset.filter(**{f"{field}__path__startswith": unit.path}) if unit else queryset.none()


def _filter(user, queryset, filters, *, programme_field, unit_field):
    if filters.programme:
        queryset = queryset.filter(**{programme_field: filters.programme})
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    return _in_unit(user, queryset, filters.unit, unit_field)


def _registration(user, pk):
    return get_object_or_404(_registrations(user), pk=pk)


def _items(items):
    return [{"criterion": i.criterion_id, "commitment": i.commitment, "points": i.points} for i in items]


@router.get("/registrations", response=list[RegistrationOut], summary=gettext_lazy("Phiếu đăng ký"))
@paginate(Pagination)
def list_registrations(request, filters: Query[RecordFilter]):
    user = caller(request)
    queryset = _filter(user, _registrations(user), filters, programme_field="programme_id", unit_field="member__unit")
    return queryset.order_by("member__sort_key", "pk")


@router.get(
    "/registrations/{registration_id}",
    response={200: RegistrationOut, **READ_ERRORS},
    summary=gettext_lazy("Một phiếu"),
)
def get_registration(request, registration_id: Id):
    return _registration(caller(request), registration_id)


@router.post("/registrations", response={201: RegistrationOut, **WRITE_ERRORS}, summary=gettext_lazy("Đăng ký"))
def create_registration(request, payload: RegistrationIn):
    user = caller(request)
    programme = programme_or_404(user, payload.programme_id)
    track = None
    if payload.track_id:
        track = get_object_or_404(programme.tracks.all(), pk=payload.track_id)
    common = dict(
        actor=user,
        programme=programme,
        items=_items(payload.items),
        track=track,
        signed_on=payload.signed_on,
        submit=payload.submit,
    )
    if payload.member_id is None or payload.member_id == getattr(user, "person_id", None):
        registration = services.register(**common)
    else:
        registration = services.register_on_behalf(member=_person(user, payload.member_id), **common)
    return Status(201, _registration(user, registration.pk))


@router.put(
    "/registrations/{registration_id}/items",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Sửa nội dung đăng ký"),
)
def update_registration(request, registration_id: Id, payload: RegistrationItemsIn):
    user = caller(request)
    registration = _registration(user, registration_id)
    services.update_registration(
        actor=user,
        registration=registration,
        items=_items(payload.items),
        version=payload.version,
        signed_on=payload.signed_on,
    )
    return _registration(user, registration.pk)


@router.post(
    "/registrations/{registration_id}/submit",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ký, gửi phiếu"),
)
def submit_registration(request, registration_id: Id, payload: SubmitIn):
    user = caller(request)
    return act_in_scope(
        _registrations(user),
        registration_id,
        lambda registration: services.submit_registration(
            actor=user, registration=registration, signed_on=payload.signed_on, version=payload.version
        ),
    )


@router.post(
    "/registrations/{registration_id}/return",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Trả lại phiếu"),
)
def return_registration(request, registration_id: Id, payload: ReasonIn):
    user = caller(request)
    return act_in_scope(
        _registrations(user),
        registration_id,
        lambda registration: services.return_registration(
            actor=user, registration=registration, reason=payload.reason, version=payload.version
        ),
    )
