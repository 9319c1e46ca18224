"""Reminder e-mails of going to the grassroots (issue 3 item 7), sent by the daily task
``send_visit_reminders`` (``tasks.py``, run by ``manage.py send_reminders``).

For each cadre with an assignment in force, by the policy of their organisation:

- the **monthly report**: from ``reminder_days`` before its due date until it is sent; once
  late, a second mail that also goes to their leaders;
- the **quarter plan** (when the policy requires one): from ``reminder_days`` before the
  quarter starts until its deadline (first day + grace days); once late, to the leaders too;
- a **report after each trip** (when the policy sets ``report_within_days_after_trip``): for a
  planned trip that has ended and is not recorded yet, before its deadline and once late.

Leaders: the department leader of the cadre's department (a department-leader account over
the cadre's unit whose person works in that department), the leaders and deputies of this
year's clusters holding a unit the cadre follows; when there are none, the standing officers
over the cadre's unit. Each mail is logged (``ReminderLog.key``) before it leaves, in the same
transaction: the same reminder is never sent twice, whatever the schedule of the task.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coso.accounts.models import Role, RoleGrant, User
from coso.org.models import Cluster
from coso.people.models import Person
from coso.visits import rules
from coso.visits.models import Assignment, MonthlyReport, PlannedVisit, QuarterPlan, ReminderLog, Visit, VisitPolicy

TRIP_LOOK_BACK_DAYS = 92


@dataclass
class Reminder:
    key: str
    cadre: Person
    subject: str
    text: str
    path: str
    late: bool
    leaders: list = field(default_factory=list)


# --------------------------------------------------------------------------- what is due


def _month(day, back):
    month = day.month - back
    return day.year + (month - 1) // 12, (month - 1) % 12 + 1


def _overlaps(assignments, first, last):
    return any(a.valid_from <= last and (a.valid_to is None or a.valid_to >= first) for a in assignments)


class _Policies:
    def __init__(self):
        self.cache = {}

    def __call__(self, cadre, year):
        key = (cadre.unit_id, year)
        if key not in self.cache:
            self.cache[key] = VisitPolicy.for_unit(cadre.unit, year)
        return self.cache[key]


def _report_reminders(cadre, assignments, policies, on):
    out = []
    months = [_month(on, back) for back in (2, 1, 0)]
    sent = set(
        MonthlyReport.objects.filter(cadre=cadre, first_submitted_at__isnull=False)
        .filter(Q(year=months[0][0]) | Q(year=months[-1][0]))
        .values_list("year", "month")
    )
    for year, month in months:
        first, last = datetime.date(year, month, 1), rules.month_last_day(year, month)
        policy = policies(cadre, year)
        if (year, month) in sent or not _overlaps(assignments, first, last):
            continue
        if policy.applies_from and policy.applies_from > last:
            continue
        due = rules.report_due_date(year, month, policy.monthly_report_due_day)
        values = {"m": month, "y": year, "due": rules.fmt(due), "name": cadre.full_name}
        if due - datetime.timedelta(days=policy.reminder_days) <= on <= due:
            values["left"] = (due - on).days
            out.append(
                Reminder(
                    f"report:{cadre.pk}:{year}-{month:02d}:due",
                    cadre,
                    _("Nhắc việc: báo cáo đi cơ sở tháng %(m)s/%(y)s (hạn %(due)s)") % values,
                    _(
                        "Báo cáo kết quả đi cơ sở tháng %(m)s/%(y)s của đồng chí %(name)s cần gửi "
                        "chậm nhất ngày %(due)s (còn %(left)s ngày). Hệ thống đã soạn sẵn báo cáo từ các "
                        "chuyến đi được ghi nhận: kiểm tra, bổ sung rồi gửi để cơ sở xác nhận."
                    )
                    % values,
                    reverse("visits:report_create"),
                    late=False,
                )
            )
        elif on > due:
            values["late"] = (on - due).days
            out.append(
                Reminder(
                    f"report:{cadre.pk}:{year}-{month:02d}:late",
                    cadre,
                    _("Trễ hạn: báo cáo đi cơ sở tháng %(m)s/%(y)s của đồng chí %(name)s") % values,
                    _(
                        "Báo cáo kết quả đi cơ sở tháng %(m)s/%(y)s của đồng chí %(name)s đã quá hạn "
                        "%(due)s (%(late)s ngày) mà chưa được gửi. Đề nghị đồng chí gửi ngay."
                    )
                    % values,
                    reverse("visits:report_create"),
                    late=True,
                )
            )
    return out


def _plan_reminders(cadre, assignments, policies, on):
    out = []
    year, quarter = on.year, rules.quarter_of(on)
    upcoming = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    for y, q in ((year, quarter), upcoming):
        first, last = rules.quarter_bounds(y, q)
        policy = policies(cadre, y)
        if not policy.quarterly_plan_required or (policy.applies_from and policy.applies_from > last):
            continue
        if not _overlaps(assignments, max(first, on), last):
            continue
        plan = QuarterPlan.objects.filter(cadre=cadre, year=y, quarter=q).first()
        if plan is not None and plan.first_submitted_at is not None:
            continue
        deadline = rules.plan_deadline(policy=policy, year=y, quarter=q)
        values = {"q": q, "y": y, "due": rules.fmt(deadline), "name": cadre.full_name}
        if first - datetime.timedelta(days=policy.reminder_days) <= on <= deadline:
            out.append(
                Reminder(
                    f"plan:{cadre.pk}:{y}-q{q}:due",
                    cadre,
                    _("Nhắc việc: đăng ký kế hoạch đi cơ sở quý %(q)s/%(y)s (hạn %(due)s)") % values,
                    _(
                        "Đồng chí %(name)s đăng ký kế hoạch đi cơ sở quý %(q)s/%(y)s chậm nhất ngày %(due)s: "
                        "với mỗi chuyến đi dự kiến, ghi đơn vị, ngày, hình thức và nội dung."
                    )
                    % values,
                    reverse("visits:plan_create"),
                    late=False,
                )
            )
        elif on > deadline and (y, q) == (year, quarter):
            values["late"] = (on - deadline).days
            out.append(
                Reminder(
                    f"plan:{cadre.pk}:{y}-q{q}:late",
                    cadre,
                    _("Trễ hạn: kế hoạch đi cơ sở quý %(q)s/%(y)s của đồng chí %(name)s") % values,
                    _(
                        "Kế hoạch đi cơ sở quý %(q)s/%(y)s của đồng chí %(name)s đã quá hạn đăng ký "
                        "%(due)s (%(late)s ngày) mà chưa được đăng ký."
                    )
                    % values,
                    reverse("visits:plan_create"),
                    late=True,
                )
            )
    return out


def _trip_reminders(cadre, policies, on):
    out = []
    planned = list(
        PlannedVisit.objects.filter(
            plan__cadre=cadre,
            end_date__lt=on,
            end_date__gte=on - datetime.timedelta(days=TRIP_LOOK_BACK_DAYS),
            visits__isnull=True,
        ).select_related("unit")
    )
    if not planned:
        return out
    recorded = list(
        Visit.objects.filter(cadre=cadre)
        .overlapping(min(p.start_date for p in planned), on)
        .values_list("start_date", "end_date")
    )
    for p in planned:
        policy = policies(cadre, p.start_date.year)
        within = policy.report_within_days_after_trip
        if within is None or any(s <= p.end_date and p.start_date <= e for s, e in recorded):
            continue
        deadline = p.end_date + datetime.timedelta(days=within)
        values = {
            "unit": p.unit.name,
            "dates": rules.date_range_text(p.start_date, p.end_date),
            "due": rules.fmt(deadline),
            "n": within,
            "name": cadre.full_name,
        }
        path = f"{reverse('visits:visit_add')}?unit={p.unit_id}"
        if deadline - datetime.timedelta(days=policy.reminder_days) <= on <= deadline:
            out.append(
                Reminder(
                    f"trip:{p.pk}:due",
                    cadre,
                    _("Nhắc việc: báo cáo chuyến đi %(unit)s %(dates)s (hạn %(due)s)") % values,
                    _(
                        "Chuyến đi dự kiến đến %(unit)s %(dates)s chưa được ghi nhận. Quy định: báo cáo "
                        "trong vòng %(n)s ngày sau khi về, tức chậm nhất ngày %(due)s."
                    )
                    % values,
                    path,
                    late=False,
                )
            )
        elif on > deadline:
            out.append(
                Reminder(
                    f"trip:{p.pk}:late",
                    cadre,
                    _("Trễ hạn: báo cáo chuyến đi %(unit)s %(dates)s của đồng chí %(name)s") % values,
                    _(
                        "Chuyến đi dự kiến đến %(unit)s %(dates)s của đồng chí %(name)s chưa được báo cáo; "
                        "hạn báo cáo (%(n)s ngày sau khi về) là ngày %(due)s."
                    )
                    % values,
                    path,
                    late=True,
                )
            )
    return out


def due_reminders(on):
    """Every reminder due on ``on`` (sent or not: the log decides)."""
    since = datetime.date(*_month(on, 2), 1)
    assignments = {}
    for a in Assignment.objects.filter(valid_from__lte=on).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=since)):
        assignments.setdefault(a.cadre_id, []).append(a)
    policies = _Policies()
    out = []
    for cadre in Person.objects.filter(pk__in=assignments, is_cadre=True).select_related("unit").order_by("sort_key"):
        rows = assignments[cadre.pk]
        out += _report_reminders(cadre, rows, policies, on)
        out += _plan_reminders(cadre, rows, policies, on)
        out += _trip_reminders(cadre, policies, on)
    return out


# --------------------------------------------------------------------------- who receives it


def _email_of(user):
    return user.email or (user.person.email if user.person_id else "")


def _cadre_emails(cadre):
    emails = [cadre.email] if cadre.email else []
    for user in User.objects.filter(person=cadre, is_active=True):
        if user.email and user.email not in emails:
            emails.append(user.email)
    return emails


def _grants(roles, unit, on):
    grants = (
        RoleGrant.objects.filter(role__in=roles, valid_from__lte=on, user__is_active=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("user__person", "unit")
    )
    return [g.user for g in grants if g.unit_id and unit.path.startswith(g.unit.path)]


def leaders_of(cadre, on):
    """The accounts of the cadre's leaders (see the module's docstring)."""
    users = []
    if cadre.department_id:
        users += [
            u
            for u in _grants([Role.DEPARTMENT_LEADER], cadre.unit, on)
            if u.person_id and u.person.department_id == cadre.department_id and u.person_id != cadre.pk
        ]
    followed = Assignment.objects.filter(cadre=cadre, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    clusters = Cluster.objects.filter(year=on.year, units__in=followed.values("unit")).distinct()
    people = {pid for c in clusters for pid in (c.leader_id, c.deputy_id) if pid and pid != cadre.pk}
    users += list(User.objects.filter(person_id__in=people, is_active=True).select_related("person"))
    if not users:
        users = _grants([Role.PROVINCIAL_STANDING, Role.DISTRICT_STANDING], cadre.unit, on)
    return users


def recipients(reminder, on):
    """(to, cc): the cadre; for a late item, their leaders in copy."""
    to = _cadre_emails(reminder.cadre)
    cc = []
    if reminder.late:
        for user in leaders_of(reminder.cadre, on):
            email = _email_of(user)
            if email and email not in to and email not in cc:
                cc.append(email)
    return to, cc


# --------------------------------------------------------------------------- sending


def _body(reminder):
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return render_to_string(
        "visits/email/reminder.txt",
        {"reminder": reminder, "url": f"{base}{reminder.path}", "late": reminder.late},
    )


def send_reminders(*, on):
    """Send the reminders due on ``on`` not sent before; returns the number of mails sent."""
    sent = 0
    with translation.override("vi"):
        reminders = due_reminders(on)
        already = set(ReminderLog.objects.filter(key__in=[r.key for r in reminders]).values_list("key", flat=True))
        for reminder in reminders:
            if reminder.key in already:
                continue
            to, cc = recipients(reminder, on)
            if not to and not cc:
                continue
            subject = _("[Cơ Sở] %(subject)s") % {"subject": reminder.subject}
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        key=reminder.key,
                        person=reminder.cadre,
                        subject=subject[:255],
                        recipients=", ".join(to + cc),
                        sent_at=timezone.now(),
                    )
                    EmailMessage(subject, _body(reminder), None, to or cc, cc=cc if to else []).send()
            except IntegrityError:  # another run sent it meanwhile
                continue
            sent += 1
    return sent
