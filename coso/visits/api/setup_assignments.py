"""The visits set-up's assignment decisions and the assignments they make (who follows which unit,
cluster leaders and deputies), with reassignment."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate
from coso.visits import services
from coso.visits.api.setup import _clusters, _person, _units, router
from coso.visits.models import Assignment, AssignmentDecision


class DecisionIn(Input):
    owner_id: Id
    number: str = Field(..., max_length=60)
    decided_on: InputDate
    signer_id: Id | None = None
    note: str = Field("", max_length=5000)


class DecisionPatchIn(Input):
    version: Version
    number: str | None = Field(None, max_length=60)
    decided_on: datetime.date | None = None
    signer_id: Id | None = None
    note: str | None = Field(None, max_length=5000)


class DecisionOut(Schema):
    id: int
    version: int
    owner_id: int
    number: str
    decided_on: datetime.date
    signer_id: int | None
    note: str


class AssignIn(Input):
    cadre_id: Id
    unit_ids: list[Id] = Field(default_factory=list, max_length=200)
    role: str = Field(Assignment.Role.FOLLOW, max_length=20)
    cluster_id: Id | None = None
    valid_from: InputDate | None = None


class ReassignIn(Input):
    version: Version | None = None
    decision_id: Id
    valid_from: InputDate
    unit_id: Id | None = None
    cadre_id: Id | None = None


class AssignmentOut(Schema):
    id: int
    version: int
    decision_id: int
    cadre_id: int
    unit_id: int
    role: str
    cluster_id: int | None
    valid_from: datetime.date
    valid_to: datetime.date | None


class AssignmentFilter(Schema):
    cadre: Id | None = None
    unit: Id | None = None
    current: bool | None = None


def _decisions(user):
    return AssignmentDecision.objects.filter(owner__in=visible_units(user).values("pk"))


def _assignments(user):
    return Assignment.objects.filter(decision__owner__in=visible_units(user).values("pk"))


@router.get("/decisions", response=list[DecisionOut], summary=gettext_lazy("Quyết định phân công"))
@paginate(Pagination)
def list_decisions(request, owner: Id | None = None):
    decisions = _decisions(caller(request))
    if owner is not None:
        decisions = decisions.filter(owner_id=owner)
    return decisions.order_by("-decided_on", "pk")


@router.post(
    "/decisions", response={201: DecisionOut, **WRITE_ERRORS}, summary=gettext_lazy("Ghi quyết định phân công")
)
def create_decision(request, payload: DecisionIn):
    user = caller(request)
    decision = services.record_decision(
        actor=user,
        owner=visible_unit_or_404(user, payload.owner_id),
        number=payload.number,
        decided_on=payload.decided_on,
        signer=_person(user, payload.signer_id, "signer_id"),
        note=payload.note,
    )
    return Status(201, decision)


@router.patch(
    "/decisions/{decision_id}",
    response={200: DecisionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Sửa quyết định phân công"),
)
def edit_decision(request, decision_id: Id, payload: DecisionPatchIn):
    user = caller(request)
    decision = get_object_or_404(_decisions(user), pk=decision_id)
    fields = payload.dict(exclude_unset=True)
    version = fields.pop("version")
    if "signer_id" in fields:
        fields["signer"] = _person(user, fields.pop("signer_id"), "signer_id")
    return services.update_decision(actor=user, decision=decision, version=version, **fields)


@router.get(
    "/assignments", response=list[AssignmentOut], summary=gettext_lazy("Phân công theo dõi cơ sở, cụm trưởng, cụm phó")
)
@paginate(Pagination)
def list_assignments(request, filters: Query[AssignmentFilter]):
    rows = _assignments(caller(request))
    if filters.cadre is not None:
        rows = rows.filter(cadre_id=filters.cadre)
    if filters.unit is not None:
        rows = rows.filter(unit_id=filters.unit)
    if filters.current:
        rows = rows.filter(valid_to__isnull=True)
    return rows.order_by("valid_from", "pk")


@router.post(
    "/decisions/{decision_id}/assignments",
    response={201: list[AssignmentOut], **WRITE_ERRORS},
    summary=gettext_lazy("Phân công cán bộ theo quyết định (theo dõi đơn vị, cụm trưởng, cụm phó)"),
)
def assign(request, decision_id: Id, payload: AssignIn):
    user = caller(request)
    decision = get_object_or_404(_decisions(user).select_related("owner"), pk=decision_id)
    cluster = get_object_or_404(_clusters(user), pk=payload.cluster_id) if payload.cluster_id else None
    rows = services.assign(
        actor=user,
        decision=decision,
        cadre=_person(user, payload.cadre_id, "cadre_id"),
        units=_units(user, payload.unit_ids) if payload.unit_ids else None,
        role=payload.role,
        cluster=cluster,
        valid_from=payload.valid_from,
    )
    return Status(201, rows)


@router.post(
    "/assignments/{assignment_id}/reassign",
    response={200: AssignmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Điều chỉnh phân công: kết thúc phân công cũ, giao cho người khác hoặc đơn vị khác"),
)
def reassign(request, assignment_id: Id, payload: ReassignIn):
    user = caller(request)
    assignment = get_object_or_404(_assignments(user), pk=assignment_id)
    decision = get_object_or_404(_decisions(user), pk=payload.decision_id)
    new = services.reassign(
        actor=user,
        assignment=assignment,
        decision=decision,
        valid_from=payload.valid_from,
        unit=visible_unit_or_404(user, payload.unit_id) if payload.unit_id else None,
        cadre=_person(user, payload.cadre_id, "cadre_id"),
        version=payload.version,
    )
    return new
