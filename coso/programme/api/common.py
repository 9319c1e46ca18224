"""What the programme's resources share: the one router they declare their routes on (a POST
must sit on the router holding its path's GET), the scoped look-ups (out of scope: 404) and the
programme's schemas."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Router, Schema

from coso.programme.models import (
    Programme,
    Round,
)

router = Router(tags=[gettext_lazy("Rèn luyện và hành động")])


# --------------------------------------------------------------------------- look-ups


def visible_programmes(user):
    return Programme.objects.visible_to(user).select_related("owner")


def programme_or_404(user, pk):
    return get_object_or_404(visible_programmes(user), pk=pk)


def round_or_404(user, pk, programme=None):
    if pk is None:
        return None
    rounds = Round.objects.filter(track__programme__in=visible_programmes(user)).select_related("track")
    if programme is not None:
        rounds = rounds.filter(track__programme=programme)
    return get_object_or_404(rounds, pk=pk)


# --------------------------------------------------------------------------- schemas


class RoundOut(Schema):
    id: int
    version: int
    number: int
    roman: str
    starts_on: datetime.date
    ends_on: datetime.date
    theme: str


class TrackOut(Schema):
    id: int
    kind: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    note: str
    rounds: list[RoundOut]

    @staticmethod
    def resolve_rounds(obj):
        return list(obj.rounds.all())


class PointsGroupOut(Schema):
    id: int
    version: int
    code: str
    name: str
    max_points: int
    order: int


class ProgrammeOut(Schema):
    id: int
    version: int
    owner_id: int
    owner_name: str
    year: int
    name: str
    document_number: str
    issued_on: datetime.date | None
    basis: str
    mode: str
    training_count: int
    action_count: int
    max_points: int
    direct_evaluation: bool
    tracks: list[TrackOut]
    points_groups: list[PointsGroupOut]

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_tracks(obj):
        return list(obj.tracks.prefetch_related("rounds"))

    @staticmethod
    def resolve_points_groups(obj):
        return list(obj.points_groups.all())


class CriterionOut(Schema):
    id: int
    version: int
    code: str
    kind: str
    target_group: str | None
    title: str
    description: str
    points_group_id: int | None
    max_points: int | None
    is_active: bool

    @staticmethod
    def resolve_target_group(obj):
        return obj.target_group.code if obj.target_group_id else None
