"""The REST API under /api/: its authentication, its error format and its routers.

Every refusal has the same shape (``schemas.ErrorOut``): a stable ``code``, a Vietnamese
``message``, every rule broken in ``violations`` and the ``field`` concerned, so that a
client shows the same words as the pages and the Excel import.

    400 a rule of the domain (DomainError)         409 someone saved the record first
    401 no valid token nor session                 403 no right over that unit, or CSRF
    404 no such record, or not in your scope       422 a request that does not fit the schema

A new router: write it next to these (``router`` and its ``SCOPE_MATRIX``), then add one
line below. A domain app keeps its API in a package ``<app>/api/`` (one module per resource
on the app's ``router``, exported with its ``SCOPE_MATRIX`` by the package's ``__init__``) and
is listed in ``APP_ROUTERS``.
"""

import importlib

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.utils import normalize_path

from coso.api import accounts, me, members, people, records, reference, units
from coso.api.access import ROUTES as ACCESS
from coso.api.auth import AUTH
from coso.api.schemas import STRICT_INPUT_CODES, ErrorOut
from coso.core.errors import ConflictError, DomainError, OutOfScope


class Renderer(JSONRenderer):
    # Vietnamese stays readable (and shorter) in the JSON; the charset is UTF-8.
    json_dumps_params = {"ensure_ascii": False}


