"""The workflows of grassroots visits, declared for the engine of ``coso/core/workflow.py``
(diagrams in ``docs/workflows.md``). Services move states only through these."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.core.workflow import Transition, Workflow
from coso.visits import permissions, selectors
from coso.visits.models import (
    HostConfirmation,
    MonthlyReport,
    PlanTransition,
    QuarterPlan,
    ReportTransition,
    WeakUnitSelection,
)


def plan_what(plan):
    return _("kế hoạch quý %(quarter)s/%(year)s của đồng chí %(cadre)s") % {
        "quarter": plan.quarter,
        "year": plan.year,
        "cadre": plan.cadre.full_name,
    }


def report_what(report):
    return _("báo cáo tháng %(month)s/%(year)s của đồng chí %(cadre)s") % {
        "month": report.month,
        "year": report.year,
        "cadre": report.cadre.full_name,
    }


def _weak_units_what(selection):
    return _("danh sách đơn vị xếp loại thấp năm %(year)s của %(district)s") % {
        "year": selection.year,
        "district": selection.district.name,
    }


def _confirmation_what(confirmation):
    return _("Xác nhận của %(district)s cho báo cáo này") % {"district": confirmation.district.name}


def _act_for_cadre(actor, record):
    permissions.require_act_for_cadre(actor, record.cadre)


def _review(actor, report):
    permissions.require_review_report(actor, report, selectors.review_units(report))


def _host(actor, confirmation):
    permissions.require_host_confirm(actor, confirmation.district, confirmation.report)


P = QuarterPlan.State
QUARTER_PLAN = Workflow(
    "visits.quarter_plan",
    model=QuarterPlan,
    log=PlanTransition,
    what=plan_what,
    related=("cadre__unit",),
    transitions=[
        Transition("submit", gettext_lazy("đăng ký"), [P.DRAFT, P.RETURNED], P.SUBMITTED, allowed=_act_for_cadre),
        Transition(
            "approve", gettext_lazy("duyệt"), [P.SUBMITTED], P.APPROVED, allowed=permissions.require_approve_plan
        ),
        Transition(
            "return",
            gettext_lazy("trả lại"),
            [P.SUBMITTED],
            P.RETURNED,
            allowed=permissions.require_approve_plan,
            comment_required=True,
        ),
    ],
)

W = WeakUnitSelection.State
WEAK_UNIT_SELECTION = Workflow(
    "visits.weak_unit_selection",
    model=WeakUnitSelection,
    what=_weak_units_what,
    related=("cadre__unit", "district"),
    transitions=[
        Transition(
            "confirm",
            gettext_lazy("thống nhất"),
            [W.PROPOSED],
            W.CONFIRMED,
            allowed=permissions.require_confirm_weak_units,
        ),
    ],
)

R = MonthlyReport.State
MONTHLY_REPORT = Workflow(
    "visits.monthly_report",
    model=MonthlyReport,
    log=ReportTransition,
    what=report_what,
    related=("cadre__unit",),
    transitions=[
        Transition("submit", gettext_lazy("gửi"), [R.DRAFT, R.RETURNED], R.SUBMITTED, allowed=_act_for_cadre),
        # Taken by the service when the last visited district confirms (or none is to confirm);
        # each district's own step is HOST_CONFIRMATION below.
        Transition("hosts_confirmed", gettext_lazy("cơ sở xác nhận đủ"), [R.SUBMITTED], R.HOST_CONFIRMED),
        Transition("host_return", gettext_lazy("cơ sở trả lại"), [R.SUBMITTED], R.RETURNED, comment_required=True),
        Transition("review", gettext_lazy("xem xét"), [R.HOST_CONFIRMED], R.REVIEWED, allowed=_review),
        Transition(
            "return",
            gettext_lazy("trả lại"),
            [R.SUBMITTED, R.HOST_CONFIRMED],
            R.RETURNED,
            allowed=_review,
            comment_required=True,
        ),
    ],
)

H = HostConfirmation.State
HOST_CONFIRMATION = Workflow(
    "visits.host_confirmation",
    model=HostConfirmation,
    what=_confirmation_what,
    illegal_message=gettext_lazy("{what} đang ở trạng thái «{source}»."),
    illegal_field=None,
    transitions=[
        Transition("confirm", gettext_lazy("xác nhận"), [H.PENDING], H.CONFIRMED, allowed=_host),
        Transition("return", gettext_lazy("trả lại"), [H.PENDING], H.RETURNED, allowed=_host, comment_required=True),
        # When the cadre submits the report again, every district confirms anew.
        Transition("reset", gettext_lazy("chờ xác nhận lại"), [H.CONFIRMED, H.RETURNED], H.PENDING),
    ],
)
