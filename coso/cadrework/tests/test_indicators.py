"""Each population and measure on small built data, at its boundaries; targets and ``met``."""

import pytest

from coso.cadrework import indicators, services
from coso.cadrework.models import SourcePoolEntry
from coso.cadrework.tests.helpers import D, K, cadre, certificate, district, post, train
from coso.core.errors import DomainError
from coso.people.models import Person, PostTitle

pytestmark = pytest.mark.django_db
Y = 2023


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def ppl(population, owner):
    return ids(indicators.POPULATIONS[population].fn(owner, Y))


def hits(measure, owner, *people):
    qs = Person.objects.filter(pk__in=[p.pk for p in people])
    return ids(qs.filter(indicators.measure_q(measure, owner, Y)))


@pytest.fixture
def tp():
    return district(wards=["Tân Sơn Nhì", "Tây Thạnh"])


def test_district_cadres_are_the_agency_cadres_and_full_time_ones(tp):
    full = cadre(tp.owner, works_full_time=True)
    part = cadre(tp.owner)
    cadre(tp.owner, is_cadre=False)
    cadre(tp.wards[0], works_full_time=True)
    assert ppl("district_cadres", tp.owner) == {full.pk, part.pk}
    assert ppl("full_time_district_cadres", tp.owner) == {full.pk}


def test_ward_secretaries_are_current_secretaries_of_base_units(tp):
    current = cadre(tp.wards[0])
    post(current, tp.wards[0], start=D(2022, 9, 1))
    left = cadre(tp.wards[1])
    post(left, tp.wards[1], start=D(2020, 1, 1), end=D(2023, 5, 31))
    deputy = cadre(tp.wards[1])
    post(deputy, tp.wards[1], title=PostTitle.DEPUTY_SECRETARY)
    district_secretary = cadre(tp.owner)
    post(district_secretary, tp.owner)
    assert ppl("ward_secretaries", tp.owner) == {current.pk}


def test_a_secretary_appointed_this_year_is_new_one_from_last_year_is_not(tp):
    new = cadre(tp.wards[0])
    post(new, tp.wards[0], start=D(Y, 3, 1))
    old = cadre(tp.wards[1])
    post(old, tp.wards[1], start=D(Y - 1, 12, 31))
    chair = cadre(tp.wards[1])
    post(chair, tp.wards[1], title=PostTitle.FEDERATION_CHAIR, start=D(Y, 1, 1), body="hlhtn")
    leader = cadre(tp.wards[1])
    post(leader, tp.wards[1], title=PostTitle.PIONEER_LEADER, start=D(Y, 12, 31), body="doi")
    deputy = cadre(tp.wards[0])
    post(deputy, tp.wards[0], title=PostTitle.DEPUTY_SECRETARY, start=D(Y, 3, 1))
    assert ppl("new_ward_officers", tp.owner) == {new.pk, chair.pk, leader.pk}


def test_all_cadres_in_scope_stay_in_the_owner_subtree(tp):
    other = district(name="Quận Đoàn Bình Tân", wards=["An Lạc"], code="bt")
    mine = [cadre(tp.owner), cadre(tp.wards[1])]
    cadre(other.wards[0])
    cadre(tp.wards[0], is_cadre=False)
    assert ppl("all_cadres_in_scope", tp.owner) == {p.pk for p in mine}


def test_studied_resolutions_counts_only_completed_studies_of_the_year(tp):
    a, b, c, d = (cadre(tp.owner) for _ in range(4))
    train(a, K.RESOLUTION_STUDY, D(Y, 3, 1), D(Y, 3, 2))
    train(b, K.RESOLUTION_STUDY, D(Y - 1, 12, 1), D(Y - 1, 12, 31))  # previous year: no
    train(c, K.RESOLUTION_STUDY, D(Y, 5, 1), completed=False)  # not completed: no
    train(d, K.RESOLUTION_STUDY, D(Y - 1, 12, 28), D(Y, 1, 3))  # reaches into the year: yes
    assert hits("studied_resolutions", tp.owner, a, b, c, d) == {a.pk, d.pk}


def test_knowledge_skills_and_basic_training(tp):
    a, b, c = (cadre(tp.owner) for _ in range(3))
    train(a, K.YOUTH_WORK, D(Y, 4, 1), D(Y, 4, 3))
    train(b, K.POLITICAL_THEORY, D(Y, 4, 1), D(Y, 6, 3), level="sơ cấp")
    train(c, K.DIGITAL_SKILLS, D(Y, 4, 1))
    assert hits("trained_knowledge_skills", tp.owner, a, b, c) == {a.pk, b.pk}
    assert hits("basic_training", tp.owner, a, b, c) == {a.pk}


