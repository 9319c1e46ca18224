"""Dashboards read from the read replica when one is configured; exports only when
EXPORTS_READ_REPLICA opts in; writes, and every other page, stay on the primary
(coso/core/db_router.py)."""

import pytest
from django.db import router
from django.test import RequestFactory
from django.urls import resolve, reverse, reverse_lazy

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


def _through_middleware(method, url):
    """The database a read of the view at ``url`` goes to, through ReplicaMiddleware."""
    seen = {}

    def view(request):
        seen[request.path] = router.db_for_read(Visit)

    middleware = db_router.ReplicaMiddleware(lambda request: seen.get(request.path))
    request = _request(method, url)
    middleware.process_view(request, view, (), {})
    view(request)
    middleware(request)
    assert router.db_for_read(Visit) == "default"  # reset once the response is out
    return seen[url]


EXPORT_URLS = (reverse_lazy("people:export"), reverse_lazy("visits:coverage_export"), reverse_lazy("org:export"))


def test_exports_read_from_the_primary_by_default(with_replica):
    """A replica lags: an export taken right after an import must hold the imported rows."""
    assert with_replica.EXPORTS_READ_REPLICA is False
    for url in EXPORT_URLS:
        assert _through_middleware("get", str(url)) == "default", url
    assert _through_middleware("get", reverse("visits:coverage")) == "replica"  # dashboards still do


def test_exports_read_from_the_replica_only_when_the_setting_opts_in(with_replica):
    with_replica.EXPORTS_READ_REPLICA = True
    for url in EXPORT_URLS:
        assert _through_middleware("get", str(url)) == "replica", url


def _recording_export(user, params):
    seen = [router.db_for_read(Person)]
    RECORDED.append(seen)

    def rows():
        seen.append(router.db_for_read(Person))  # while the worker writes the file
        yield ["x"]

    return "x.xlsx", ["h"], rows()


RECORDED = []


@pytest.mark.parametrize("opt_in, expected", [(False, "default"), (True, "replica")])
def test_a_background_export_reads_from_the_primary_unless_opted_in(with_replica, tree, monkeypatch, opt_in, expected):
    from coso.imports import export_running
    from coso.imports.models import ExportJob

    with_replica.EXPORTS_READ_REPLICA = opt_in
    monkeypatch.setitem(export_running.KINDS, "persons", f"{__name__}._recording_export")
    RECORDED.clear()
    job = ExportJob.objects.create(kind="persons", created_by=tree.users["district_standing"])
    export_running.run_export(job.pk)
    assert RECORDED == [[expected, expected]]
    assert router.db_for_read(Person) == "default"  # and afterwards


def test_the_middleware_marks_dashboard_views_only(with_replica):
    seen = {}

    def view(request):
        seen[request.path] = router.db_for_read(Visit)
        return None

    middleware = db_router.ReplicaMiddleware(lambda request: seen.get(request.path))
    for url in (reverse("visits:coverage"), reverse("visits:ranking")):
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
    assert set(settings.REPLICA_EXPORT_VIEWS) <= names
    assert not set(settings.REPLICA_VIEWS) & set(settings.REPLICA_EXPORT_VIEWS)
