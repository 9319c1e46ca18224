"""A Bắc Trà My officer must never see or change anything of Tam Kỳ through the programme pages.

Every route of the ``programme`` namespace must appear below: a route added without a row here
fails ``test_every_programme_route_is_in_the_matrix``. The data are built with the services.
"""

import io

import pytest
from django.urls import get_resolver
from openpyxl import load_workbook

from coso.programme import helpers, services
from coso.programme.models import Assessment, BranchAssessment, Criterion, Helper, RoundReport
from tests import probe

from .conftest import D, at, pick, statuses

FOREIGN_NAMES = ["Tam Kỳ", "An Mỹ", "Võ Minh Tâm", "Phạm Thị Ánh", "khối phố 2"]


@pytest.fixture
def foreign(tk):
    """Tam Kỳ's programme: Võ Minh Tâm (An Mỹ) registered and assessed round I; his branch
    assessed itself; An Mỹ reported on round I and is helped by Phạm Thị Ánh. Bắc Trà My's own programme exists beside it."""
    t = tk
    rnd = t.tk_rounds[0]
    t.f_reg = services.register(
        actor=t.users["member_anmy"],
        programme=t.tk_programme,
        items=pick(t.tk_programme),
        submit=True,
        now=at(2014, 3, 20),
    )
    t.f_assessment = services.self_assess(
        actor=t.users["member_anmy"],
        registration=t.f_reg,
        round=rnd,
        items=statuses(t.f_reg, ("done",)),
        now=at(2014, 3, 22),
    )
    t.f_branch_record = services.branch_self_assess(
        actor=t.users["branch_officer_anmy"],
        branch=t.branch_anmy,
        programme=t.tk_programme,
        round=rnd,
        rating="good",
        summary="Chi đoàn khối phố 2 tổ chức tốt",
        now=at(2014, 3, 25),
    )
    t.f_report = services.record_round_report(
        actor=t.users["base_officer_anmy"],
        base=t.anmy,
        round=rnd,
        held_on=D(2014, 3, 16),
        activities="Ngày đoàn viên An Mỹ",
        participants=5,
        now=at(2014, 3, 26),
    )
    t.f_criterion = Criterion.objects.filter(programme=t.tk_programme, registration_items__isnull=True).first()
    # Tam Kỳ lets its branches evaluate a member directly (the route must work for its own officer).
    services.update_programme(
        actor=t.users["district_standing_tamky"], programme=t.tk_programme, version=None, direct_evaluation=True
    )
    t.f_helper = helpers.add_helper(
        actor=t.users["district_standing_tamky"], programme=t.tk_programme, unit=t.anmy, person=t.tamky_secretary
    )
    return t


def _p(t):
    return t.tk_programme.pk


def _tk_group(t):
    from coso.programme.models import PointsGroup

    return PointsGroup.objects.get_or_create(
        programme=t.tk_programme, code="N1", defaults={"name": "Nhóm 1", "max_points": 20}
    )[0]


# route -> (URL from the foreign objects, POST only, role that owns it in scope)

