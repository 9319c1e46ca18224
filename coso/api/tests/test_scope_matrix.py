"""A district officer of Bắc Trà My can neither see nor change anything of Tam Kỳ through the API.

Every route of the API has at least one case in the ``SCOPE_MATRIX`` of its router module
(``coso/api/matrix.py`` explains the cases); a route without one fails
``test_every_route_is_in_the_matrix``.
"""

import importlib
import json
import pkgutil
import re

import pytest

import coso.api
from coso.api.api import APP_ROUTERS, api
from coso.api.matrix import LIST, OBJECT, SELF
from coso.core.text import fold
from coso.org.models import Unit
from coso.people.models import Person

NOT_ROUTES = {"openapi-json", "openapi-view", "api-root"}  # the schema, its viewer, the bare prefix


def router_modules():
    modules = []
    for info in pkgutil.iter_modules(coso.api.__path__):
        if info.name == "tests":
            continue
        module = importlib.import_module(f"coso.api.{info.name}")
        if hasattr(module, "router"):
            modules.append(module)
    # Routers kept in their app, mounted in coso/api/api.py.
    modules += [importlib.import_module(name) for name in APP_ROUTERS.values()]
    return modules


MATRIX = [case for module in router_modules() for case in getattr(module, "SCOPE_MATRIX", [])]
CONTROLS = [case for case in MATRIX if case.control]


def case_ids(cases):
    seen = {}
    ids = []
    for case in cases:
        seen[str(case)] = seen.get(str(case), 0) + 1
        ids.append(f"{case} ({seen[str(case)]})")
    return ids


def declared_routes():
    """(method, route) of every operation, and every URL pattern, of the API."""
    operations = set()
    for path, methods in api.get_openapi_schema()["paths"].items():
        for method in methods:
            operations.add((method.upper(), path.removeprefix("/api")))
    patterns = {
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))
        for pattern in api.urls[0]
        if pattern.name not in NOT_ROUTES
    }
    return operations, patterns


def test_every_route_is_in_the_matrix():
    operations, patterns = declared_routes()
    covered = {(case.method, case.route) for case in MATRIX}
    for module in router_modules():
        assert hasattr(module, "SCOPE_MATRIX"), f"{module.__name__} has a router but no SCOPE_MATRIX"
    assert operations - covered == set(), "add these routes to the SCOPE_MATRIX next to their router"
    assert patterns - {route for _method, route in covered} == set(), "URL patterns without a scope case"
    assert covered - operations == set(), "the matrix names routes that do not exist"


def response_text(response):
    try:
        return json.dumps(response.json(), ensure_ascii=False)
    except ValueError:
        return response.content.decode("utf-8", "replace")


def snapshot():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "path", "name", "version", "is_active", "merged_into_id")),
        list(Person.objects.order_by("pk").values_list("pk", "unit_id", "version", "job_title")),
    )


@pytest.fixture
def tamky_names(tree):
    units = Unit.objects.filter(path__startswith=tree.tamky.path)
    names = {unit.name for unit in units} | {unit.short_name for unit in units if unit.short_name}
    names |= {person.full_name for person in Person.objects.filter(unit__in=units)}
    assert "Thành đoàn Tam Kỳ" in names and "Võ Minh Tâm" in names
    return names


@pytest.mark.parametrize("case", MATRIX, ids=case_ids(MATRIX))
def test_other_district_gets_nothing(case, tree, api_as, tamky_names):
    before = snapshot()
    body = case.body(tree) if case.body else None
    response = api_as("district_standing").request(case.method, case.url(tree), body)

    text = fold(response_text(response))
    leaked = sorted(name for name in tamky_names if fold(name) in text)
    assert leaked == [], f"{case}: the answer names {leaked}"
    if case.kind == OBJECT:
        assert response.status_code in (403, 404), response.content
    elif case.kind == LIST:
        assert response.status_code in (200, 404), response.content
        if response.status_code == 200:
            assert response.json()["items"] == [] and response.json()["count"] == 0
    elif case.kind == SELF:
        assert response.status_code == 200
    assert snapshot() == before, "nothing may change"


@pytest.mark.parametrize("case", CONTROLS, ids=case_ids(CONTROLS))
def test_the_district_itself_gets_through(case, tree, api_as):
    """The same requests by Tam Kỳ's own officer succeed: the matrix aims at real data."""
    body = case.body(tree) if case.body else None
    response = api_as("district_standing_tamky").request(case.method, case.url(tree), body)
    assert 200 <= response.status_code < 300, response.content
    if case.kind == LIST:
        assert response.json()["count"] > 0


@pytest.mark.parametrize("url", ["/api/units/?limit=500", "/api/persons/?limit=500", "/api/members/?limit=500"])
def test_unfiltered_lists_hold_only_the_callers_rows(url, tree, api_as, tamky_names):
    response = api_as("district_standing").get(url)
    assert response.status_code == 200
    assert response.json()["count"] > 0
    text = fold(response_text(response))
    assert [name for name in tamky_names if fold(name) in text] == []


@pytest.mark.parametrize("case", MATRIX, ids=case_ids(MATRIX))
def test_every_route_needs_authentication(case, tree, client):
    body = case.body(tree) if case.body else None
    kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
    response = getattr(client, case.method.lower())(case.url(tree), **kwargs)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_probe_no_role_outside_tam_ky_reads_its_records(tree, api_as, tamky_names):
    """Issue 11, point 5: every role outside Tam Kỳ, every GET of the matrix, Tam Kỳ's real ids:
    no 2xx answer names a Tam Kỳ unit or person."""
    from tests.probe import OUTSIDE_TAMKY

    found = []
    for role in OUTSIDE_TAMKY:
        client = api_as(role)
        for case in MATRIX:
            if case.method != "GET":
                continue
            response = client.get(case.url(tree))
            if 200 <= response.status_code < 300:
                text = fold(response_text(response))
                hit = sorted(name for name in tamky_names if fold(name) in text)
                if hit:
                    found.append(f"{role} {case}: {hit}")
    assert found == []
