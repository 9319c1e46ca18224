"""A background export's file is kept ``EXPORT_RETENTION_DAYS`` (7 by default), then deleted
by the daily purge (``manage.py purge_export_files``, deploy/coso-purge.timer): the job stays,
its page says "Đã hết hạn" instead of a dead download link, and the download is gone."""

import datetime
import io

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from coso.imports.models import ExportJob
from coso.imports.tests.test_export_jobs import _run_worker
from tests.builders import person


def _export(client, tree, n=3, surname="Lê"):
    """A real export written by the worker (the immediate backend), its .xlsx in the job."""
    for i in range(n):
        person(tree.branch_trason, f"{surname} Văn Hạn{i}")
    response = client.get("/people/export.xlsx", {"q": f"{surname} van han"})
    assert response.status_code == 302
    job = ExportJob.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert job.status == ExportJob.Status.DONE
    assert len(list(load_workbook(io.BytesIO(bytes(job.content)), read_only=True).active.iter_rows())) == n + 1
    return job


def _age(job, days):
    ExportJob.objects.filter(pk=job.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=days))


@pytest.fixture
def client_(tree, client_for, settings):
    settings.PEOPLE_EXPORT_IMMEDIATE_MAX = 1
    return client_for("district_standing")


def test_the_default_retention_is_seven_days():
    assert django_settings.EXPORT_RETENTION_DAYS == 7


def test_an_export_older_than_the_retention_is_deleted_and_its_page_says_expired(tree, client_, capsys):
    old = _export(client_, tree)
    _age(old, 8)
    call_command("purge_export_files")
    assert "Đã xoá tệp của 1 lượt xuất cũ hơn 7 ngày." in capsys.readouterr().out
    old.refresh_from_db()
    assert old.status == ExportJob.Status.EXPIRED and old.content is None
    assert old.filename and old.progress_done == 3  # the job itself stays, with what it was

    page = client_.get(f"/imports/exports/{old.pk}/").content.decode()
    assert 'data-testid="export-expired"' in page and "Đã hết hạn" in page
    assert "Hãy xuất lại danh sách." in page and "7 ngày" in page
    assert "export-download" not in page and f"/imports/exports/{old.pk}/download/" not in page
    assert client_.get(f"/imports/exports/{old.pk}/download/").status_code == 404
    assert client_.get(f"/imports/exports/{old.pk}/progress/").status_code == 200  # no longer polled


def test_a_recent_export_stays_downloadable(tree, client_):
    recent = _export(client_, tree)
    _age(recent, 6)
    call_command("purge_export_files")
    recent.refresh_from_db()
    assert recent.status == ExportJob.Status.DONE and recent.content
    page = client_.get(f"/imports/exports/{recent.pk}/").content.decode()
    assert "export-download" in page and "export-expired" not in page
    assert client_.get(f"/imports/exports/{recent.pk}/download/").status_code == 200


def test_the_retention_comes_from_the_setting_and_the_command_may_override_it(tree, client_, settings, capsys):
    job = _export(client_, tree)
    _age(job, 3)
    settings.EXPORT_RETENTION_DAYS = 5
    call_command("purge_export_files")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    settings.EXPORT_RETENTION_DAYS = 2
    call_command("purge_export_files")
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED
    assert "2 ngày" in client_.get(f"/imports/exports/{job.pk}/").content.decode()

    other = _export(client_, tree, n=2, surname="Phạm")
    _age(other, 3)
    call_command("purge_export_files", "--days", "30")
    other.refresh_from_db()
    assert other.status == ExportJob.Status.DONE


def test_jobs_still_running_or_failed_are_left_alone(tree, client_):
    user = tree.users["district_standing"]
    long_ago = timezone.now() - datetime.timedelta(days=60)
    for status in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING, ExportJob.Status.FAILED):
        ExportJob.objects.create(kind="persons", created_by=user, status=status, status_changed_at=long_ago)
    call_command("purge_export_files")
    assert sorted(ExportJob.objects.values_list("status", flat=True)) == ["failed", "queued", "running"]


def test_in_production_the_command_queues_the_purge_for_the_worker(tree, client_, settings, capsys):
    from django_tasks_db.models import DBTaskResult

    job = _export(client_, tree)
    _age(job, 10)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("purge_export_files")
    assert "worker sẽ xoá" in capsys.readouterr().out
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE  # nothing happens until the worker runs it
    _run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.EXPIRED and job.content is None


def test_the_expired_page_in_english(tree, client_):
    job = _export(client_, tree)
    _age(job, 8)
    call_command("purge_export_files")
    client_.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client_.get(f"/imports/exports/{job.pk}/").content.decode()
    assert "Expired" in page and "Đã hết hạn" not in page
    assert "Export the list again." in page
