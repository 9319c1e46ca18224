"""The Standing Committee's recognition of a base union's results."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id, Input
from coso.core.dates import InputDate
from coso.programme import services
from coso.programme.api.base import PeriodFilter, _recognitions
from coso.programme.api.common import (
    programme_or_404,
    round_or_404,
    router,
)
from coso.programme.api.registrations import _in_unit


class RecognitionIn(Input):
    base_id: Id
    round_id: Id | None = None
    number: str = Field("", max_length=60)
    decided_on: InputDate | None = None
    comment: str = Field("", max_length=2000)


class RecognitionOut(Schema):
    id: int
    programme_id: int
    round_id: int | None
    unit_id: int
    unit_name: str
    number: str
    decided_on: datetime.date
    comment: str
    members_recognised: int
    branches_recognised: int
    members_pending: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


# --------------------------------------------------------------------------- recognition


@router.get("/recognitions", response=list[RecognitionOut], summary=gettext_lazy("Công nhận kết quả"))
@paginate(Pagination)
def list_recognitions(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _recognitions(user)
    if filters.programme:
        queryset = queryset.filter(programme_id=filters.programme)
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return _in_unit(user, queryset, filters.unit, "unit").order_by("-decided_on", "-pk")


@router.post(
    "/programmes/{programme_id}/recognitions",
    response={201: RecognitionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ban Thường vụ công nhận kết quả của một Đoàn cơ sở"),
)
def recognise(request, programme_id: Id, payload: RecognitionIn):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    recognition = services.district_recognise(
        actor=user,
        programme=programme,
        base=visible_unit_or_404(user, payload.base_id),
        round=round_or_404(user, payload.round_id, programme),
        number=payload.number,
        decided_on=payload.decided_on,
        comment=payload.comment,
    )
    return Status(201, get_object_or_404(_recognitions(user), pk=recognition.pk))
