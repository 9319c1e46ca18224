"""Issue 15 point 10: in English mode the rules' refusals read English — an import's failed
rows (on the page and in the failed-rows sheet), a refusal next to its form field, and the
API's refusals with ``Accept-Language: en``. Vietnamese mode still reads Vietnamese."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from coso.accounts.models import ApiToken, Role, RoleGrant
from coso.imports.models import ImportJob
from coso.imports.tests.helpers import last_job, person_row, persons_file, upload
from coso.org.models import Unit

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies.load({"django_language": "en"})
    return client


def test_an_imports_failed_rows_read_english_on_the_page_and_in_the_sheet(tree, client_for):
    client = english(client_for("district_standing"))
    rows = [
        person_row("An"),
        person_row("Bảo", birth="31/02/2001"),  # no such day
        person_row("Dũng", unit="khong-co"),  # unknown unit
    ]
    upload(client, persons_file(rows))
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    messages = {e["row"]: e["message"] for e in job.errors}
    assert messages[3] == "This date does not exist (check the day and the month, as dd/mm/yyyy)."
    assert messages[4] == "No unit with code «khong-co»."

    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "No unit with code «khong-co»." in page
    assert "Không có đơn vị mã" not in page and "Ngày không tồn tại" not in page

    sheet = load_workbook(io.BytesIO(client.get(reverse("imports:errors_xlsx", args=[job.pk])).content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    # the file's own headers stay as the user wrote them; the errors column and its text are English
    assert values[0][:3] == ["Họ", "Tên đệm", "Tên"] and values[0][-1] == "Errors"
    assert values[1][2] == "Bảo" and values[1][-1] == (
        "Ngày sinh: This date does not exist (check the day and the month, as dd/mm/yyyy)."
    )
    assert values[2][-1] == "Mã đơn vị: No unit with code «khong-co»."


def test_the_import_template_explains_itself_in_english(tree, client_for):
    client = english(client_for("district_standing"))
    response = client.get(reverse("imports:template", args=["persons"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Data", "Lists", "Instructions"]
    headers = [c.value for c in workbook["Data"][1]]
    assert "Họ" in headers  # the columns keep their Vietnamese names: they are the file's format
    help_text = " ".join(str(c.value or "") for row in workbook["Instructions"].iter_rows() for c in row)
    assert "Write dates as dd/mm/yyyy" in help_text and "Ngày ghi dạng" not in help_text


def test_a_merge_dated_before_a_post_started_is_refused_in_english_next_to_the_date(tree, client_for):
    client = english(client_for("admin"))
    response = client.post(
        reverse("org:merge", args=[tree.bactramy.pk]),
        {"into": tree.tamky.pk, "occurred_on": "01/07/2022", "note": ""},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["occurred_on"]
    assert errors == [
        "The merge date must be 01/08/2022 or later: someone holds a post in «Huyện đoàn Bắc Trà My» since "
        "that day, and the post will end on the merge date."
    ]
    assert "Ngày hợp nhất phải" not in response.content.decode()
    assert Unit.objects.get(pk=tree.bactramy.pk).is_active


def test_the_same_refusal_reads_vietnamese_in_vietnamese_mode(tree, client_for):
    client = client_for("admin")
    response = client.post(
        reverse("org:merge", args=[tree.bactramy.pk]),
        {"into": tree.tamky.pk, "occurred_on": "01/07/2022", "note": ""},
    )
    assert response.context["form"].errors["occurred_on"][0].startswith("Ngày hợp nhất phải từ 01/08/2022 trở đi")


def test_granting_a_role_one_does_not_hold_is_refused_in_english_next_to_the_role(tree, client_for):
    client = english(client_for("district_standing"))
    account = tree.users["base_officer"]
    response = client.post(
        reverse("users:grant", args=[account.pk]),
        {
            "role": Role.TCKT_OFFICER,
            "unit": tree.bactramy.pk,
            "valid_from": timezone.localdate().strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 400
    errors = response.context["grant_form"].errors["role"]
    assert len(errors) == 1
    assert errors[0].startswith("The role «") and "it has rights you do not hold in that unit yourself" in errors[0]
    assert "Không giao được vai trò" not in response.content.decode()
    assert not RoleGrant.objects.filter(user=account, role=Role.TCKT_OFFICER).exists()


def _api(user, language):
    from django.test import Client

    _token, key = ApiToken.issue(user, "test")
    client = Client(headers={"Authorization": f"Bearer {key}", "Accept-Language": language})
    return client


def test_the_api_follows_accept_language_but_pages_do_not(tree, client_for):
    page = client_for("district_standing").get("/", headers={"Accept-Language": "en"})
    assert 'lang="vi"' in page.content.decode()
    chosen = english(client_for("district_standing")).get("/", headers={"Accept-Language": "vi"})
    assert 'lang="en"' in chosen.content.decode()


def test_the_api_refuses_an_org_operation_in_english(tree):
    client = _api(tree.admin, "en")
    response = client.post(
        f"/api/units/{tree.bactramy.pk}/merge",
        {"into_id": tree.tamky.pk, "occurred_on": "2022-07-01"},
        content_type="application/json",
    )
    assert response.status_code in (400, 409, 422), response.content
    body = response.json()
    assert body["code"] == "merge_before_post_start" and body["field"] == "occurred_on"
    assert body["message"].startswith("The merge date must be 01/08/2022 or later")


def test_the_api_refuses_a_people_operation_in_english_and_in_vietnamese(tree):
    person = tree.member_trason
    day_before_birth = (person.birth_date - datetime.timedelta(days=1)).isoformat()
    for language, expected in (
        ("en", "The date of joining the Union cannot be before the date of birth."),
        ("vi", "Ngày vào Đoàn không thể trước ngày sinh."),
    ):
        client = _api(tree.admin, language)
        person.refresh_from_db()
        response = client.patch(
            f"/api/persons/{person.pk}",
            {"joined_union_on": day_before_birth, "version": person.version},
            content_type="application/json",
        )
        assert response.status_code in (400, 422), response.content
        body = response.json()
        assert body["field"] == "joined_union_on"
        assert expected in body["message"], body
