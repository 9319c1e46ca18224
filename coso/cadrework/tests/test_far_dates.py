"""Issue 11 point 9 for cadre work: a plan's dates, a source entry, sending a cadre to a
course, advancing a source and rotating a cadre take any date typed or sent and answer a refusal or succeed, never another exception (hypothesis)."""

import datetime
import itertools

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from coso.cadrework import services
from coso.core.errors import DomainError
from tests.far_dates import ANY_DATE, PROPERTY, refused_or_done

D = datetime.date
SERIAL = itertools.count()  # hypothesis runs every example in the same test's database


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


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(9999, 12, 31))
@example(day=D(1, 1, 1))
def test_a_base_plan_and_a_planning_with_any_date(tree, day):
    from coso.people.models import PostTitle, Term

    plan = services.create_plan(actor=None, owner=tree.tamky, year=2023, title=f"KH công tác cán bộ {next(SERIAL)}")
    term, _ = Term.objects.get_or_create(start_year=2022, end_year=2027)
    refused_or_done(lambda: services.record_base_plan(actor=None, plan=plan, unit=tree.anmy, submitted_on=day))
    refused_or_done(
        lambda: services.add_planning(
            actor=None, unit=tree.anmy, person=tree.member_anmy, title=PostTitle.SECRETARY, term=term, decided_on=day
        )
    )


def test_a_far_base_plan_date_is_refused_on_its_field_and_a_real_one_kept(tree):
    plan = services.create_plan(actor=None, owner=tree.tamky, year=2023, title="KH công tác cán bộ 2023")
    with pytest.raises(DomainError) as refused:
        services.record_base_plan(actor=None, plan=plan, unit=tree.anmy, submitted_on=D(9999, 12, 31))
    assert (refused.value.code, refused.value.field) == ("date_out_of_window", "submitted_on")
    sent = services.record_base_plan(actor=None, plan=plan, unit=tree.anmy, submitted_on=D(2023, 3, 2))
    assert sent.submitted_on == D(2023, 3, 2)


@PROPERTY
@given(year=st.integers())
@example(year=0)
@example(year=32768)
@example(year=99999)
def test_a_plan_and_an_evaluation_with_any_year(tree, year):
    refused_or_done(lambda: services.create_plan(actor=None, owner=tree.tamky, year=year, title="KH năm bất kỳ"))
    refused_or_done(
        lambda: services.evaluate(actor=None, person=tree.tamky_secretary, year=year, level=_level_in_force())
    )


def _level_in_force():
    return services.evaluation_levels(2023)[0]


def test_a_plan_year_outside_the_window_is_refused_on_its_field(tree):
    for year in (1899, 99999):
        with pytest.raises(DomainError) as refused:
            services.create_plan(actor=None, owner=tree.tamky, year=year, title="KH")
        assert (refused.value.code, refused.value.field) == ("year_out_of_window", "year")
        assert str(year) in refused.value.message
