"""Home-page items of account management, registered from the app's ready(): for those who
manage the accounts of a subtree, the active accounts that hold no role today (they can do
nothing until granted one, or should be locked) and the roles ending within
:data:`ENDING_DAYS` days. Two counting queries."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.attention import Item

ENDING_DAYS = 14


def accounts_attention(user) -> list[Item]:
    from coso.accounts import scoping, services
    from coso.accounts.models import RoleGrant

    if not getattr(user, "is_authenticated", False) or not scoping.works_in(user, "accounts"):
        return []
    today = timezone.localdate()
    current = RoleGrant.objects.filter(valid_from__lte=today).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    accounts = services.visible_accounts(user).filter(is_active=True, is_superuser=False).exclude(pk=user.pk)
    url = reverse("users:list")
    items = []
    idle = accounts.exclude(pk__in=current.values("user_id")).count()
    if idle:
        items.append(
            Item(
                title=_("%(n)s tài khoản chưa có vai trò nào đang hiệu lực: phân quyền hoặc khóa") % {"n": idle},
                url=url,
                level="info",
            )
        )
    ending = (
        current.filter(valid_to__isnull=False, valid_to__lte=today + datetime.timedelta(days=ENDING_DAYS))
        .filter(user__in=accounts)
        .count()
    )
    if ending:
        items.append(
            Item(
                title=_("%(n)s vai trò hết hạn trong %(d)s ngày tới") % {"n": ending, "d": ENDING_DAYS},
                url=url,
                level="info",
            )
        )
    return items
