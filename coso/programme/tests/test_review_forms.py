"""The base union's round report and the branch's self-assessment on their pages: what the
form cannot read (a blank or negative count, a rating not in the list, a version that is not
one) is refused next to its field, nothing is sent and what was typed stays; a page older than
the record gives the conflict message; the API refuses the same counts."""

import json

from django.test import Client

from coso.accounts.models import ApiToken
from coso.programme import services
from coso.programme.models import BranchAssessment, RoundReport

from .conftest import at

CONFLICT = "Bản ghi đã được người khác sửa sau khi bạn mở."
BAD_VERSION = "Không đọc được phiên bản của bản ghi mà trang này đã mở"


def page(response):
    assert response.status_code == 200
    return response.content.decode()


def base_url(tree):
    return f"/programme/{tree.programme.pk}/base/{tree.trason.pk}/?round={tree.rounds[0].pk}"


def branch_url(tree):
    return f"/programme/{tree.programme.pk}/branch/{tree.branch_trason.pk}/?round={tree.rounds[0].pk}"


def report_data(**changes):
    data = {
        "action": "report",
        "report-held_on": "16/03/2014",
        "report-activities": "Ngày đoàn viên",
        "report-participants": "12",
        "report-youth_participants": "3",
        "report-notes": "",
    }
    data.update(changes)
    return data


# --------------------------------------------------------------------------- the round report


def test_a_blank_or_negative_count_is_refused_next_to_its_field_and_nothing_is_sent(registered, client_for):
    client = client_for("base_officer")
    response = client.post(
        base_url(registered), report_data(**{"report-participants": "", "report-youth_participants": "-4"})
    )
    form = response.context["report_form"]
    assert form.errors["participants"] == ["Nhập số đoàn viên tham gia (từ 0 trở lên)."]
    assert form.errors["youth_participants"] == ["Nhập số thanh niên (ngoài Đoàn) tham gia (từ 0 trở lên)."]
    body = page(response)
    assert (
        body.index('name="report-participants"')
        < body.index("Nhập số đoàn viên tham gia (từ 0 trở lên).")
        < body.index('name="report-youth_participants"')
        < body.index("Nhập số thanh niên (ngoài Đoàn) tham gia (từ 0 trở lên).")
        < body.index('name="report-notes"')
    )
    assert 'value="-4"' in body and 'value="16/03/2014"' in body and "Ngày đoàn viên" in body  # kept
    assert "Đã gửi báo cáo đợt" not in body
    assert not RoundReport.objects.filter(unit=registered.trason).exists()


def test_a_count_that_is_not_a_number_is_refused_too(registered, client_for):
    response = client_for("base_officer").post(base_url(registered), report_data(**{"report-participants": "mười"}))
    assert response.context["report_form"].errors["participants"] == ["Nhập số đoàn viên tham gia (từ 0 trở lên)."]
    assert 'value="mười"' in page(response)
    assert not RoundReport.objects.filter(unit=registered.trason).exists()


def test_a_good_report_is_still_sent(registered, client_for):
    response = client_for("base_officer").post(base_url(registered), report_data(), follow=True)
    assert "Đã gửi báo cáo đợt I." in page(response)
    report = RoundReport.objects.get(unit=registered.trason)
    assert (report.state, report.participants, report.youth_participants) == ("submitted", 12, 3)


def draft_report(tree):
    return services.record_round_report(
        actor=tree.users["base_officer"],
        base=tree.trason,
        round=tree.rounds[0],
        held_on=at(2014, 3, 16).date(),
        activities="Ngày đoàn viên",
        participants=10,
        submit=False,
    )


def test_a_report_page_older_than_the_report_gives_the_conflict_message(registered, client_for):
    report = draft_report(registered)
    client = client_for("base_officer")
    opened = page(client.get(base_url(registered)))
    assert f'name="report-version" value="{report.version}"' in opened
    # another tab saves the report meanwhile
    services.record_round_report(
        actor=registered.users["base_officer"],
        base=registered.trason,
        round=registered.rounds[0],
        held_on=at(2014, 3, 16).date(),
        activities="Ngày đoàn viên, ra quân",
        participants=20,
        submit=False,
        version=report.version,
    )
    response = client.post(base_url(registered), report_data(**{"report-version": str(report.version)}))
    body = page(response)
    assert CONFLICT in body and 'value="12"' in body  # what was typed stays
    report.refresh_from_db()
    assert (report.state, report.participants) == ("draft", 20)
    # a page opened before the report existed sends no version: as stale as an old one
    assert CONFLICT in page(client.post(base_url(registered), report_data()))
    report.refresh_from_db()
    assert (report.state, report.participants) == ("draft", 20)


