"""A Bắc Trà My officer must never see or change anything of Tam Kỳ, through any page.

Every route of the page namespaces must appear below: a route added without a row here
fails ``test_every_page_route_is_in_the_matrix``.
"""

import io

import pytest
from django.urls import get_resolver
from openpyxl import load_workbook

from tests import probe


def _tamky_record(t):
    from coso.api.records import tamky_record

    return tamky_record(t, "certificates")


def _tamky_department(t):
    from coso.org.models import Department

    return Department.objects.get_or_create(unit=t.tamky, code="VP", defaults={"name": "Văn phòng Thành đoàn"})[0]


FOREIGN_NAMES = ["Tam Kỳ", "An Mỹ", "Võ Minh Tâm", "Phạm Thị Ánh", "khối phố 2"]

# (route name, how to build the URL from the tree's Tam Kỳ objects)
OBJECT_ROUTES = {
    "org:detail": lambda t: f"/units/{t.anmy.pk}/",
    "org:children": lambda t: f"/units/{t.tamky.pk}/children/",
    "org:edit": lambda t: f"/units/{t.anmy.pk}/edit/",
    "org:move": lambda t: f"/units/{t.anmy.pk}/move/",
    "org:merge": lambda t: f"/units/{t.anmy.pk}/merge/",
    "org:classify": lambda t: f"/units/{t.anmy.pk}/classify/",
    "org:create": lambda t: f"/units/{t.anmy.pk}/add/",
    "org:departments": lambda t: f"/units/{t.tamky.pk}/departments/",
    "org:department_add": lambda t: f"/units/{t.tamky.pk}/departments/add/",
    "org:department_edit": lambda t: f"/units/departments/{_tamky_department(t).pk}/edit/",
    "people:detail": lambda t: f"/people/{t.member_anmy.pk}/",
    "people:edit": lambda t: f"/people/{t.tamky_secretary.pk}/edit/",
    "people:record_add": lambda t: f"/people/{t.tamky_secretary.pk}/certificates/add/",
    "people:record_edit": lambda t: f"/people/{t.tamky_secretary.pk}/certificates/{_tamky_record(t).pk}/edit/",
    "people:record_delete": lambda t: f"/people/{t.tamky_secretary.pk}/certificates/{_tamky_record(t).pk}/delete/",
}
# Lists and exports, with filters pointing at Tam Kỳ: they answer, but without Tam Kỳ's rows.
LIST_ROUTES = {
    "org:tree": lambda t: "/units/",
    "org:list": lambda t: f"/units/list/?within={t.tamky.pk}&q=an+my",
    "org:export": lambda t: f"/units/list/export.xlsx?within={t.tamky.pk}",
    # the unit picker's suggestions: typing the name of another district's unit finds nothing
    "org:suggest": lambda t: "/units/suggest/?q=tam+ky",
    "people:list": lambda t: f"/people/?unit={t.tamky.pk}&q=vo+minh+tam",
    "people:export": lambda t: f"/people/export.xlsx?unit={t.tamky.pk}",
    "people:create": lambda t: "/people/add/",
    # the person picker's suggestions: typing the name of another district's person finds nothing
    "people:suggest": lambda t: "/people/suggest/?q=vo+minh+tam",
    "home": lambda t: "/",
}
PUBLIC_ROUTES = {"login", "logout", "set_language", "service_worker", "manifest"}
NAMESPACES = ("org", "people")  # documents:sample is fixed content, scope-free


def _body_text(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    return response.content.decode()


def test_every_page_route_is_in_the_matrix():
    resolver = get_resolver()
    names = set()
    for namespace in NAMESPACES:
        sub = resolver.namespace_dict[namespace][1]
        names |= {f"{namespace}:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    names |= {name for name in resolver.reverse_dict if isinstance(name, str)} - PUBLIC_ROUTES
    missing = names - set(OBJECT_ROUTES) - set(LIST_ROUTES)
    assert not missing, f"routes without a scope test: {sorted(missing)}"


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_foreign_object_is_not_found(tree, client_for, route, method):
    client = client_for("district_standing")
    url = OBJECT_ROUTES[route](tree)
    response = getattr(client, method)(url, {"name": "Chiếm quyền", "version": 1, "level": tree.anmy.level_id})
    assert response.status_code in (403, 404)
    body = response.content.decode()
    assert not any(name in body for name in FOREIGN_NAMES)


@pytest.mark.parametrize("route", sorted(LIST_ROUTES))
def test_lists_never_show_foreign_rows(tree, client_for, route):
    client = client_for("district_standing")
    response = client.get(LIST_ROUTES[route](tree))
    assert response.status_code == 200
    text = _body_text(response)
    assert not any(name in text for name in FOREIGN_NAMES), route


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_same_pages_work_inside_scope(tree, client_for, route):
    """The matrix is honest only if the owner of those objects does get them."""
    client = client_for("district_standing_tamky")
    response = client.get(OBJECT_ROUTES[route](tree))
    assert response.status_code == 200, route


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES) + sorted(LIST_ROUTES))
def test_anonymous_is_sent_to_login(tree, client, route):
    builder = OBJECT_ROUTES.get(route) or LIST_ROUTES[route]
    response = client.get(builder(tree))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_viewer_roles_cannot_write(tree, client_for):
    client = client_for("movement_cadre")
    assert client.get(f"/units/{tree.trason.pk}/").status_code == 200
    assert client.get(f"/units/{tree.trason.pk}/edit/").status_code == 403
    assert client.post(f"/people/{tree.member_trason.pk}/edit/", {"family_name": "X"}).status_code == 403


def test_probe_no_role_outside_tam_ky_reads_its_records(tree, client_for):
    """Issue 11, point 5: every role outside Tam Kỳ, every route above (GET), Tam Kỳ's real ids."""
    assert probe.leaks(client_for, tree, [*OBJECT_ROUTES.values(), *LIST_ROUTES.values()], FOREIGN_NAMES) == []
