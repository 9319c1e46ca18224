"""Background tasks (django-tasks): immediate in development and tests, a worker in production.

Each task runs in the language of the request that queued it: the errors, the failure and the
preview it writes on the job are read in that language (English mode reads English).
"""

from django.utils import translation
from django_tasks import task

from coso.imports import export_running, running


@task()
def validate_import(job_id: int, language: str | None = None):
    with translation.override(language):
        running.run_validation(job_id)


@task()
def commit_import(job_id: int, language: str | None = None):
    with translation.override(language):
        running.run_commit(job_id)


@task()
def run_export(job_id: int):
    export_running.run_export(job_id)


@task()
def purge_exports(days: int | None = None):
    """Queued once a day by ``manage.py purge_export_files`` (deploy/coso-purge.timer)."""
    return export_running.purge_expired(days=days)
