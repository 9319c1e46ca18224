"""Pages of a background export: its progress, then its download. Only its requester reaches
it (any other user, whatever their scope, gets a 404 as for a job that does not exist)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coso.imports.export import bytes_response
from coso.imports.models import ExportJob


def _job(request, pk):
    return get_object_or_404(ExportJob.objects.visible_to(request.user).without_content(), pk=pk)


@login_required
@require_GET
def export_detail(request, pk):
    return render(
        request,
        "imports/export_detail.html",
        {"job": _job(request, pk), "retention_days": settings.EXPORT_RETENTION_DAYS},
    )


@login_required
@require_GET
def export_progress(request, pk):
    job = _job(request, pk)
    if not job.is_running and request.htmx:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"  # finished: the whole page shows the download
        return response
    return render(request, "imports/export_detail.html#progress", {"job": job})


@login_required
@require_GET
def export_download(request, pk):
    job = get_object_or_404(ExportJob.objects.visible_to(request.user), pk=pk)
    if job.status != ExportJob.Status.DONE or job.content is None:
        raise Http404
    return bytes_response(job.filename or "danh-sach.xlsx", bytes(job.content))