OBJECT_ROUTES = {
    "programme:detail": (lambda t: f"/programme/{_p(t)}/", False, "district_standing_tamky"),
    "programme:add": (lambda t: f"/programme/{_p(t)}/add/round/", True, "district_standing_tamky"),
    "programme:register": (lambda t: f"/programme/{_p(t)}/register/", False, "member_anmy"),
    "programme:register_for": (
        lambda t: f"/programme/{_p(t)}/register/{t.member_anmy.pk}/",
        False,
        "branch_officer_anmy",
    ),
    "programme:registration": (lambda t: f"/programme/registrations/{t.f_reg.pk}/", False, "member_anmy"),
    "programme:registration_edit": (lambda t: f"/programme/registrations/{t.f_reg.pk}/edit/", False, "member_anmy"),
    "programme:registration_return": (
        lambda t: f"/programme/registrations/{t.f_reg.pk}/return/",
        True,
        "branch_officer_anmy",
    ),
    "programme:self_assess": (
        lambda t: f"/programme/registrations/{t.f_reg.pk}/assess/?round={t.tk_rounds[0].pk}",
        False,
        "member_anmy",
    ),
    "programme:evaluate_direct": (
        lambda t: f"/programme/registrations/{t.f_reg.pk}/evaluate/?round={t.tk_rounds[0].pk}",
        False,
        "branch_officer_anmy",
    ),
    "programme:direct_evaluation": (
        lambda t: f"/programme/{_p(t)}/direct-evaluation/",
        True,
        "district_standing_tamky",
    ),
    "programme:branch": (
        lambda t: f"/programme/{_p(t)}/branch/{t.branch_anmy.pk}/?round={t.tk_rounds[0].pk}",
        False,
        "branch_officer_anmy",
    ),
    "programme:base": (
        lambda t: f"/programme/{_p(t)}/base/{t.anmy.pk}/?round={t.tk_rounds[0].pk}",
        False,
        "base_officer_anmy",
    ),
    "programme:district": (
        lambda t: f"/programme/{_p(t)}/district/{t.tamky.pk}/?round={t.tk_rounds[0].pk}",
        False,
        "district_standing_tamky",
    ),
    "programme:round_report": (
        lambda t: f"/programme/{_p(t)}/district/{t.tamky.pk}/rounds/{t.tk_rounds[0].pk}/",
        False,
        "district_standing_tamky",
    ),
    "programme:helpers": (lambda t: f"/programme/{_p(t)}/helpers/", False, "district_standing_tamky"),
    "programme:round_edit": (
        lambda t: f"/programme/rounds/{t.tk_rounds[0].pk}/edit/",
        False,
        "district_standing_tamky",
    ),
    "programme:criterion_edit": (
        lambda t: f"/programme/criteria/{t.f_criterion.pk}/edit/",
        False,
        "district_standing_tamky",
    ),
    "programme:points_group_edit": (
        lambda t: f"/programme/points-groups/{_tk_group(t).pk}/edit/",
        False,
        "district_standing_tamky",
    ),
    "programme:criterion_remove": (
        lambda t: f"/programme/criteria/{t.f_criterion.pk}/remove/",
        True,
        "district_standing_tamky",
    ),
    "programme:results": (lambda t: f"/programme/{_p(t)}/results/?unit={t.tamky.pk}", False, "district_standing_tamky"),
    "programme:results_export": (
        lambda t: f"/programme/{_p(t)}/results/export.xlsx?unit={t.tamky.pk}&table=members",
        False,
        "district_standing_tamky",
    ),
}
# Bắc Trà My's own programme, pointed at Tam Kỳ's units and people.
EXTRA_FOREIGN_URLS = [
    lambda t: f"/programme/{t.programme.pk}/branch/{t.branch_anmy.pk}/",
    lambda t: f"/programme/{t.programme.pk}/base/{t.anmy.pk}/",
    lambda t: f"/programme/{t.programme.pk}/district/{t.tamky.pk}/",
    lambda t: f"/programme/{t.programme.pk}/register/{t.member_anmy.pk}/",
    lambda t: f"/programme/{t.programme.pk}/district/{t.tamky.pk}/rounds/{t.rounds[0].pk}/",
]
# Lists, dashboards and creation forms, with filters pointing at Tam Kỳ.
LIST_ROUTES = {
    "programme:home": lambda t: "/programme/",
    "programme:create": lambda t: "/programme/add/",
}
POST_DATA = {"action": "evaluate", "reason": "Chiếm quyền", "version": 1, "comment": "x"}


