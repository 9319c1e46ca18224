"""Default deny, declared (issue 11, points 3 and 5): every page route says which capability
and which scope it needs (``coso/accounts/access.py``), and an area's pages answer 403 to a
user with no part in that area, while a record out of scope stays a 404."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from coso.accounts import access, scoping

MEMBER_OFFICER_PAGES = ["/imports/", "/visits/manage/", "/programme/add/", "/cadrework/"]


def _names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in access.OWN_RULES:
                continue
            yield from _names(pattern, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def _plain_pages():
    """PAGE routes that take no argument, as URLs."""
    pages = []
    for name, needs in access.ROUTES.items():
        if needs.kind == access.PAGE_KIND:
            try:
                pages.append((name, reverse(name)))
            except NoReverseMatch:  # routes with arguments (imports:template)
                continue
    return pages


def test_every_page_route_declares_what_it_needs():
    names = set(_names())
    undeclared = names - set(access.ROUTES)
    assert undeclared == set(), f"declare these in coso/accounts/access.py ROUTES: {sorted(undeclared)}"
    bench = {"bench_floor", "bench_floor_signed_in"}  # mounted only with BENCH_VIEWS=1
    assert set(access.ROUTES) - names - bench == set(), "ROUTES names routes that do not exist"


def test_declarations_name_real_areas_and_capabilities():
    kinds = {access.PUBLIC_KIND, access.SIGNED_IN_KIND, access.PAGE_KIND, access.OBJECT_KIND}
    for name, needs in access.ROUTES.items():
        assert needs.kind in kinds, name
        assert needs.area is None or needs.area in scoping.AREAS, name
        assert needs.capability is None or needs.capability in scoping.ALL, name
        if needs.kind == access.PAGE_KIND:
            assert needs.area, f"{name}: a page belongs to an area"


@pytest.mark.parametrize("url", MEMBER_OFFICER_PAGES)
def test_a_member_gets_403_on_officer_pages(tree, client_for, url):
    response = client_for("member").get(url)
    assert response.status_code == 403


def test_a_member_gets_403_on_every_page_of_cadre_work(tree, client_for):
    client = client_for("member")
    pages = [url for name, url in _plain_pages() if name.startswith("cadrework:")]
    assert len(pages) > 10
    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 403)


def test_officer_pages_are_not_in_a_members_menu(tree, client_for):
    body = client_for("member").get("/").content.decode()
    for href in ("/imports/", "/visits/", "/cadrework/", "/programme/add/"):
        assert f'href="{href}"' not in body, href
    assert 'href="/programme/"' in body  # a member's own area stays


@pytest.mark.parametrize("role", ["member", "branch_officer", "base_officer", "department_leader", "movement_cadre"])
def test_every_plain_page_answers_403_exactly_when_the_user_has_no_part_in_it(tree, client_for, role):
    client = client_for(role)
    user = tree.users[role]
    wrong = []
    for name, url in _plain_pages():
        if access.allowed(user, access.ROUTES[name]):
            continue
        status = client.get(url).status_code
        if status != 403:
            wrong.append(f"{name} {url}: {status}")
    assert wrong == []


@pytest.mark.parametrize("url", MEMBER_OFFICER_PAGES)
def test_the_officers_still_open_them(tree, client_for, url):
    assert client_for("district_standing").get(url).status_code == 200


def test_a_record_out_of_scope_stays_a_404(tree, client_for):
    """403 is for a whole area; a record named by id is answered as if it did not exist."""
    client = client_for("member")
    assert client.get("/cadrework/plans/999999/").status_code == 404
    assert client.get("/visits/trips/999999/").status_code == 404


def test_deciding_costs_no_query(tree, client_for, django_assert_num_queries):
    """The grants the menu loads anyway decide: the same page costs the same queries with the check."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("district_standing")
    without = [m for m in settings.MIDDLEWARE if m != "coso.accounts.access.AccessMiddleware"]
    counts = {}
    for label, middleware in (("with", settings.MIDDLEWARE), ("without", without)):
        with override_settings(MIDDLEWARE=middleware):
            client.get("/imports/")  # warm caches (content types, sessions)
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/imports/").status_code == 200
            counts[label] = len(queries)
    assert counts["with"] == counts["without"]


def test_every_api_operation_declares_what_it_needs():
    from coso.api import access as api_access
    from coso.api.api import api, operations

    declared = {f"{method} {route}" for route, operation in operations() for method in operation.methods}
    assert declared - set(api_access.ROUTES) == set(), "declare these in coso/api/access.py ROUTES"
    assert set(api_access.ROUTES) - declared == set(), "coso/api/access.py names operations that do not exist"
    for key, needs in api_access.ROUTES.items():
        assert needs.kind in (access.SIGNED_IN_KIND, access.OBJECT_KIND), key
        assert needs.area is None or needs.area in scoping.AREAS, key
        assert needs.capability is None or needs.capability in scoping.ALL, key
    document = api.get_openapi_schema()
    undocumented = [
        f"{method.upper()} {path}"
        for path, methods in document["paths"].items()
        for method, spec in methods.items()
        if "x-access" not in spec
    ]
    assert undocumented == []
