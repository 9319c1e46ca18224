"""The same rows committed at the same moment by two workers are written once (issue 11,
point 7): commits into a unit are serialised by a row lock on the unit, and the second one,
re-checking under the lock, finds the people already there and ends "invalid", nothing
written. PostgreSQL only (SQLite runs one writer at a time anyway): once with two threads,
each with its own database connection, running the commit the worker runs; once as deployed,
with the tasks queued in the database and two `manage.py db_worker` processes."""

import threading

import pytest
from django.db import connection, connections

from coso.imports import running, services
from coso.imports.models import ImportJob
from coso.imports.tests.helpers import person_row, persons_file

ON_POSTGRES = connection.vendor == "postgresql"


class _File:
    def __init__(self, name, content):
        self.name, self.size, self._content = name, len(content), content

    def chunks(self):
        yield self._content


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks: PostgreSQL (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_committing_the_same_rows_write_them_once():
    from coso.accounts.models import User
    from coso.org.models import Unit
    from coso.people.models import Person
    from tests.builders import build_small_tree

    if not Unit.objects.filter(code="t-qn").exists():
        build_small_tree()
    officer = User.objects.get(username="huyendoan.btm")
    branch = Unit.objects.get(code="t-ts-1")
    rows = [person_row(given=f"Song{n}", unit="t-ts-1") for n in range(30)]
    content = persons_file(rows)
    jobs = [services.start_import(actor=officer, kind="persons", uploaded_file=_File("a.xlsx", content)) for _ in "ab"]
    for job in jobs:
        job.refresh_from_db()
        assert job.status == ImportJob.Status.READY, job.errors
        services.transition(job, ImportJob.Status.COMMITTING, committed_by=officer)
    before = Person.objects.filter(unit=branch).count()

    barrier = threading.Barrier(2)
    failures = []

    def work(job_id):
        try:
            barrier.wait(timeout=30)
            running.run_commit(job_id)
        except Exception as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(job.pk,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    statuses = sorted(ImportJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list("status", flat=True))
    assert statuses == [ImportJob.Status.DONE, ImportJob.Status.INVALID]
    assert Person.objects.filter(unit=branch).count() == before + len(rows)
    invalid = ImportJob.objects.get(pk__in=[j.pk for j in jobs], status=ImportJob.Status.INVALID)
    assert {e["code"] for e in invalid.errors} == {"duplicate_existing"}


@pytest.mark.skipif(not ON_POSTGRES, reason="row locks: PostgreSQL (set DATABASE_URL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_worker_processes_committing_the_same_rows_write_them_once(settings):
    """As deployed: the commit button queues the task in the database (django-tasks-db) and two
    `manage.py db_worker` processes, started together, each take one of the two jobs."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django_tasks_db.models import DBTaskResult

    from coso.accounts.models import User
    from coso.org.models import Unit
    from coso.people.models import Person
    from tests.builders import build_small_tree

    if not Unit.objects.filter(code="t-qn").exists():
        build_small_tree()
    officer = User.objects.get(username="huyendoan.btm")
    branch = Unit.objects.get(code="t-ts-1")
    rows = [person_row(given=f"Tientrinh{n}", unit="t-ts-1") for n in range(30)]
    content = persons_file(rows)
    jobs = [services.start_import(actor=officer, kind="persons", uploaded_file=_File("a.xlsx", content)) for _ in "ab"]
    before = Person.objects.filter(unit=branch).count()

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for job in jobs:
        job.refresh_from_db()
        assert job.status == ImportJob.Status.READY, job.errors
        services.request_commit(actor=officer, job=job)
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    manage = str(Path(__file__).resolve().parents[3] / "manage.py")
    command = [sys.executable, manage, "db_worker", "--batch", "--max-tasks", "1", "--no-startup-delay", "--no-reload"]
    workers = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for _ in "ab"]
    outputs = [worker.communicate(timeout=600)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    statuses = sorted(ImportJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list("status", flat=True))
    assert statuses == [ImportJob.Status.DONE, ImportJob.Status.INVALID]
    assert Person.objects.filter(unit=branch).count() == before + len(rows)
    invalid = ImportJob.objects.get(pk__in=[j.pk for j in jobs], status=ImportJob.Status.INVALID)
    assert {e["code"] for e in invalid.errors} == {"duplicate_existing"}
