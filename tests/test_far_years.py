"""Issue 11 point 9 for years typed or sent as numbers (a plan's year, ``?year=``, a page's
``/policy/<year>/``): they are held to the years of the date window (1900 to ten years after
today, ``coso.core.dates``) with a message on the field, a 404 for an address, the default
period for a filter and a 422 on the field for the API; no year reaches a database constraint
or date arithmetic unchecked (``datetime.date(99999, 1, 1)`` and smallint overflows were 500s)."""

import datetime
import itertools
import json

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from coso.accounts.models import ApiToken
from coso.core import dates
from coso.core.errors import DomainError
from coso.org.models import ClassificationScheme
from coso.visits import services as visits
from coso.visits.defaults import QUANG_NAM_2013
from tests.far_dates import PROPERTY, refused_or_done

pytestmark = pytest.mark.django_db

LAST = dates.latest().year
FAR_YEARS = ["0000", "1899", str(LAST + 1), "9999"]
SERIAL = itertools.count()  # hypothesis runs every example in the same test's database


def test_the_years_of_the_window_are_1900_to_ten_years_ahead():
    assert dates.year_message(1900) == dates.year_message(LAST) == ""
    assert dates.year_message(1899) == f"Năm 1899 nằm ngoài khoảng cho phép (1900 – {LAST})."
    assert dates.year_from("2013", 2026) == 2013
    for raw in ("0", "1899", "99999", "10000000000000000000000", "-5", "abc", "", None):
        assert dates.year_from(raw, 2026) == 2026
    with pytest.raises(DomainError) as refused:
        dates.require_year_in_window(start_year=2013, end_year=32768)
    assert (refused.value.code, refused.value.field) == ("year_out_of_window", "end_year")


def test_an_address_naming_a_year_outside_the_window_is_not_found(tree, client_for):
    client = client_for("provincial_standing")
    province = tree.province.pk
    for kind in ("policy", "blackout", "ranking-rule"):
        assert client.get(f"/visits/org/{province}/{kind}/2013/").status_code == 200, kind
        for year in FAR_YEARS:
            assert client.get(f"/visits/org/{province}/{kind}/{year}/").status_code == 404, (kind, year)
    tckt = client_for("tckt_officer")
    assert tckt.get(f"/cadrework/evaluations/{tree.tamky_secretary.pk}/2013/").status_code == 200
    for year in FAR_YEARS:
        assert tckt.get(f"/cadrework/evaluations/{tree.tamky_secretary.pk}/{year}/").status_code == 404, year


def test_a_filter_naming_a_far_year_shows_the_default_period(tree, client_for):
    tckt = client_for("tckt_officer")
    this_year = datetime.date.today().year
    for raw in ("0", "99999", "10000000000000000000000", "-5"):
        page = tckt.get(f"/cadrework/evaluations/?year={raw}")
        assert page.status_code == 200, raw
        assert f'value="{this_year - 1}"' in page.content.decode(), raw  # last year's evaluations, as with no filter
        assert tckt.get(f"/documents/register/?year={raw}").status_code == 200, raw


def test_a_form_year_outside_the_window_is_shown_on_its_field_and_kept(tree, client_for):
    client = client_for("district_standing")
    response = client.post("/programme/add/", {"owner": tree.bactramy.pk, "year": "99999", "name": "Chương trình"})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Năm 99999 nằm ngoài khoảng cho phép (1900 – {LAST})." in page
    assert 'value="99999"' in page  # what was typed stays
    form = response.context["form"]
    assert form.errors["year"] == [f"Năm 99999 nằm ngoài khoảng cho phép (1900 – {LAST})."]


def test_the_api_answers_422_on_the_year(tree):
    _token, key = ApiToken.issue(tree.users["provincial_standing"], "test")
    client = Client(headers={"Authorization": f"Bearer {key}"})
    province = tree.province.pk
    assert client.get(f"/api/visits/policies/{province}/2013").status_code == 200
    for year in ("0", "1899", "99999"):
        for url in (
            f"/api/visits/policies/{province}/{year}",
            f"/api/visits/blackout-days?owner={province}&year={year}",
        ):
            response = client.get(url)
            assert response.status_code == 422, (url, response.content)
            assert response.json()["field"] == "year", url
    response = client.put(
        f"/api/visits/policies/{province}/32768",
        data=json.dumps({"monthly_cap_days": 10}),
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "year"


@pytest.fixture
def policy(tree):
    visits.save_visit_policy(actor=tree.users["provincial_standing"], owner=tree.province, year=2013, **QUANG_NAM_2013)
    return tree


@PROPERTY
@given(year=st.integers())
@example(year=0)
@example(year=32768)
@example(year=99999)
@example(year=-(10**30))
def test_the_services_taking_a_year_refuse_or_succeed_with_any_year(policy, year):
    t = policy
    manager, cadre = t.users["provincial_standing"], t.users["movement_cadre"]
    refused_or_done(lambda: visits.save_visit_policy(actor=manager, owner=t.province, year=year, **QUANG_NAM_2013))
    refused_or_done(lambda: visits.save_ranking_rule(actor=manager, owner=t.province, year=year))
    refused_or_done(lambda: visits.create_plan(actor=cadre, cadre=t.movement_cadre, year=year, quarter=1))
    refused_or_done(lambda: visits.draft_monthly_report(actor=cadre, cadre=t.movement_cadre, year=year, month=1))
    refused_or_done(
        lambda: visits.save_cluster(
            actor=manager,
            owner=t.province,
            year=year,
            name=f"Cụm {next(SERIAL)}",
            units=[t.tamky, t.bactramy],
            leader=t.tamky_secretary,
            deputy=t.btm_secretary,
        )
    )

    from coso.org import services as org
    from coso.programme import services as programme

    scheme = ClassificationScheme.objects.filter(subject=ClassificationScheme.Subject.UNIT).first()
    refused_or_done(lambda: org.classify_unit(actor=t.admin, unit=t.anmy, year=year, level=scheme.levels.first()))
    refused_or_done(
        lambda: programme.create_programme(
            actor=t.users["district_standing"], owner=t.bactramy, year=year, name=f"Chương trình {next(SERIAL)}"
        )
    )


def test_a_plan_of_a_far_year_is_refused_on_its_field(policy):
    for year in (1899, LAST + 1):
        with pytest.raises(DomainError) as refused:
            visits.create_plan(actor=policy.users["movement_cadre"], cadre=policy.movement_cadre, year=year, quarter=1)
        assert (refused.value.code, refused.value.field) == ("year_out_of_window", "year")


@pytest.mark.parametrize("year", [0, 2099, 99999])
def test_the_programme_and_cadre_work_apis_answer_422_naming_the_year(tree, year):
    def post(user, url, body):
        _token, key = ApiToken.issue(tree.users[user], "test")
        client = Client(headers={"Authorization": f"Bearer {key}"})
        return client.post(url, json.dumps(body), content_type="application/json")

    for user, url, body in (
        ("district_standing", "/api/programme/programmes", {"owner_id": tree.bactramy.pk, "name": "Rèn luyện"}),
        ("district_standing_tamky", "/api/cadrework/plans", {"owner_id": tree.tamky.pk, "title": "KH cán bộ"}),
    ):
        response = post(user, url, {**body, "year": year})
        assert response.status_code == 422, response.content
        assert response.json()["field"] == "year"
