"""Downloads of the field-training papers (.docx or PDF), scoped like the pages: a record the
user may not see is a 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coso.documents.paper import DocumentError
from coso.documents.responses import docx_response, pdf_response
from coso.placements import papers, selectors
from coso.placements.views import _evaluations, visible_lists, visible_plans


def _respond(request, paper, filename, fmt):
    if fmt == "docx":
        return docx_response(paper, filename)
    if fmt != "pdf":
        raise Http404("Định dạng không hỗ trợ.")
    try:
        return pdf_response(paper, filename)
    except DocumentError as error:
        return render(request, "documents/unavailable.html", {"error": error}, status=503)


@login_required
@require_GET
def decision(request, pk, fmt):
    ylist = get_object_or_404(visible_lists(request.user), pk=pk)
    return _respond(request, papers.decision_paper(ylist), f"quyet-dinh-di-co-so-{ylist.year}", fmt)


@login_required
@require_GET
def evaluation_form(request, pk, fmt):
    evaluation = get_object_or_404(_evaluations(request.user), pk=pk)
    name = f"phieu-nhan-xet-{evaluation.placement_id}-{evaluation.sequence}"
    return _respond(request, papers.evaluation_form(evaluation), name, fmt)


@login_required
@require_GET
def compiled(request, pk, fmt):
    plan = get_object_or_404(visible_plans(request.user), pk=pk)
    year = request.GET.get("year")
    year = int(year) if year and year.isdigit() else None
    report = selectors.compiled_report(plan=plan, year=year)
    suffix = f"-{year}" if year else ""
    return _respond(request, papers.compiled_paper(plan, report, year), f"bao-cao-di-co-so{suffix}", fmt)
