"""Downloads of the visits' papers (.docx or PDF), scoped like the pages: a record the user may
not see is a 404, as if it did not exist."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coso.accounts import scoping
from coso.documents.paper import DocumentError
from coso.documents.responses import docx_response, pdf_response
from coso.org.models import Cluster
from coso.visits import papers
from coso.visits.models import Assignment, AssignmentDecision, MonthlyReport, QuarterPlan


def _respond(request, paper, filename, fmt):
    if fmt == "docx":
        return docx_response(paper, filename)
    if fmt != "pdf":
        raise Http404("Định dạng không hỗ trợ.")
    try:
        return pdf_response(paper, filename)
    except DocumentError as error:
        return render(request, "documents/unavailable.html", {"error": error}, status=503)


def _visible_unit_ids(user):
    return scoping.visible_units(user).values("pk")


@login_required
@require_GET
def decision(request, pk, fmt):
    obj = get_object_or_404(
        AssignmentDecision.objects.select_related("owner", "signer").filter(owner__in=_visible_unit_ids(request.user)),
        pk=pk,
    )
    return _respond(request, papers.decision_paper(obj), f"quyet-dinh-{obj.number.replace('/', '-')}", fmt)


@login_required
@require_GET
def letter(request, pk, fmt):
    obj = get_object_or_404(
        Assignment.objects.visible_to(request.user).select_related(
            "cadre", "unit", "decision__owner", "decision__signer"
        ),
        pk=pk,
    )
    return _respond(request, papers.letter_paper(obj), f"giay-gioi-thieu-{obj.pk}", fmt)


@login_required
@require_GET
def plan(request, pk, fmt):
    obj = get_object_or_404(QuarterPlan.objects.visible_to(request.user).select_related("cadre__unit"), pk=pk)
    return _respond(request, papers.plan_paper(obj), f"ke-hoach-quy-{obj.quarter}-{obj.year}-{obj.pk}", fmt)


@login_required
@require_GET
def report(request, pk, fmt):
    obj = get_object_or_404(MonthlyReport.objects.visible_to(request.user).select_related("cadre__unit"), pk=pk)
    return _respond(request, papers.report_paper(obj), f"bao-cao-thang-{obj.month}-{obj.year}-{obj.pk}", fmt)


@login_required
@require_GET
def cluster(request, pk, year, month, fmt):
    if not 1 <= month <= 12:
        raise Http404
    obj = get_object_or_404(
        Cluster.objects.select_related("owner", "leader").filter(owner__in=_visible_unit_ids(request.user)), pk=pk
    )
    return _respond(request, papers.cluster_paper(obj, year, month), f"bao-cao-cum-{obj.pk}-{month}-{year}", fmt)
