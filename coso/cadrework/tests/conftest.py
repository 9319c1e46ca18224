"""Fixtures of the cadre-work page and API tests, on the shared small tree (tests/builders.py)."""

import datetime

import pytest

from coso.cadrework import services
from coso.people.models import Body, Person, Planning, Post, PostTitle

D = datetime.date


@pytest.fixture
def btm(tree):
    """Bắc Trà My's 2023 plan: ward secretaries with a degree (Trà Sơn's holds a college
    diploma), cadres who studied the resolutions; Trà Sơn sent its plan on time, Trà Giang not."""
    t = tree
    t.ts_secretary = Person.objects.create(
        family_name="Hồ",
        middle_name="Thị",
        given_name="Mai",
        sex="F",
        unit=t.trason,
        is_cadre=True,
        education="college",
        birth_date=D(1995, 4, 10),
    )
    t.tg_secretary = Person.objects.create(
        family_name="Bùi",
        middle_name="Văn",
        given_name="Long",
        sex="M",
        unit=t.tragiang,
        is_cadre=True,
        education="university",
    )
    for person, unit in ((t.ts_secretary, t.trason), (t.tg_secretary, t.tragiang)):
        Post.objects.create(
            person=person, unit=unit, body=Body.STANDING_OFFICERS, title=PostTitle.SECRETARY, start_date=D(2022, 6, 1)
        )
    t.plan = services.create_plan(
        actor=None,
        owner=t.bactramy,
        year=2023,
        number="05-KH/HĐTN",
        title="Kế hoạch công tác cán bộ Bắc Trà My năm 2023",
        base_plan_deadline=D(2023, 8, 11),
    )
    t.degree = services.add_indicator(
        actor=None,
        plan=t.plan,
        name="100% Bí thư Đoàn xã đạt trình độ đại học trở lên",
        population="ward_secretaries",
        measure="university_or_higher",
        target_kind="percent",
        target_value=100,
    )
    t.resolutions = services.add_indicator(
        actor=None,
        plan=t.plan,
        name="100% cán bộ học tập nghị quyết",
        population="all_cadres_in_scope",
        measure="studied_resolutions",
        target_kind="percent",
        target_value=100,
    )
    services.record_base_plan(actor=None, plan=t.plan, unit=t.trason, submitted_on=D(2023, 8, 5))
    Planning.objects.create(person=t.tg_secretary, unit=t.bactramy, title=PostTitle.DEPUTY_SECRETARY, term=t.term)
    return t
