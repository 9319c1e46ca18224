"""The signed-in user read from the cache, not the database, on every request (issue 9).

Django reads the account's row on every signed-in request (``auth.get_user``): one query that
every page repeats, and most of what made the signed-in floor a third of the bare one. The row
is kept in the cache (Redis in production, shared by the workers) under the account's id and
dropped whenever it may have changed:

- the account is saved or deleted (sign-in's ``last_login``, a new password, deactivation,
  the temporary-password flag, a new linked person): at once and again when the transaction
  commits, so a request that read the old row in between cannot put it back for long;
- its linked person is deleted (the database sets ``person`` to NULL without saving the
  account);
- in any case after ``USER_CACHE_SECONDS``.

Only where the cache is shared by every process (``USER_CACHE``: Redis, or one process in
development and tests); production without Redis reads the account from the database.

Only the row's own fields are kept: what a request attaches to the user (grants, areas) is
read per request as before. A ``QuerySet.update()`` on accounts bypasses the signals: call
:func:`forget_users` after one.
"""

from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

USER_CACHE_SECONDS = 600
_MISSING = object()
# What this request's session read along with itself (coso/accounts/session_store.py): the
# account's id and its cache entry (None: not in the cache).
_prefetched = ContextVar("coso_prefetched_account", default=None)


def cache_key(user_id):
    return f"coso:user:{user_id}"


def prefetched(user_id, entry):
    _prefetched.set((user_id, entry))


def clear_prefetched():
    _prefetched.set(None)


def _cached(user_id):
    found = _prefetched.get()
    if found is not None and found[0] == user_id:
        _prefetched.set(None)
        return found[1]
    return cache.get(cache_key(user_id))


def forget_users(ids):
    keys = [cache_key(pk) for pk in ids]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


class CachedModelBackend(ModelBackend):
    """``ModelBackend`` whose per-request ``get_user`` reads the account from the cache."""

    def get_user(self, user_id):
        if not settings.USER_CACHE:
            return super().get_user(user_id)
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _cached(user_id)
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None
            # A fresh instance: nothing a request attached to it yet.
            cache.set(cache_key(user_id), user, getattr(settings, "USER_CACHE_SECONDS", USER_CACHE_SECONDS))
        return user if self.user_can_authenticate(user) else None


def _account_changed(sender, instance, **kwargs):
    forget_users([instance.pk])


def _person_deleted(sender, instance, **kwargs):
    forget_users(get_user_model()._default_manager.filter(person_id=instance.pk).values_list("pk", flat=True))


def connect():
    from django.db.models.signals import post_delete, post_save, pre_delete

    from coso.people.models import Person

    User = get_user_model()
    post_save.connect(_account_changed, sender=User, dispatch_uid="coso.user_cache.saved")
    post_delete.connect(_account_changed, sender=User, dispatch_uid="coso.user_cache.deleted")
    pre_delete.connect(_person_deleted, sender=Person, dispatch_uid="coso.user_cache.person_deleted")
