"""Large list exports in the background (issue 9: a province's persons took 51.8 s inside the
request). The list page queues an :class:`~coso.imports.models.ExportJob` with its filters;
the worker (``tasks.run_export`` → ``export_running``, django-tasks) applies them again with the requester's scope,
writes the .xlsx through ``export.write_sheet`` and reports its progress on the job's row; the
requester's page (``imports:export_detail``) shows the progress and, when done, the download,
until ``purge_expired`` deletes the file after ``EXPORT_RETENTION_DAYS`` (``tasks.purge_exports``,
queued daily by ``manage.py purge_export_files``).
"""

import datetime

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone, translation

from coso.core.workflow import try_transition
from coso.imports.models import ExportJob
from coso.imports.tasks import run_export
from coso.imports.workflows import EXPORT_JOB


def start_export(*, actor, kind, params, total=0):
    """Queue the export of the list ``kind`` as filtered by ``params`` (a QueryDict) for ``actor``."""
    query = params.copy() if isinstance(params, QueryDict) else QueryDict(mutable=True)
    for name in ("page", "after", "before", "n"):
        query.pop(name, None)
    job = ExportJob.objects.create(
        kind=kind,
        params=query.urlencode(),
        language=translation.get_language() or "",
        created_by=actor,
        progress_total=total,
        status_changed_at=timezone.now(),
    )
    run_export.enqueue(job.pk)  # as the imports do: the database backend queues it with the job
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
