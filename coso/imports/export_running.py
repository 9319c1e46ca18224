"""The worker's side of a background export (``imports.exporting`` queues it): apply the
job's filters again with the requester's scope, write the .xlsx through ``export.write_sheet``
and report the progress on the job's row.

Each kind names the function that gives ``(filename, headers, rows)`` for ``(user, params)``.
"""

import datetime
import logging

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from openpyxl import Workbook

from coso.core.db_router import reading_for_export
from coso.core.workflow import try_transition
from coso.imports.export import save_to_bytes, write_sheet
from coso.imports.models import ExportJob
from coso.imports.workflows import EXPORT_JOB

logger = logging.getLogger(__name__)

KINDS = {ExportJob.Kind.PERSONS: "coso.people.listing.export_persons"}
PROGRESS_EVERY = 1000


def _move(job, action, **changes):
    return try_transition(EXPORT_JOB, job, action, actor=None, changes={**changes, "status_changed_at": timezone.now()})


def _progress(job_id, done, total):
    ExportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=max(done, total))


def run_export(job_id):
    job = ExportJob.objects.without_content().select_related("created_by").get(pk=job_id)
    if not _move(job, "start", progress_done=0):
        return job  # already taken by another worker
    try:
        with translation.override(job.language or None), reading_for_export():
            filename, headers, rows = import_string(KINDS[job.kind])(job.created_by, QueryDict(job.params))
            total = job.progress_total

            def counted():
                done = 0
                for done, row in enumerate(rows, start=1):
                    if done % PROGRESS_EVERY == 0:
                        _progress(job.pk, done, total)
                    yield row
                _progress(job.pk, done, total)

            workbook = Workbook(write_only=True)
            write_sheet(workbook, [str(h) for h in headers], counted(), translation.gettext("Danh sách"))
            content = save_to_bytes(workbook)
    except Exception:
        logger.exception("export job %s failed", job.pk)
        job.refresh_from_db(fields=["status"])
        with translation.override(job.language or None):
            failure = translation.gettext("Lỗi hệ thống khi xuất tệp. Hãy thử lại hoặc báo quản trị viên.")
        _move(job, "fail", failure=failure)
        return job
    job.refresh_from_db(fields=["status", "progress_done", "progress_total"])
    _move(job, "finish", content=content, filename=filename, progress_total=job.progress_done)
    return job


def purge_expired(*, days=None, now=None):
    """Delete the files of the exports written more than ``days`` (``EXPORT_RETENTION_DAYS``)
    ago and mark those jobs expired; their pages then say so instead of offering a download.
    Returns how many were purged. Each job moves by a compare-and-set: one being downloaded
    or purged by another run at the same moment is left to it."""
    days = settings.EXPORT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    purged = 0
    expired = ExportJob.objects.without_content().filter(status=ExportJob.Status.DONE, status_changed_at__lt=cutoff)
    for job in expired.only("pk", "status", "status_changed_at").iterator():
        purged += bool(
            try_transition(
                EXPORT_JOB, job, "expire", actor=None, changes={"content": None, "status_changed_at": timezone.now()}
            )
        )
    return purged
