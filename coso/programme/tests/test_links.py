"""The parts of the programme lead to each other: the form paper from the registration page, the
import from the branch screen; a link is shown only to those it opens for. A rule broken is
shown next to its own field, on the pages and in the API."""

import json

from django.test import Client

from coso.accounts.models import ApiToken

from .conftest import pick
from .test_pages import form_data


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def test_the_registration_page_prints_its_form(registered, client_for):
    url = f"/programme/registrations/{registered.reg1.pk}/"
    for role in ("member", "branch_officer"):
        page = body(client_for(role).get(url))
        assert f'href="/programme/files/registration/{registered.reg1.pk}.docx"' in page
        assert f'href="/programme/files/registration/{registered.reg1.pk}.pdf"' in page
    paper = client_for("member").get(f"/programme/files/registration/{registered.reg1.pk}.docx")
    assert paper.status_code == 200
    assert paper["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_the_branch_screen_leads_its_committee_to_the_import(registered, client_for):
    p, branch = registered.programme.pk, registered.branch_trason.pk
    url = f"/programme/{p}/branch/{branch}/"
    link = f'href="/programme/files/import/{p}/{branch}/"'
    page = body(client_for("branch_officer").get(url))
    assert link in page and "Nhập phiếu đăng ký từ Excel" in page
    assert client_for("branch_officer").get(f"/programme/files/import/{p}/{branch}/").status_code == 200
    for role in ("base_officer", "district_standing"):  # they see the screen but may not import
        assert link not in body(client_for(role).get(url))
        assert client_for(role).get(f"/programme/files/import/{p}/{branch}/").status_code == 403


def test_members_are_not_shown_the_results_they_cannot_open(registered, client_for):
    p = registered.programme.pk
    results = f'href="/programme/{p}/results/"'
    member = client_for("member")
    for url in ("/programme/", f"/programme/{p}/", f"/programme/registrations/{registered.reg1.pk}/"):
        assert results not in body(member.get(url)), url
    assert member.get(f"/programme/{p}/results/").status_code == 403
    for role in ("branch_officer", "base_officer", "district_standing"):
        client = client_for(role)
        assert results in body(client.get(f"/programme/{p}/")), role
        assert client.get(f"/programme/{p}/results/").status_code == 200


def test_each_broken_rule_is_shown_next_to_its_field(registered, client_for):
    url = f"/programme/{registered.programme.pk}/base/{registered.trason.pk}/?round={registered.rounds[0].pk}"
    data = {
        "action": "report",
        "report-held_on": "16/07/2014",  # round I runs in March
        "report-activities": " ",
        "report-participants": "12",
        "report-youth_participants": "0",
    }
    response = client_for("base_officer").post(url, data)
    form = response.context["report_form"]
    assert form.errors["held_on"] == ["Ngày tổ chức 16/07/2014 nằm ngoài đợt I (tháng 3/2014)."]
    assert form.errors["activities"] == ["Chưa ghi các hoạt động đã tổ chức."]
    page = body(response)
    assert 'value="16/07/2014"' in page  # what was typed is kept
    assert page.index('name="report-held_on"') < page.index("nằm ngoài đợt I") < page.index('name="report-activities"')
    assert not registered.trason.programme_round_reports.exists()


def test_the_api_names_the_field_of_each_broken_rule(registered):
    _token, key = ApiToken.issue(registered.users["base_officer"], "test")
    payload = {"base_id": registered.trason.pk, "held_on": "2014-07-16", "activities": " ", "participants": 3}
    response = Client().post(
        f"/api/programme/rounds/{registered.rounds[0].pk}/reports",
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 400
    assert [(v["code"], v["field"]) for v in response.json()["violations"]] == [
        ("held_outside_round", "held_on"),
        ("activities_required", "activities"),
    ]


def test_a_paper_form_without_its_date_says_so_beside_the_date(btm, client_for):
    url = f"/programme/{btm.programme.pk}/register/{btm.member_trason2.pk}/"
    page = body(client_for("branch_officer").post(url, form_data(pick(btm.programme))))
    assert 'data-testid="signed-on-errors"' in page and "Ghi ngày đoàn viên ký phiếu đăng ký." in page
    assert 'data-testid="form-errors"' not in page
