"""A Bắc Trà My officer must never get Tam Kỳ's papers or calendar through /visits/feeds/.

Every route of the ``visits_feeds`` namespace must appear below: a route added without a row
here fails ``test_every_feeds_route_is_in_the_matrix``. The data are built with the services.
"""

import pytest
from django.urls import get_resolver

from coso.visits import calendar, services
from coso.visits.models import VisitForm
from tests import probe

from .conftest import D

FOREIGN_NAMES = ["Tam Kỳ", "An Mỹ", "Phạm Thị Ánh"]


@pytest.fixture
def foreign(qn):
    """Tam Kỳ's papers: Phạm Thị Ánh's assignment letter, her quarter plan and March report;
    the province's decision and cluster (the Bắc Trà My officer sees neither)."""
    t = qn
    ta_user = t.users["district_standing_tamky"]
    (t.f_assignment,) = services.assign(
        actor=t.manager, decision=t.decision, cadre=t.tamky_secretary, units=[t.tamky], valid_from=D(2013, 3, 1)
    )
    services.record_visit(
        actor=ta_user,
        cadre=t.tamky_secretary,
        unit=t.anmy,
        start_date=D(2013, 3, 12),
        end_date=D(2013, 3, 12),
        form=VisitForm.BRANCH_MEETING,
        content="Dự sinh hoạt khối phố 2",
    )
    t.f_plan = services.create_plan(actor=ta_user, cadre=t.tamky_secretary, year=2013, quarter=2, note="An Mỹ")
    t.f_report = services.draft_monthly_report(actor=ta_user, cadre=t.tamky_secretary, year=2013, month=3)
    t.f_token = calendar.token_for(t.tamky_secretary)
    return t


# route -> (URL of a foreign object, role that owns it in scope)
OBJECT_ROUTES = {
    "visits_feeds:decision": (lambda t: f"/visits/feeds/decision/{t.decision.pk}.docx", "provincial_standing"),
    "visits_feeds:letter": (lambda t: f"/visits/feeds/letter/{t.f_assignment.pk}.docx", "district_standing_tamky"),
    "visits_feeds:plan": (lambda t: f"/visits/feeds/plan/{t.f_plan.pk}.docx", "district_standing_tamky"),
    "visits_feeds:report": (lambda t: f"/visits/feeds/report/{t.f_report.pk}.docx", "district_standing_tamky"),
    "visits_feeds:cluster": (lambda t: f"/visits/feeds/cluster/{t.cluster.pk}/2013/3.docx", "provincial_standing"),
}
# The calendar: the link page shows only one's own URL; the feed is reached by its secret only.
OWN_ROUTES = {
    "visits_feeds:calendar_link": "/visits/feeds/calendar/",
    "visits_feeds:calendar_regenerate": "/visits/feeds/calendar/regenerate/",
    "visits_feeds:calendar": "/visits/feeds/calendar/{token}.ics",
}


def test_every_feeds_route_is_in_the_matrix():
    sub = get_resolver().namespace_dict["visits_feeds"][1]
    names = {f"visits_feeds:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    missing = names - set(OBJECT_ROUTES) - set(OWN_ROUTES)
    assert not missing, f"routes without a scope test: {sorted(missing)}"


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_foreign_paper_is_not_found(foreign, client_for, route):
    url = OBJECT_ROUTES[route][0](foreign)
    response = client_for("district_standing").get(url)
    assert response.status_code == 404
    assert not any(name in response.content.decode(errors="replace") for name in FOREIGN_NAMES)


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_same_paper_works_for_its_owner(foreign, client_for, route):
    builder, owner = OBJECT_ROUTES[route]
    response = client_for(owner).get(builder(foreign))
    assert response.status_code == 200, route
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_anonymous_is_sent_to_login(foreign, client, route):
    response = client.get(OBJECT_ROUTES[route][0](foreign))
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_calendar_link_shows_only_own_url(foreign, client_for):
    client = client_for("district_standing")
    own = calendar.token_for(foreign.btm_secretary)
    html = client.get(OWN_ROUTES["visits_feeds:calendar_link"]).content.decode()
    assert own in html and foreign.f_token not in html
    assert not any(name in html for name in FOREIGN_NAMES)


def test_regenerate_renews_only_own_token(foreign, client_for):
    own = calendar.token_for(foreign.btm_secretary)
    assert client_for("district_standing").post(OWN_ROUTES["visits_feeds:calendar_regenerate"]).status_code == 302
    assert calendar.token_for(foreign.btm_secretary) != own
    assert calendar.token_for(foreign.tamky_secretary) == foreign.f_token


def test_calendar_feed_needs_the_secret(foreign, client_for, client):
    """The feed has no login (phones cannot sign in): only the exact token opens it."""
    url = OWN_ROUTES["visits_feeds:calendar"]
    officer = client_for("district_standing")
    near = foreign.f_token[:-1] + ("y" if foreign.f_token[-1] != "y" else "z")
    assert officer.get(url.format(token=near)).status_code == 404
    assert officer.get(url.format(token=calendar.token_for(foreign.btm_secretary))).status_code == 200
    client.logout()
    response = client.get(url.format(token=foreign.f_token))
    assert response.status_code == 200 and "Đi cơ sở – Phạm Thị Ánh" in response.content.decode()


def test_probe_no_role_outside_tam_ky_reads_its_records(foreign, client_for):
    """Issue 11, point 5: every role outside Tam Kỳ, every route above (GET), Tam Kỳ's real ids."""
    assert probe.leaks(client_for, foreign, [*OBJECT_ROUTES.values(), *OWN_ROUTES.values()], FOREIGN_NAMES) == []
