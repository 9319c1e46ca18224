"""Downloads of the visits' papers (.docx or PDF), scoped like the pages: a record the user may
not see is a 404, as if it did not exist. An issued paper is served as issued (the register),
a paper not yet issued as today's draft."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from coso.documents import kinds
from coso.documents.serve import paper_response


def _serve(request, code, pk, fmt, key=""):
    obj = get_object_or_404(kinds.get(code).records(request.user), pk=pk)
    return paper_response(request, code, obj, fmt, key)


@login_required
@require_GET
def decision(request, pk, fmt):
    return _serve(request, "visits.decision", pk, fmt)


@login_required
@require_GET
def letter(request, pk, fmt):
    return _serve(request, "visits.letter", pk, fmt)


@login_required
@require_GET
def plan(request, pk, fmt):
    return _serve(request, "visits.plan", pk, fmt)


@login_required
@require_GET
def report(request, pk, fmt):
    return _serve(request, "visits.report", pk, fmt)


@login_required
@require_GET
def cluster(request, pk, year, month, fmt):
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        raise Http404
    return _serve(request, "visits.cluster", pk, fmt, f"{year}-{month:02d}")
