"""The monthly emulation ranking of visiting cadres (plan 000: the monthly report "is the basis
of the cadre's emulation ranking of that month").

Computed only from reports the hosts have confirmed (``host_confirmed``) or the cluster
leader has reviewed (``reviewed``). Every score is explainable line by line: each line is
"quantity × points = amount" in words ("3 ngày cơ sở × 2 điểm = 6"), and the total is the sum
of the lines' amounts. The points are ``RankingRule`` rows per owner and year (editable; an
unsaved rule with the model's defaults applies when none is stored).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.visits import rules, selectors
from coso.visits.models import GoodPractice, MonthlyReport, RankingRule, ReportVisit, VisitForm

__all__ = ["RankingRule", "Line", "ReportFacts", "RankingRow", "score", "monthly_ranking"]


@dataclass(frozen=True)
class Line:
    code: str
    quantity: int
    points: Decimal
    amount: Decimal
    text: str


@dataclass(frozen=True)
class ReportFacts:
    days: int = 0
    base_units: int = 0
    branch_meetings: int = 0
    good_practices: int = 0
    late: bool = False
    confirmed_without_return: bool = False


@dataclass
class RankingRow:
    position: int
    cadre: object
    report: object
    facts: ReportFacts
    total: Decimal
    lines: list = field(default_factory=list)

    @property
    def explanation(self):
        return [line.text for line in self.lines]


def _line(code, quantity, points, what):
    points = Decimal(points)
    amount = points * quantity
    text = _("%(n)s %(what)s × %(points)s điểm = %(amount)s") % {
        "n": quantity,
        "what": _(what),
        "points": rules.number_text(points),
        "amount": rules.number_text(amount),
    }
    return Line(code, quantity, points, amount, text)


def score(facts: ReportFacts, rule):
    """Pure: (total, lines) of one report under one rule; the total is the sum of the lines."""
    lines = [_line("days", facts.days, rule.points_per_day, gettext_noop("ngày cơ sở"))]
    if facts.base_units:
        lines.append(
            _line("base_units", facts.base_units, rule.points_per_base_unit, gettext_noop("Đoàn cơ sở đến làm việc"))
        )
    if facts.branch_meetings:
        lines.append(
            _line(
                "branch_meetings",
                facts.branch_meetings,
                rule.points_per_branch_meeting,
                gettext_noop("lần dự sinh hoạt chi đoàn"),
            )
        )
    if facts.good_practices:
        lines.append(
            _line(
                "good_practices",
                facts.good_practices,
                rule.points_per_good_practice,
                gettext_noop("mô hình, cách làm hay"),
            )
        )
    if facts.late:
        lines.append(_line("late_report", 1, -Decimal(rule.penalty_late_report), gettext_noop("báo cáo nộp trễ hạn")))
    if facts.confirmed_without_return:
        lines.append(
            _line(
                "no_return",
                1,
                rule.bonus_confirmed_without_return,
                gettext_noop("báo cáo được cơ sở xác nhận, không bị trả lại"),
            )
        )
    return sum((line.amount for line in lines), Decimal(0)), lines


def monthly_ranking(owner, year, month):
    """Rows for the cadres of ``owner``'s subtree whose report of the month is confirmed by its
    hosts or reviewed; best first, equal totals share a position, then by name. Five queries,
    whatever the number of cadres."""
    rule = RankingRule.for_owner(owner, year)
    reports = list(
        MonthlyReport.objects.filter(
            year=year, month=month, state__in=MonthlyReport.RANKED, cadre__unit__path__startswith=owner.path
        ).select_related("cadre")
    )
    first, last = datetime.date(year, month, 1), rules.month_last_day(year, month)
    lines = list(
        ReportVisit.objects.filter(report__in=reports).values(
            "report_id",
            "days_in_month",
            "visit__form",
            "visit__start_date",
            "visit__unit__path",
            "visit__unit__level__kind",
        )
    )
    bases = selectors.ancestor_index({line["visit__unit__path"] for line in lines}, selectors.BASE)
    days, base_units, meetings = defaultdict(int), defaultdict(set), defaultdict(int)
    for line in lines:
        report_id = line["report_id"]
        days[report_id] += line["days_in_month"]
        base = bases.get(line["visit__unit__path"])
        if base:
            base_units[report_id].add(base["pk"])
        if (
            line["visit__form"] == VisitForm.BRANCH_MEETING
            and line["visit__unit__level__kind"] in selectors.BRANCH_MEETING_KINDS
            and first <= line["visit__start_date"] <= last
        ):
            meetings[report_id] += 1
    practices = defaultdict(int)
    for cadre_id in GoodPractice.objects.filter(
        reported_by__in=[r.cadre_id for r in reports], reported_on__gte=first, reported_on__lte=last
    ).values_list("reported_by_id", flat=True):
        practices[cadre_id] += 1

    rows = []
    for report in reports:
        facts = ReportFacts(
            days=days[report.pk],
            base_units=len(base_units[report.pk]),
            branch_meetings=meetings[report.pk],
            good_practices=practices[report.cadre_id],
            late=report.is_late,
            confirmed_without_return=not report.was_returned,
        )
        total, explanation = score(facts, rule)
        rows.append(RankingRow(0, report.cadre, report, facts, total, explanation))
    rows.sort(key=lambda row: (-row.total, row.cadre.sort_key, row.cadre.pk))
    for index, row in enumerate(rows):
        previous = rows[index - 1] if index else None
        row.position = previous.position if previous and previous.total == row.total else index + 1
    return rows
