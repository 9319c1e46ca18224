"""The demo logins find their work in the visits pages (coso/visits/demo.py)."""

import datetime
import re

import pytest
from django.utils import timezone

from coso.accounts.models import User
from coso.org.models import Unit
from coso.visits import rules, services
from coso.visits.models import MonthlyReport, QuarterPlan, Visit, VisitPolicy


def _month_back(day, back):
    month = day.month - back
    return day.year + (month - 1) // 12, (month - 1) % 12 + 1


@pytest.fixture
def login(demo, db, client):
    def as_user(username):
        client.force_login(User.objects.get(username=username))
        return client

    return as_user


def test_policies_decision_and_plan(demo, db):
    today = timezone.localdate()
    province = Unit.objects.get(code="vn-49")
    assert VisitPolicy.objects.get(owner=province, year=2013).source == "14-KH/TĐTN ngày 25/02/2013"
    assert VisitPolicy.objects.get(owner=province, year=today.year).cap_days_mountainous == 3
    quy = User.objects.get(username="canbo.quangnam").person
    followed = set(quy.visit_assignments.filter(valid_to__isnull=True).values_list("unit__code", flat=True))
    assert followed == {"vn-49-502", "vn-49-515"}
    plan = QuarterPlan.objects.get(cadre=quy, year=today.year, quarter=rules.quarter_of(today))
    assert plan.state == QuarterPlan.State.SUBMITTED and plan.planned_visits.count() >= 4
    assert quy.good_practices_reported.exists()
    assert quy.weak_unit_selections.get(year=today.year).picks.count() == 3


def test_cadre_records_a_visit_in_bac_tra_my_without_ad_hoc(login):
    client = login("canbo.quangnam")
    quy = User.objects.get(username="canbo.quangnam").person
    commune = Unit.objects.get(code="vn-49-515-20914")
    today = timezone.localdate()
    day = next(
        d
        for d in (today - datetime.timedelta(days=n) for n in range(today.day))
        if not services.check_visit(cadre=quy, unit=commune, start_date=d, end_date=d)
    )
    response = client.post(
        "/visits/trips/add/",
        {
            "unit": commune.pk,
            "start_date": day.strftime("%d/%m/%Y"),
            "end_date": day.strftime("%d/%m/%Y"),
            "form": "nam_tinh_hinh",
            "content": "Nắm tình hình thanh niên xã Trà Giang",
        },
    )
    assert response.status_code == 302, response.content.decode()
    visit = Visit.objects.get(cadre=quy, start_date=day)
    assert visit.unit == commune and not visit.is_ad_hoc


def test_bac_tra_my_carries_its_one_plus_two_policy(demo, db):
    """Seed 003: Bắc Trà My's district cadres go to the grassroots at least 60 days (2 months) a year."""
    from coso.visits import selectors

    today = timezone.localdate()
    bactramy = Unit.objects.get(code="vn-49-515")
    for year in (2022, today.year):
        policy = VisitPolicy.objects.get(owner=bactramy, year=year)
        assert (policy.yearly_minimum_days, policy.source) == (60, "Chủ trương 1+2")
    anh = User.objects.get(username="huyendoan.bactramy").person
    yearly = selectors.progress(anh, today.year).item("yearly_days")
    assert yearly.target == 60
    assert "tối thiểu 60 ngày, tức 2 tháng" in yearly.label


def test_host_sees_the_report_to_confirm(login):
    year, month = _month_back(timezone.localdate(), 1)
    report = MonthlyReport.objects.get(cadre__given_name="Quy", year=year, month=month)
    assert report.state == MonthlyReport.State.SUBMITTED
    html = login("huyendoan.bactramy").get("/visits/").content.decode()
    inbox = html.split('data-testid="host-inbox"')[1].split("</ul>")[0]
    assert f"/visits/reports/{report.pk}/" in inbox
    assert f"Tháng {month}/{year} – Nguyễn Văn Quy" in inbox


def test_cluster_leader_sees_the_report_to_review(login):
    year, month = _month_back(timezone.localdate(), 2)
    report = MonthlyReport.objects.get(cadre__given_name="Quy", year=year, month=month)
    assert report.state == MonthlyReport.State.HOST_CONFIRMED
    html = login("cumtruong.quangnam").get("/visits/").content.decode()
    inbox = html.split('data-testid="review-inbox"')[1].split("</ul>")[0]
    assert f"/visits/reports/{report.pk}/" in inbox


