"""Downloads of the field-training papers (.docx or PDF), scoped like the pages: a record the
user may not see is a 404. An issued paper is served as issued (the register), a paper not yet
issued as today's draft."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from coso.core import dates
from coso.documents import kinds
from coso.documents.serve import paper_response


def _serve(request, code, pk, fmt, key=""):
    obj = get_object_or_404(kinds.get(code).records(request.user), pk=pk)
    return paper_response(request, code, obj, fmt, key)


@login_required
@require_GET
def decision(request, pk, fmt):
    return _serve(request, "placements.decision", pk, fmt)


@login_required
@require_GET
def evaluation_form(request, pk, fmt):
    return _serve(request, "placements.evaluation", pk, fmt)


@login_required
@require_GET
def report(request, pk, fmt):
    return _serve(request, "placements.report", pk, fmt)


@login_required
@require_GET
def compiled(request, pk, fmt):
    year = str(dates.year_from(request.GET.get("year"), ""))  # the paper's key: "" or "2019"
    return _serve(request, "placements.compiled", pk, fmt, year)
