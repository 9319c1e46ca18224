"""The dashboard: bounded queries whatever the rows, and only what the user may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.accounts.scoping import OutOfScope
from coso.cadrework import indicators, selectors, services
from coso.cadrework.setup import tan_phu_2023
from coso.cadrework.tests.helpers import D, K, cadre, certificate, district, post, train

pytestmark = pytest.mark.django_db


def _populate(tp, n):
    for i in range(n):
        ward = tp.wards[i % len(tp.wards)]
        p = cadre(ward, education="university", works_full_time=True)
        post(p, ward, start=D(2023, 1, 1 + i % 28))
        train(p, K.RESOLUTION_STUDY, D(2023, 3, 1))
        train(p, K.THEMATIC, D(2023, 3, 2))
        train(p, K.DIGITAL_SKILLS, D(2023, 3, 3))
        certificate(p, "B1")
        e = services.add_source(
            actor=None, unit=ward, kind="pioneer_commander", full_name=f"X {i}", added_on=D(2023, 1, 1)
        )
        services.advance_source(actor=None, entry=e, to_stage="hs_union_cadre", on=D(2023, 5, 1))


def _count(plan, user):
    with CaptureQueriesContext(connection) as ctx:
        results = indicators.dashboard(plan, user=user)
        for r in results:
            list(r.missing[:20])  # a first page of each click-through list
    return len(ctx.captured_queries), results


def test_query_count_does_not_grow_with_rows(tree, django_assert_max_num_queries):
    small = district(wards=["A", "B"], code="qa")
    large = district(wards=["A", "B", "C"], code="qb")
    _populate(small, 2)
    _populate(large, 30)
    admin = tree.admin
    small_plan, large_plan = tan_phu_2023(small.owner), tan_phu_2023(large.owner)
    _count(small_plan, admin)  # the user's grants are read once, then cached on the user
    n_small, r_small = _count(small_plan, admin)
    n_large, r_large = _count(large_plan, admin)
    assert n_small == n_large
    assert r_large[0].population_count == 30 and r_small[0].population_count == 2
    with django_assert_max_num_queries(25):
        indicators.dashboard(large_plan, user=admin)


def _tree_plan(tree, owner):
    plan = services.create_plan(actor=None, owner=owner, year=2023, title="KH công tác cán bộ")
    services.add_indicator(
        actor=None,
        plan=plan,
        name="100% cán bộ có đại học",
        population="all_cadres_in_scope",
        measure="university_or_higher",
        target_kind="percent",
        target_value=100,
    )
    return plan


def test_a_bac_tra_my_officer_cannot_compute_tam_ky_or_see_its_people(tree):
    officer = tree.users["district_standing"]
    tamky_plan = _tree_plan(tree, tree.tamky)
    with pytest.raises(OutOfScope):
        indicators.dashboard(tamky_plan, user=officer)
    with pytest.raises(OutOfScope):
        indicators.compute(tamky_plan.indicators.get(), user=officer)
    with pytest.raises(OutOfScope):
        indicators.dashboard(tamky_plan, tree.anmy, user=officer)
    assert tamky_plan not in selectors.plans_visible_to(officer)
    # The provincial plan: the officer may only look at Bắc Trà My's subtree, and sees only its people.
    province_plan = _tree_plan(tree, tree.province)
    with pytest.raises(OutOfScope):
        indicators.dashboard(province_plan, user=officer)
    (mine,) = indicators.dashboard(province_plan, tree.bactramy, user=officer)
    shown = set(mine.missing) | set(mine.achieved)
    assert tree.btm_secretary in shown
    assert tree.tamky_secretary not in shown and tree.secretary not in shown
    assert all(p.unit.is_in_subtree_of(tree.bactramy) for p in shown)
    # The Tam Kỳ officer sees Tam Kỳ's figures.
    (theirs,) = indicators.dashboard(tamky_plan, user=tree.users["district_standing_tamky"])
    assert tree.tamky_secretary in set(theirs.missing)


def test_province_sees_the_whole_tree(tree):
    plan = _tree_plan(tree, tree.province)
    (r,) = indicators.dashboard(plan, user=tree.users["provincial_standing"])
    assert r.population_count == 5  # the five cadres of the small tree
