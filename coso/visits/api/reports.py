"""Monthly reports and their steps (the hosts' confirmations, the cluster head's review)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Query
from ninja.pagination import paginate

from coso.api.common import act_in_scope, caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id
from coso.visits import services
from coso.visits.api.common import _person_or_404, _reports, router
from coso.visits.api.schemas import HostStepIn, ReportDraftIn, ReportFilter, VisitReportOut, VisitStepIn

# --------------------------------------------------------------------------- monthly reports


@router.get("/reports", response=list[VisitReportOut], summary=gettext_lazy("Báo cáo đi cơ sở tháng"))
@paginate(Pagination)
def list_reports(request, filters: Query[ReportFilter]):
    reports = _reports(caller(request))
    if filters.year:
        reports = reports.filter(year=filters.year)
    if filters.month:
        reports = reports.filter(month=filters.month)
    if filters.cadre:
        reports = reports.filter(cadre_id=filters.cadre)
    if filters.state:
        reports = reports.filter(state=filters.state)
    return reports.order_by("-year", "-month", "cadre__sort_key", "pk")


@router.post(
    "/reports/draft",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Lập (cập nhật) báo cáo tháng"),
)
def draft_report(request, payload: ReportDraftIn):
    user = caller(request)
    cadre = _person_or_404(user, payload.cadre_id)
    report = services.draft_monthly_report(
        actor=user, cadre=cadre, year=payload.year, month=payload.month, summary=payload.summary
    )
    return get_object_or_404(_reports(user), pk=report.pk)


@router.get(
    "/reports/{report_id}", response={200: VisitReportOut, **READ_ERRORS}, summary=gettext_lazy("Một báo cáo tháng")
)
def get_report(request, report_id: Id):
    return get_object_or_404(_reports(caller(request)), pk=report_id)


def _report_step(step, request, report_id, payload):
    user = caller(request)
    return act_in_scope(
        _reports(user),
        report_id,
        lambda report: step(actor=user, report=report, comment=payload.comment, version=payload.version),
    )


def _host_step(step, request, report_id, payload):
    user = caller(request)

    def act(report):
        district = visible_unit_or_404(user, payload.district_id)
        step(actor=user, report=report, district=district, comment=payload.comment)

    return act_in_scope(_reports(user), report_id, act)


@router.post(
    "/reports/{report_id}/submit",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Gửi báo cáo tháng"),
)
def submit_report(request, report_id: Id, payload: VisitStepIn):
    return _report_step(services.submit_report, request, report_id, payload)


@router.post(
    "/reports/{report_id}/host-confirm",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cơ sở xác nhận báo cáo"),
)
def host_confirm(request, report_id: Id, payload: HostStepIn):
    return _host_step(services.host_confirm, request, report_id, payload)


@router.post(
    "/reports/{report_id}/host-return",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cơ sở trả lại báo cáo"),
)
def host_return(request, report_id: Id, payload: HostStepIn):
    return _host_step(services.host_return, request, report_id, payload)


@router.post(
    "/reports/{report_id}/review",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cụm trưởng xem xét"),
)
def review_report(request, report_id: Id, payload: VisitStepIn):
    return _report_step(services.review_report, request, report_id, payload)


@router.post(
    "/reports/{report_id}/return",
    response={200: VisitReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Cụm trưởng trả lại"),
)
def return_report(request, report_id: Id, payload: VisitStepIn):
    return _report_step(services.return_report, request, report_id, payload)