def test_two_language_or_digital_activities(tp):
    both, one, last_year = (cadre(tp.owner) for _ in range(3))
    train(both, K.FOREIGN_LANGUAGE, D(Y, 2, 1), completed=False)
    train(both, K.DIGITAL_SKILLS, D(Y, 9, 1))
    train(one, K.DIGITAL_SKILLS, D(Y, 9, 1))
    train(one, K.THEMATIC, D(Y, 9, 1))
    train(last_year, K.DIGITAL_SKILLS, D(Y - 1, 9, 1), D(Y - 1, 9, 1))
    train(last_year, K.DIGITAL_SKILLS, D(Y, 9, 1))
    assert hits("two_language_or_digital_activities", tp.owner, both, one, last_year) == {both.pk}


def test_b2_counts_for_b1_a2_does_not_and_a_later_certificate_does_not(tp):
    b1, b2, lower, a2, later = (cadre(tp.owner) for _ in range(5))
    certificate(b1, "B1")
    certificate(b2, "B2")
    certificate(lower, "b1 (VSTEP)")
    certificate(a2, "A2")
    certificate(later, "B1", issued_on=D(Y + 1, 1, 5))
    it = cadre(tp.owner)
    certificate(it, "B1", kind="it")
    assert hits("has_b1_or_higher", tp.owner, b1, b2, lower, a2, later, it) == {b1.pk, b2.pk, lower.pk}


def test_university_or_higher(tp):
    uni, master, college, unknown = (cadre(tp.owner, education=e) for e in ("university", "master", "college", ""))
    assert hits("university_or_higher", tp.owner, uni, master, college, unknown) == {uni.pk, master.pk}


def test_advanced_training(tp):
    yw, yw_low, ll_high, ll_low, tpt, old = (cadre(tp.owner) for _ in range(6))
    train(yw, K.YOUTH_WORK, D(Y, 3, 1), D(Y + 1, 3, 1), completed=False, level="Trung cấp")
    train(yw_low, K.YOUTH_WORK, D(Y, 3, 1), level="sơ cấp")
    train(ll_high, K.POLITICAL_THEORY, D(Y, 3, 1), level="cao cấp")
    train(ll_low, K.POLITICAL_THEORY, D(Y, 3, 1), level="sơ cấp")
    train(tpt, K.PIONEER_LEADER, D(Y, 7, 1), D(Y, 7, 20))
    train(old, K.POLITICAL_THEORY, D(Y - 2, 3, 1), D(Y - 1, 3, 1), level="trung cấp")
    assert hits("advanced_training", tp.owner, yw, yw_low, ll_high, ll_low, tpt, old) == {yw.pk, ll_high.pk, tpt.pk}


def test_two_thematic_topics(tp):
    a, b = cadre(tp.owner), cadre(tp.owner)
    train(a, K.THEMATIC, D(Y, 3, 1))
    train(a, K.RESOLUTION_STUDY, D(Y, 4, 1))
    train(b, K.THEMATIC, D(Y, 3, 1))
    train(b, K.THEMATIC, D(Y - 1, 3, 1), D(Y - 1, 3, 1))
    assert hits("two_thematic_topics", tp.owner, a, b) == {a.pk}


def test_source_pool_population_and_stage_measures(tp):
    moved = services.add_source(
        actor=None, unit=tp.wards[0], kind="pioneer_commander", full_name="Lê An", added_on=D(Y, 1, 5)
    )
    early = services.add_source(
        actor=None, unit=tp.wards[0], kind="pioneer_commander", full_name="Lê Bình", added_on=D(Y - 1, 1, 5)
    )
    later = services.add_source(
        actor=None, unit=tp.wards[0], kind="pioneer_commander", full_name="Lê Chi", added_on=D(Y + 1, 1, 5)
    )
    services.advance_source(actor=None, entry=moved, to_stage="hs_union_cadre", on=D(Y, 9, 5))
    services.advance_source(actor=None, entry=early, to_stage="hs_union_cadre", on=D(Y - 1, 9, 5))
    pop = indicators.pioneer_commander_sources(tp.owner, Y)
    assert ids(pop) == {moved.pk, early.pk}
    assert later.pk not in ids(pop)
    assert ids(pop.filter(indicators.became_high_school_union_cadre(tp.owner, Y))) == {moved.pk}
    school = services.add_source(
        actor=None, unit=tp.owner, kind="school_union_cadre", full_name="Lê Dung", added_on=D(Y, 1, 5)
    )
    assert school.stage == SourcePoolEntry.Stage.HIGH_SCHOOL_UNION_CADRE
    services.advance_source(actor=None, entry=school, to_stage="uni_union_cadre", on=D(Y, 10, 1))
    with pytest.raises(DomainError) as err:
        services.advance_source(actor=None, entry=school, to_stage="hs_union_cadre", on=D(Y, 11, 1))
    assert err.value.code == "bad_transition"


