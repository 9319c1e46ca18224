"""E-mail reminders N days (``plan.reminder_days``) before each report/evaluation is due.

The cadre is reminded of their report, the host district's standing officers of their
evaluation, and the TCKT officers of the plan's owner of both. One run a day (the task
``send_placement_reminders``) sends the mails due exactly N days ahead, so nothing is sent twice.
"""

from django.core.mail import send_mail
from django.utils.translation import gettext as _

from coso.accounts.models import Role, RoleGrant
from coso.placements.rules import fmt
from coso.placements.selectors import due_items


def _emails_of(users):
    out = []
    for u in users:
        email = u.email or (u.person.email if u.person_id else "")
        if email and email not in out:
            out.append(email)
    return out


def _granted(role, unit, on):
    from django.db.models import Q

    grants = (
        RoleGrant.objects.filter(role=role, valid_from__lte=on, user__is_active=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("user__person", "unit")
    )
    return [g.user for g in grants if unit.path.startswith(g.unit.path)]


def recipients(item, on):
    placement = item.placement
    tckt = _granted(Role.TCKT_OFFICER, placement.plan.owner, on)
    if item.kind == "report":
        person = placement.person
        cadre = [person.email] if person.email else []
        user = getattr(person, "user", None) if hasattr(person, "user") else None
        if user is not None and user.email and user.email not in cadre:
            cadre.append(user.email)
        return cadre + [e for e in _emails_of(tckt) if e not in cadre]
    host = _granted(Role.DISTRICT_STANDING, placement.host, on)
    return _emails_of(host + tckt)


def send_reminders(*, on):
    """Send the reminders due on ``on``; returns the number of mails sent."""
    sent = 0
    for item in due_items(on=on):
        if item.days_left != item.placement.plan.reminder_days:
            continue
        to = recipients(item, on)
        if not to:
            continue
        subject = _("[Đào tạo thực tế] Sắp đến hạn: %(item)s") % {"item": item.label}
        body = _("%(item)s\nNơi đến: %(host)s\nHạn: %(due)s (còn %(days)s ngày).\n") % {
            "item": item.label,
            "host": item.placement.host.name,
            "due": fmt(item.due_date),
            "days": item.days_left,
        }
        send_mail(subject, body, None, to)
        sent += 1
    return sent
