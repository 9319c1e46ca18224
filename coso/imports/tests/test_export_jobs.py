"""Large person exports run in the background (issue 9: 51.8 s inside the request for a
province): the list's export queues a job, the django-tasks worker writes the file with its
progress, and only its requester sees the page and downloads the file."""

import io

import pytest
from openpyxl import load_workbook

from coso.imports.models import ExportJob
from coso.people.models import Person
from tests.builders import person


def _sheet(content):
    rows = list(load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True))
    return rows[0], rows[1:]


def _run_worker():
    """The worker of ``manage.py db_worker --batch`` (django-tasks-db's ``Worker``): claims each
    queued task and runs it with its ``run_task``. Its loop is left out: between tasks it closes
    the connection, which on PostgreSQL would end this test's transaction."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    while (result := DBTaskResult.objects.ready().filter(backend_name="default").get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PEOPLE_EXPORT_IMMEDIATE_MAX = 3


def test_a_large_export_is_written_by_the_worker_and_downloaded_by_its_requester(tree, client_for, db_tasks):
    from django_tasks_db.models import DBTaskResult

    for n in range(5):
        person(tree.branch_trason, f"Lê Văn Xuất{n}")
    client = client_for("district_standing")
    response = client.get("/people/export.xlsx", {"q": "le van xuat"})
    job = ExportJob.objects.get(created_by=tree.users["district_standing"])
    assert response.status_code == 302 and response["Location"] == f"/imports/exports/{job.pk}/"
    assert (job.status, job.progress_total, job.kind) == (ExportJob.Status.QUEUED, 5, "persons")
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Đang chờ máy chủ xử lý" in page and 'hx-get="/imports/exports/' in page
    assert "export-download" not in page

    # The worker as deployed runs it (manage.py db_worker), then the page offers the file.
    _run_worker()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE
    assert (job.progress_done, job.progress_total) == (5, 5)
    page = client.get(f"/imports/exports/{job.pk}/").content.decode()
    assert "Đã xuất 5 dòng." in page and f'href="/imports/exports/{job.pk}/download/"' in page
    download = client.get(f"/imports/exports/{job.pk}/download/")
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    headers, rows = _sheet(download.content)
    assert headers[:3] == ("Họ", "Tên đệm", "Tên")
    assert sorted(r[2] for r in rows) == [f"Xuất{n}" for n in range(5)]


def test_the_worker_applies_the_requesters_scope_not_the_filters_alone(tree, client_for, db_tasks):
    for n in range(4):
        person(tree.branch_anmy, f"Phan Văn Ngoài{n}")  # Tam Kỳ: outside Bắc Trà My
        person(tree.branch_trason, f"Phan Văn Trong{n}")
    client_for("district_standing").get("/people/export.xlsx", {"q": "phan van"})
    _run_worker()
    job = ExportJob.objects.get(created_by=tree.users["district_standing"])
    _headers, rows = _sheet(bytes(job.content))
    assert sorted(r[2] for r in rows) == [f"Trong{n}" for n in range(4)]


def test_another_officer_cannot_see_or_download_it(tree, client_for, client, db_tasks):
    for n in range(5):
        person(tree.branch_trason, f"Lê Văn Riêng{n}")
    client_for("district_standing").get("/people/export.xlsx", {"q": "le van rieng"})
    _run_worker()
    job = ExportJob.objects.get(created_by=tree.users["district_standing"])
    assert job.status == ExportJob.Status.DONE
    for other in ("provincial_standing", "district_standing_tamky", "base_officer"):
        client.force_login(tree.users[other])
        for url in (f"/imports/exports/{job.pk}/", f"/imports/exports/{job.pk}/download/"):
            assert client.get(url).status_code == 404, (other, url)
    client.logout()
    assert client.get(f"/imports/exports/{job.pk}/download/").status_code == 302  # to the login page


def test_a_small_list_is_still_exported_at_once(tree, client_for, db_tasks):
    response = client_for("district_standing").get("/people/export.xlsx", {"q": "dinh thi mai"})
    assert response.status_code == 200
    _headers, rows = _sheet(response.content)
    assert [r[2] for r in rows] == ["Mai"]
    assert not ExportJob.objects.exists()


def test_with_the_immediate_backend_the_job_is_done_when_the_page_opens(tree, client_for, settings):
    settings.PEOPLE_EXPORT_IMMEDIATE_MAX = 1
    total = Person.objects.visible_to(tree.users["district_standing"]).count()
    response = client_for("district_standing").get("/people/export.xlsx")
    job = ExportJob.objects.get()
    assert (job.status, job.progress_done) == (ExportJob.Status.DONE, total)
    page = client_for("district_standing").get(response["Location"]).content.decode()
    assert "export-download" in page and "hx-get" not in page
