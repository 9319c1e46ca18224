"""Pages of the documents app. The sample is fixed content (seed 000), so it needs a login and no scope."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from coso.documents import samples
from coso.documents.paper import DocumentError
from coso.documents.responses import docx_response, pdf_response

SAMPLE_FILENAME = "ke-hoach-14-KH-TĐTN-2013-mau"


@login_required
@require_GET
def sample(request, fmt):
    """Download the Quảng Nam 2013 plan rebuilt by the paper engine, as .docx or PDF."""
    paper = samples.quang_nam_2013_plan()
    if fmt == "docx":
        return docx_response(paper, SAMPLE_FILENAME)
    if fmt != "pdf":
        raise Http404("Định dạng không hỗ trợ.")
    try:
        return pdf_response(paper, SAMPLE_FILENAME)
    except DocumentError as error:
        return render(request, "documents/unavailable.html", {"error": error}, status=503)
