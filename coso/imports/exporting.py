"""Large list exports in the background (issue 9: a province's persons took 51.8 s inside the
request). The list page queues an :class:`~coso.imports.models.ExportJob` with its filters;
the worker (``tasks.run_export`` → ``export_running``, django-tasks) applies them again with the requester's scope,
writes the .xlsx through ``export.write_sheet`` and reports its progress on the job's row; the
requester's page (``imports:export_detail``) shows the progress and, when done, the download,
until ``export_running.purge_expired`` deletes the file after ``EXPORT_RETENTION_DAYS`` (``tasks.purge_exports``,
queued daily by ``manage.py purge_export_files``).
"""

from django.http import QueryDict
from django.utils import timezone, translation

from coso.imports.models import ExportJob
from coso.imports.tasks import run_export


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
