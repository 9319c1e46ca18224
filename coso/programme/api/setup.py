"""A programme's set-up and the helpers of base units, on a router of their own mounted inside
the programme's (creations on the programme's router: a POST must sit on the router holding its
path's GET): a round's dates and theme, a criterion's wording, description and points
(``version`` checked), removing a criterion no registration uses; who helps each base union,
adding and removing a helper. Same services and scopes as the pages."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status

from coso.api.common import caller, visible_unit_or_404
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate, PlanYear
from coso.org.models import Unit
from coso.programme import helpers, permissions, services
from coso.programme.api.common import (
    CriterionOut,
    PointsGroupOut,
    ProgrammeOut,
    RoundOut,
    TrackOut,
    programme_or_404,
    round_or_404,
    visible_programmes,
)
from coso.programme.api.common import router as programme_router  # same paths as its GETs: one router
from coso.programme.models import Criterion, Helper, PointsGroup, Track

router = Router()


# --------------------------------------------------------------------------- rounds and criteria


class RoundEditIn(Input):
    version: Version
    starts_on: InputDate | None = None
    ends_on: InputDate | None = None
    theme: str | None = Field(None, max_length=255)
    note: str | None = Field(None, max_length=5000)


class CriterionEditIn(Input):
    version: Version
    title: str | None = Field(None, max_length=255)
    description: str | None = Field(None, max_length=5000)
    points_group_id: int | None = None
    max_points: int | None = Field(None, ge=1, le=1000)
    order: int | None = Field(None, ge=0, le=1000)
    is_active: bool | None = None


def _criterion(user, pk):
    return get_object_or_404(
        Criterion.objects.filter(programme__in=visible_programmes(user)).select_related("programme"), pk=pk
    )


@router.put("/rounds/{round_id}", response={200: RoundOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa đợt"))
def edit_round(request, round_id: Id, payload: RoundEditIn):
    user = caller(request)
    rnd = round_or_404(user, round_id)
    fields = payload.dict(exclude_unset=True, exclude={"version"})
    return services.update_round(actor=user, round=rnd, version=payload.version, **fields)


@router.put(
    "/criteria/{criterion_id}", response={200: CriterionOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa tiêu chí")
)
def edit_criterion(request, criterion_id: Id, payload: CriterionEditIn):
    user = caller(request)
    criterion = _criterion(user, criterion_id)
    fields = payload.dict(exclude_unset=True, exclude={"version"})
    if "points_group_id" in fields:
        group_id = fields.pop("points_group_id")
        fields["points_group"] = (
            get_object_or_404(criterion.programme.points_groups, pk=group_id) if group_id is not None else None
        )
    return services.update_criterion(actor=user, criterion=criterion, version=payload.version, **fields)


@router.delete(
    "/criteria/{criterion_id}", response={204: None, **WRITE_ERRORS}, summary=gettext_lazy("Xoá tiêu chí chưa ai chọn")
)
def remove_criterion(request, criterion_id: Id, version: Version | None = None):
    user = caller(request)
    services.remove_criterion(actor=user, criterion=_criterion(user, criterion_id), version=version)
    return Status(204, None)


# --------------------------------------------------------------------------- helpers of base units


class HelperOut(Schema):
    id: int
    version: int
    unit_id: int
    person_id: int
    person_name: str
    task: str
    assigned_on: datetime.date

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name


class FollowerOut(Schema):
    person_id: int
    person_name: str
    role: str
    decision: str
    valid_from: datetime.date
    valid_to: datetime.date | None


class UnitHelpersOut(Schema):
    unit_id: int
    unit_name: str
    followers: list[FollowerOut]
    helpers: list[HelperOut]


class HelperIn(Input):
    unit_id: Id
    person_id: Id
    task: str = Field("", max_length=255)
    assigned_on: InputDate | None = None


@router.get(
    "/programmes/{programme_id}/helpers",
    response={200: list[UnitHelpersOut], **READ_ERRORS},
    summary=gettext_lazy("Cán bộ giúp đỡ các đoàn cơ sở"),
)
def list_helpers(request, programme_id: Id):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    units = helpers.base_units(programme).filter(pk__in=Unit.objects.visible_to(user).values("pk"))
    return [
        {
            "unit_id": row["unit"].pk,
            "unit_name": row["unit"].name,
            "followers": [
                {
                    "person_id": a.cadre_id,
                    "person_name": a.cadre.full_name,
                    "role": a.role,
                    "decision": a.decision.number,
                    "valid_from": a.valid_from,
                    "valid_to": a.valid_to,
                }
                for a in row["followers"]
            ],
            "helpers": row["helpers"],
        }
        for row in helpers.helpers_by_unit(programme, units)
    ]


@router.post(
    "/programmes/{programme_id}/helpers",
    response={201: HelperOut, **WRITE_ERRORS},
    summary=gettext_lazy("Phân công cán bộ giúp đỡ"),
)
def add_helper(request, programme_id: Id, payload: HelperIn):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    permissions.require(user, permissions.MANAGE, programme.owner)
    person = get_object_or_404(helpers.candidates(programme), pk=payload.person_id)
    helper = helpers.add_helper(
        actor=user,
        programme=programme,
        unit=visible_unit_or_404(user, payload.unit_id),
        person=person,
        task=payload.task,
        assigned_on=payload.assigned_on,
    )
    return Status(201, helper)


@router.delete(
    "/helpers/{helper_id}", response={204: None, **WRITE_ERRORS}, summary=gettext_lazy("Thôi phân công cán bộ giúp đỡ")
)
def remove_helper(request, helper_id: Id, version: Version | None = None):
    user = caller(request)
    helper = get_object_or_404(Helper.objects.filter(programme__in=visible_programmes(user)), pk=helper_id)
    helpers.remove_helper(actor=user, helper=helper, version=version)
    return Status(204, None)


# --------------------------------------------------------------------------- creating a programme


class ProgrammeIn(Input):
    owner_id: Id
    year: PlanYear
    name: str = Field(..., max_length=255)
    mode: str = Field("count", max_length=10, description=gettext_lazy("count (đếm tiêu chí) hoặc points (chấm điểm)"))
    training_count: int = Field(5, ge=0, le=50)
    action_count: int = Field(5, ge=0, le=50)
    max_points: int = Field(100, ge=1, le=1000)
    document_number: str = Field("", max_length=60)
    issued_on: InputDate | None = None
    basis: str = Field("", max_length=5000)
    direct_evaluation: bool = Field(
        False,
        description=gettext_lazy(
            "Chi đoàn được đánh giá trực tiếp đoàn viên chưa tự đánh giá (ghi rõ là đánh giá trực tiếp)"
        ),
    )


class TrackIn(Input):
    kind: str = Field(..., max_length=20)
    name: str = Field(..., max_length=255)
    starts_on: InputDate
    ends_on: InputDate
    note: str = Field("", max_length=5000)


class RoundIn(Input):
    number: int = Field(..., ge=1, le=12)
    starts_on: InputDate
    ends_on: InputDate
    theme: str = Field("", max_length=255)
    note: str = Field("", max_length=5000)


class CriterionIn(Input):
    code: str = Field(..., max_length=20)
    kind: str = Field(..., max_length=20)
    title: str = Field(..., max_length=255)
    description: str = Field("", max_length=5000)
    target_group: str | None = Field(None, description=gettext_lazy("Mã đối tượng; để trống: mọi đối tượng"))
    points_group_id: Id | None = None
    max_points: int | None = Field(None, ge=1, le=1000)
    order: int = Field(0, ge=0, le=1000)


@programme_router.post(
    "/programmes", response={201: ProgrammeOut, **WRITE_ERRORS}, summary=gettext_lazy("Lập chương trình năm")
)
def create_programme(request, payload: ProgrammeIn):
    user = caller(request)
    data = payload.dict()
    owner = visible_unit_or_404(user, data.pop("owner_id"))
    programme = services.create_programme(actor=user, owner=owner, **data)
    return Status(201, programme_or_404(user, programme.pk))


@router.post(
    "/programmes/{programme_id}/tracks",
    response={201: TrackOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm khối (chung, trường học)"),
)
def create_track(request, programme_id: Id, payload: TrackIn):
    user = caller(request)
    track = services.add_track(actor=user, programme=programme_or_404(user, programme_id), **payload.dict())
    return Status(201, track)


@router.post("/tracks/{track_id}/rounds", response={201: RoundOut, **WRITE_ERRORS}, summary=gettext_lazy("Thêm đợt"))
def create_round(request, track_id: Id, payload: RoundIn):
    user = caller(request)
    track = get_object_or_404(Track.objects.filter(programme__in=visible_programmes(user)), pk=track_id)
    return Status(201, services.add_round(actor=user, track=track, **payload.dict()))


class PointsGroupIn(Input):
    code: str = Field(..., max_length=20)
    name: str = Field(..., max_length=200)
    max_points: int = Field(..., ge=1, le=1000)
    order: int = Field(0, ge=0, le=1000)


@programme_router.post(
    "/programmes/{programme_id}/points-groups",
    response={201: PointsGroupOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm nhóm tiêu chí (chương trình chấm điểm)"),
)
def create_points_group(request, programme_id: Id, payload: PointsGroupIn):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    return Status(201, services.add_points_group(actor=user, programme=programme, **payload.dict()))


class PointsGroupEditIn(Input):
    version: Version
    name: str | None = Field(None, max_length=200)
    max_points: int | None = Field(None, ge=1, le=1000)
    order: int | None = Field(None, ge=0, le=1000)


@router.put(
    "/points-groups/{group_id}",
    response={200: PointsGroupOut, **WRITE_ERRORS},
    summary=gettext_lazy("Sửa nhóm tiêu chí"),
)
def edit_points_group(request, group_id: Id, payload: PointsGroupEditIn):
    user = caller(request)
    group = get_object_or_404(PointsGroup.objects.filter(programme__in=visible_programmes(user)), pk=group_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    return services.update_points_group(actor=user, group=group, version=version, **fields)


@programme_router.post(
    "/programmes/{programme_id}/criteria",
    response={201: CriterionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm tiêu chí"),
)
def create_criterion(request, programme_id: Id, payload: CriterionIn):
    from coso.api.common import target_group_by_code

    user = caller(request)
    programme = programme_or_404(user, programme_id)
    data = payload.dict()
    data["target_group"] = target_group_by_code(data["target_group"])
    group_id = data.pop("points_group_id")
    data["points_group"] = get_object_or_404(programme.points_groups.all(), pk=group_id) if group_id else None
    return Status(201, services.add_criterion(actor=user, programme=programme, **data))