# ---------------------------------------------------------------- compute: targets, met, missing


def _plan(owner):
    return services.create_plan(actor=None, owner=owner, year=Y, title="Kế hoạch thử")


def test_percent_target_met_only_at_the_full_share_and_missing_lists_who(tp):
    plan = _plan(tp.owner)
    ind = services.add_indicator(
        actor=None,
        plan=plan,
        name="100% bí thư có đại học",
        population="all_cadres_in_scope",
        measure="university_or_higher",
        target_kind="percent",
        target_value=100,
    )
    a = cadre(tp.owner, education="university")
    b = cadre(tp.wards[0], education="college")
    r = indicators.compute(ind)
    assert (r.population_count, r.achieved_count, str(r.percent), r.met) == (2, 1, "50.0", False)
    assert ids(r.achieved) == {a.pk} and ids(r.missing) == {b.pk}
    assert r.shortfall == 1
    ind.target_value = 50
    assert indicators.compute(ind).met is True
    # narrowed to a ward's subtree
    r = indicators.compute(ind, unit=tp.wards[0])
    assert (r.population_count, r.achieved_count) == (1, 0)


def test_count_target_and_an_empty_population(tp):
    plan = _plan(tp.owner)
    ind = services.add_indicator(
        actor=None,
        plan=plan,
        name="2 cán bộ B1",
        population="all_cadres_in_scope",
        measure="has_b1_or_higher",
        target_kind="count",
        target_value=2,
    )
    certificate(cadre(tp.owner), "B1")
    r = indicators.compute(ind)
    assert (r.achieved_count, r.met, r.shortfall, r.target_label) == (1, False, 1, "2")
    certificate(cadre(tp.wards[1]), "C1")
    assert indicators.compute(ind).met is True
    empty = services.add_indicator(
        actor=None,
        plan=plan,
        name="100% mới",
        population="new_ward_officers",
        measure="basic_training",
        target_kind="percent",
        target_value=100,
    )
    r = indicators.compute(empty)
    assert (r.population_count, r.percent, r.met) == (0, None, True)


def test_a_year_other_than_the_plan_year_can_be_computed(tp):
    plan = _plan(tp.owner)
    ind = services.add_indicator(
        actor=None,
        plan=plan,
        name="nghị quyết",
        population="all_cadres_in_scope",
        measure="studied_resolutions",
        target_kind="percent",
        target_value=100,
    )
    train(cadre(tp.owner), K.RESOLUTION_STUDY, D(Y + 1, 3, 1), D(Y + 1, 3, 1))
    assert indicators.compute(ind).achieved_count == 0
    assert indicators.compute(ind, year=Y + 1).achieved_count == 1


def test_add_indicator_reports_every_violation(tp):
    plan = _plan(tp.owner)
    with pytest.raises(DomainError) as err:
        services.add_indicator(
            actor=None,
            plan=plan,
            name=" ",
            population="nobody",
            measure="university_or_higher",
            target_kind="percent",
            target_value=120,
        )
    codes = {code for code, _ in err.value.violations}
    assert codes == {"unknown_population", "percent_over_100", "name_required"}
    with pytest.raises(DomainError) as err:
        services.add_indicator(
            actor=None,
            plan=plan,
            name="x",
            population="pioneer_commander_sources",
            measure="university_or_higher",
            target_kind="count",
            target_value=3,
        )
    assert err.value.code == "subject_mismatch"
    assert "không áp dụng" in err.value.message


def test_every_registered_population_and_measure_runs(tp):
    owner = tp.owner
    for population in indicators.POPULATIONS.values():
        qs = population.fn(owner, Y)
        for measure in indicators.MEASURES.values():
            if measure.subject == population.subject:
                qs.filter(indicators.as_q(measure.fn(owner, Y))).count()