def test_a_malformed_report_version_is_refused_not_taken_as_none(registered, client_for):
    report = draft_report(registered)
    response = client_for("base_officer").post(base_url(registered), report_data(**{"report-version": "1x"}))
    body = page(response)
    assert BAD_VERSION in body and 'value="12"' in body
    report.refresh_from_db()
    assert (report.state, report.participants) == ("draft", 10)


# --------------------------------------------------------------------------- the branch's self-assessment


def self_data(**changes):
    data = {"action": "self", "self-rating": "good", "self-summary": "Tổ chức đúng chủ đề"}
    data.update(changes)
    return data


def test_a_rating_not_in_the_list_is_refused_next_to_it_and_nothing_is_sent(registered, client_for):
    response = client_for("branch_officer").post(branch_url(registered), self_data(**{"self-rating": "perfect"}))
    form = response.context["self_form"]
    assert form.errors["rating"] == ["Chọn một mức tự đánh giá trong danh sách."]
    body = page(response)
    assert (
        body.index('name="self-rating"')
        < body.index("Chọn một mức tự đánh giá trong danh sách.")
        < body.index('name="self-summary"')
    )
    assert "Tổ chức đúng chủ đề" in body and "Đã gửi bản tự đánh giá" not in body
    assert not BranchAssessment.objects.filter(branch=registered.branch_trason).exists()


def returned_self_assessment(tree):
    record = services.branch_self_assess(
        actor=tree.users["branch_officer"],
        branch=tree.branch_trason,
        programme=tree.programme,
        round=tree.rounds[0],
        rating="good",
        summary="Đúng chủ đề",
        now=at(2014, 3, 25),
    )
    return services.return_branch_assessment(
        actor=tree.users["base_officer"], branch_assessment=record, reason="Ghi rõ số liệu", version=record.version
    )


def test_a_malformed_self_assessment_version_is_refused_on_top_of_the_form(registered, client_for):
    record = returned_self_assessment(registered)
    response = client_for("branch_officer").post(
        branch_url(registered), self_data(**{"self-version": "abc", "self-summary": "30 đoàn viên tham gia"})
    )
    body = page(response)
    assert BAD_VERSION in body and "30 đoàn viên tham gia" in body
    assert body.index('data-testid="form-errors"') < body.index('name="self-summary"')
    record.refresh_from_db()
    assert (record.state, record.summary) == ("returned", "Đúng chủ đề")


def test_a_stale_self_assessment_gives_the_conflict_message(registered, client_for):
    record = returned_self_assessment(registered)
    client = client_for("branch_officer")
    assert f'name="self-version" value="{record.version}"' in page(client.get(branch_url(registered)))
    services.branch_self_assess(  # another tab saves it meanwhile, without sending
        actor=registered.users["branch_officer"],
        branch=registered.branch_trason,
        programme=registered.programme,
        round=registered.rounds[0],
        rating="fair",
        summary="Bản của tab khác",
        submit=False,
        version=record.version,
    )
    typed = self_data(**{"self-version": str(record.version), "self-summary": "30 đoàn viên tham gia"})
    body = page(client.post(branch_url(registered), typed))
    assert CONFLICT in body and "30 đoàn viên tham gia" in body
    record.refresh_from_db()
    assert (record.state, record.summary) == ("returned", "Bản của tab khác")
    fresh = self_data(**{"self-version": str(record.version), "self-summary": "30 đoàn viên tham gia"})
    assert "Đã gửi bản tự đánh giá" in page(client.post(branch_url(registered), fresh, follow=True))
    record.refresh_from_db()
    assert (record.state, record.summary) == ("submitted", "30 đoàn viên tham gia")


# --------------------------------------------------------------------------- the API


def test_the_api_refuses_a_missing_or_negative_count(registered):
    _token, key = ApiToken.issue(registered.users["base_officer"], "test")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    url = f"/api/programme/rounds/{registered.rounds[0].pk}/reports"
    body = {"base_id": registered.trason.pk, "held_on": "2014-03-16", "activities": "Ra quân", "participants": 25}

    def post(payload):
        return client.post(url, data=json.dumps(payload), content_type="application/json")

    missing = {k: v for k, v in body.items() if k != "participants"}
    for payload in (
        missing,
        {**body, "participants": -1},
        {**body, "youth_participants": -4},
        {**body, "version": "x"},
    ):
        assert post(payload).status_code == 422, payload
    assert not RoundReport.objects.filter(unit=registered.trason).exists()
    assert post(body).status_code == 200
