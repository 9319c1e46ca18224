"""Pages of the documents app: the register of outgoing papers (list, filter, .xlsx, the files
as issued, issuing and cancelling a number) and the fixed sample paper.

The register is scoped like everything else: a user sees the lines of the units in their
subtree; issuing or cancelling needs ``issue_papers`` over the issuing unit (403 otherwise),
and a record the user may not see is a 404 before anything else is checked.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coso.accounts import scoping
from coso.core import dates
from coso.core.errors import DomainError
from coso.documents import kinds as paper_kinds
from coso.documents import samples, services
from coso.documents.models import IssuedPaper
from coso.documents.paper import MIME_DOCX, MIME_PDF, DocumentError
from coso.documents.responses import docx_response, file_response, pdf_response
from coso.imports.export import xlsx_response

SAMPLE_FILENAME = "ke-hoach-14-KH-TĐTN-2013-mau"
PAGE_SIZE = 50


@login_required
@require_GET
def sample(request, fmt):
    """Download the Quảng Nam 2013 plan rebuilt by the paper engine, as .docx or PDF."""
    paper = samples.quang_nam_2013_plan()
    if fmt == "docx":
        return docx_response(paper, SAMPLE_FILENAME)
    if fmt != "pdf":
        raise Http404(_("Định dạng không hỗ trợ."))
    try:
        return pdf_response(paper, SAMPLE_FILENAME)
    except DocumentError as error:
        context = {"error": error, "docx_url": reverse("documents:sample", args=["docx"])}
        return render(request, "documents/unavailable.html", context, status=503)


# --------------------------------------------------------------------------- the register


def _filters(request):
    get = request.GET
    year = dates.year_from(get.get("year"), "")
    return {
        "unit": get.get("unit", "") if get.get("unit", "").isdigit() else "",
        "year": str(year),
        "doc_type": get.get("doc_type", "").strip()[:20],
        "state": get.get("state", "") if get.get("state", "") in IssuedPaper.State.values else "",
        "q": get.get("q", "").strip()[:100],
    }


def _register_rows(user, f):
    rows = IssuedPaper.objects.visible_to(user).without_files().select_related("unit", "issued_by")
    if f["unit"]:
        rows = rows.filter(unit_id=int(f["unit"]))
    if f["year"]:
        rows = rows.filter(year=int(f["year"]))
    if f["doc_type"]:
        rows = rows.filter(doc_type=f["doc_type"])
    if f["state"]:
        rows = rows.filter(state=f["state"])
    if f["q"]:
        rows = rows.filter(Q(summary__icontains=f["q"]) | Q(symbol__icontains=f["q"]) | Q(signer__icontains=f["q"]))
    return rows.order_by("unit__sort_key", "-year", "series", "-number")


@login_required
@require_GET
def register(request):
    """Sổ đăng ký văn bản đi: every number given in the user's units, newest first per book."""
    f = _filters(request)
    rows = _register_rows(request.user, f)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    visible = scoping.visible_units(request.user)
    units = visible.filter(pk__in=IssuedPaper.objects.values("unit_id")).order_by("sort_key")[:200]
    query = "&".join(f"{k}={v}" for k, v in f.items() if v)
    for line in page:
        line.kind_label = paper_kinds.label_of(line.kind)
    return render(
        request,
        "documents/register.html",
        {
            "page": page,
            "filters": f,
            "query": query,
            "units": units,
            "states": IssuedPaper.State.choices,
            "doc_types": sorted({k.doc_type for k in paper_kinds.all_kinds()}),
            "can_issue": scoping.holds(request.user, scoping.ISSUE_PAPERS),
        },
    )


@login_required
@require_GET
def register_export(request):
    f = _filters(request)
    rows = _register_rows(request.user, f)
    headers = [
        _("Cơ quan ban hành"),
        _("Số"),
        _("Số, ký hiệu"),
        _("Ngày ban hành"),
        _("Loại"),
        _("Trích yếu nội dung"),
        _("Người ký"),
        _("Nơi nhận"),
        _("Người cấp số"),
        _("Trạng thái"),
        _("Lý do hủy số"),
    ]
    labels = dict(IssuedPaper.State.choices)
    data = (
        [
            line.unit.name,
            line.number,
            line.symbol,
            line.issued_on,
            paper_kinds.label_of(line.kind),
            line.summary,
            line.signer,
            "; ".join(r for r in line.recipients.splitlines() if r.strip()),
            line.issued_by.display_name if line.issued_by else "",
            str(labels.get(line.state, line.state)),
            line.cancel_reason,
        ]
        for line in rows.iterator(chunk_size=500)
    )
    return xlsx_response(
        f"so-van-ban-di-{f['year'] or timezone.localdate().year}.xlsx", headers, data, sheet_title=_("Văn bản đi")
    )


@login_required
@require_GET
def issued_file(request, pk, fmt):
    """The file of a register line exactly as issued (also for a cancelled number, to see what it was)."""
    line = get_object_or_404(IssuedPaper.objects.visible_to(request.user), pk=pk)
    name = f"{line.filename}-so-{line.number}-{line.year}"
    if fmt == "docx":
        return file_response(bytes(line.docx), name + ".docx", MIME_DOCX)
    if fmt != "pdf":
        raise Http404
    if not line.pdf:
        try:
            line = services.store_pdf(line.pk)
        except DocumentError as error:
            context = {"error": error, "docx_url": reverse("documents:issued_file", args=[line.pk, "docx"])}
            return render(request, "documents/unavailable.html", context, status=503)
    return file_response(bytes(line.pdf), name + ".pdf", MIME_PDF)


def _back(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_POST
def issue(request, kind, pk):
    """Cấp số: the record's paper takes the next number of its office's register."""
    try:
        paper_kind = paper_kinds.get(kind)
    except DomainError:
        raise Http404 from None
    key = request.POST.get("key", "").strip()[:40]
    if paper_kind.parse_key:
        try:
            paper_kind.parse_key(key)
        except ValueError:
            raise Http404 from None
    elif key:
        raise Http404
    obj = get_object_or_404(paper_kind.records(request.user), pk=pk)
    if paper_kind.key_visible and not paper_kind.key_visible(request.user, obj, key):
        raise Http404
    try:
        issued = services.issue_paper(actor=request.user, kind_code=paper_kind.code, obj=obj, key=key)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã cấp số %(symbol)s ngày %(day)s cho %(label)s.")
            % {"symbol": issued.symbol, "day": f"{issued.issued_on:%d/%m/%Y}", "label": _(paper_kind.label).lower()},
        )
    return _back(request, paper_kind.record_url(obj, key))


@login_required
@require_POST
def cancel(request, pk):
    line = get_object_or_404(IssuedPaper.objects.visible_to(request.user).without_files(), pk=pk)
    try:
        services.cancel_number(actor=request.user, issued=line, reason=request.POST.get("reason", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã hủy số %(symbol)s; số này không được cấp lại.") % {"symbol": line.symbol})
    return _back(request, reverse("documents:register"))
