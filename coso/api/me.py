"""/api/me: who the caller is, their roles and the units at the top of their scope."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from ninja import Router

from coso.accounts import scoping
from coso.api.common import caller
from coso.api.matrix import SELF, ScopeCase
from coso.api.schemas import MeOut

router = Router(tags=[gettext_lazy("Tài khoản")])


@router.get("", response=MeOut, summary=gettext_lazy("Tài khoản đang gọi, vai trò và phạm vi"))
def me(request):
    user = caller(request)
    today = timezone.localdate()
    grants = (
        user.grants.filter(valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("unit")
        .order_by("role", "unit__path")
    )
    return {
        "id": user.pk,
        "username": user.username,
        "display_name": user.display_name,
        "person_id": user.person_id,
        "is_system_admin": scoping.is_system_admin(user),
        "roles": [
            {
                "role": grant.role,
                "role_label": str(grant.get_role_display()),
                "unit": {"id": grant.unit.pk, "name": grant.unit.name} if grant.unit_id else None,
                "valid_from": grant.valid_from,
                "valid_to": grant.valid_to,
            }
            for grant in grants
        ],
        "scope_units": list(scoping.top_units(user).select_related("level")),
    }


SCOPE_MATRIX = [
    ScopeCase("GET", "/me", lambda t: "/api/me", kind=SELF, control=False),
]
