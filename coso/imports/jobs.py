"""An import job's record: its moves along ``workflows.IMPORT_JOB``, its progress and its file.

Shared by the door (``services``: upload, commit button, pages) and the worker (``running``).
"""

import logging

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from coso.core.workflow import try_transition
from coso.imports import reader, safety
from coso.imports.models import ImportJob
from coso.imports.persons import PersonImporter
from coso.imports.records import RecordImporter
from coso.imports.units import UnitImporter
from coso.imports.workflows import IMPORT_JOB

logger = logging.getLogger(__name__)

IMPORTERS = {
    ImportJob.Kind.PERSONS: PersonImporter,
    ImportJob.Kind.UNITS: UnitImporter,
    ImportJob.Kind.RECORDS: RecordImporter,
}
Status = ImportJob.Status


def transition(job, to, **fields):
    """Move ``job`` to status ``to`` along ``workflows.IMPORT_JOB``, atomically.

    Returns False (and changes nothing) when the job is no longer in the state we read,
    e.g. a second click on "Nhập" while the first is running.
    """
    action = IMPORT_JOB.action_to(job.status, to)
    if action is None:
        raise IMPORT_JOB.refusal(job, job.status, to)
    return try_transition(IMPORT_JOB, job, action, actor=None, changes={**fields, "status_changed_at": timezone.now()})


def progress_key(job_id):
    return f"imports:progress:{job_id}"


def report_progress(job_id, done, total, *, in_transaction=False):
    cache.set(progress_key(job_id), (done, total), 3600)
    if not in_transaction:
        ImportJob.objects.filter(pk=job_id).update(progress_done=done, progress_total=total)


def current_progress(job):
    """(done, total): the cache's figure while a job runs (fresher during a commit)."""
    done, total = job.progress_done, job.progress_total
    if job.is_running:
        cached = cache.get(progress_key(job.pk))
        if cached and cached[0] >= done:
            done, total = cached
    return done, total


def load_job(job_id):
    # The file and the validated rows are read when needed (deferred fields load on access).
    return ImportJob.objects.without_content().select_related("created_by").get(pk=job_id)


def read_sheet(job):
    """The job's data sheet, parsed once: the safety pass made at the upload is reused when
    the stored bytes are those it checked (their SHA-256); otherwise (a job stored before the
    facts were kept) the bytes are checked now."""
    content = bytes(job.content)
    checked = safety.CheckedFile.from_facts(job.checked, content) if job.checked else None
    if checked is None:
        checked = safety.check_upload(job.original_name, content)
    return reader.read(content, checked, job.kind)


def record_failure(job, exc, stage):
    logger.exception("import job %s failed while %s", job.pk, stage)
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.FAILED,
        status_changed_at=timezone.now(),
        failure=_("Lỗi hệ thống khi %(stage)s; không có dữ liệu nào được ghi. Hãy thử lại hoặc báo quản trị viên.")
        % {"stage": stage},
    )


def refuse_file(job, error, target):
    """A refusal of the whole file (unreadable, no header): one error on the job."""
    transition(
        job,
        target,
        errors=[{"row": 1, "column": "", "value": "", "message": error.message, "code": error.code}],
        error_count=1,
        error_row_count=0,
        failure=error.message,
        preview={},
    )
