"""Issue 11 point 9: every date typed or sent is checked against one window (01/01/1900 to ten
years after today, ``coso.core.dates``) with a message on its field; no far date reaches
arithmetic that overflows or a database constraint. A property-based test drives the services
that take dates with arbitrary dates: they answer a refusal (DomainError / ValidationError) or
succeed, never another exception."""

import datetime
import json

import pytest
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from coso.accounts import services as accounts
from coso.accounts.models import ApiToken, Role
from coso.core.dates import EARLIEST, latest
from coso.core.errors import DomainError
from coso.org import services as org
from coso.people import services as people
from coso.people.models import Post
from coso.visits import rules
from coso.visits import services as visits
from coso.visits.defaults import QUANG_NAM_2013
from tests.far_dates import ANY_DATE, PROPERTY, refused_or_done

D = datetime.date
FAR = [D(1, 1, 1), D(1899, 12, 31), D(9999, 12, 31), D(9999, 12, 30)]


def api(user):
    _token, key = ApiToken.issue(user, "test")
    client = Client(headers={"Authorization": f"Bearer {key}"})

    def call(method, url, body=None):
        kwargs = {} if body is None else {"data": json.dumps(body), "content_type": "application/json"}
        return getattr(client, method)(url, **kwargs)

    return call


@pytest.fixture
def policy(tree):
    manager = tree.users["provincial_standing"]
    visits.save_visit_policy(actor=manager, owner=tree.province, year=2013, **QUANG_NAM_2013)
    return tree


# --------------------------------------------------------------------------- the known 500s


def test_a_visit_ending_on_31_12_9999_is_refused_on_its_field(policy):
    t = policy
    with pytest.raises(DomainError) as refused:
        visits.record_visit(
            actor=t.users["movement_cadre"],
            cadre=t.movement_cadre,
            unit=t.anmy,
            start_date=D(2013, 3, 7),
            end_date=D(9999, 12, 31),
            form="nam_tinh_hinh",
        )
    assert refused.value.code == "date_out_of_window" and refused.value.field == "end_date"
    assert "31/12/9999" in refused.value.message
    assert rules.days_by_month(D(9999, 12, 30), D(9999, 12, 31)) == {(9999, 12): 2}


