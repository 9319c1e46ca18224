"""The cadre's plan as a calendar feed (.ics) at a private token URL (issue 3 item 11)."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from coso.visits import rules, services
from coso.visits.models import CalendarToken, VisitForm

ONE = datetime.timedelta(days=1)


def working_days_before(day, count):
    """The ``count`` latest weekdays before ``day`` that are not public holidays, latest first."""
    days = []
    while len(days) < count:
        day -= ONE
        if day.weekday() < 5 and not rules.public_holidays(day, day):
            days.append(day)
    return days


def last_working_day(first, last):
    day = last
    while day.weekday() >= 5 or rules.public_holidays(day, day):
        day -= ONE
    assert day >= first
    return day


@pytest.fixture
def trips(qn):
    """Quy (assigned to Tam Kỳ and Bắc Trà My since 2013) plans the current quarter, records a
    planned trip to Trà Sơn and an unplanned one to An Mỹ; Phạm Thị Ánh records her own trip."""
    t = qn
    today = timezone.localdate()
    d1, d2 = working_days_before(today, 2)
    year, quarter = today.year, rules.quarter_of(today)
    plan = services.create_plan(actor=t.cadre_user, cadre=t.movement_cadre, year=year, quarter=quarter)
    first, last = rules.quarter_bounds(year, quarter)
    t.future = last_working_day(first, last)
    t.planned = services.add_planned_visit(
        actor=t.cadre_user,
        plan=plan,
        unit=t.tragiang,
        start_date=t.future,
        end_date=t.future,
        form=VisitForm.SURVEY,
        content="Khảo sát mô hình trồng quế",
    )
    earlier = services.create_plan(
        actor=t.cadre_user, cadre=t.movement_cadre, year=d1.year, quarter=rules.quarter_of(d1)
    )
    t.done_planned = services.add_planned_visit(
        actor=t.cadre_user, plan=earlier, unit=t.trason, start_date=d1, end_date=d1, form=VisitForm.BRANCH_MEETING
    )
    t.visit_trason = services.record_visit(
        actor=t.cadre_user,
        cadre=t.movement_cadre,
        unit=t.trason,
        start_date=d1,
        end_date=d1,
        form=VisitForm.BRANCH_MEETING,
        content="Dự sinh hoạt Chi đoàn thôn 1",
        planned_visit=t.done_planned,
    )
    t.visit_anmy = services.record_visit(
        actor=t.cadre_user,
        cadre=t.movement_cadre,
        unit=t.anmy,
        start_date=d2,
        end_date=d2,
        form=VisitForm.SITUATION,
        content="Nắm tình hình",
    )
    services.assign(actor=t.manager, decision=t.decision, cadre=t.tamky_secretary, units=[t.tamky], valid_from=D1_2013)
    t.visit_anh = services.record_visit(
        actor=t.users["district_standing_tamky"],
        cadre=t.tamky_secretary,
        unit=t.anmy,
        start_date=d1,
        end_date=d1,
        form=VisitForm.CO_HOST,
        content="Phối hợp tổ chức ngày hội An Mỹ",
    )
    return t


D1_2013 = datetime.date(2013, 3, 1)


def feed_url(client):
    html = client.get("/visits/feeds/calendar/").content.decode()
    if "http://testserver/visits/feeds/calendar/" not in html:  # no address yet: ask for one
        assert client.post("/visits/feeds/calendar/regenerate/").status_code == 302
        html = client.get("/visits/feeds/calendar/").content.decode()
    start = html.index("http://testserver/visits/feeds/calendar/")
    return html[start : html.index('"', start)].removeprefix("http://testserver")


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_feed_lists_planned_and_recorded_trips_as_all_day_events(trips, client, client_for):
    url = feed_url(client_for("movement_cadre"))
    client.logout()
    found = events(client.get(url))
    assert len(found) == 3  # the planned trip already recorded appears once, as a visit
    by_summary = {str(e["SUMMARY"]): e for e in found.values()}
    planned = by_summary["Dự kiến đi cơ sở: Đoàn xã Trà Giang"]
    assert planned["DTSTART"].dt == trips.future and planned["DTEND"].dt == trips.future + ONE
    assert not isinstance(planned["DTSTART"].dt, datetime.datetime)  # all-day
    assert "Khảo sát chuyên đề" in str(planned["DESCRIPTION"])
    assert "Khảo sát mô hình trồng quế" in str(planned["DESCRIPTION"])
    visit = by_summary["Đi cơ sở: Đoàn xã Trà Sơn"]
    assert visit["DTSTART"].dt == trips.visit_trason.start_date
    assert "Dự sinh hoạt chi đoàn, chi hội" in str(visit["DESCRIPTION"])
    assert "Đi cơ sở: Đoàn phường An Mỹ" in by_summary
    assert set(events(client.get(url))) == set(found)  # stable UIDs: the phone updates in place
    assert f"visit-{trips.visit_anmy.pk}@coso.doanthanhnien" in found


def test_another_persons_token_shows_only_their_plan(trips, client, client_for):
    url = feed_url(client_for("district_standing_tamky"))
    client.logout()
    found = events(client.get(url))
    assert [str(e["SUMMARY"]) for e in found.values()] == ["Đi cơ sở: Đoàn phường An Mỹ"]
    assert "Phối hợp tổ chức ngày hội An Mỹ" in str(next(iter(found.values()))["DESCRIPTION"])
    assert "Phạm Thị Ánh" in client.get(url).content.decode()
    assert "Trà Sơn" not in client.get(url).content.decode()


def test_regenerated_token_invalidates_the_old_url(trips, client_for):
    client = client_for("movement_cadre")
    old = feed_url(client)
    assert feed_url(client) == old  # the same URL until regenerated
    response = client.post("/visits/feeds/calendar/regenerate/")
    assert response.status_code == 302
    new = feed_url(client)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert len(events(client.get(new))) == 3


def test_unknown_token_is_not_found(trips, client):
    assert client.get("/visits/feeds/calendar/not-a-real-token-at-all.ics").status_code == 404


def test_link_page_needs_login_and_a_cadre(trips, client, client_for):
    response = client.get("/visits/feeds/calendar/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.post("/visits/feeds/calendar/regenerate/").status_code == 302
    assert client_for("department_leader").get("/visits/feeds/calendar/").status_code == 403


def test_viewing_the_page_writes_no_token_until_the_cadre_asks(trips, client_for):
    # issue 11, point 13: a GET writes nothing; the secret exists only once asked for.
    client = client_for("movement_cadre")
    page = client.get("/visits/feeds/calendar/").content.decode()
    assert not CalendarToken.objects.filter(person=trips.movement_cadre).exists()
    assert "/visits/feeds/calendar/" in page and ".ics" not in page and 'data-testid="create-feed"' in page
    assert client.post("/visits/feeds/calendar/regenerate/").status_code == 302
    token = CalendarToken.objects.get(person=trips.movement_cadre).token
    assert f"/visits/feeds/calendar/{token}.ics" in client.get("/visits/feeds/calendar/").content.decode()
    client.get("/visits/feeds/calendar/")
    assert CalendarToken.objects.get(person=trips.movement_cadre).token == token  # viewing again keeps it
