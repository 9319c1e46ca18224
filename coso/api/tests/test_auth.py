"""Who may call the API: a personal token, or the browser session with its CSRF check."""

import json

from django.test import Client
from django.utils import timezone

from coso.accounts.models import ApiToken
from coso.api.tests.conftest import ApiClient

CSRF = "a" * 32  # a well-formed CSRF secret, sent as cookie and header


def test_token_authenticates_its_owner(tree):
    token, key = ApiToken.issue(tree.users["district_standing"], "script")
    response = ApiClient(key).get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == "huyendoan.btm"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_no_credentials_is_401_with_a_vietnamese_message(tree):
    response = Client().get("/api/units/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert "khoá API" in body["message"]


def test_wrong_token_is_401(tree):
    assert ApiClient("not-a-key").get("/api/me").status_code == 401
    response = Client().get("/api/me", headers={"Authorization": "Token whatever"})
    assert response.status_code == 401


def test_revoked_token_is_401(tree):
    token, key = ApiToken.issue(tree.users["district_standing"], "old script")
    assert ApiClient(key).get("/api/me").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert ApiClient(key).get("/api/me").status_code == 401


def test_token_of_a_deactivated_account_is_401(tree):
    user = tree.users["district_standing"]
    _token, key = ApiToken.issue(user, "script")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert ApiClient(key).get("/api/me").status_code == 401


def test_token_writes_need_no_csrf_and_are_signed_by_the_tokens_owner(tree):
    _token, key = ApiToken.issue(tree.users["district_standing"], "script")
    api = ApiClient(key, client=Client(enforce_csrf_checks=True))
    response = api.patch(f"/api/units/{tree.trason.pk}", {"version": tree.trason.version, "address": "Trà Sơn"})
    assert response.status_code == 200, response.content
    history = api.get(f"/api/units/{tree.trason.pk}/history").json()["items"]
    assert history[0]["who"]["username"] == "huyendoan.btm"


def test_session_reads_work(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.users["district_standing"])
    response = client.get("/api/units/")
    assert response.status_code == 200
    assert response.json()["count"] == 4  # Bắc Trà My, two communes, one branch


def test_session_write_without_csrf_is_403(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.users["district_standing"])
    response = client.patch(
        f"/api/units/{tree.trason.pk}",
        data=json.dumps({"version": tree.trason.version, "address": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    tree.trason.refresh_from_db()
    assert tree.trason.address == ""


def test_session_write_with_csrf_header_works(tree):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tree.users["district_standing"])
    client.cookies["csrftoken"] = CSRF
    response = client.post(
        "/api/units/",
        data=json.dumps({"parent_id": tree.trason.pk, "name": "Chi đoàn thôn 2", "level": "chi-doan"}),
        content_type="application/json",
        headers={"X-CSRFToken": CSRF},
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_id"] == tree.trason.pk


def test_anonymous_write_is_401_not_a_csrf_error(tree):
    response = Client(enforce_csrf_checks=True).post(
        "/api/units/", data=json.dumps({"name": "x", "level": "chi-doan"}), content_type="application/json"
    )
    assert response.status_code == 401
