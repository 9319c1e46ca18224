"""Uploaded files hold personal data: they are deleted after the retention period, the job stays."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from coso.imports.models import ImportJob
from coso.imports.tests.helpers import last_job, person_row, persons_file, upload

pytestmark = pytest.mark.django_db


def _age(job, days):
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_old_finished_jobs_lose_their_file_but_keep_their_errors(tree, client_for):
    client = client_for("district_standing")
    upload(client, persons_file([person_row(), person_row(given="Bình", unit="khong-co")]))
    old_invalid = last_job()
    upload(client, persons_file([person_row(given="Cường")]))
    recent_ready = last_job()
    old_invalid.refresh_from_db()
    assert old_invalid.status == ImportJob.Status.INVALID
    errors_before = old_invalid.errors
    _age(old_invalid, 120)
    _age(recent_ready, 120)  # not finished: a ready job waits for its commit, its file stays

    call_command("purge_import_files", "--days", "90", stdout=open("/dev/null", "w"))

    old_invalid = ImportJob.objects.get(pk=old_invalid.pk)
    assert bytes(old_invalid.content) == b""
    assert old_invalid.content_purged_at is not None
    assert old_invalid.errors == errors_before
    assert bytes(ImportJob.objects.get(pk=recent_ready.pk).content) != b""

    page = client.get(reverse("imports:detail", args=[old_invalid.pk]))
    assert "khong-co" in page.content.decode()
    response = client.get(reverse("imports:errors_xlsx", args=[old_invalid.pk]), follow=True)
    assert "Tệp gốc đã được xoá ngày" in response.content.decode()


def test_recent_jobs_keep_their_file(tree, client_for):
    client = client_for("district_standing")
    upload(client, persons_file([person_row(unit="khong-co")]))
    job = last_job()
    call_command("purge_import_files", "--days", "90", stdout=open("/dev/null", "w"))
    assert bytes(ImportJob.objects.get(pk=job.pk).content) != b""
