"""Home-page items of the members' programme, registered from the app's ready(): the same
inbox as the programme's landing page (``selectors.inbox``: members waiting for the branch,
results for the base union, results and round reports for the district), each linking to the
page where that step is taken, and the member's own registration and self-assessments.

A fixed number of queries: the programmes (at most :data:`PROGRAMMES`), then a few per unit
where the user holds a step (their grants), whatever the number of members."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.attention import Item

PROGRAMMES = 12


def _own_items(user, programmes):
    from coso.programme.models import Assessment, Registration, Round
    from coso.programme.selectors import in_programme

    person = user.person if getattr(user, "person_id", None) else None
    if person is None or not person.is_member:
        return []
    mine = [p for p in programmes if in_programme(p, person.unit)]
    if not mine:
        return []
    items = []
    regs = {r.programme_id: r for r in Registration.objects.filter(member=person, programme__in=mine)}
    today = timezone.localdate()
    begun = {}
    for rnd in Round.objects.filter(track__programme__in=mine, starts_on__lte=today).order_by("number"):
        begun.setdefault(rnd.track_id, []).append(rnd)
    done = {
        (a.registration_id, a.round_id): a
        for a in Assessment.objects.filter(registration__in=list(regs.values()), round__isnull=False)
    }
    for programme in mine:
        registration = regs.get(programme.pk)
        if registration is None:
            items.append(
                Item(
                    title=_("Rèn luyện và hành động: bạn chưa đăng ký «%(p)s»") % {"p": programme.name},
                    url=reverse("programme:register", args=[programme.pk]),
                )
            )
            continue
        if registration.state in Registration.EDITABLE:
            items.append(
                Item(
                    title=_("Rèn luyện và hành động: phiếu đăng ký «%(s)s», sửa và gửi lại")
                    % {"s": registration.get_state_display()},
                    url=reverse("programme:registration_edit", args=[registration.pk]),
                )
            )
            continue
        for rnd in begun.get(registration.track_id, []):
            assessment = done.get((registration.pk, rnd.pk))
            if assessment is None or assessment.state in Assessment.MEMBER_EDITABLE:
                items.append(
                    Item(
                        title=_("Rèn luyện và hành động: tự đánh giá đợt %(r)s (%(w)s)")
                        % {"r": rnd.roman, "w": rnd.window_text},
                        url=reverse("programme:self_assess", args=[registration.pk]) + f"?round={rnd.pk}",
                        level="info",
                    )
                )
    return items


def _inbox_items(user, programmes):
    from coso.programme import selectors
    from coso.programme.permissions import BRANCH, REVIEW

    items = []
    for row in selectors.inbox(user, programmes):
        url = reverse(row["url"], args=[row["programme"].pk, row["unit"].pk])
        unit, name = row["unit"].name, row["programme"].name
        if row["capability"] == BRANCH:
            if row["members"]:
                items.append(
                    Item(
                        title=_("%(n)s đoàn viên chờ chi đoàn đánh giá – %(u)s") % {"n": row["members"], "u": unit},
                        url=url,
                        level="info",
                        detail=name,
                    )
                )
            if row["not_self_assessed"]:
                count, first = row["not_self_assessed"]
                how = (
                    _("nhập phiếu tự đánh giá giấy hoặc đánh giá trực tiếp")
                    if row["programme"].direct_evaluation
                    else _("đoàn viên chưa có tài khoản: nhập phiếu tự đánh giá giấy")
                )
                items.append(
                    Item(
                        title=_("%(n)s đoàn viên chưa có phiếu tự đánh giá từ đợt %(r)s – %(u)s")
                        % {"n": count, "r": first.roman, "u": unit},
                        url=f"{url}?round={first.pk}",
                        level="info",
                        detail=f"{name}: {how}",
                    )
                )
            if row["unregistered"]:
                items.append(
                    Item(
                        title=_("%(n)s đoàn viên chưa đăng ký rèn luyện – %(u)s")
                        % {"n": row["unregistered"], "u": unit},
                        url=url,
                        level="info",
                        detail=name,
                    )
                )
        elif row["capability"] == REVIEW:
            if row["members"] or row["branches"]:
                items.append(
                    Item(
                        title=_("%(n)s kết quả đoàn viên, %(b)s chi đoàn chờ Đoàn cơ sở xem xét – %(u)s")
                        % {"n": row["members"], "b": row["branches"], "u": unit},
                        url=url,
                        level="info",
                        detail=name,
                    )
                )
        elif row["members"] or row["branches"] or row["reports"]:
            items.append(
                Item(
                    title=_("%(n)s đoàn viên, %(b)s chi đoàn chờ công nhận; %(r)s báo cáo đợt chờ tiếp nhận – %(u)s")
                    % {"n": row["members"], "b": row["branches"], "r": row["reports"], "u": unit},
                    url=url,
                    level="info",
                    detail=name,
                )
            )
    return items


def programme_attention(user) -> list[Item]:
    from coso.accounts import scoping
    from coso.programme.models import Programme

    if not getattr(user, "is_authenticated", False) or not scoping.works_in(user, "programme"):
        return []
    programmes = list(
        Programme.objects.visible_to(user).select_related("owner").order_by("-year", "owner__path")[:PROGRAMMES]
    )
    if not programmes:
        return []
    return _own_items(user, programmes) + _inbox_items(user, programmes)
