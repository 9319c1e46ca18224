"""The import workflow: upload → validating → invalid | ready → committing → done | failed.

* ``start_import`` (the upload view) refuses unsafe files at once, stores the job and
  queues its validation.
* ``run_validation`` (a background task) reads and checks every row, keeps every error,
  a preview and the counts; nothing is written but the job.
* ``request_commit`` (the commit button) moves a clean job to ``committing`` and queues
  ``run_commit``, which works in one transaction: it checks again what may have changed
  since the validation (units: the whole file again; persons: the validated rows kept on
  the job against the units, scope, target groups and people now in the database), then
  inserts every row in bulk with its history record; any error rolls the whole file back.

Progress is written on the job while validating; while committing the transaction hides
the job's row from other connections, so progress goes through the cache as well.
"""

import datetime
import logging
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.core.workflow import try_transition
from coso.imports import persons, reader, safety
from coso.imports.models import ImportJob
from coso.imports.persons import PersonImporter
from coso.imports.records import RecordImporter, create_planned_records
from coso.imports.units import UnitImporter, create_planned_units
from coso.imports.validation import Outcome
from coso.imports.workflows import IMPORT_JOB

logger = logging.getLogger(__name__)

IMPORTERS = {
    ImportJob.Kind.PERSONS: PersonImporter,
    ImportJob.Kind.UNITS: UnitImporter,
    ImportJob.Kind.RECORDS: RecordImporter,
}
BATCH_SIZE = 5000
CHANGE_REASON = "Nhập từ Excel"
Status = ImportJob.Status


def can_import(user):
    """Whether the user holds the import capability on at least one unit."""
    paths = scoping.paths_with(user, scoping.IMPORT)
    return paths is None or bool(paths)


def require_import(user):
    if not can_import(user):
        raise PermissionDenied("Bạn không có quyền nhập dữ liệu từ Excel.")


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


# ----- upload -------------------------------------------------------------------------


def start_import(*, actor, kind, uploaded_file):
    """Store an upload as a job and queue its validation; refuse unsafe files at once."""
    from coso.imports import tasks

    require_import(actor)
    if kind not in ImportJob.Kind.values:
        raise DomainError("bad_kind", "Loại dữ liệu không hợp lệ.")
    name = (uploaded_file.name or "").rsplit("/", 1)[-1][:255]
    if uploaded_file.size is not None:
        safety.check_size(uploaded_file.size)  # before reading a huge body into memory
    content = b"".join(uploaded_file.chunks())
    safety.check_upload(name, content)
    job = ImportJob.objects.create(
        kind=kind,
        original_name=name,
        content=content,
        size=len(content),
        created_by=actor,
        status=Status.UPLOADED,
        status_changed_at=timezone.now(),
    )
    tasks.validate_import.enqueue(job.pk)
    return job


def _load(job_id):
    # The file and the validated rows are read when needed (deferred fields load on access).
    return ImportJob.objects.without_content().select_related("created_by").get(pk=job_id)


def _read(job):
    content = bytes(job.content)
    checked = safety.check_upload(job.original_name, content)
    return reader.read(content, checked, job.kind)


def _fail(job, exc, stage):
    logger.exception("import job %s failed while %s", job.pk, stage)
    ImportJob.objects.filter(pk=job.pk).update(
        status=Status.FAILED,
        status_changed_at=timezone.now(),
        failure=f"Lỗi hệ thống khi {stage}; không có dữ liệu nào được ghi. Hãy thử lại hoặc báo quản trị viên.",
    )


def _file_error(job, error, target):
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


# ----- validation ---------------------------------------------------------------------