def _body_text(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        return " ".join(str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c)
    return response.content.decode()


def test_every_programme_route_is_in_the_matrix():
    sub = get_resolver().namespace_dict["programme"][1]
    names = {f"programme:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    missing = names - set(OBJECT_ROUTES) - set(LIST_ROUTES)
    assert not missing, f"routes without a scope test: {sorted(missing)}"


@pytest.mark.parametrize("role", ["district_standing", "branch_officer", "base_officer", "member"])
@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
@pytest.mark.parametrize("method", ["get", "post"])
def test_foreign_object_is_not_found(foreign, client_for, route, method, role):
    client = client_for(role)
    builder, _post_only, _owner = OBJECT_ROUTES[route]
    response = getattr(client, method)(builder(foreign), POST_DATA if method == "post" else None)
    assert response.status_code in (403, 404, 405), (route, response.status_code)
    if method == "post":
        assert response.status_code in (403, 404)
    assert not any(name in _body_text(response) for name in FOREIGN_NAMES)


@pytest.mark.parametrize("index", range(len(EXTRA_FOREIGN_URLS)))
@pytest.mark.parametrize("role", ["district_standing", "branch_officer", "base_officer"])
def test_own_programme_with_foreign_units_is_not_found(foreign, client_for, index, role):
    client = client_for(role)
    url = EXTRA_FOREIGN_URLS[index](foreign)
    assert client.get(url).status_code == 404
    assert client.post(url, POST_DATA).status_code in (403, 404)


def test_foreign_ids_posted_to_own_pages_change_nothing(foreign, client_for):
    t = foreign
    rnd = t.rounds[0].pk
    a, record, report = t.f_assessment, t.f_branch_record, t.f_report
    branch_url = f"/programme/{t.programme.pk}/branch/{t.branch_trason.pk}/?round={rnd}"
    client = client_for("branch_officer")
    assert client.post(branch_url, {"action": f"return:{a.pk}", f"reason_{a.pk}": "x"}).status_code == 404
    base_url = f"/programme/{t.programme.pk}/base/{t.trason.pk}/?round={rnd}"
    client = client_for("base_officer")
    assert (
        client.post(base_url, {"action": f"review_branch:{record.pk}", f"rating_{record.pk}": "good"}).status_code
        == 404
    )
    assert client.post(base_url, {"action": f"return:{a.pk}", f"reason_{a.pk}": "x"}).status_code == 404
    district_url = f"/programme/{t.programme.pk}/district/{t.bactramy.pk}/?round={rnd}"
    client = client_for("district_standing")
    assert client.post(district_url, {"action": f"recognise:{t.anmy.pk}"}).status_code == 404
    assert client.post(district_url, {"action": f"accept_report:{report.pk}"}).status_code == 404
    assert (
        client.post(district_url, {"action": f"return_branch:{record.pk}", f"breason_{record.pk}": "x"}).status_code
        == 404
    )
    response = client.post(
        district_url,
        {"action": "inspect", "insp-unit": t.anmy.pk, "insp-inspected_on": "05/04/2014", "insp-findings": "x"},
    )
    assert response.status_code == 200 and not t.anmy.programme_inspections.exists()
    helpers_url = f"/programme/{t.programme.pk}/helpers/"
    assert client.post(helpers_url, {"remove": t.f_helper.pk, "version": t.f_helper.version}).status_code == 404
    response = client.post(helpers_url, {"helper-unit": t.anmy.pk, "helper-person": t.tamky_secretary.pk})
    assert response.status_code == 200 and Helper.objects.filter(programme=t.programme).count() == 0
    assert Helper.objects.filter(pk=t.f_helper.pk).exists()
    assert Assessment.objects.get(pk=a.pk).state == "submitted"
    assert BranchAssessment.objects.get(pk=record.pk).state == "submitted"
    assert RoundReport.objects.get(pk=report.pk).state == "submitted"


@pytest.mark.parametrize("route", sorted(LIST_ROUTES))
@pytest.mark.parametrize("role", ["district_standing", "branch_officer", "base_officer", "member"])
def test_lists_never_show_foreign_rows(foreign, client_for, route, role):
    response = client_for(role).get(LIST_ROUTES[route](foreign))
    assert response.status_code in (200, 403)
    text = _body_text(response)
    assert not any(name in text for name in FOREIGN_NAMES), route


def test_lists_do_show_own_rows(foreign, client_for):
    """The list test is honest only if the officer sees what is theirs."""
    client = client_for("district_standing")
    assert "Huyện đoàn Bắc Trà My" in client.get("/programme/add/").content.decode()
    assert f"/programme/{foreign.programme.pk}/" in client.get("/programme/").content.decode()
    client = client_for("member_anmy")
    assert f"/programme/registrations/{foreign.f_reg.pk}/" in client.get("/programme/").content.decode()


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_same_pages_work_inside_scope(foreign, client_for, route):
    """The matrix is honest only if the owners of those objects do get them."""
    builder, post_only, owner = OBJECT_ROUTES[route]
    client = client_for(owner)
    url = builder(foreign)
    if post_only:
        assert client.post(url, {"reason": "Ghi chú"}).status_code in (200, 302), route
    else:
        assert client.get(url).status_code in (200, 302), route
        assert client.get(url, follow=True).status_code == 200, route


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES) + sorted(LIST_ROUTES))
def test_anonymous_is_sent_to_login(foreign, client, route):
    builder = OBJECT_ROUTES[route][0] if route in OBJECT_ROUTES else LIST_ROUTES[route]
    response = client.get(builder(foreign))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_probe_no_role_outside_tam_ky_reads_its_records(foreign, client_for):
    """Issue 11, point 5: every role outside Tam Kỳ, every route above (GET), Tam Kỳ's real ids."""
    assert (
        probe.leaks(
            client_for, foreign, [*OBJECT_ROUTES.values(), *EXTRA_FOREIGN_URLS, *LIST_ROUTES.values()], FOREIGN_NAMES
        )
        == []
    )
