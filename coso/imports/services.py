"""The import workflow's door: upload → validating → invalid | ready → committing → done | failed.

* ``start_import`` (the upload view) refuses unsafe files at once, stores the job and
  queues its validation (``running.run_validation``, in the worker).
* ``request_commit`` (the commit button) moves a clean job to ``committing`` and queues
  ``running.run_commit``.
* ``current_progress`` and ``failed_rows`` serve the job's page.

Progress is written on the job while validating; while committing the transaction hides
the job's row from other connections, so progress goes through the cache as well.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.core.errors import DomainError
from coso.imports import safety, tasks
from coso.imports.jobs import IMPORTERS, Status, current_progress, load_job, read_sheet, transition
from coso.imports.models import ImportJob

__all__ = ["current_progress", "transition"]  # the job page and the tests read them through this door


def can_import(user):
    """Whether the user holds the import capability on at least one unit."""
    paths = scoping.paths_with(user, scoping.IMPORT)
    return paths is None or bool(paths)


def require_import(user):
    if not can_import(user):
        raise PermissionDenied(_("Bạn không có quyền nhập dữ liệu từ Excel."))


# ----- upload -------------------------------------------------------------------------


def start_import(*, actor, kind, uploaded_file):
    """Store an upload as a job and queue its validation; refuse unsafe files at once."""
    require_import(actor)
    if kind not in ImportJob.Kind.values:
        raise DomainError("bad_kind", _("Loại dữ liệu không hợp lệ."))
    name = (uploaded_file.name or "").rsplit("/", 1)[-1][:255]
    if uploaded_file.size is not None:
        safety.check_size(uploaded_file.size)  # before reading a huge body into memory
    content = b"".join(uploaded_file.chunks())
    checked = safety.check_upload(name, content)
    job = ImportJob.objects.create(
        kind=kind,
        original_name=name,
        content=content,
        checked=checked.facts(),
        size=len(content),
        created_by=actor,
        status=Status.UPLOADED,
        status_changed_at=timezone.now(),
    )
    tasks.validate_import.enqueue(job.pk, get_language())
    return job


# ----- validation ---------------------------------------------------------------------


def failed_rows(job):
    """The failed rows of a job as an .xlsx (original columns plus «Lỗi»), or None."""
    from coso.imports.workbooks import error_rows_bytes

    job = load_job(job.pk)
    try:
        sheet = read_sheet(job)
    except DomainError:
        return None
    errors = job.errors
    if job.errors_truncated:
        errors = IMPORTERS[job.kind](job.created_by, sheet, error_limit=None).run().errors
    return error_rows_bytes(sheet, errors)


# ----- commit -------------------------------------------------------------------------


def request_commit(*, actor, job):
    """The "Nhập" button: only the uploader, only a clean job, only once."""
    if job.created_by_id != actor.pk:
        raise PermissionDenied(_("Chỉ người tải tệp lên mới được nhập tệp này."))
    require_import(actor)
    if job.status != Status.READY or job.error_count:
        raise DomainError("not_ready", _("Tệp này chưa sẵn sàng để nhập (còn lỗi, hoặc đã được nhập)."))
    if not transition(job, Status.COMMITTING, progress_done=0, committed_by=actor):
        raise DomainError("not_ready", _("Tệp này đang được nhập hoặc đã được nhập."))
    tasks.commit_import.enqueue(job.pk, get_language())
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
