"""Monthly reports, the hosts' confirmations and the cluster leader's review
(``MONTHLY_REPORT``, ``HOST_CONFIRMATION``)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.visits import permissions, rules, selectors
from coso.visits.models import (
    Assignment,
    HostConfirmation,
    MonthlyReport,
    ReportVisit,
    VisitPolicy,
)
from coso.visits.services._common import _cadre, _save
from coso.visits.workflows import (
    HOST_CONFIRMATION,
    MONTHLY_REPORT,
    report_what,
)

# --------------------------------------------------------------------------- monthly reports


def _sync_lines(report):
    """Make the report's lines the cadre's visits of the month (with their days in it)."""
    lines = selectors.month_lines(report.cadre, report.year, report.month)
    current = {line.visit_id: line for line in report.lines.all()}
    wanted = {visit.pk for visit, _days, _host in lines}
    changed = False
    stale = [pk for visit_id, line in current.items() if visit_id not in wanted for pk in [line.pk]]
    if stale:
        ReportVisit.objects.filter(pk__in=stale).delete()
        changed = True
    for visit, days, host_id in lines:
        line = current.get(visit.pk)
        if line is None:
            ReportVisit.objects.create(report=report, visit=visit, days_in_month=days, host_id=host_id)
            changed = True
        elif line.days_in_month != days or line.host_id != host_id:
            line.days_in_month, line.host_id = days, host_id
            line.save(update_fields=["days_in_month", "host"])
            changed = True
    total = sum(days for _visit, days, _host in lines)
    if report.total_days != total:
        report.total_days = total
        changed = True
    return changed, {host_id for _v, _d, host_id in lines}


@transaction.atomic
def draft_monthly_report(*, actor, cadre, year, month, summary=None):
    """The month's report from the visits recorded (idempotent: drafting again only brings the
    lines up to date, while the report is a draft or returned)."""
    dates.require_year_in_window(year=year)
    cadre = _cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    if not 1 <= month <= 12:
        raise DomainError("invalid_month", _("Tháng phải từ 1 đến 12."), field="month")
    report = MonthlyReport.objects.select_for_update(of=("self",)).filter(cadre=cadre, year=year, month=month).first()
    if report is None:
        policy = VisitPolicy.for_unit(cadre.unit, year)
        report = _save(
            MonthlyReport(
                cadre=cadre,
                year=year,
                month=month,
                summary=summary or "",
                due_date=rules.report_due_date(year, month, policy.monthly_report_due_day),
            ),
            actor,
        )
        summary = None
    report.cadre = cadre
    if report.state not in MonthlyReport.EDITABLE:
        raise DomainError(
            "report_not_editable",
            _("Báo cáo tháng %(month)s/%(year)s đang ở trạng thái «%(state)s»: không soạn lại được.")
            % {"month": month, "year": year, "state": report.get_state_display()},
        )
    changed, _hosts = _sync_lines(report)
    if summary is not None and summary != report.summary:
        report.summary = summary
        changed = True
    if changed:
        _save(report, actor, reason=gettext_noop("Cập nhật báo cáo từ các chuyến đi"))
    return report


def _sync_confirmations(report, hosts, actor):
    existing = {c.district_id: c for c in report.host_confirmations.all()}
    for district_id, confirmation in existing.items():
        if district_id not in hosts:
            confirmation._history_user = actor
            confirmation.delete()
        elif confirmation.state != HostConfirmation.State.PENDING:
            transition(
                HOST_CONFIRMATION,
                confirmation,
                "reset",
                actor=actor,
                locked=True,  # the report is locked
                reason=gettext_noop("Báo cáo gửi lại"),
                changes={"comment": "", "by": None, "at": None},
            )
    for district_id in sorted(hosts - set(existing)):
        _save(HostConfirmation(report=report, district_id=district_id), actor)


@transaction.atomic
def submit_report(*, actor, report, comment="", version=None, now=None):
    """Send the report to the hosts (draft or returned → submitted). Each district visited
    confirms; with no visit at all there is nothing to confirm and it is confirmed at once."""
    now = now or timezone.now()
    report = MONTHLY_REPORT.lock(report)
    MONTHLY_REPORT.require("submit", actor, report)
    if datetime.date(report.year, report.month, 1) > timezone.localdate(now):
        raise DomainError(
            "month_not_started",
            _("Tháng %(month)s/%(year)s chưa bắt đầu.") % {"month": report.month, "year": report.year},
        )
    hosts = set()
    if report.state in MonthlyReport.EDITABLE:
        _changed, hosts = _sync_lines(report)
    transition(
        MONTHLY_REPORT,
        report,
        "submit",
        actor=actor,
        check=False,
        locked=True,
        now=now,
        comment=comment,
        version=version,
        changes={"first_submitted_at": report.first_submitted_at or now},
    )
    _sync_confirmations(report, hosts, actor)
    if not hosts:
        transition(
            MONTHLY_REPORT,
            report,
            "hosts_confirmed",
            actor=actor,
            locked=True,
            now=now,
            comment=gettext_noop("Không có chuyến đi nào cần cơ sở xác nhận."),
        )
    return report


def _confirmation(report, district):
    confirmation = (
        HostConfirmation.objects.select_for_update(of=("self",)).filter(report=report, district=district).first()
    )
    if confirmation is None:
        raise DomainError(
            "not_a_host",
            _("Báo cáo này không có chuyến đi nào tại %(district)s.") % {"district": district.name},
            field="district",
        )
    return confirmation


def _require_awaiting_hosts(report):
    if report.state != MonthlyReport.State.SUBMITTED:
        raise DomainError(
            "illegal_transition",
            _("%(what)s đang ở trạng thái «%(state)s», không chờ cơ sở xác nhận.")
            % {"what": report_what(report).capitalize(), "state": report.get_state_display()},
        )


@transaction.atomic
def host_confirm(*, actor, report, district, comment="", now=None):
    """The visited district's standing officers confirm and comment (xác nhận, nhận xét).
    When every district of the report has confirmed, the report is confirmed by its hosts."""
    now = now or timezone.now()
    report = MONTHLY_REPORT.lock(report)
    permissions.require_host_confirm(actor, district, report)  # before telling whether it is a host
    _require_awaiting_hosts(report)
    confirmation = _confirmation(report, district)
    transition(
        HOST_CONFIRMATION,
        confirmation,
        "confirm",
        actor=actor,
        check=False,  # checked above
        locked=True,  # by _confirmation
        now=now,
        reason=gettext_noop("Xác nhận"),
        changes={"comment": comment, "by": actor, "at": now},
    )
    if not report.host_confirmations.exclude(state=HostConfirmation.State.CONFIRMED).exists():
        transition(
            MONTHLY_REPORT,
            report,
            "hosts_confirmed",
            actor=actor,
            locked=True,
            now=now,
            comment=gettext_noop("Tất cả đơn vị được đến đã xác nhận."),
        )
    return report


@transaction.atomic
def host_return(*, actor, report, district, comment, now=None):
    """A visited district returns the report with its reason; the cadre edits and resubmits."""
    now = now or timezone.now()
    report = MONTHLY_REPORT.lock(report)
    permissions.require_host_confirm(actor, district, report)  # before telling whether it is a host
    HOST_CONFIRMATION.check_comment("return", comment)
    _require_awaiting_hosts(report)
    confirmation = _confirmation(report, district)
    transition(
        HOST_CONFIRMATION,
        confirmation,
        "return",
        actor=actor,
        check=False,  # checked above
        locked=True,  # by _confirmation
        comment=comment,
        now=now,
        reason=gettext_noop("Trả lại"),
        changes={"comment": comment, "by": actor, "at": now},
    )
    return transition(
        MONTHLY_REPORT,
        report,
        "host_return",
        actor=actor,
        locked=True,
        now=now,
        comment=gettext_noop("%(district)s trả lại: %(comment)s") % {"district": district.name, "comment": comment},
        changes={"was_returned": True},
    )


def review_units_many(reports):
    """:func:`review_units` of each report (report pk → unit ids) for a list: the reports'
    ``host_confirmations`` prefetched, plus one query for the assignments of the cadres of
    the reports without hosts, whatever their number."""
    result, without_hosts = {}, []
    for report in reports:
        hosts = [c.district_id for c in report.host_confirmations.all()]
        if hosts:
            result[report.pk] = hosts
        else:
            without_hosts.append(report)
    if without_hosts:
        assigned = {}
        for cadre_id, unit_id, valid_from in Assignment.objects.filter(
            cadre_id__in={r.cadre_id for r in without_hosts}
        ).values_list("cadre_id", "unit_id", "valid_from"):
            assigned.setdefault(cadre_id, []).append((valid_from.year, unit_id))
        for report in without_hosts:
            result[report.pk] = [unit_id for year, unit_id in assigned.get(report.cadre_id, []) if year <= report.year]
    return result


@transaction.atomic
def review_report(*, actor, report, comment="", version=None, now=None):
    """The cluster leader (or deputy) of a cluster containing the report's districts reviews it."""
    now = now or timezone.now()
    return transition(
        MONTHLY_REPORT,
        report,
        "review",
        actor=actor,
        now=now,
        comment=comment,
        version=version,
        changes={"reviewed_by": actor, "reviewed_at": now, "review_comment": comment},
    )


@transaction.atomic
def return_report(*, actor, report, comment, version=None, now=None):
    """The cluster leader sends a host-confirmed report back with a reason."""
    now = now or timezone.now()
    return transition(
        MONTHLY_REPORT,
        report,
        "return",
        actor=actor,
        now=now,
        comment=comment,
        version=version,
        changes={"was_returned": True},
    )
