"""Who may import, and whose jobs a user sees."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.imports.models import ImportJob
from coso.imports.tests.helpers import last_job, person_row, persons_file, upload

pytestmark = pytest.mark.django_db


def test_a_user_without_the_import_capability_gets_403_on_upload(tree, client_for):
    client = client_for("movement_cadre")
    # Issue 11: a page of an area the user has no capability in answers 403 (not an empty page).
    assert client.get(reverse("imports:list")).status_code == 403
    assert upload(client, persons_file([person_row()])).status_code == 403
    assert not ImportJob.objects.exists()


def test_another_users_job_is_404(tree, client, client_for):
    owner = client_for("district_standing")
    upload(owner, persons_file([person_row()]))
    job = last_job()
    client.force_login(tree.users["district_standing_tamky"])
    for name in ("imports:detail", "imports:progress", "imports:errors_xlsx"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("imports:commit", args=[job.pk])).status_code == 404
    assert job.pk not in [j.pk for j in client.get(reverse("imports:list")).context["page"]]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY


def test_a_system_admin_sees_the_job_but_only_its_uploader_commits_it(tree, client, client_for):
    upload(client_for("district_standing"), persons_file([person_row()]))
    job = last_job()
    client.force_login(tree.admin)
    assert client.get(reverse("imports:detail", args=[job.pk])).status_code == 200
    assert client.post(reverse("imports:commit", args=[job.pk])).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("imports:list"))
    assert response.status_code == 302 and "/login/" in response.url


def test_commit_needs_post(tree, client_for):
    client = client_for("district_standing")
    upload(client, persons_file([person_row()]))
    assert client.get(reverse("imports:commit", args=[last_job().pk])).status_code == 405


@pytest.mark.parametrize("kind", ["persons", "units"])
def test_templates_download_and_the_persons_template_imports_as_is(tree, client_for, kind):
    client = client_for("district_standing")
    response = client.get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Dữ liệu", "Danh mục", "Hướng dẫn"]
    data = workbook["Dữ liệu"]
    assert data["A1"].font.bold and data.data_validations.dataValidation
    # The sample row uses one of the officer's own units: the template is a valid file.
    upload(client, response.content, kind=kind)
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert job.row_count == 1


def test_unknown_template_is_404(tree, client_for):
    assert client_for("district_standing").get(reverse("imports:template", args=["foo"])).status_code == 404


def test_progress_fragment_polls_then_refreshes(tree, client_for):
    client = client_for("district_standing")
    upload(client, persons_file([person_row()]))
    job = last_job()
    url = reverse("imports:progress", args=[job.pk])
    assert client.get(url).status_code == 200
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 200 and done["HX-Refresh"] == "true"
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.VALIDATING, progress_done=5, progress_total=10)
    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in running and 'value="50"' in running


def test_the_admin_lists_jobs_read_only(tree, client, client_for):
    upload(client_for("district_standing"), persons_file([person_row()]))
    client.force_login(tree.admin)
    assert client.get(reverse("admin:imports_importjob_changelist")).status_code == 200
    assert client.get(reverse("admin:imports_importjob_change", args=[last_job().pk])).status_code == 200


def test_another_users_export_is_404_on_each_of_its_pages(tree, client, client_for):
    """An export holds the rows its requester may see: nobody else opens its page, its progress
    or its file, not even an officer above (the requester asks again from their own list)."""
    from coso.imports.models import ExportJob

    job = ExportJob.objects.create(
        kind=ExportJob.Kind.PERSONS,
        created_by=tree.users["district_standing"],
        status=ExportJob.Status.DONE,
        filename="nguoi.xlsx",
        content=b"PK",
        progress_done=1,
        progress_total=1,
    )
    routes = ("imports:export_detail", "imports:export_progress", "imports:export_download")
    own = client_for("district_standing")
    assert [own.get(reverse(name, args=[job.pk])).status_code for name in routes] == [200, 200, 200]
    for other in ("provincial_standing", "district_standing_tamky", "base_officer"):
        client.force_login(tree.users[other])
        for name in routes:
            assert client.get(reverse(name, args=[job.pk])).status_code == 404, (other, name)
