"""Home-page attention items of going to the grassroots. Registered from the app's ready():
``from coso.visits import attention as visits_attention; core_attention.register(visits_attention.visits_attention)``.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.attention import Item


def visits_attention(user) -> list[Item]:
    from coso.visits import rules, selectors
    from coso.visits.views import _inboxes

    if not getattr(user, "is_authenticated", False):
        return []
    person = user.person if getattr(user, "person_id", None) else None
    items = []
    home = reverse("visits:home")
    if person is not None and person.is_cadre:
        today = timezone.localdate()
        progress = selectors.progress(person, today.year, on=today)
        for item in progress.items:
            if item.status in (rules.MISSING, rules.LATE):
                items.append(
                    Item(
                        title=_("Đi cơ sở: %(label)s – %(status)s")
                        % {"label": item.label, "status": item.status_label},
                        url=home,
                        level="danger" if item.status == rules.MISSING else "warning",
                        detail=item.detail,
                    )
                )
    host_inbox, review_inbox, plan_inbox = _inboxes(user, person)
    for count, text in (
        (len(host_inbox), _("%(n)s báo cáo đi cơ sở chờ đơn vị xác nhận")),
        (len(review_inbox), _("%(n)s báo cáo đi cơ sở chờ cụm trưởng xem xét")),
        (len(plan_inbox), _("%(n)s kế hoạch đi cơ sở quý chờ duyệt")),
    ):
        if count:
            items.append(Item(title=text % {"n": count}, url=home, level="info"))
    return items
