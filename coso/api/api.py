"""The REST API under /api/: its authentication, its error format and its routers.

Every refusal has the same shape (``schemas.ErrorOut``): a stable ``code``, a Vietnamese
``message``, every rule broken in ``violations`` and the ``field`` concerned, so that a
client shows the same words as the pages and the Excel import.

    400 a rule of the domain (DomainError)         409 someone saved the record first
    401 no valid token nor session                 403 no right over that unit, or CSRF
    404 no such record, or not in your scope       422 a request that does not fit the schema

A new router: write it next to these (``router`` and its ``SCOPE_MATRIX``), then add one
line below; a domain app keeps its router in its own ``api.py`` and is listed in
``APP_ROUTERS``.
"""

import importlib

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.utils import normalize_path

from coso.api import accounts, me, members, people, records, reference, units
from coso.api.access import ROUTES as ACCESS
from coso.api.auth import AUTH
from coso.api.schemas import ErrorOut
from coso.core.errors import ConflictError, DomainError, OutOfScope


class Renderer(JSONRenderer):
    # Vietnamese stays readable (and shorter) in the JSON; the charset is UTF-8.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Cơ Sở API",
    version="1",
    description=(
        "Đơn vị, người và đoàn viên trong phạm vi của bạn. Xác thực bằng khoá API "
        "(`Authorization: Bearer <khoá>`, cấp bằng `manage.py issue_api_token`) hoặc phiên đăng nhập "
        "(kèm tiêu đề `X-CSRFToken` khi ghi). Ngày theo ISO 8601. Sửa (PATCH) phải gửi `version` đã đọc."
    ),
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=AUTH,
    renderer=Renderer(),
    urls_namespace="api",
)

api.add_router("/units", units.router)
api.add_router("/persons", people.router)
api.add_router("/persons", records.router)  # records under a person: posts, certificates, discipline…
api.add_router("/members", members.router)
api.add_router("/org", reference.router)  # terms, departments
api.add_router("/me", me.router)
api.add_router("/accounts", accounts.router)  # accounts and role grants (no escalation)

# Domain apps keep their router (and its SCOPE_MATRIX) in their own api.py.
APP_ROUTERS = {
    "/visits": "coso.visits.api",
    "/placements": "coso.placements.api",
    "/cadrework": "coso.cadrework.api",
    "/programme": "coso.programme.api",
}
for prefix, module_name in APP_ROUTERS.items():
    api.add_router(prefix, importlib.import_module(module_name).router)

# Every refusal the handlers below can give, in the one shape ``ErrorOut``.
ERROR_STATUSES = (400, 401, 403, 404, 409, 422)


def operations():
    """(route, operation) of every operation of the API as mounted: ``("/units/{unit_id}", op)``."""
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            route = normalize_path("/".join(("", bound.prefix, path)))
            for operation in path_view.operations:
                yield route, operation


def _document_operations():
    """Each operation documents every 4xx answer it can give (the handlers answer them for
    any operation, so a route need not list them itself) and what it needs (``x-access``,
    from ``coso/api/access.py``). Issue 11, points 5 and 14."""
    for route, operation in operations():
        for status in ERROR_STATUSES:
            if status not in operation.response_models:
                operation.response_models[status] = operation._create_response_model(ErrorOut)
        needs = ACCESS.get(f"{operation.methods[0]} {route}")
        if needs is not None:
            extra = dict(operation.openapi_extra or {})
            extra["x-access"] = {"scope": needs.kind, "area": needs.area, "capability": needs.capability}
            operation.openapi_extra = extra


_document_operations()


def error_body(code, message, *, violations=None, field=None, violation_fields=None):
    message = str(message)
    violations = violations or [(code, message)]
    fields = violation_fields or [field] * len(violations)
    return {
        "code": code,
        "message": message,
        "violations": [
            {"code": c, "message": str(m), "field": f} for (c, m), f in zip(violations, fields, strict=True)
        ],
        "field": field,
    }


def _respond(request, status, body):
    return api.create_response(request, body, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request, exc):
    status = 409 if isinstance(exc, ConflictError) else 400
    return _respond(
        request,
        status,
        error_body(
            exc.code, exc.message, violations=exc.violations, field=exc.field, violation_fields=exc.violation_fields
        ),
    )


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    message = str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    code = getattr(exc, "code", None) or ("out_of_scope" if isinstance(exc, OutOfScope) else "forbidden")
    return _respond(request, 403, error_body(code, message))


@api.exception_handler(Http404)
def on_not_found(request, exc):
    # Never say why: "does not exist" and "not yours" must look the same.
    return _respond(request, 404, error_body("not_found", _("Không tìm thấy bản ghi trong phạm vi của bạn.")))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    response = _respond(
        request,
        401,
        error_body("unauthenticated", _("Cần đăng nhập, hoặc gửi khoá API hợp lệ: Authorization: Bearer <khoá>.")),
    )
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(ValidationError)
def on_invalid_input(request, exc):
    violations = []
    field = None
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        # ("body", "payload", "name") -> "name"; ("query", "limit") -> "limit"
        name = location[-1] if location else ""
        if field is None and name:
            field = name
        violations.append((error.get("type", "invalid"), f"{'.'.join(location)}: {error.get('msg', '')}"))
    body = error_body("invalid_input", _("Dữ liệu gửi lên không hợp lệ."), violations=violations, field=field)
    return _respond(request, 422, body)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return _respond(request, exc.status_code, error_body(f"http_{exc.status_code}", str(exc)))
