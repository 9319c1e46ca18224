"""Reads of dashboards and exports from a PostgreSQL read replica (docs/deploy.md, "Past one
machine").

When ``DATABASE_REPLICA_URL`` is set, settings add a ``replica`` database alias (a streaming
replica of the primary: same schema, never migrated). :class:`ReplicaMiddleware` marks the
GET requests of the views named in ``settings.REPLICA_VIEWS`` (dashboards and reports);
while such a view runs, :class:`ReplicaRouter` sends every read there. Exports
(``REPLICA_EXPORT_VIEWS`` and the background export jobs) read from the primary unless
``settings.EXPORTS_READ_REPLICA`` opts in: a file taken right after an import must hold it. Writes always go to
the primary, and so does everything else (the session and the user are read before the view
runs). Without the alias nothing changes: every query goes to ``default``.

Code outside a request (a management command) reads from the replica inside
``with reading_replica():``; a background export inside ``with reading_for_export():``.

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


@contextlib.contextmanager
def reading_for_export():
    """Reads of an export: the replica only when ``EXPORTS_READ_REPLICA`` opts in, else the
    primary (a replica's lag would give a stale file right after an import)."""
    if getattr(settings, "EXPORTS_READ_REPLICA", False):
        with reading_replica():
            yield
    else:
        yield


def replica_configured():
    return REPLICA in settings.DATABASES


def should_read_from_replica(request):
    """A GET or HEAD of a view named in ``REPLICA_VIEWS`` (``namespace:name``), or in
    ``REPLICA_EXPORT_VIEWS`` when ``EXPORTS_READ_REPLICA`` opts in."""
    match = getattr(request, "resolver_match", None)
    if request.method not in ("GET", "HEAD") or match is None:
        return False
    if match.view_name in getattr(settings, "REPLICA_VIEWS", ()):
        return True
    return getattr(settings, "EXPORTS_READ_REPLICA", False) and match.view_name in getattr(
        settings, "REPLICA_EXPORT_VIEWS", ()
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
