"""API of the visits set-up, mounted inside the visits router (``coso/visits/api/__init__.py`` adds
``router`` and ``SCOPE_MATRIX``): emulation clusters, the policy of an organisation for a
year, blackout days, assignment decisions and assignments (with reassignment). The same
services and scopes as the management pages."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404, visible_units
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate, InputYear, PlanYear
from coso.org.models import Cluster
from coso.visits import services
from coso.visits.models import Assignment, AssignmentDecision, BlackoutDay, VisitPolicy

router = Router()


def _person(user, pk, field):
    from coso.core.errors import DomainError

    if pk is None:
        return None
    person = scoping.visible_people(user).filter(pk=pk).first()
    if person is None:
        raise DomainError("unknown_person", _("Không tìm thấy người này trong phạm vi của bạn."), field=field)
    return person


# --------------------------------------------------------------------------- clusters


class ClusterOut(Schema):
    id: int
    version: int
    owner_id: int
    year: int
    name: str
    unit_ids: list[int]
    leader_id: int | None
    deputy_id: int | None

    @staticmethod
    def resolve_unit_ids(obj):
        return sorted(u.pk for u in obj.units.all())


class ClusterIn(Input):
    owner_id: Id
    year: PlanYear
    name: str = Field(..., max_length=120)
    unit_ids: list[Id] = Field(..., max_length=200)
    leader_id: Id | None = None
    deputy_id: Id | None = None


class ClusterPatchIn(Input):
    version: Version
    name: str | None = Field(None, max_length=120)
    unit_ids: list[Id] | None = Field(None, max_length=200)
    leader_id: Id | None = None
    deputy_id: Id | None = None


def _clusters(user):
    return Cluster.objects.filter(owner__in=visible_units(user).values("pk")).prefetch_related("units")


def _units(user, ids):
    units = list(visible_units(user).select_related("level").filter(pk__in=ids))
    if len(units) != len(set(ids)):
        from django.http import Http404

        raise Http404
    return units


@router.get("/clusters", response=list[ClusterOut], summary=gettext_lazy("Cụm thi đua (theo năm)"))
@paginate(Pagination)
def list_clusters(request, year: InputYear | None = None, owner: Id | None = None):
    clusters = _clusters(caller(request))
    if year is not None:
        clusters = clusters.filter(year=year)
    if owner is not None:
        clusters = clusters.filter(owner_id=owner)
    return clusters.order_by("owner__path", "-year", "name")


@router.post("/clusters", response={201: ClusterOut, **WRITE_ERRORS}, summary=gettext_lazy("Lập cụm thi đua"))
def create_cluster(request, payload: ClusterIn):
    user = caller(request)
    cluster = services.save_cluster(
        actor=user,
        owner=visible_unit_or_404(user, payload.owner_id),
        year=payload.year,
        name=payload.name,
        units=_units(user, payload.unit_ids),
        leader=_person(user, payload.leader_id, "leader_id"),
        deputy=_person(user, payload.deputy_id, "deputy_id"),
    )
    return Status(201, _clusters(user).get(pk=cluster.pk))


@router.patch(
    "/clusters/{cluster_id}", response={200: ClusterOut, **WRITE_ERRORS}, summary=gettext_lazy("Sửa cụm thi đua")
)
def edit_cluster(request, cluster_id: Id, payload: ClusterPatchIn):
    user = caller(request)
    cluster = get_object_or_404(_clusters(user).select_related("owner"), pk=cluster_id)
    fields = payload.dict(exclude_unset=True)
    services.save_cluster(
        actor=user,
        cluster=cluster,
        version=payload.version,
        name=fields.get("name", cluster.name),
        units=_units(user, fields["unit_ids"]) if "unit_ids" in fields else list(cluster.units.select_related("level")),
        leader=_person(user, fields["leader_id"], "leader_id") if "leader_id" in fields else cluster.leader,
        deputy=_person(user, fields["deputy_id"], "deputy_id") if "deputy_id" in fields else cluster.deputy,
    )
    return _clusters(user).get(pk=cluster.pk)


@router.delete(
    "/clusters/{cluster_id}",
    response={204: None, **WRITE_ERRORS},
    summary=gettext_lazy("Xoá cụm lập nhầm (chưa có phân công, giao ban đã họp, báo cáo đã xem xét)"),
)
def delete_cluster(request, cluster_id: Id, version: Version | None = None):
    user = caller(request)
    cluster = get_object_or_404(_clusters(user), pk=cluster_id)
    services.delete_cluster(actor=user, cluster=cluster, version=version)
    return Status(204, None)


# --------------------------------------------------------------------------- policy, blackout days


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


# --------------------------------------------------------------------------- decisions, assignments


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


# --------------------------------------------------------------------------- scope matrix


def _tamky_decision(t):
    if getattr(t, "_visits_setup_tamky", None) is None:
        decision = AssignmentDecision.objects.create(
            owner=t.tamky, number="02-QĐ/TĐ", decided_on=datetime.date(2013, 1, 5)
        )
        assignment = Assignment.objects.create(
            decision=decision, cadre=t.tamky_secretary, unit=t.tamky, valid_from=datetime.date(2013, 1, 5)
        )
        day = BlackoutDay.objects.create(owner=t.tamky, date=datetime.date(2013, 4, 2), reason="agency")
        cluster = Cluster.objects.create(owner=t.tamky, year=2013, name="Cụm phường Tam Kỳ")
        t._visits_setup_tamky = (decision, assignment, day, cluster)
    return t._visits_setup_tamky


SCOPE_MATRIX = [
    ScopeCase(
        "GET",
        "/visits/clusters",
        lambda t: f"/api/visits/clusters?owner={_tamky_decision(t)[3].owner_id}&year=2013",
        kind=LIST,
    ),
    ScopeCase(
        "POST",
        "/visits/clusters",
        lambda t: "/api/visits/clusters",
        lambda t: {"owner_id": t.tamky.pk, "year": 2014, "name": "Cụm mới", "unit_ids": [t.anmy.pk]},
        control=False,  # Tam Kỳ has no district-level units to put in a cluster
    ),
    ScopeCase(
        "PATCH",
        "/visits/clusters/{cluster_id}",
        lambda t: f"/api/visits/clusters/{_tamky_decision(t)[3].pk}",
        lambda t: {"version": _tamky_decision(t)[3].version, "name": "Cụm đổi tên"},
        control=False,
    ),
    ScopeCase("DELETE", "/visits/clusters/{cluster_id}", lambda t: f"/api/visits/clusters/{_tamky_decision(t)[3].pk}"),
    ScopeCase("GET", "/visits/policies/{owner_id}/{year}", lambda t: f"/api/visits/policies/{t.tamky.pk}/2013"),
    ScopeCase(
        "PUT",
        "/visits/policies/{owner_id}/{year}",
        lambda t: f"/api/visits/policies/{t.tamky.pk}/2013",
        lambda t: {"yearly_minimum_days": 30},
    ),
    ScopeCase("GET", "/visits/blackout-days", lambda t: f"/api/visits/blackout-days?owner={t.tamky.pk}"),
    ScopeCase(
        "POST",
        "/visits/blackout-days",
        lambda t: "/api/visits/blackout-days",
        lambda t: {"owner_id": t.tamky.pk, "date": "2013-04-09", "reason": "agency"},
    ),
    ScopeCase(
        "PATCH",
        "/visits/blackout-days/{day_id}",
        lambda t: f"/api/visits/blackout-days/{_tamky_decision(t)[2].pk}",
        lambda t: {"version": _tamky_decision(t)[2].version, "date": "2013-04-03"},
    ),
    ScopeCase(
        "DELETE", "/visits/blackout-days/{day_id}", lambda t: f"/api/visits/blackout-days/{_tamky_decision(t)[2].pk}"
    ),
    ScopeCase(
        "GET", "/visits/decisions", lambda t: f"/api/visits/decisions?owner={_tamky_decision(t)[0].owner_id}", kind=LIST
    ),
    ScopeCase(
        "POST",
        "/visits/decisions",
        lambda t: "/api/visits/decisions",
        lambda t: {"owner_id": t.tamky.pk, "number": "09-QĐ/TĐ", "decided_on": "2013-02-01"},
    ),
    ScopeCase(
        "PATCH",
        "/visits/decisions/{decision_id}",
        lambda t: f"/api/visits/decisions/{_tamky_decision(t)[0].pk}",
        lambda t: {"version": _tamky_decision(t)[0].version, "note": "Trích yếu mới"},
    ),
    ScopeCase(
        "GET",
        "/visits/assignments",
        lambda t: f"/api/visits/assignments?cadre={_tamky_decision(t)[1].cadre_id}",
        kind=LIST,
    ),
    ScopeCase(
        "POST",
        "/visits/decisions/{decision_id}/assignments",
        lambda t: f"/api/visits/decisions/{_tamky_decision(t)[0].pk}/assignments",
        lambda t: {"cadre_id": t.tamky_secretary.pk, "unit_ids": [t.anmy.pk], "valid_from": "2013-02-01"},
    ),
    ScopeCase(
        "POST",
        "/visits/assignments/{assignment_id}/reassign",
        lambda t: f"/api/visits/assignments/{_tamky_decision(t)[1].pk}/reassign",
        lambda t: {"decision_id": _tamky_decision(t)[0].pk, "valid_from": "2013-03-01", "unit_id": t.anmy.pk},
    ),
]
