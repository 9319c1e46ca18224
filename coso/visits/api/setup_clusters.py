"""The visits set-up's emulation clusters (a year's groups of units, their leader and deputy)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputYear, PlanYear
from coso.visits import services
from coso.visits.api.setup import _clusters, _person, _units, router


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
