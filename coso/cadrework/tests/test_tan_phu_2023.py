"""The Tân Phú 2023 indicator table (seed 004) on a Quận Đoàn Tân Phú with 11 wards."""

import pytest

from coso.cadrework import indicators, services
from coso.cadrework.setup import TAN_PHU_2023_INDICATORS, tan_phu_2023
from coso.cadrework.tests.helpers import D, K, cadre, certificate, district, post, train
from coso.people.models import PostTitle

pytestmark = pytest.mark.django_db


@pytest.fixture
def tan_phu():
    tp = district()
    assert len(tp.wards) == 11
    people = []
    # District agency: 5 full-time cadres, 1 not full-time; all trained in youth work in 2023 except the part-timer.
    district_cadres = [cadre(tp.owner, works_full_time=True, education="university") for _ in range(5)]
    part_timer = cadre(tp.owner, education="college")
    for c in district_cadres:
        train(c, K.YOUTH_WORK, D(2023, 4, 10), D(2023, 4, 12))
    people += district_cadres + [part_timer]
    # Ward secretaries: wards 0-7 since 2022; wards 8-10 got a new one on 1/3/2023.
    secretaries = []
    for i, ward in enumerate(tp.wards):
        education = "college" if i == 5 else ("master" if i == 2 else "university")
        s = cadre(ward, education=education)
        if i >= 8:
            predecessor = cadre(ward, is_cadre=False, education="university")
            post(predecessor, ward, start=D(2020, 1, 1), end=D(2023, 2, 28))
            post(s, ward, start=D(2023, 3, 1))
        else:
            post(s, ward, start=D(2022, 9, 1))
        secretaries.append(s)
    people += secretaries
    chair = cadre(tp.wards[0])
    post(chair, tp.wards[0], title=PostTitle.FEDERATION_CHAIR, body="hlhtn", start=D(2023, 6, 1))
    leader = cadre(tp.wards[1])
    post(leader, tp.wards[1], title=PostTitle.PIONEER_LEADER, body="doi", start=D(2023, 8, 15))
    people += [chair, leader]
    # New officers: 4 of 5 trained in the basics in 2023; secretary of ward 10 only in 2022.
    for p in (secretaries[8], secretaries[9], chair):
        train(p, K.YOUTH_WORK, D(2023, 5, 1), D(2023, 5, 3))
    train(leader, K.PIONEER_LEADER, D(2023, 9, 1), D(2023, 9, 20))  # also "advanced" (Pioneer-leader title)
    train(secretaries[10], K.YOUTH_WORK, D(2022, 11, 1), D(2022, 11, 3))
    assert len(people) == 19
    # Resolutions: everyone but the part-timer; thematic topics: everyone reaches 2.
    for p in people:
        if p is not part_timer:
            train(p, K.RESOLUTION_STUDY, D(2023, 3, 1), D(2023, 3, 1))
            train(p, K.THEMATIC, D(2023, 10, 1))
        else:
            train(p, K.THEMATIC, D(2023, 10, 1))
            train(p, K.THEMATIC, D(2023, 11, 1))
        train(p, K.FOREIGN_LANGUAGE, D(2023, 6, 1))
        train(p, K.DIGITAL_SKILLS, D(2023, 7, 1))
    # B1: 9 × B1 and 1 × B2 = 10; one A2 does not count.
    for p in people[:9]:
        certificate(p, "B1")
    certificate(people[9], "B2")
    certificate(people[10], "A2")
    # Advanced: youth work intermediate + political theory advanced + the Pioneer leader = 3.
    train(district_cadres[0], K.YOUTH_WORK, D(2023, 2, 1), D(2024, 2, 1), completed=False, level="trung cấp")
    train(district_cadres[1], K.POLITICAL_THEORY, D(2023, 2, 1), D(2024, 8, 1), completed=False, level="cao cấp")
    train(district_cadres[2], K.POLITICAL_THEORY, D(2023, 2, 1), D(2023, 5, 1), level="sơ cấp")
    # Sources: 8 Pioneer commanders, 7 became high-school union cadres in 2023 (one in 2022).
    for i in range(8):
        e = services.add_source(
            actor=None,
            unit=tp.wards[i % 11],
            kind="pioneer_commander",
            full_name=f"Chỉ huy {i}",
            added_on=D(2022, 1, 1),
        )
        services.advance_source(actor=None, entry=e, to_stage="hs_union_cadre", on=D(2023 if i < 7 else 2022, 9, 5))
    # 5 high-school union cadres, 4 went on to a university union in 2023.
    for i in range(5):
        e = services.add_source(
            actor=None,
            unit=tp.owner,
            kind="school_union_cadre",
            full_name=f"Cán bộ Đoàn THPT {i}",
            added_on=D(2022, 6, 1),
        )
        if i < 4:
            services.advance_source(actor=None, entry=e, to_stage="uni_union_cadre", on=D(2023, 9, 1))
    tp.people, tp.secretaries, tp.part_timer = people, secretaries, part_timer
    return tp


# (population, achieved, met) per row of the table, in the seed's order.
EXPECTED = [
    (19, 18, False),  # resolutions: the part-timer missing
    (5, 5, True),  # full-time district cadres trained
    (5, 4, False),  # new ward officers: ward 10's secretary trained only in 2022
    (19, 19, True),  # ≥2 language / digital activities
    (19, 10, True),  # 10 cadres with B1 (a B2 counts)
    (11, 10, False),  # ward secretaries with a degree: ward 5's has a college diploma
    (19, 3, True),  # at least 3 in advanced training
    (8, 7, True),  # 7 Pioneer commanders → high-school union cadres
    (5, 4, False),  # 5 high-school → university union cadres: only 4
    (19, 19, True),  # ≥2 thematic topics
]


def test_the_plan_carries_the_seed_table():
    tp = district(wards=["Tân Sơn Nhì"], code="tp1")
    plan = tan_phu_2023(tp.owner)
    assert plan.year == 2023 and plan.base_plan_deadline == D(2023, 8, 11)
    rows = list(plan.indicators.values_list("population", "measure", "target_kind", "target_value"))
    assert rows == [(p, m, k, v) for _n, p, m, k, v in TAN_PHU_2023_INDICATORS]
    assert [r[3] for r in rows] == [100, 100, 100, 100, 10, 100, 3, 7, 5, 100]


def test_actual_against_target_for_each_row(tan_phu, django_assert_max_num_queries):
    plan = tan_phu_2023(tan_phu.owner)
    with django_assert_max_num_queries(12):
        results = indicators.dashboard(plan, user=None)
    actual = [(r.population_count, r.achieved_count, r.met) for r in results]
    assert actual == EXPECTED
    by_measure = {r.indicator.measure: r for r in results}
    assert [p.pk for p in by_measure["studied_resolutions"].missing] == [tan_phu.part_timer.pk]
    assert [p.pk for p in by_measure["basic_training"].missing] == [tan_phu.secretaries[10].pk]
    assert [p.pk for p in by_measure["university_or_higher"].missing] == [tan_phu.secretaries[5].pk]
    assert str(by_measure["university_or_higher"].percent) == "90.9"
    assert by_measure["became_university_union_cadre"].shortfall == 1


def test_one_wards_figures(tan_phu):
    plan = tan_phu_2023(tan_phu.owner)
    results = {r.indicator.measure: r for r in indicators.dashboard(plan, tan_phu.wards[0], user=None)}
    assert results["studied_resolutions"].population_count == 2  # its secretary and the new Federation chair
    assert results["university_or_higher"].population_count == 1
    assert results["became_high_school_union_cadre"].achieved_count == 1
