"""/api/members/: union members (đoàn viên) in the caller's scope, e.g. a branch secretary's list."""

from django.utils.translation import gettext_lazy
from ninja import Query, Router
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_units
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import MemberFilter, MemberOut

router = Router(tags=[gettext_lazy("Đoàn viên")])


@router.get("/", response=list[MemberOut], summary=gettext_lazy("Danh sách đoàn viên, xếp theo tên"))
@paginate(Pagination)
def list_members(request, filters: Query[MemberFilter]):
    user = caller(request)
    members = scoping.visible_people(user).members().select_related("unit", "target_group")
    if filters.unit is not None:
        unit = visible_units(user).filter(pk=filters.unit).first()
        members = members.filter(unit__path__startswith=unit.path) if unit else members.none()
    if filters.target_group:
        members = members.filter(target_group__code=filters.target_group)
    if filters.q:
        members = members.search(filters.q)
    return members.order_by("sort_key", "pk")


SCOPE_MATRIX = [
    ScopeCase("GET", "/members/", lambda t: f"/api/members/?unit={t.anmy.pk}", kind=LIST),
    ScopeCase("GET", "/members/", lambda t: "/api/members/?q=vo+minh+tam&target_group=dia-ban-dan-cu", kind=LIST),
]
