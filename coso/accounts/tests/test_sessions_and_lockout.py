"""Issue 11 points 10-12: temporary passwords, lockout that an address cannot reset, password
spraying slowed down, idle sessions, "remember me" and no caching of personal answers."""

import time

from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from coso.accounts import services
from coso.accounts.client_ip import client_ip
from coso.accounts.middleware import LAST_SEEN_KEY
from coso.accounts.models import Role, User
from tests.builders import PASSWORD

NEW_PASSWORD = "Mot-mat-khau-moi-2026!"


def _sign_in(client, username, password, remember=False, **meta):
    data = {"username": username, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post("/login/", data, **meta)


# --- point 10: a temporary password opens nothing but the change of password --------------


def _new_account(tree):
    officer = tree.users["district_standing"]
    account, password = services.create_account(
        actor=officer, person=tree.member_trason2, username="dong.hv", role=Role.BRANCH_OFFICER, unit=tree.branch_trason
    )
    return account, password


def test_a_new_account_must_change_its_temporary_password_before_any_page(tree, client):
    account, password = _new_account(tree)
    assert _sign_in(client, "dong.hv", password).status_code == 302
    for url in ["/", "/people/", "/visits/", "/users/"]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("users:password"), url
    api = client.get("/api/me")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    assert client.get(reverse("users:password")).status_code == 200

    same = client.post(
        reverse("users:password"),
        {"old_password": password, "new_password1": password, "new_password2": password},
    )
    assert "Mật khẩu mới phải khác mật khẩu hiện tại." in same.content.decode()
    changed = client.post(
        reverse("users:password"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    account.refresh_from_db()
    assert not account.must_change_password
    assert client.get("/").status_code == 200
    assert client.get("/api/me").status_code == 200


def test_a_password_reset_by_an_officer_is_temporary_too(tree, client):
    account = tree.users["base_officer"]
    password = services.reset_password(actor=tree.users["district_standing"], account=account)
    assert User.objects.get(pk=account.pk).must_change_password
    _sign_in(client, account.username, password)
    assert client.get("/")["Location"] == reverse("users:password")


# --- point 11: lockout per user name; proxies' headers only from the proxies -------------------


def test_changing_the_claimed_address_does_not_reset_the_count_of_an_account(tree, client, settings):
    settings.TRUSTED_PROXIES = []
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "huyendoan.btm", "sai", HTTP_X_REAL_IP=f"203.0.113.{n + 1}")
    response = _sign_in(client, "huyendoan.btm", PASSWORD, HTTP_X_REAL_IP="198.51.100.7")
    assert response.status_code == 429


def test_even_through_the_proxy_the_account_stays_locked_from_another_address(tree, client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "huyendoan.btm", "sai", HTTP_X_REAL_IP=f"203.0.113.{n + 1}")
    assert _sign_in(client, "huyendoan.btm", PASSWORD, HTTP_X_REAL_IP="198.51.100.7").status_code == 429


def test_forwarded_addresses_are_believed_only_from_a_trusted_proxy(settings):
    factory = RequestFactory()

    def ip(remote, **headers):
        return client_ip(factory.get("/", REMOTE_ADDR=remote, **headers))

    settings.TRUSTED_PROXIES = []
    assert ip("192.0.2.10", HTTP_X_REAL_IP="203.0.113.9") == "192.0.2.10"
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert ip("192.0.2.10", HTTP_X_REAL_IP="203.0.113.9") == "192.0.2.10"
    assert ip("10.0.0.5", HTTP_X_REAL_IP="203.0.113.9") == "203.0.113.9"
    assert ip("10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.7") == "203.0.113.9"
    assert ip("10.0.0.5", HTTP_X_REAL_IP="not an address") == "10.0.0.5"


def test_many_user_names_from_one_address_are_slowed_down(tree, client, settings):
    settings.LOGIN_SPRAY_USERS = 3
    for name in ["an", "binh", "chi"]:
        _sign_in(client, name, "Mua-he-2026")
    assert AccessAttempt.objects.filter(ip_address="127.0.0.1").count() == 3
    response = _sign_in(client, "huyendoan.btm", PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= settings.LOGIN_SPRAY_DELAY_SECONDS
    assert "nhiều tên đăng nhập khác nhau" in response.content.decode()
    # Another address is not slowed down; this one may try again once the delay has passed.
    other = _sign_in(client, "huyendoan.btm", PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302, other.content.decode()
    AccessAttempt.objects.update(attempt_time=AccessAttempt.objects.first().attempt_time.replace(year=2026, month=1))
    settings.AXES_COOLOFF_TIME = 24 * 365 * 2
    assert _sign_in(client, "canbo", PASSWORD).status_code == 302


# --- point 12: idle sessions, "remember me", no caching -------------------------------------


def test_a_session_ends_after_the_idle_time(tree, client, settings):
    _sign_in(client, "huyendoan.btm", PASSWORD)
    assert client.get("/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get("/api/me").status_code == 401


def test_a_recent_session_stays_open(tree, client, settings):
    _sign_in(client, "huyendoan.btm", PASSWORD)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - settings.SESSION_IDLE_SECONDS + 120
    session.save()
    assert client.get("/").status_code == 200
    assert client.session[LAST_SEEN_KEY] >= int(time.time()) - 5  # the idle time starts again


def test_the_idle_time_is_eight_hours_by_default(settings):
    assert settings.SESSION_IDLE_SECONDS == 8 * 3600 == settings.SESSION_COOKIE_AGE


def test_without_remember_me_the_session_ends_with_the_browser(tree, client, settings):
    page = client.get("/login/").content.decode()
    assert 'name="remember"' in page
    _sign_in(client, "huyendoan.btm", PASSWORD)
    assert client.session.get_expire_at_browser_close()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == ""


def test_with_remember_me_the_cookie_outlives_the_browser(tree, client, settings):
    _sign_in(client, "huyendoan.btm", PASSWORD, remember=True)
    assert not client.session.get_expire_at_browser_close()
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_IDLE_SECONDS


def test_answers_with_personal_data_are_not_cached(tree, client_for, client):
    assert client.get("/manifest.webmanifest")["Cache-Control"] == "no-cache"  # public, left alone
    signed_in = client_for("district_standing")
    for url in ["/", "/people/", f"/people/{tree.member_trason2.pk}/", "/api/me", "/api/persons/"]:
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
