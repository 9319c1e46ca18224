"""Background tasks (django-tasks): immediate in development and tests, a worker in production."""

from django_tasks import task

from coso.imports import running


@task()
def validate_import(job_id: int):
    running.run_validation(job_id)


@task()
def commit_import(job_id: int):
    running.run_commit(job_id)
