"""Every operation of the API fuzzed from its OpenAPI document, answers validated against it
(issue 11, point 15): no server error and no answer that differs from its documented shape,
as a provincial officer (who may do most things) and as a member (who may do almost nothing).

Bounded and reproducible: few examples per operation, derandomized (the same inputs on every
run), no deadline (a loaded machine must not fail it), no coverage phase.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from coso.accounts.models import ApiToken

# Django's WSGI handler, not coso.wsgi's module: that one also tunes the garbage collector
# of a server's worker (coso.core.heap), which the suite's processes must not inherit.
application = get_wsgi_application()

CHECKS = [not_a_server_error, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
schema.config.phases.update(phases=["examples", "fuzzing"])


@pytest.fixture
def keep_test_connection():
    """Calls go straight to the WSGI application: detach the end-of-request hook that would
    close the test's connection (and its transaction), as Django's test client does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=["provincial_standing", "member"])
def bearer(request, tree, keep_test_connection):
    _token, key = ApiToken.issue(tree.users[request.param], "schemathesis")
    return {"Authorization": f"Bearer {key}"}


@schema.parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_document(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