def run_validation(job_id):
    job = _load(job_id)
    if not transition(job, Status.VALIDATING, progress_done=0, progress_total=0):
        return job
    started = time.monotonic()
    try:
        try:
            sheet = _read(job)
        except DomainError as error:
            _file_error(job, error, Status.INVALID)
            return job
        total = len(sheet.rows)
        report_progress(job.pk, 0, total)
        importer = IMPORTERS[job.kind](job.created_by, sheet)
        outcome = importer.run(progress=lambda done, all_: report_progress(job.pk, done, all_))
        target = Status.READY if outcome.ok and outcome.row_count else Status.INVALID
        failure = "" if outcome.row_count else "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."
        validated = (
            importer.validated_rows() if target == Status.READY and hasattr(importer, "validated_rows") else None
        )
        transition(
            job,
            target,
            validated_rows=validated,
            progress_done=total,
            progress_total=total,
            row_count=outcome.row_count,
            error_count=outcome.error_count,
            error_row_count=len(outcome.error_rows),
            errors=outcome.errors,
            errors_truncated=outcome.truncated,
            preview=outcome.preview,
            sheet_name=sheet.name,
            header_row=sheet.header_row,
            failure=failure,
            duration_ms=int((time.monotonic() - started) * 1000),
        )
    except Exception as exc:
        _fail(job, exc, "kiểm tra tệp")
    return job


def failed_rows(job):
    """The failed rows of a job as an .xlsx (original columns plus «Lỗi»), or None."""
    from coso.imports.workbooks import error_rows_bytes

    job = _load(job.pk)
    try:
        sheet = _read(job)
    except DomainError:
        return None
    errors = job.errors
    if job.errors_truncated:
        errors = IMPORTERS[job.kind](job.created_by, sheet, error_limit=None).run().errors
    return error_rows_bytes(sheet, errors)


# ----- commit -------------------------------------------------------------------------


class _Rollback(Exception):
    def __init__(self, outcome):
        super().__init__("import invalid at commit")
        self.outcome = outcome


def request_commit(*, actor, job):
    """The "Nhập" button: only the uploader, only a clean job, only once."""
    from coso.imports import tasks

    if job.created_by_id != actor.pk:
        raise PermissionDenied("Chỉ người tải tệp lên mới được nhập tệp này.")
    require_import(actor)
    if job.status != Status.READY or job.error_count:
        raise DomainError("not_ready", "Tệp này chưa sẵn sàng để nhập (còn lỗi, hoặc đã được nhập).")
    if not transition(job, Status.COMMITTING, progress_done=0, committed_by=actor):
        raise DomainError("not_ready", "Tệp này đang được nhập hoặc đã được nhập.")
    tasks.commit_import.enqueue(job.pk)
    return job


def _commit_persons(job, actor):
    """Inside the commit's transaction: re-check the validated rows, then insert them."""
    blob = ImportJob.objects.filter(pk=job.pk).values_list("validated_rows", flat=True).get()
    if not blob:
        raise DomainError("no_validated_rows", "Không còn dữ liệu đã kiểm tra: hãy tải tệp lên lại.")
    labels, rows = persons.decode_rows(bytes(blob))
    outcome = Outcome(row_count=len(rows))
    report_progress(job.pk, 0, len(rows), in_transaction=True)
    persons.recheck(actor, labels, rows, outcome)
    if not outcome.ok:
        raise _Rollback(outcome)
    created = persons.insert_rows(
        rows,
        actor,
        change_reason=CHANGE_REASON,
        batch_size=BATCH_SIZE,
        progress=lambda done, total: report_progress(job.pk, done, total, in_transaction=True),
    )
    return outcome, created


def _commit_units(job, actor):
    """Inside the commit's transaction: validate the file again, then insert the units."""
    sheet = _read(job)
    importer = UnitImporter(actor, sheet)
    outcome = importer.run()
    if not outcome.ok:
        raise _Rollback(outcome)
    return outcome, create_planned_units(importer.planned, actor, batch_size=BATCH_SIZE)


def _commit_records(job, actor):
    """Inside the commit's transaction: validate the file again, then write every record."""
    importer = RecordImporter(actor, _read(job))
    outcome = importer.run()
    if not outcome.ok:
        raise _Rollback(outcome)
    return outcome, create_planned_records(importer.planned, actor, change_reason=CHANGE_REASON)