class Api(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        # An app's API is a package of resource modules (``coso.placements.api.plans``); its
        # operation ids stay those of the one module it was (``coso_placements_api_list_plans``).
        module = operation.view_func.__module__
        parts = module.split(".")
        # A set-up's modules (``setup``, ``setup_clusters``…) keep the ids they had as one
        # ``coso.visits.api_setup`` module: ``coso_visits_api_setup_list_clusters``.
        if len(parts) == 4 and parts[0] == "coso" and parts[2] == "api":
            module = ".".join(parts[:3])
            if parts[3] == "setup" or parts[3].startswith("setup_"):
                module += ".setup"
        return f"{module}_{operation.view_func.__name__}".replace(".", "_")


api = Api(
    title=gettext_lazy("Cơ Sở API"),
    version="1",
    description=(
        gettext_lazy(
            "Đơn vị, người và đoàn viên trong phạm vi của bạn. Xác thực bằng khoá API "
            "(`Authorization: Bearer <khoá>`, cấp bằng `manage.py issue_api_token`) hoặc phiên đăng nhập "
            "(kèm tiêu đề `X-CSRFToken` khi ghi). Ngày theo ISO 8601. Sửa (PATCH) phải gửi `version` đã đọc."
        )
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

# Domain apps keep their router (and its SCOPE_MATRIX) in their own package <app>/api/.
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


# Where a refused value was: ("body", "payload", "name") -> "name"; ("query", "limit") -> "limit";
# ("body", "payload", "results", 0, "member_id") -> "results.0.member_id".
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}

# Pydantic's words for each kind of refusal, in the user's language (pydantic's own are English,
# and a validator's ValueError arrives as "Value error, ..."). Placeholders name ``ctx``'s keys.
INPUT_MESSAGES = {
    "missing": gettext_lazy("Thiếu giá trị bắt buộc."),
    "extra_forbidden": gettext_lazy("Trường này không có trong dữ liệu của thao tác."),
    "int_parsing": gettext_lazy("Phải là một số nguyên."),
    "int_type": gettext_lazy("Phải là một số nguyên, viết không có dấu thập phân."),
    "int_from_float": gettext_lazy("Phải là một số nguyên, viết không có dấu thập phân."),
    "float_parsing": gettext_lazy("Phải là một số."),
    "float_type": gettext_lazy("Phải là một số."),
    "decimal_parsing": gettext_lazy("Phải là một số."),
    "decimal_type": gettext_lazy("Phải là một số."),
    "finite_number": gettext_lazy("Phải là một số hữu hạn."),
    "bool_parsing": gettext_lazy("Phải là true hoặc false."),
    "bool_type": gettext_lazy("Phải là true hoặc false."),
    "string_type": gettext_lazy("Phải là một đoạn văn bản."),
    "string_too_long": gettext_lazy("Dài quá %(max_length)s ký tự."),
    "string_too_short": gettext_lazy("Phải có ít nhất %(min_length)s ký tự."),
    "string_pattern_mismatch": gettext_lazy("Không đúng dạng quy định."),
    "too_long": gettext_lazy("Nhiều quá %(max_length)s phần tử."),
    "too_short": gettext_lazy("Phải có ít nhất %(min_length)s phần tử."),
    "greater_than": gettext_lazy("Phải lớn hơn %(gt)s."),
    "greater_than_equal": gettext_lazy("Phải lớn hơn hoặc bằng %(ge)s."),
    "less_than": gettext_lazy("Phải nhỏ hơn %(lt)s."),
    "less_than_equal": gettext_lazy("Phải nhỏ hơn hoặc bằng %(le)s."),
    "date_parsing": gettext_lazy("Phải là một ngày, viết YYYY-MM-DD."),
    "date_type": gettext_lazy("Phải là một ngày, viết YYYY-MM-DD."),
    "date_from_datetime_parsing": gettext_lazy("Phải là một ngày, viết YYYY-MM-DD."),
    "date_from_datetime_inexact": gettext_lazy("Phải là một ngày, viết YYYY-MM-DD."),
    "datetime_parsing": gettext_lazy("Phải là một thời điểm theo ISO 8601."),
    "datetime_type": gettext_lazy("Phải là một thời điểm theo ISO 8601."),
    "datetime_from_date_parsing": gettext_lazy("Phải là một thời điểm theo ISO 8601."),
    "time_parsing": gettext_lazy("Phải là một giờ, viết HH:MM."),
    "time_type": gettext_lazy("Phải là một giờ, viết HH:MM."),
    "literal_error": gettext_lazy("Phải là một trong: %(expected)s."),
    "enum": gettext_lazy("Phải là một trong: %(expected)s."),
    "uuid_parsing": gettext_lazy("Phải là một UUID."),
    "uuid_type": gettext_lazy("Phải là một UUID."),
    "list_type": gettext_lazy("Phải là một danh sách [...]."),
    "dict_type": gettext_lazy("Phải là một đối tượng JSON."),
    "model_type": gettext_lazy("Phải là một đối tượng JSON."),
    "model_attributes_type": gettext_lazy("Phải là một đối tượng JSON."),
    "json_invalid": gettext_lazy("Nội dung gửi lên không phải JSON hợp lệ."),
    "json_type": gettext_lazy("Nội dung gửi lên không phải JSON hợp lệ."),
}


def input_error(error):
    """(code, field path, message) of one of pydantic's errors, the message in the user's language."""
    location = list(error.get("loc", ()))
    if location and location[0] in _SOURCES:
        location = location[2:] if location[0] == "body" and len(location) > 1 else location[1:]
    path = ".".join(str(part) for part in location)
    kind = error.get("type", "invalid")
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        text = str(ctx["error"])  # the validator's own (translated) words, without "Value error, "
    elif kind in INPUT_MESSAGES:
        try:
            text = str(INPUT_MESSAGES[kind]) % {key: value for key, value in ctx.items()}
        except (KeyError, TypeError, ValueError):
            text = _("Giá trị không hợp lệ.")
    elif kind in STRICT_INPUT_CODES:
        text = str(error.get("msg", ""))  # coso.api.schemas' own refusals, already translated
    else:
        text = _("Giá trị không hợp lệ.")
    return kind, path, text


@api.exception_handler(ValidationError)
def on_invalid_input(request, exc):
    violations = []
    field = None
    for error in exc.errors:
        kind, path, text = input_error(error)
        location = [str(part) for part in error.get("loc", ())]
        name = location[-1] if location else ""
        if field is None and name:
            field = name
        violations.append((kind, f"{path}: {text}" if path else text))
    body = error_body("invalid_input", _("Dữ liệu gửi lên không hợp lệ."), violations=violations, field=field)
    return _respond(request, 422, body)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return _respond(request, exc.status_code, error_body(f"http_{exc.status_code}", str(exc)))