def test_the_api_refuses_far_dates_and_months_with_422_on_the_field(policy):
    call = api(policy.users["movement_cadre"])
    for month in ["0000-01", "2013-13", "9999-01"]:
        response = call("get", f"/api/visits/visits?month={month}")
        assert response.status_code == 422, (month, response.content)
        assert response.json()["field"] == "month"
    assert call("get", "/api/visits/visits?month=2013-03").status_code == 200
    body = {
        "cadre_id": policy.movement_cadre.pk,
        "unit_id": policy.anmy.pk,
        "start_date": "2013-03-07",
        "end_date": "9999-12-31",
        "form": "nam_tinh_hinh",
        "content": "Nắm tình hình",
    }
    response = call("post", "/api/visits/visits", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == "end_date"
    assert "nằm ngoài khoảng cho phép" in response.content.decode()


def test_a_merge_dated_before_a_post_started_is_refused_not_a_constraint_error(tree):
    admin = tree.admin
    with pytest.raises(DomainError) as refused:
        org.merge_units(actor=admin, absorbed=tree.bactramy, into=tree.tamky, occurred_on=D(2022, 7, 1))
    assert refused.value.code == "merge_before_post_start" and refused.value.field == "occurred_on"
    assert "01/08/2022" in refused.value.message
    assert Post.objects.get(person=tree.btm_secretary).end_date is None


def test_a_page_form_shows_the_window_next_to_the_date(tree, client_for):
    client = client_for("provincial_standing")
    response = client.post(
        f"/units/{tree.bactramy.pk}/merge/", {"into": tree.tamky.pk, "occurred_on": "01/01/1800", "note": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "nằm ngoài khoảng cho phép (01/01/1900" in page
    assert 'value="01/01/1800"' in page  # what was typed stays


# --------------------------------------------------------------------------- the property


@PROPERTY
@given(start=ANY_DATE, end=ANY_DATE)
@example(start=D(2013, 3, 7), end=D(9999, 12, 31))
@example(start=D(1, 1, 1), end=D(1, 1, 1))
def test_recording_and_planning_visits_with_any_dates(policy, start, end):
    t = policy
    actor = t.users["movement_cadre"]
    refused_or_done(
        lambda: visits.record_visit(
            actor=actor, cadre=t.movement_cadre, unit=t.anmy, start_date=start, end_date=end, form="nam_tinh_hinh"
        )
    )

    def plan_one():
        plan = visits.create_plan(actor=actor, cadre=t.movement_cadre, year=2013, quarter=2)
        visits.add_planned_visit(
            actor=actor, plan=plan, unit=t.anmy, start_date=start, end_date=end, form="nam_tinh_hinh"
        )

    refused_or_done(plan_one)


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(2022, 7, 1))
@example(day=D(9999, 12, 31))
def test_unit_and_visit_setup_services_with_any_date(policy, day):
    t = policy
    manager = t.users["provincial_standing"]
    refused_or_done(lambda: org.merge_units(actor=t.admin, absorbed=t.bactramy, into=t.tamky, occurred_on=day))
    refused_or_done(lambda: org.move_unit(actor=t.admin, unit=t.anmy, new_parent=t.bactramy, occurred_on=day))
    refused_or_done(
        lambda: visits.record_decision(actor=manager, owner=t.province, number="99-QĐ/TĐTN", decided_on=day)
    )
    refused_or_done(lambda: visits.add_blackout_day(actor=manager, owner=t.province, date=day, reason="other"))


@PROPERTY
@given(start=ANY_DATE, end=st.one_of(st.none(), ANY_DATE))
@example(start=D(9999, 12, 31), end=None)
def test_grants_and_person_records_with_any_dates(tree, start, end):
    officer = tree.users["district_standing"]
    refused_or_done(
        lambda: accounts.grant_role(
            actor=officer,
            account=tree.users["member"],
            role=Role.BRANCH_OFFICER,
            unit=tree.branch_trason,
            valid_from=start,
            valid_to=end,
        )
    )
    refused_or_done(
        lambda: people.add_record(
            actor=officer,
            person=tree.btm_secretary,
            record_kind="posts",
            unit=tree.bactramy,
            body="tt",
            title="deputy_secretary",
            start_date=start,
            end_date=end,
        )
    )


@given(start=ANY_DATE, end=ANY_DATE)
def test_days_by_month_never_overflows(start, end):
    low, high = min(start, end), max(start, end)
    if (high - low).days > 400:
        high = low + datetime.timedelta(days=400) if low <= D(9999, 12, 31) - datetime.timedelta(days=400) else high
    days = rules.days_by_month(low, high)
    assert sum(days.values()) == (high - low).days + 1


def test_the_window_is_1900_to_ten_years_ahead():
    today = datetime.date.today()
    assert EARLIEST == D(1900, 1, 1) and latest(today).year == today.year + 10
    assert latest(D(2028, 2, 29)) == D(2038, 2, 28)
    assert all(d < EARLIEST or d > latest() for d in FAR)


def test_a_person_born_in_1800_is_refused_on_the_birth_date(tree):
    from coso.people.services import person_violations

    values = {"family_name": "Lê", "given_name": "Tư", "sex": "M", "is_member": True, "birth_date": D(1800, 1, 1)}
    assert [(f, c) for f, c, _m in person_violations(values)] == [("birth_date", "date_out_of_window")]
    values["birth_date"] = D(2001, 1, 1)
    assert person_violations(values) == []


@pytest.fixture
def district_programme(tree):
    from coso.programme import services as programme

    return programme.district8_2014(tree.bactramy, actor=tree.users["district_standing"])


@PROPERTY
@given(start=ANY_DATE, end=ANY_DATE)
@example(start=D(2014, 1, 1), end=D(9999, 12, 31))
def test_programme_tracks_and_training_courses_with_any_dates(tree, district_programme, start, end):
    from coso.cadrework import services as cadrework
    from coso.programme import services as programme

    officer = tree.users["district_standing"]
    refused_or_done(
        lambda: programme.add_track(
            actor=officer,
            programme=district_programme,
            kind="school",
            name="Khối trường học",
            starts_on=start,
            ends_on=end,
        )
    )
    refused_or_done(
        lambda: cadrework.create_course(
            actor=officer,
            organiser=tree.bactramy,
            kind="youth_work",
            name="Bồi dưỡng cán bộ Đoàn",
            start_date=start,
            end_date=end,
            session_dates=[start],
        )
    )
