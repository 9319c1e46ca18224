"""Home-page attention items of field training, registered from the app's ready():
what is due or late for the viewer (their own reports, their district's evaluations), what
TCKT must accept, and the lists waiting for the Standing Committee."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.attention import Item


def placements_attention(user) -> list[Item]:
    from coso.accounts import scoping
    from coso.placements import permissions, selectors
    from coso.placements.models import HostEvaluation, PlacementReport, YearlyList
    from coso.placements.views import visible_lists, visible_placements

    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    today = timezone.localdate()
    for due in selectors.due_items(on=today, actor=user):
        mine = (
            permissions.is_the_cadre(user, due.placement)
            if due.kind == "report"
            else permissions.can_host(user, due.placement)
        )
        if not mine:
            continue
        url = reverse(f"placements:{due.kind}_detail", args=[due.obj.pk])
        when = due.due_date.strftime("%d/%m/%Y")
        if due.overdue:
            title = _("Đi cơ sở: %(label)s – quá hạn từ %(d)s") % {"label": due.label, "d": when}
        else:
            title = _("Đi cơ sở: %(label)s – hạn %(d)s") % {"label": due.label, "d": when}
        items.append(Item(title=title, url=url, level="danger" if due.overdue else "warning"))
    if scoping.holds(user, scoping.EDIT_PEOPLE) and scoping.holds(user, scoping.VIEW_SENSITIVE):
        placements = visible_placements(user).values("pk")
        waiting = sum(
            model.objects.filter(placement__in=placements, state="submitted")
            .filter(scoping.unit_q(user, scoping.EDIT_PEOPLE, prefix="placement__plan__owner__"))
            .count()
            for model in (PlacementReport, HostEvaluation)
        )
        if waiting:
            items.append(
                Item(
                    title=_("%(n)s báo cáo, nhận xét đi cơ sở chờ tiếp nhận") % {"n": waiting},
                    url=reverse("placements:home"),
                    level="info",
                )
            )
    if scoping.holds(user, scoping.DECIDE_PLACEMENTS):
        for ylist in visible_lists(user).filter(state=YearlyList.State.PROPOSED):
            if permissions.can_decide(user, ylist.plan):
                items.append(
                    Item(
                        title=_("Danh sách cử cán bộ đi cơ sở năm %(y)s chờ Ban Thường vụ quyết định")
                        % {"y": ylist.year},
                        url=reverse("placements:list_detail", args=[ylist.pk]),
                        level="info",
                    )
                )
    return items
