"""Sessions whose key names their account, so that a signed-in request reads its session and its
account from the cache in one round trip (issue 9).

A signed-in request read the session from Redis, found the account's id in it, then read the
account (``coso.accounts.user_cache``): two round trips, the larger part of what the
signed-in floor costs over the bare one. A signed-in session's key here ends with its account's
id (``<32 random characters>.<id in base 36>``), given when the account signs in; loading the
session then asks Redis for both entries at once and hands the account to
``CachedModelBackend.get_user``.

The id in the key is only a hint for what to read: the session's own data still says who is
signed in, and an account read for another id is never used. A session without the id (made
before this, or not signed in) is read as before.
"""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import cached_db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.utils.crypto import get_random_string

from coso.accounts import user_cache

RANDOM_LENGTH = 32  # as Django's own session keys
SEPARATOR = "."
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(number):
    digits = ""
    while True:
        number, rest = divmod(number, 36)
        digits = BASE36[rest] + digits
        if not number:
            return digits


def account_in_key(session_key):
    """The account id a session key names, or ``None``."""
    if not session_key or len(session_key) <= RANDOM_LENGTH + 1 or session_key[RANDOM_LENGTH] != SEPARATOR:
        return None
    try:
        return int(session_key[RANDOM_LENGTH + 1 :], 36)
    except ValueError:
        return None


class SessionStore(cached_db.SessionStore):
    def _get_new_session_key(self):
        account_id = (getattr(self, "_session_cache", None) or {}).get(SESSION_KEY)
        if account_id is None:
            return super()._get_new_session_key()
        suffix = SEPARATOR + base36(int(account_id))
        while True:
            session_key = get_random_string(RANDOM_LENGTH, VALID_KEY_CHARS) + suffix
            if not self.exists(session_key):
                return session_key

    def load(self):
        user_cache.clear_prefetched()
        account_id = account_in_key(self.session_key)
        if account_id is None or not settings.USER_CACHE:
            return super().load()
        account_key = user_cache.cache_key(account_id)
        try:
            found = self._cache.get_many([self.cache_key, account_key])
        except Exception:
            return super().load()  # as Django's: an unreadable entry is read from the database
        user_cache.prefetched(account_id, found.get(account_key))
        data = found.get(self.cache_key)
        if data is not None:
            return data
        row = self._get_session_from_db()
        if not row:
            return {}
        data = self.decode(row.session_data)
        self._cache.set(self.cache_key, data, self.get_expiry_age(expiry=row.expire_date))
        return data


def name_account_in_key(sender, request, user, **kwargs):
    """At sign-in, a new session key that names the account (``user_logged_in``). Django's
    ``login`` gives the session its new key before it writes the account into it."""
    session = getattr(request, "session", None) if request is not None else None
    if isinstance(session, SessionStore) and account_in_key(session.session_key) != user.pk:
        session.cycle_key()
