"""Reads of dashboards and exports from a PostgreSQL read replica (docs/deploy.md, "Past one
machine").

When ``DATABASE_REPLICA_URL`` is set, settings add a ``replica`` database alias (a streaming
replica of the primary: same schema, never migrated). :class:`ReplicaMiddleware` marks the
GET requests of the views named in ``settings.REPLICA_VIEWS`` (dashboards, reports, exports);
while such a view runs, :class:`ReplicaRouter` sends every read there. Writes always go to
the primary, and so does everything else (the session and the user are read before the view
runs). Without the alias nothing changes: every query goes to ``default``.

Code outside a request (a background export, a management command) reads from the replica
inside ``with reading_replica():``.

A replica lags the primary by its replication delay (milliseconds on a healthy LAN): a
dashboard may not yet count a visit saved a moment ago. Pages where a user checks their own
last write (forms, lists after a save) are not in ``REPLICA_VIEWS``.
"""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("coso_reading_replica", default=False)


@contextlib.contextmanager
def reading_replica():
    """Reads inside the block go to the replica (when there is one)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_configured():
    return REPLICA in settings.DATABASES


def should_read_from_replica(request):
    """A GET or HEAD of a view named in ``REPLICA_VIEWS`` (``namespace:name``)."""
    match = getattr(request, "resolver_match", None)
    return (
        request.method in ("GET", "HEAD")
        and match is not None
        and match.view_name in getattr(settings, "REPLICA_VIEWS", ())
    )


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured():
            return REPLICA
        return None  # the default database

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the same database

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # a physical replica follows the primary's schema by itself


class ReplicaMiddleware:
    """Runs the views of ``REPLICA_VIEWS`` inside :func:`reading_replica`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "_coso_replica_token", None)
        if token is not None:
            _reading.reset(token)
            del request._coso_replica_token
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replica_configured() and should_read_from_replica(request):
            request._coso_replica_token = _reading.set(True)
        return None