def test_coverage_shows_the_cadre_days(login):
    year, _month = _month_back(timezone.localdate(), 2)
    quy = User.objects.get(username="canbo.quangnam").person
    bactramy = Unit.objects.get(code="vn-49-515")
    days = sum(
        n
        for v in Visit.objects.filter(cadre=quy, unit__path__startswith=bactramy.path)
        for (y, _m), n in rules.days_by_month(v.start_date, v.end_date).items()
        if y == year
    )
    assert days >= 3
    province = Unit.objects.get(code="vn-49")
    html = login("canbo.quangnam").get(f"/visits/coverage/?unit={province.pk}&year={year}").content.decode()
    card = html.split(f'<h2 class="h6">{bactramy.name}')[1].split("</div></div></div>")[0]
    assert re.search(rf"Nguyễn Văn Quy {days}\b", card), card


def test_cadre_calendar_feed_has_the_demo_plan(login):
    import icalendar

    client = login("canbo.quangnam")
    # Viewing the page makes no address (issue 11, point 13): the cadre asks for one first.
    assert client.post("/visits/feeds/calendar/regenerate/").status_code == 302
    html = client.get("/visits/feeds/calendar/").content.decode()
    url = re.search(r'value="http://testserver(/visits/feeds/calendar/[\w-]+\.ics)"', html).group(1)
    client.logout()
    cal = icalendar.Calendar.from_ical(client.get(url).content)
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert any(s.startswith("Dự kiến đi cơ sở: ") for s in summaries)
    assert "Đi cơ sở: Đoàn xã Trà Sơn" in summaries


def test_every_unit_a_demo_cadre_follows_has_coordinates_for_the_location_badge(demo, db):
    """The badge "đúng địa bàn" / "xa địa bàn" needs the visited commune's coordinates: every
    commune (and so every branch, measured against its commune) that a demo cadre follows has them,
    and a phone 1 km from it is near, 40 km away is far."""
    from coso.visits.models import Assignment, Proof

    today = timezone.localdate()
    checked = 0
    for assignment in Assignment.objects.filter(valid_to__isnull=True).select_related("cadre__unit", "unit"):
        area = Unit.objects.get_tree(assignment.unit)
        for unit in area:
            reference = services.reference_point(unit)
            assert reference is not None, f"{unit} ({unit.code}) followed by {assignment.cadre} has no coordinates"
            if unit.depth <= assignment.unit.depth + 1:  # the district and its communes: their own
                assert unit.latitude is not None and unit.longitude is not None, unit.code
            lat, lon = reference
            badges = []
            for position in (rules.Position(lat + 0.009, lon, 30), rules.Position(lat + 0.36, lon, 30)):
                _policy, fields = services._position_fields(
                    cadre=assignment.cadre, unit=unit, start_date=today, position=position
                )
                badges.append(Proof(fields["proof"]).label)
            assert badges == ["đúng địa bàn", "xa địa bàn"], unit.code
            checked += 1
    assert checked > 300  # every commune of the districts the Quảng Nam cadres follow


def test_the_demo_cadre_records_a_visit_at_tra_giang_and_it_is_near(login):
    client = login("canbo.quangnam")
    quy = User.objects.get(username="canbo.quangnam").person
    commune = Unit.objects.get(code="vn-49-515-20914")
    today = timezone.localdate()
    days = (today - datetime.timedelta(days=n) for n in range(60))
    day = next(d for d in days if not services.check_visit(cadre=quy, unit=commune, start_date=d, end_date=d))
    response = client.post(
        "/visits/trips/add/",
        {
            "unit": commune.pk,
            "start_date": day.strftime("%d/%m/%Y"),
            "end_date": day.strftime("%d/%m/%Y"),
            "form": "nam_tinh_hinh",
            "content": "Nắm tình hình thanh niên xã Trà Giang",
            "latitude": f"{commune.latitude + 0.005:.6f}",
            "longitude": f"{commune.longitude:.6f}",
            "accuracy": "25",
        },
    )
    assert response.status_code == 302, response.content.decode()
    visit = Visit.objects.get(cadre=quy, start_date=day, unit=commune)
    assert visit.proof == "near" and 500 < visit.distance_m < 600
    page = client.get(f"/visits/trips/{visit.pk}/").content.decode()
    assert "đúng địa bàn" in page
