"""The OpenAPI document, and every GET endpoint fuzzed with inputs generated from it."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from coso.accounts.models import ApiToken
from coso.api.pagination import MAX_LIMIT, MAX_OFFSET
from coso.api.schemas import MAX_ID

# Django's WSGI handler, not coso.wsgi's module: that one also tunes the garbage collector
# of a server's worker (coso.core.heap), which the suite's processes must not inherit.
application = get_wsgi_application()

PATHS = {
    "/api/units/": {"get", "post"},
    "/api/units/{unit_id}": {"get", "patch"},
    "/api/units/{unit_id}/children": {"get"},
    "/api/units/{unit_id}/move": {"post"},
    "/api/units/{unit_id}/merge": {"post"},
    "/api/units/{unit_id}/classifications": {"get"},
    "/api/units/{unit_id}/history": {"get"},
    "/api/persons/": {"get", "post"},
    "/api/persons/{person_id}": {"get", "patch"},
    "/api/persons/{person_id}/history": {"get"},
    "/api/persons/{person_id}/posts": {"get"},
    "/api/members/": {"get"},
    "/api/me": {"get"},
}


def test_openapi_document_lists_the_paths(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Cơ Sở API"
    for path, methods in PATHS.items():
        assert set(document["paths"][path]) >= methods, path
    assert set(document["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    assert "ErrorOut" in document["components"]["schemas"]


@pytest.fixture
def keep_test_connection():
    """Calls go straight to the WSGI application, not through Django's test client, so its
    end-of-request hook would close the test's database connection (and its transaction)
    on PostgreSQL. Detach the hook as the test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(tree, keep_test_connection):
    _token, key = ApiToken.issue(tree.users["district_standing"], "schemathesis")
    return {"Authorization": f"Bearer {key}"}


# Loaded through the WSGI application, as a client would (pytest-django has set Django up).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(method="GET")
# The coverage phase (every boundary of every parameter) takes half a minute; the edges it
# would try are in test_boundary_values_are_not_server_errors instead.
schema.config.phases.update(phases=["examples", "fuzzing"])


@schema.parametrize()
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
def test_get_endpoints_never_fail(case, bearer):
    case.call_and_validate(headers=bearer, checks=[not_a_server_error])


@pytest.mark.parametrize(
    "url",
    [
        f"/api/units/{MAX_ID}",
        f"/api/units/{MAX_ID}/children",
        f"/api/persons/{MAX_ID}/history",
        f"/api/units/?parent={MAX_ID}&within={MAX_ID}&offset={MAX_OFFSET}&limit={MAX_LIMIT}",
        f"/api/persons/?unit={MAX_ID}&q=%00",
        "/api/members/?target_group=%00&q=" + "a" * 255,
    ],
)
def test_boundary_values_are_not_server_errors(url, api_as):
    """The edges the fuzzing may not reach in 25 examples: the largest ids and offsets, NUL characters."""
    response = api_as("district_standing").get(url)
    assert response.status_code in (200, 404), response.content


@pytest.mark.parametrize(
    "url",
    [f"/api/units/{MAX_ID + 1}", "/api/units/0", f"/api/units/?offset={MAX_OFFSET + 1}", "/api/units/?q=" + "a" * 256],
)
def test_out_of_bounds_values_are_422(url, api_as):
    response = api_as("district_standing").get(url)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"
