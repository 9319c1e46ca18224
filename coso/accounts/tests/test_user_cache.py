"""Issue 9: the signed-in account is read from the cache, not the database, on every request;
whatever changes the account (deactivation, a new password, its person deleted) is seen at the
next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coso.accounts import services
from coso.accounts.user_cache import forget_users
from tests.builders import PASSWORD

REDIS_CACHE = {
    "default": {"BACKEND": "coso.core.redis_cache.SharedClientRedisCache", "LOCATION": "redis://127.0.0.1:6379/11"}
}


def _reads_of_account(queries, account):
    """Queries that read the account's own row by its id (what ``auth.get_user`` does)."""
    return [
        q["sql"]
        for q in queries
        if 'FROM "accounts_user" WHERE "accounts_user"."id" = ' in q["sql"] and str(account.pk) in q["sql"]
    ]


@pytest.fixture(params=["locmem", "redis", "redis sessions"])
def any_cache(request, settings):
    """Each test with the development cache, with Redis, and with Redis and the sessions
    production has (the account read with the session: coso/accounts/session_store.py)."""
    if request.param.startswith("redis"):
        settings.CACHES = REDIS_CACHE
        cache.clear()
    if request.param == "redis sessions":
        settings.SESSION_ENGINE = "coso.accounts.session_store"
    yield request.param
    cache.clear()


def _signed_in(client, account):
    assert client.post("/login/", {"username": account.username, "password": PASSWORD}).status_code == 302


def _reads_on_a_second_page(client, account):
    """How many times a signed-in page (after a first one) reads the account's row."""
    _signed_in(client, account)
    password_page = reverse("users:password")
    client.get(password_page)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(password_page).status_code == 200
    return len(_reads_of_account(queries.captured_queries, account))


def test_a_signed_in_page_reads_the_account_once_then_from_the_cache(tree, client, any_cache):
    account = tree.users["district_standing"]
    assert _reads_on_a_second_page(client, account) == 0
    assert client.get("/api/me").json()["username"] == account.username


def test_a_deactivated_account_is_signed_out_at_its_next_request(tree, client, any_cache):
    account = tree.users["branch_officer"]
    _signed_in(client, account)
    assert client.get("/").status_code == 200
    services.set_active(actor=tree.users["district_standing"], account=account, active=False)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_password_reset_by_an_officer_ends_the_accounts_open_sessions(tree, client, any_cache):
    account = tree.users["branch_officer"]
    _signed_in(client, account)
    assert client.get("/").status_code == 200
    services.reset_password(actor=tree.users["district_standing"], account=account)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_account_of_a_deleted_person_no_longer_shows_that_person(tree, client, any_cache):
    account = tree.users["member"]
    _signed_in(client, account)
    assert client.get("/api/me").json()["username"] == account.username
    person = account.person
    person.delete()
    account.refresh_from_db()
    assert account.person_id is None
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/me").status_code == 200
    assert len(_reads_of_account(queries.captured_queries, account)) == 1  # read afresh


def test_an_update_that_bypasses_the_signals_is_seen_after_forget_users(tree, client, any_cache):
    account = tree.users["branch_officer"]
    _signed_in(client, account)
    assert client.get("/").status_code == 200
    type(account).objects.filter(pk=account.pk).update(is_active=False)
    forget_users([account.pk])
    assert client.get("/").status_code == 302


def test_without_a_shared_cache_the_account_is_read_from_the_database(tree, client, settings):
    """Production without Redis (``USER_CACHE`` off): another worker's copy could outlive a
    deactivation, so every request reads the account."""
    settings.USER_CACHE = False
    assert _reads_on_a_second_page(client, tree.users["district_standing"]) == 1
