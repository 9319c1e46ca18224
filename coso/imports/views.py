"""Pages of the Excel import: upload, job (preview, errors, progress), failed rows, commit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coso.core.errors import DomainError
from coso.core.views import submit_form
from coso.imports import services
from coso.imports.export import bytes_response
from coso.imports.forms import UploadForm
from coso.imports.models import ImportJob
from coso.imports.workbooks import template_bytes

ERRORS_PER_PAGE = 100
TEMPLATE_NAMES = {
    ImportJob.Kind.PERSONS: "mau-nhap-can-bo-doan-vien.xlsx",
    ImportJob.Kind.UNITS: "mau-nhap-don-vi.xlsx",
    ImportJob.Kind.RECORDS: "mau-nhap-van-bang-dao-tao.xlsx",
}


def _jobs(request):
    return ImportJob.objects.visible_to(request.user).without_content().select_related("created_by")


def _job(request, pk):
    return get_object_or_404(_jobs(request), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def job_list(request):
    allowed = services.can_import(request.user)
    if request.method == "POST":
        if not allowed:
            raise PermissionDenied(_("Bạn không có quyền nhập dữ liệu từ Excel."))
        form = UploadForm(request.POST, request.FILES)
        done = submit_form(
            request,
            form,
            lambda data: services.start_import(actor=request.user, kind=data["kind"], uploaded_file=data["file"]),
            then=lambda job: ("imports:detail", job.pk),
            error_field="file",
        )
        if done:
            return done
    else:
        form = UploadForm(initial={"kind": request.GET.get("kind") or ImportJob.Kind.PERSONS})
    page = Paginator(_jobs(request), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/list.html",
        {"form": form, "page": page, "can_import": allowed, "kinds": ImportJob.Kind.choices, "query": ""},
    )


@login_required
@require_GET
def template(request, kind):
    if kind not in ImportJob.Kind.values:
        raise Http404
    return bytes_response(TEMPLATE_NAMES[kind], template_bytes(kind, request.user))


def _detail_context(request, job):
    done, total = services.current_progress(job)
    errors_page = Paginator(job.errors or [], ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "job": job,
        "done": done,
        "total": total,
        "percent": min(100, round(100 * done / total)) if total else 0,
        "errors_page": errors_page,
        "page": errors_page,
        "query": "",
        "preview": job.preview or {},
        "can_commit": job.status == ImportJob.Status.READY
        and job.created_by_id == request.user.pk
        and not job.error_count,
    }


@login_required
@require_GET
def job_detail(request, pk):
    job = _job(request, pk)
    return render(request, "imports/detail.html", _detail_context(request, job))


@login_required
@require_GET
def progress(request, pk):
    job = _job(request, pk)
    if not job.is_running and request.htmx:
        # Finished: reload the whole page to show the preview and the errors.
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/detail.html#progress", _detail_context(request, job))


@login_required
@require_GET
def errors_xlsx(request, pk):
    job = _job(request, pk)
    if job.content_purged_at:
        messages.info(
            request,
            _("Tệp gốc đã được xoá ngày %(day)s theo thời hạn lưu trữ; các lỗi vẫn liệt kê trên trang này.")
            % {"day": formats.date_format(timezone.localtime(job.content_purged_at), "d/m/Y")},
        )
        return redirect("imports:detail", job.pk)
    content = services.failed_rows(job) if job.error_count else None
    if content is None:
        messages.info(request, _("Không có dòng lỗi nào để tải về."))
        return redirect("imports:detail", job.pk)
    stem = job.original_name.rsplit(".", 1)[0] or "tep"
    return bytes_response(f"{stem} - cac dong loi.xlsx", content)


@login_required
@require_POST
def commit(request, pk):
    job = _job(request, pk)
    try:
        services.request_commit(actor=request.user, job=job)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("imports:detail", job.pk)
