"""/api/accounts/: accounts and role grants, within the no-escalation rule of
``coso.accounts.services`` (a role is granted only on a unit where the caller manages
accounts, and only if the caller holds every right of that role there)."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from coso.accounts import services
from coso.accounts.models import Role, RoleGrant
from coso.api.common import caller, visible_unit_or_404
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id, Input
from coso.core.dates import InputDate

router = Router(tags=[gettext_lazy("Tài khoản")])

RoleCode = Field(..., description=gettext_lazy("Mã vai trò: ") + ", ".join(Role.values))


class AccountGrantOut(Schema):
    id: int
    role: str
    unit_id: int | None
    valid_from: datetime.date
    valid_to: datetime.date | None


class AccountOut(Schema):
    id: int
    username: str
    person_id: int | None
    is_active: bool
    grants: list[AccountGrantOut]

    @staticmethod
    def resolve_grants(obj):
        return list(obj.grants.order_by("valid_from", "pk"))


class AccountCreatedOut(AccountOut):
    temporary_password: str = Field(..., description=gettext_lazy("Mật khẩu tạm, chỉ trả về một lần."))


class AccountIn(Input):
    person_id: Id
    username: str = Field(..., max_length=150)
    role: str = RoleCode
    unit_id: Id
    email: str = Field("", max_length=254)


class GrantIn(Input):
    role: str = RoleCode
    unit_id: Id
    valid_from: InputDate | None = None
    valid_to: InputDate | None = None


def _role(value):
    from coso.core.errors import DomainError

    if value not in Role.values:
        raise DomainError("unknown_role", _("Không có vai trò «%(role)s».") % {"role": value}, field="role")
    return value


@router.get("/", response=list[AccountOut], summary=gettext_lazy("Tài khoản trong phạm vi quản lý"))
@paginate(Pagination)
def list_accounts(request, unit: Id | None = None):
    accounts = services.visible_accounts(caller(request)).prefetch_related("grants")
    if unit is not None:
        accounts = accounts.filter(grants__unit_id=unit).distinct()
    return accounts.order_by("username")


@router.post(
    "/",
    response={201: AccountCreatedOut, **WRITE_ERRORS},
    summary=gettext_lazy("Tạo tài khoản cho một người, với vai trò đầu tiên"),
)
def create_account(request, payload: AccountIn):
    from coso.accounts import scoping

    user = caller(request)
    person = get_object_or_404(scoping.visible_people(user), pk=payload.person_id)
    account, password = services.create_account(
        actor=user,
        person=person,
        username=payload.username,
        role=_role(payload.role),
        unit=visible_unit_or_404(user, payload.unit_id),
        email=payload.email,
    )
    account.temporary_password = password  # answered once, never stored in clear
    return Status(201, account)


@router.post(
    "/{account_id}/grants", response={201: AccountGrantOut, **WRITE_ERRORS}, summary=gettext_lazy("Giao thêm vai trò")
)
def grant(request, account_id: Id, payload: GrantIn):
    user = caller(request)
    account = get_object_or_404(services.visible_accounts(user), pk=account_id)
    row = services.grant_role(
        actor=user,
        account=account,
        role=_role(payload.role),
        unit=visible_unit_or_404(user, payload.unit_id),
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
    )
    return Status(201, row)


@router.post(
    "/grants/{grant_id}/revoke",
    response={200: AccountGrantOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thu hồi vai trò"),
)
def revoke(request, grant_id: Id):
    user = caller(request)
    row = get_object_or_404(RoleGrant.objects.filter(user__in=services.visible_accounts(user)), pk=grant_id)
    return services.revoke_grant(actor=user, grant=row)


def _tamky_account(t):
    from coso.accounts.models import User

    return User.objects.get(username="thanhdoan.tk")


SCOPE_MATRIX = [
    ScopeCase("GET", "/accounts/", lambda t: f"/api/accounts/?unit={t.tamky.pk}", kind=LIST),
    ScopeCase(
        "POST",
        "/accounts/",
        lambda t: "/api/accounts/",
        lambda t: {
            "person_id": t.member_anmy.pk,
            "username": "tam.anmy",
            "role": "branch_officer",
            "unit_id": t.branch_anmy.pk,
        },
    ),
    ScopeCase(
        "POST",
        "/accounts/{account_id}/grants",
        lambda t: f"/api/accounts/{_tamky_account(t).pk}/grants",
        lambda t: {"role": "base_officer", "unit_id": t.anmy.pk},
        control=False,  # nobody grants themselves a role
    ),
    ScopeCase(
        "POST",
        "/accounts/grants/{grant_id}/revoke",
        lambda t: f"/api/accounts/grants/{_tamky_account(t).grants.first().pk}/revoke",
        control=False,  # nor revokes their own
    ),
]
