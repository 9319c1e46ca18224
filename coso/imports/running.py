"""What the worker runs for an import job (``tasks``): the validation and the commit.

* ``run_validation`` reads and checks every row, keeps every error, a preview and the counts;
  nothing is written but the job.
* ``run_commit`` works in one transaction: it checks again what may have changed since the
  validation (units: the whole file again; persons: the validated rows kept on the job
  against the units, scope, target groups and people now in the database), then inserts
  every row in bulk with its history record; any error rolls the whole file back.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.imports import persons
from coso.imports.jobs import (
    IMPORTERS,
    Status,
    load_job,
    progress_key,
    read_sheet,
    record_failure,
    refuse_file,
    report_progress,
    transition,
)
from coso.imports.models import ImportJob
from coso.imports.records import RecordImporter, create_planned_records
from coso.imports.units import UnitImporter, create_planned_units
from coso.imports.validation import Outcome

BATCH_SIZE = 5000
CHANGE_REASON = gettext_noop("Nhập từ Excel")


def run_validation(job_id):
    job = load_job(job_id)
    if not transition(job, Status.VALIDATING, progress_done=0, progress_total=0):
        return job
    started = time.monotonic()
    try:
        try:
            sheet = read_sheet(job)
        except DomainError as error:
            refuse_file(job, error, Status.INVALID)
            return job
        total = len(sheet.rows)
        report_progress(job.pk, 0, total)
        importer = IMPORTERS[job.kind](job.created_by, sheet)
        outcome = importer.run(progress=lambda done, all_: report_progress(job.pk, done, all_))
        target = Status.READY if outcome.ok and outcome.row_count else Status.INVALID
        failure = "" if outcome.row_count else _("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
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
        record_failure(job, exc, _("kiểm tra tệp"))
    return job


class _Rollback(Exception):
    def __init__(self, outcome):
        super().__init__("import invalid at commit")
        self.outcome = outcome


def _commit_persons(job, actor):
    """Inside the commit's transaction: re-check the validated rows, then insert them."""
    blob = ImportJob.objects.filter(pk=job.pk).values_list("validated_rows", flat=True).get()
    if not blob:
        raise DomainError("no_validated_rows", _("Không còn dữ liệu đã kiểm tra: hãy tải tệp lên lại."))
    labels, rows = persons.decode_rows(bytes(blob))
    outcome = Outcome(row_count=len(rows))
    report_progress(job.pk, 0, len(rows), in_transaction=True)
    persons.recheck(actor, labels, rows, outcome)
    if not outcome.ok:
        raise _Rollback(outcome)
    created = persons.insert_rows(
        rows,
        actor,
        change_reason=str(CHANGE_REASON),
        batch_size=BATCH_SIZE,
        progress=lambda done, total: report_progress(job.pk, done, total, in_transaction=True),
    )
    return outcome, created


def _commit_units(job, actor):
    """Inside the commit's transaction: validate the file again, then insert the units."""
    sheet = read_sheet(job)
    importer = UnitImporter(actor, sheet)
    outcome = importer.run()
    if not outcome.ok:
        raise _Rollback(outcome)
    return outcome, create_planned_units(importer.planned, actor, batch_size=BATCH_SIZE)


def _commit_records(job, actor):
    """Inside the commit's transaction: validate the file again, then write every record."""
    importer = RecordImporter(actor, read_sheet(job))
    outcome = importer.run()
    if not outcome.ok:
        raise _Rollback(outcome)
    return outcome, create_planned_records(importer.planned, actor, change_reason=str(CHANGE_REASON))


def run_commit(job_id):
    job = load_job(job_id)
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
            failure=_(
                "Dữ liệu trong hệ thống đã thay đổi từ lúc kiểm tra: có dòng không còn hợp lệ. "
                "Không có dữ liệu nào được ghi."
            ),
        )
    except DomainError as error:
        refuse_file(job, error, Status.INVALID)
    except Exception as exc:
        record_failure(job, exc, _("ghi dữ liệu"))
    finally:
        cache.delete(progress_key(job.pk))
    return job
