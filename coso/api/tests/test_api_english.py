"""Issue 15 point 10 for the API: a refusal speaks the caller's language (``Accept-Language``),
the 400 of a rule as well as the 422 of a request that does not fit, and names the field; in
Vietnamese, pydantic's English and its "Value error, " prefix never reach the caller."""

import json

from django.test import Client

from coso.accounts.models import ApiToken


def _post(user, url, body, language=None):
    _token, key = ApiToken.issue(user, "test")
    headers = {"Authorization": f"Bearer {key}"}
    if language:
        headers["Accept-Language"] = language
    return Client().post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def test_a_rule_refusal_is_in_english_when_asked(tree):
    body = {"parent_id": tree.trason.pk, "name": "Chi đoàn", "level": "khong-co"}
    english = _post(tree.users["district_standing"], "/api/units/", body, "en")
    assert english.status_code == 400
    assert english.json()["message"] == "No unit level with code «khong-co»."
    vietnamese = _post(tree.users["district_standing"], "/api/units/", body)
    assert vietnamese.json()["message"] == "Không có cấp đơn vị mã «khong-co»."


def test_an_unfit_request_is_refused_in_english_when_asked(tree):
    body = {"parent_id": tree.trason.pk, "level": "chi-doan"}  # no name
    response = _post(tree.users["district_standing"], "/api/units/", body, "en")
    assert response.status_code == 422
    refusal = response.json()
    assert refusal["message"] == "The submitted data is invalid."
    assert refusal["field"] == "name"
    assert refusal["violations"] == [
        {"code": "missing", "message": "name: A required value is missing.", "field": "name"}
    ]


def test_an_unfit_request_is_refused_in_vietnamese_without_pydantic_words(tree):
    body = {"parent_id": tree.trason.pk, "level": "chi-doan", "name": "x" * 300}
    response = _post(tree.users["district_standing"], "/api/units/", body)
    assert response.status_code == 422
    refusal = response.json()
    assert refusal["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert refusal["violations"][0]["message"] == "name: Dài quá 255 ký tự."


def test_a_validator_refusal_has_no_value_error_prefix(tree):
    body = {"unit_id": tree.branch_trason.pk, "family_name": "Lê", "given_name": "Na", "sex": "F", "email": "x"}
    vietnamese = _post(tree.users["district_standing"], "/api/persons/", body).json()["violations"][0]["message"]
    assert vietnamese == "email: Địa chỉ thư điện tử không hợp lệ."
    english = _post(tree.users["district_standing"], "/api/persons/", body, "en").json()["violations"][0]["message"]
    assert english == "email: The email address is not valid."


def test_a_strict_input_refusal_is_in_vietnamese(tree):
    body = {"new_parent_id": True}
    response = _post(tree.users["district_standing"], f"/api/units/{tree.trason.pk}/move", body)
    assert response.status_code == 422
    assert response.json()["violations"][0]["message"] == "new_parent_id: Không nhận giá trị true/false ở đây."
