"""The base unions' plans on the dashboard: counted by one grouped query and listed a page at a
time from SQL (issue 9), with the same figures as the rows one by one, on any day."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.cadrework import selectors, services
from coso.org.models import Unit
from tests.builders import _level

pytestmark = pytest.mark.django_db
D = datetime.date


def _by_rows(rows):
    counts = selectors.SubmissionCounts()
    for row in rows:
        if row.late:
            counts.late += 1
        elif row.missing:
            counts.missing += 1
        else:
            counts.on_time += 1
    return counts


@pytest.fixture
def plan(btm):
    """Trà Sơn sent on 5 August (on time), one more ward sent on 20 August (late), two never."""
    bactramy = Unit.objects.get(pk=btm.bactramy.pk)
    late = Unit.objects.add_child(bactramy, dict(name="Đoàn xã Trà Đốc", level=_level("doan-co-so")))
    Unit.objects.add_child(Unit.objects.get(pk=bactramy.pk), dict(name="Đoàn xã Trà Bui", level=_level("doan-co-so")))
    services.record_base_plan(actor=None, plan=btm.plan, unit=late, submitted_on=D(2023, 8, 20))
    btm.plan.refresh_from_db()
    return btm.plan


@pytest.mark.parametrize("on", [D(2023, 8, 1), D(2023, 8, 5), D(2023, 8, 11), D(2023, 8, 12), D(2023, 8, 25)])
def test_counts_are_those_of_the_rows_on_any_day(plan, tree, on):
    assert plan.base_plan_deadline is not None
    for user in (None, tree.admin):
        rows = selectors.submission_status(plan, on, user=user)
        assert selectors.submission_counts(plan, on, user=user) == _by_rows(rows)
        page = selectors.submission_page(plan, on, 1, per_page=2, user=user)
        assert [(s.unit, s.submitted_on, s.late) for s in page] == [(s.unit, s.submitted_on, s.late) for s in rows[:2]]
        rest = selectors.submission_page(plan, on, 2, per_page=2, user=user)
        assert [s.unit for s in rest] == [s.unit for s in rows[2:4]]


def test_without_a_deadline_nothing_is_late(plan):
    plan.base_plan_deadline = None
    counts = selectors.submission_counts(plan, D(2023, 12, 31))
    assert (counts.late, counts.on_time, counts.missing) == (0, 2, counts.total - 2)


def test_a_ward_counts_only_its_own_union(plan, tree):
    ward = selectors.submission_counts(plan, D(2023, 12, 31), user=tree.users["base_officer"])
    assert (ward.total, ward.on_time) == (1, 1)  # Trà Sơn, not the district's other unions


def test_two_queries_whatever_the_base_unions(plan, tree):
    def queries():
        with CaptureQueriesContext(connection) as ctx:
            counts = selectors.submission_counts(plan, D(2023, 12, 31))
            list(selectors.submission_page(plan, D(2023, 12, 31), 1, per_page=50, total=counts.total))
        return len(ctx.captured_queries)

    assert plan.owner  # the plan's owner read with the plan, as the page reads it
    few = queries()
    bactramy = Unit.objects.get(pk=tree.bactramy.pk)
    for n in range(30):
        bactramy = Unit.objects.get(pk=bactramy.pk)
        Unit.objects.add_child(bactramy, dict(name=f"Đoàn xã Thêm {n:02d}", level=_level("doan-co-so")))
    assert queries() == few == 2
