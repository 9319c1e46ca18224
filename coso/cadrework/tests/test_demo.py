"""The Tân Phú 2023 indicator table on the data the demo loads (``manage.py load_demo``)."""

import datetime

import pytest

from coso.accounts.models import User
from coso.cadrework import indicators, selectors
from coso.cadrework.models import CadrePlan
from coso.people.models import Body

pytestmark = pytest.mark.django_db

# (measure, population, achieved, met), in the plan's order.
EXPECTED = [
    ("studied_resolutions", 20, 18, False),
    ("trained_knowledge_skills", 7, 7, True),
    ("basic_training", 3, 2, False),
    ("two_language_or_digital_activities", 20, 20, True),
    ("has_b1_or_higher", 20, 9, False),
    ("university_or_higher", 11, 10, False),
    ("advanced_training", 20, 3, True),
    ("became_high_school_union_cadre", 9, 7, True),
    ("became_university_union_cadre", 6, 3, False),
    ("two_thematic_topics", 20, 20, True),
]


@pytest.fixture
def plan(demo, db):
    return CadrePlan.objects.get(owner__code="vn-79-767", year=2023)


def test_tan_phu_2023_table_on_demo_data(plan):
    officer = User.objects.get(username="tanphu")
    results = indicators.dashboard(plan, user=officer)
    actual = [(r.indicator.measure, r.population_count, r.achieved_count, r.met) for r in results]
    assert actual == EXPECTED
    by_measure = {r.indicator.measure: r for r in results}
    (college,) = by_measure["university_or_higher"].missing
    assert college.unit.name.endswith("Phú Thạnh") and college.education == "college"
    (leader,) = by_measure["basic_training"].missing
    assert leader.posts.get().title == "pioneer_leader"
    assert by_measure["has_b1_or_higher"].shortfall == 1


def test_submissions_seats_and_sources(plan):
    rows = selectors.submission_status(plan, datetime.date(2023, 12, 31))
    assert len(rows) == 12  # 11 wards and the high-school union
    assert sum(r.late for r in rows) == 4  # two sent late, two never sent
    assert sum(r.missing for r in rows) == 2
    standing = {v.body: v for v in selectors.vacancies(plan.owner, on=datetime.date(2024, 1, 1))}
    assert standing[Body.STANDING].vacant == 1 and standing[Body.STANDING].since == datetime.date(2023, 3, 31)
    assert standing[Body.EXECUTIVE].vacant == 0 and standing[Body.INSPECTION].vacant == 0


def test_the_tanphu_login_sees_the_dashboard(plan, client):
    client.force_login(User.objects.get(username="tanphu"))
    response = client.get("/cadrework/")
    assert response.status_code == 200 and response.context["plan"] == plan
    assert sum(not r.met for r in response.context["results"]) == 5
    late = [s.unit.name for s in response.context["submissions"] if s.late]
    assert len(late) == 4
