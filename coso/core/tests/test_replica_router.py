"""Dashboards and exports read from the read replica when one is configured; writes, and
every other page, stay on the primary (coso/core/db_router.py)."""

import pytest
from django.db import router
from django.test import RequestFactory
from django.urls import resolve, reverse

from coso.core import db_router
from coso.people.models import Person
from coso.visits.models import Visit


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {
        **settings.DATABASES,
        "replica": {**settings.DATABASES["default"]},
    }  # the router reads only the names
    return settings


def _request(method, url):
    request = getattr(RequestFactory(), method)(url)
    request.resolver_match = resolve(url.split("?")[0])
    return request


def test_reads_inside_a_dashboard_go_to_the_replica_and_writes_to_the_primary(with_replica):
    assert router.db_for_read(Visit) == "default"
    with db_router.reading_replica():
        assert router.db_for_read(Visit) == "replica"
        assert router.db_for_read(Person) == "replica"
        assert router.db_for_write(Visit) == "default"
    assert router.db_for_read(Visit) == "default"
    assert router.allow_migrate("replica", "visits") is False
    assert router.allow_migrate("default", "visits") is True


def test_without_a_replica_every_read_stays_on_the_primary(settings):
    assert "replica" not in settings.DATABASES
    with db_router.reading_replica():
        assert router.db_for_read(Visit) == "default"


def test_the_middleware_marks_dashboard_and_export_views_only(with_replica):
    seen = {}

    def view(request):
        seen[request.path] = router.db_for_read(Visit)
        return None

    middleware = db_router.ReplicaMiddleware(lambda request: seen.get(request.path))
    for url in (reverse("visits:coverage"), reverse("visits:ranking"), reverse("people:export")):
        request = _request("get", url)
        middleware.process_view(request, view, (), {})
        view(request)
        middleware(request)
        assert seen[url] == "replica", url
        assert router.db_for_read(Visit) == "default"  # reset once the response is out
    for method, url in (
        ("get", reverse("people:list")),
        ("get", reverse("visits:visit_list")),
        ("post", reverse("visits:coverage")),
    ):
        request = _request(method, url)
        middleware.process_view(request, view, (), {})
        view(request)
        middleware(request)
        assert seen[url] == "default", (method, url)


def test_every_replica_view_exists():
    from django.conf import settings
    from django.urls import get_resolver

    names = set()
    for namespace, (_prefix, sub) in get_resolver().namespace_dict.items():
        names |= {f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    assert set(settings.REPLICA_VIEWS) <= names
