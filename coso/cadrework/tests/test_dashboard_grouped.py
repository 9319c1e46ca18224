"""The KPI dashboard reads each population once: one grouped aggregate for all the plan's
indicators of that population (issue 9), with the same figures as each indicator alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.cadrework import indicators, services
from coso.cadrework.setup import tan_phu_2023
from coso.cadrework.tests.helpers import district

from .test_dashboard import _populate

pytestmark = pytest.mark.django_db

PERSON_MEASURES = (
    "studied_resolutions",
    "two_thematic_topics",
    "two_language_or_digital_activities",
    "has_b1_or_higher",
    "university_or_higher",
    "basic_training",
)


def _queries(plan, user):
    with CaptureQueriesContext(connection) as ctx:
        results = indicators.dashboard(plan, user=user)
    return len(ctx.captured_queries), results


def _more_indicators(plan, n):
    """``n`` more indicators over populations the plan already counts."""
    for i in range(n):
        services.add_indicator(
            actor=None,
            plan=plan,
            name=f"Chỉ tiêu thêm {i}",
            population="all_cadres_in_scope" if i % 2 else "full_time_district_cadres",
            measure=PERSON_MEASURES[i % len(PERSON_MEASURES)],
            target_kind="percent",
            target_value=50,
        )


def test_one_aggregate_per_population_whatever_the_indicators_and_people(tree):
    small, large = district(wards=["A", "B"], code="ga"), district(wards=["A", "B", "C"], code="gb")
    _populate(small, 2)
    _populate(large, 25)
    small_plan, large_plan = tan_phu_2023(small.owner), tan_phu_2023(large.owner)
    _more_indicators(large_plan, 12)
    admin = tree.admin
    _queries(small_plan, admin)  # the user's grants, read once then cached
    n_small, r_small = _queries(small_plan, admin)
    n_large, r_large = _queries(large_plan, admin)
    assert len(r_large) == len(r_small) + 12
    assert n_small == n_large  # neither the 12 more indicators nor the people add a query
    populations = {r.indicator.population for r in r_large}
    assert n_large <= 1 + len(populations)  # the indicators, then one aggregate per population
    # the same figures as each indicator computed alone (one aggregate each, as before)
    for result in r_large:
        alone = indicators.compute(result.indicator, user=admin)
        assert (result.population_count, result.achieved_count, result.percent, result.met) == (
            alone.population_count,
            alone.achieved_count,
            alone.percent,
            alone.met,
        ), result.indicator.name
        assert set(result.missing) == set(alone.missing)
    assert any(r.achieved_count for r in r_large) and any(r.population_count == 25 for r in r_large)
