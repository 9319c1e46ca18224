"""The visits set-up's calendar: the policy of an organisation for a year (caps, minimums, due
days) and its blackout days."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Schema, Status

from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate, InputYear
from coso.visits import services
from coso.visits.api.setup import router
from coso.visits.models import BlackoutDay, VisitPolicy


class PolicyIn(Input):
    version: Version | None = None
    cap_days_mountainous: int | None = Field(None, ge=0, le=31)
    cap_days_other: int | None = Field(None, ge=0, le=31)
    yearly_minimum_days: int | None = Field(None, ge=0, le=366)
    days_per_month: int | None = Field(None, ge=1, le=31)
    branch_meetings_per_quarter: int | None = Field(None, ge=0, le=90)
    cluster_leader_base_units_per_quarter: int | None = Field(None, ge=0, le=90)
    weak_units_to_pick: int | None = Field(None, ge=0, le=50)
    monthly_report_due_day: int | None = Field(None, ge=0, le=28)
    report_within_days_after_trip: int | None = Field(None, ge=0, le=90)
    quarterly_plan_required: bool | None = None
    quarterly_plan_needs_approval: bool | None = None
    applies_from: InputDate | None = None
    source: str | None = Field(None, max_length=120)


class PolicyOut(PolicyIn):
    id: int | None
    owner_id: int
    year: int
    version: int


def _policy_out(policy):
    data = {name: getattr(policy, name) for name in PolicyIn.model_fields if name != "version"}
    return dict(data, id=policy.pk, owner_id=policy.owner_id, year=policy.year, version=policy.version)


@router.get(
    "/policies/{owner_id}/{year}",
    response={200: PolicyOut, **READ_ERRORS},
    summary=gettext_lazy("Quy định đi cơ sở của một đơn vị cho một năm (mặc định nếu chưa lập)"),
)
def get_policy(request, owner_id: Id, year: InputYear):
    owner = visible_unit_or_404(caller(request), owner_id)
    policy = VisitPolicy.objects.filter(owner=owner, year=year).first() or VisitPolicy(owner=owner, year=year)
    return _policy_out(policy)


@router.put(
    "/policies/{owner_id}/{year}", response={200: PolicyOut, **WRITE_ERRORS}, summary=gettext_lazy("Lập, sửa quy định")
)
def put_policy(request, owner_id: Id, year: InputYear, payload: PolicyIn):
    user = caller(request)
    owner = visible_unit_or_404(user, owner_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version", None)
    policy = services.save_visit_policy(actor=user, owner=owner, year=year, version=version, **fields)
    return _policy_out(policy)


class BlackoutIn(Input):
    owner_id: Id
    date: InputDate
    reason: str = Field(..., max_length=20)
    note: str = Field("", max_length=200)


class BlackoutPatchIn(Input):
    version: Version
    date: datetime.date | None = None
    reason: str | None = Field(None, max_length=20)
    note: str | None = Field(None, max_length=200)


class BlackoutOut(Schema):
    id: int
    version: int
    owner_id: int
    date: datetime.date
    reason: str
    note: str


@router.get(
    "/blackout-days", response={200: list[BlackoutOut], **READ_ERRORS}, summary=gettext_lazy("Ngày không đi cơ sở")
)
def list_blackout_days(request, owner: Id, year: InputYear | None = None):
    unit = visible_unit_or_404(caller(request), owner)
    days = BlackoutDay.objects.filter(owner=unit)
    if year is not None:
        days = days.filter(date__year=year)
    return list(days.order_by("date"))


@router.post(
    "/blackout-days", response={201: BlackoutOut, **WRITE_ERRORS}, summary=gettext_lazy("Thêm ngày không đi cơ sở")
)
def add_blackout_day(request, payload: BlackoutIn):
    user = caller(request)
    day = services.add_blackout_day(
        actor=user,
        owner=visible_unit_or_404(user, payload.owner_id),
        date=payload.date,
        reason=payload.reason,
        note=payload.note,
    )
    return Status(201, day)


@router.patch(
    "/blackout-days/{day_id}",
    response={200: BlackoutOut, **WRITE_ERRORS},
    summary=gettext_lazy("Sửa ngày không đi cơ sở"),
)
def edit_blackout_day(request, day_id: Id, payload: BlackoutPatchIn):
    user = caller(request)
    day = get_object_or_404(BlackoutDay.objects.filter(owner__in=visible_units(user).values("pk")), pk=day_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    return services.update_blackout_day(actor=user, blackout_day=day, version=version, **fields)


@router.delete(
    "/blackout-days/{day_id}", response={204: None, **WRITE_ERRORS}, summary=gettext_lazy("Bỏ ngày không đi cơ sở")
)
def remove_blackout_day(request, day_id: Id):
    user = caller(request)
    day = get_object_or_404(BlackoutDay.objects.filter(owner__in=visible_units(user).values("pk")), pk=day_id)
    services.remove_blackout_day(actor=user, blackout_day=day)
    return Status(204, None)
