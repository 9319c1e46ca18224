"""Issue 11 point 9 for cadre work: a plan's dates, a source entry, sending a cadre to a
course, advancing a source and rotating a cadre take any date typed or sent and answer a refusal or succeed, never another exception (hypothesis)."""

import datetime

from hypothesis import example, given

from coso.cadrework import services
from tests.far_dates import ANY_DATE, PROPERTY, refused_or_done

D = datetime.date


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(9999, 12, 31))
@example(day=D(1, 1, 1))
def test_enrolling_and_rotating_a_cadre_with_any_date(tree, day):
    course = services.create_course(
        actor=None,
        organiser=tree.tamky,
        kind="youth_work",
        name="Lớp nghiệp vụ Tam Kỳ",
        start_date=D(2023, 4, 3),
        session_dates=[D(2023, 4, 3)],
    )
    refused_or_done(lambda: services.enroll(actor=None, course=course, person=tree.tamky_secretary, sent_on=day))
    refused_or_done(lambda: services.rotate(actor=None, person=tree.movement_cadre, to_department=tree.tckt, on=day))


@PROPERTY
@given(day=ANY_DATE, deadline=ANY_DATE)
@example(day=D(9999, 12, 31), deadline=D(1, 1, 1))
def test_plans_and_sources_with_any_dates(tree, day, deadline):
    refused_or_done(
        lambda: services.create_plan(
            actor=None,
            owner=tree.tamky,
            year=2023,
            title="KH công tác cán bộ",
            issued_on=day,
            base_plan_deadline=deadline,
        )
    )

    def add_and_advance():
        entry = services.add_source(
            actor=None, unit=tree.anmy, kind="pioneer_commander", full_name="Nguyễn Văn Nguồn", added_on=day
        )
        services.advance_source(actor=None, entry=entry, to_stage="hs_union_cadre", on=deadline)

    refused_or_done(add_and_advance)
