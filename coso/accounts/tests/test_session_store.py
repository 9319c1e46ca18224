"""Issue 9: with Redis, a signed-in page reads its session and its account in one round trip:
the session's key names the account (coso/accounts/session_store.py). The name is only a hint:
who is signed in is what the session says."""

import pytest
import redis
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from coso.accounts.session_store import SessionStore, account_in_key, base36
from tests.builders import PASSWORD

from .test_user_cache import REDIS_CACHE


@pytest.fixture
def production_sessions(settings):
    settings.CACHES = REDIS_CACHE
    settings.SESSION_ENGINE = "coso.accounts.session_store"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def redis_commands(monkeypatch):
    """The commands this process sends to Redis (the real server still answers them)."""
    sent = []
    execute = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(str(args[0]).upper())
        return execute(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return sent


def _sign_in(client, account):
    assert client.post("/login/", {"username": account.username, "password": PASSWORD}).status_code == 302
    return client.cookies["sessionid"].value


def test_signing_in_gives_a_session_key_that_names_the_account(tree, client, production_sessions):
    account = tree.users["district_standing"]
    key = _sign_in(client, account)
    assert account_in_key(key) == account.pk
    assert Session.objects.filter(session_key=key).exists()
    assert client.get("/api/me").json()["username"] == account.username


def test_a_signed_in_page_reads_its_session_and_account_in_one_round_trip(
    tree, client, production_sessions, redis_commands
):
    account = tree.users["district_standing"]
    _sign_in(client, account)
    page = reverse("users:password")
    assert client.get(page).status_code == 200  # the account is in the cache from here on
    redis_commands.clear()
    response = client.get(page)
    assert response.status_code == 200 and response.context["user"] == account
    assert redis_commands == ["MGET"]


def test_a_key_naming_another_account_signs_in_only_the_sessions_own(tree, client, production_sessions):
    own, other = tree.users["branch_officer"], tree.users["district_standing"]
    _sign_in(client, other)  # puts the other account in the cache
    client.cookies.clear()
    store = SessionStore()
    store[SESSION_KEY] = str(own.pk)
    store["_auth_user_backend"] = "coso.accounts.user_cache.CachedModelBackend"
    store["_auth_user_hash"] = own.get_session_auth_hash()
    store.save()
    forged = store.session_key[:32] + "." + base36(other.pk)
    Session.objects.filter(session_key=store.session_key).update(session_key=forged)
    cache.clear()
    client.cookies["sessionid"] = forged
    assert account_in_key(forged) == other.pk
    assert client.get("/api/me").json()["username"] == own.username


def test_a_session_from_before_the_named_keys_still_works(tree, client, production_sessions):
    account = tree.users["branch_officer"]
    key = _sign_in(client, account)
    plain = key[:32]
    Session.objects.filter(session_key=key).update(session_key=plain)
    cache.clear()
    client.cookies["sessionid"] = plain
    assert account_in_key(plain) is None
    assert client.get("/api/me").json()["username"] == account.username


def test_a_changed_password_keeps_a_key_that_names_the_account(tree, client, production_sessions):
    account = tree.users["branch_officer"]
    before = _sign_in(client, account)
    response = client.post(
        reverse("users:password"),
        {"old_password": PASSWORD, "new_password1": "Mot-mat-khau-moi-2026", "new_password2": "Mot-mat-khau-moi-2026"},
    )
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before and account_in_key(after) == account.pk
    assert client.get("/api/me").json()["username"] == account.username