def run_commit(job_id):
    job = _load(job_id)
    if job.status != Status.COMMITTING:
        return job
    actor = job.committed_by or job.created_by
    scoping.forget(actor)
    started = time.monotonic()
    try:
        with transaction.atomic():
            if job.kind == ImportJob.Kind.PERSONS:
                outcome, created = _commit_persons(job, actor)
            elif job.kind == ImportJob.Kind.RECORDS:
                outcome, created = _commit_records(job, actor)
            else:
                outcome, created = _commit_units(job, actor)
            if created != outcome.row_count:
                raise RuntimeError(f"created {created} of {outcome.row_count} rows")
            transition(
                job,
                Status.DONE,
                created_count=created,
                committed_at=timezone.now(),
                progress_done=created,
                progress_total=created,
                validated_rows=None,
                duration_ms=job.duration_ms + int((time.monotonic() - started) * 1000),
            )
    except _Rollback as rollback:
        outcome = rollback.outcome
        transition(
            job,
            Status.INVALID,
            error_count=outcome.error_count,
            error_row_count=len(outcome.error_rows),
            errors=outcome.errors,
            errors_truncated=outcome.truncated,
            validated_rows=None,
            failure="Dữ liệu trong hệ thống đã thay đổi từ lúc kiểm tra: có dòng không còn hợp lệ. "
            "Không có dữ liệu nào được ghi.",
        )
    except DomainError as error:
        _file_error(job, error, Status.INVALID)
    except Exception as exc:
        _fail(job, exc, "ghi dữ liệu")
    finally:
        cache.delete(progress_key(job.pk))
    return job


# ----- retention ----------------------------------------------------------------------

FINISHED = (ImportJob.Status.DONE, ImportJob.Status.INVALID, ImportJob.Status.FAILED)


def purge_old_files(*, older_than_days, now=None):
    """Delete the uploaded files (and parsed rows) of finished jobs older than the period.

    The job stays, with its counts and listed errors: only the personal data in the file goes.
    Returns how many jobs were purged.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=older_than_days)
    return (
        ImportJob.objects.filter(status__in=FINISHED, created_at__lt=cutoff, content_purged_at__isnull=True)
        .without_content()
        .update(content=b"", validated_rows=None, content_purged_at=now)
    )


# --------------------------------------------------------------------------- pending uploads

KEEP_PENDING_UPLOADS = 3


def park_upload(*, actor, kind, name, content, target=None):
    """Keep an upload of an in-request import (visits, registrations) until its commit, in
    the database; returns the token for the preview URL. Older ones beyond the last
    ``KEEP_PENDING_UPLOADS`` of the same kind are dropped."""
    import secrets

    from coso.imports.models import PendingUpload

    with transaction.atomic():
        upload = PendingUpload.objects.create(
            kind=kind,
            token=secrets.token_urlsafe(16),
            created_by=actor,
            target=target or {},
            original_name=(name or "")[:255],
            content=content,
        )
        keep = PendingUpload.objects.filter(created_by=actor, kind=kind).order_by("-created_at", "-id")
        stale = list(keep.values_list("pk", flat=True)[KEEP_PENDING_UPLOADS:])
        if stale:
            PendingUpload.objects.filter(pk__in=stale).delete()
    return upload.token


def parked_upload(*, actor, kind, token, target=None):
    """``(name, content)`` of the actor's own pending upload; ``None`` for any other token."""
    from coso.imports.models import PendingUpload

    upload = PendingUpload.objects.filter(created_by=actor, kind=kind, token=token).first()
    if upload is None or (target is not None and upload.target != target):
        return None
    return upload.original_name, bytes(upload.content)


def drop_upload(*, actor, kind, token):
    from coso.imports.models import PendingUpload

    PendingUpload.objects.filter(created_by=actor, kind=kind, token=token).delete()
