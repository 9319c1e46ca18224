"""The OpenAPI document tells the truth (issue 11, point 14).

Each operation's documented shapes are the shapes it validates and returns: no two schemas
share a component name (ninja names components after the class, so a second ``PlanOut``
silently replaced the first), every operation documents every refusal it can give, and the
inputs refuse what JSON makes unambiguous (an integer is not a date, a list is not an object,
text has a length).
"""

import pytest
from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from coso.api.api import ERROR_STATUSES, api, operations
from coso.api.schemas import Input, _unwrap

REF = "#/components/schemas/"


def _walk_refs(node, found):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            found.add(ref.removeprefix(REF))
        for value in node.values():
            _walk_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            _walk_refs(value, found)
    return found


def _standalone(model, mode):
    """The model's own JSON schema, with its definitions, as pydantic makes it alone."""
    return model.model_json_schema(ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode=mode)


def _models(operation):
    """(model, mode) of every shape an operation validates or answers."""
    for model in operation.models:  # path, query and body parameters
        yield model, "validation"
    for model in operation.response_models.values():
        if isinstance(model, type):
            yield model, "serialization"


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


def test_no_two_different_schemas_share_a_name(document):
    seen = {}  # name -> (schema, where it was first met)
    clashes = []
    for route, operation in operations():
        for model, mode in _models(operation):
            for name, definition in _standalone(model, mode).get("$defs", {}).items():
                where = f"{operation.methods[0]} {route}"
                if name in seen and seen[name][0] != definition:
                    clashes.append(f"{name}: {seen[name][1]} and {where}")
                seen.setdefault(name, (definition, where))
    assert clashes == [], "rename one of each pair: " + "; ".join(clashes)


def test_each_documented_shape_is_the_one_the_operation_uses(document):
    components = document["components"]["schemas"]
    wrong = []
    for route, operation in operations():
        for model, mode in _models(operation):
            for name, definition in _standalone(model, mode).get("$defs", {}).items():
                if components.get(name) != definition:
                    wrong.append(f"{operation.methods[0]} {route}: {name}")
    assert wrong == []


def test_every_operation_documents_its_refusals(document):
    missing = []
    for path, methods in document["paths"].items():
        for method, spec in methods.items():
            for status in ERROR_STATUSES:
                answer = spec["responses"].get(str(status)) or spec["responses"].get(status)
                schema = ((answer or {}).get("content") or {}).get("application/json", {}).get("schema")
                if schema != {"$ref": f"{REF}ErrorOut"}:
                    missing.append(f"{method.upper()} {path} {status}")
    assert missing == []


def test_every_reference_resolves(document):
    refs = _walk_refs(document["paths"], set())
    for name in list(refs):
        _walk_refs(document["components"]["schemas"].get(name, {}), refs)
    assert refs - set(document["components"]["schemas"]) == set()


# ---- strict inputs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        [None, None],
        [],
        "tên",
        {"new_parent_id": "x"},
        {"new_parent_id": True},
        {"new_parent_id": 1.5},
        {"occurred_on": 20240101},
        {"occurred_on": 0},
        {"occurred_on": True},
    ],
    ids=repr,
)
def test_a_move_refuses_what_is_not_its_shape(tree, api_as, body):
    body = body if not isinstance(body, dict) else {"new_parent_id": tree.tragiang.pk, **body}
    response = api_as("district_standing").request("POST", f"/api/units/{tree.trason.pk}/move", body)
    assert response.status_code == 422, response.content
    assert response.json()["code"] == "invalid_input"


@pytest.mark.parametrize("value", [20240115, 0, 1.0, True])
def test_an_integer_is_not_a_date(tree, api_as, value):
    body = {"owner_id": tree.province.pk, "name": "Kế hoạch thử", "start_year": 2026, "end_year": 2027}
    body["issued_on"] = value
    response = api_as("provincial_standing").request("POST", "/api/placements/plans", body)
    assert response.status_code == 422, response.content


def test_every_body_is_an_input_schema():
    """Strictness lives in one base (``coso.api.schemas.Input``): every body derives from it."""
    loose = []
    for route, operation in operations():
        for model in operation.models:
            if model.__ninja_param_source__ != "body":
                # Query and path values arrive as text: they stay lax (``?year=2026`` is a number).
                assert not any(
                    isinstance(_unwrap(f.annotation), type) and issubclass(_unwrap(f.annotation), Input)
                    for f in model.model_fields.values()
                ), f"{route}: a query shape must not be an Input"
                continue
            for name, field in model.model_fields.items():
                shape = _unwrap(field.annotation)
                if not (isinstance(shape, type) and issubclass(shape, Input)):
                    loose.append(f"{operation.methods[0]} {route}: {name}")
    assert loose == []


def test_every_body_refuses_a_list_of_nulls(tree, api_as):
    """A body of ``[null, null]`` is refused before anything is read, on every operation with a body."""
    client = api_as("admin")
    accepted = []
    for route, operation in operations():
        if not any(m.__ninja_param_source__ == "body" for m in operation.models):
            continue
        url = "/api" + "/".join("1" if part.startswith("{") else part for part in route.split("/"))
        for method in operation.methods:
            response = client.request(method, url, [None, None])
            if response.status_code != 422:
                accepted.append(f"{method} {route}: {response.status_code}")
    assert accepted == [], "\n".join(accepted)


def test_unbounded_text_is_refused(tree, api_as):
    body = {"reason": "x" * 10_001, "on": "2026-01-05"}
    response = api_as("admin").request("POST", "/api/placements/placements/1/cancel", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "reason"
