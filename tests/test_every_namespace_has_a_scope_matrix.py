"""Every page namespace has a scope matrix that names each of its routes.

A new namespace, or a new route in one, fails here until its matrix (a test module that
requests the route from outside its scope) mentions it.
"""

from pathlib import Path

from django.conf import settings
from django.urls import get_resolver

ROOT = Path(settings.BASE_DIR)

# namespace -> the test module holding its scope matrix
MATRICES = {
    "org": "tests/test_scope_matrix_pages.py",
    "people": "tests/test_scope_matrix_pages.py",
    "imports": "coso/imports/tests/test_access.py",
    "users": "coso/accounts/tests/test_user_management.py",
    "visits": "coso/visits/tests/test_scope_matrix_pages.py",
    "visits_feeds": "coso/visits/tests/test_scope_matrix_feeds.py",
    "placements": "coso/placements/tests/test_scope_matrix_pages.py",
    "cadrework": "coso/cadrework/tests/test_scope_matrix_pages.py",
    "programme": "coso/programme/tests/test_scope_matrix_pages.py",
    "programme_files": "coso/programme/tests/test_scope_matrix_files.py",
    "documents": "coso/documents/tests/test_register.py",
}
# Not data of any unit: the admin (its own permissions), the API (its own matrix,
# coso/api/tests/test_scope_matrix.py).
SCOPE_FREE = {"admin", "api"}


def _routes(namespace):
    resolver = get_resolver().namespace_dict[namespace][1]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


def test_every_namespace_has_a_matrix():
    namespaces = set(get_resolver().namespace_dict)
    assert namespaces - SCOPE_FREE == set(MATRICES)


def test_every_route_is_named_in_its_matrix():
    missing = []
    for namespace, module in MATRICES.items():
        text = (ROOT / module).read_text(encoding="utf-8")
        missing += [
            f"{namespace}:{name} ({module})" for name in _routes(namespace) if f"{namespace}:{name}" not in text
        ]
    assert not missing, f"routes never requested from outside their scope: {missing}"
