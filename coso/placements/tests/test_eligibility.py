"""Every condition of seed 002 §II at its boundary (start date 15/01/2019)."""

import datetime

import pytest

from coso.people.models import Child, DisciplineRecord, Person, Pregnancy
from coso.placements import rules, selectors, services

from .conftest import START

D = datetime.date


def check(person, plan, start=START):
    facts = rules.load_facts([person], plan)[person.pk]
    return rules.eligibility(person, plan, start, facts)


def codes(result, passed=None):
    return [r.code for r in result.reasons if passed is None or r.passed == passed]


def test_group1_cadre_is_eligible_with_every_reason_shown(plan, cadre):
    r = check(cadre("Lê Văn An", group=1), plan)
    assert r.eligible and r.group == 1 and r.proposable
    assert codes(r, passed=False) == []
    assert {"on_payroll", "party_member", "age_ok", "group1", "evaluation_ok", "no_discipline"} <= set(codes(r))
    assert all(r.message for r in r.reasons)


def test_group2_cadre_is_eligible(plan, cadre):
    r = check(cadre("Lê Văn Ba", group=2, party=Person.PartyStatus.SOURCE), plan)
    assert r.eligible and r.group == 2
    assert "party_source" in codes(r, passed=True)


def test_party_status_none_is_not_eligible(plan, cadre):
    r = check(cadre("Lê Văn Cư", party=Person.PartyStatus.NONE), plan)
    assert not r.eligible and codes(r, passed=False) == ["party_none"]


def test_not_on_payroll_is_not_eligible(plan, cadre):
    r = check(cadre("Lê Văn Dũng", on_payroll=False), plan)
    assert codes(r, passed=False) == ["not_on_payroll"]


@pytest.mark.parametrize(
    "birth, eligible",
    [
        ((1988, 1, 14), False),  # 31st birthday the day before the start: 31 on the start date
        ((1988, 1, 15), False),  # 31st birthday on the start day: 31
        ((1988, 1, 16), True),  # 31st birthday the day after: still 30
        ((1989, 1, 14), True),  # 30 since the day before
    ],
)
def test_age_limit_at_most_30_on_the_start_date(plan, cadre, birth, eligible):
    r = check(cadre("Lê Văn Em", birth=birth), plan)
    assert r.eligible is eligible
    assert ("age_ok" if eligible else "too_old") in codes(r)


def test_missing_birth_date_is_a_reason(plan, cadre):
    p = cadre("Lê Văn Phú")
    p.birth_date = None
    r = check(p, plan)
    assert "birth_date_missing" in codes(r, passed=False)


@pytest.mark.parametrize(
    "child_birth, eligible",
    [
        (D(2017, 1, 16), False),  # turns 24 months the day after the start: still under 24 months
        (D(2017, 1, 15), True),  # turns 24 months on the start day: no longer under 24 months
        (D(2017, 1, 14), True),
        (D(2019, 1, 15), False),  # born on the start day
    ],
)
def test_child_under_24_months_boundaries(plan, cadre, child_birth, eligible):
    p = cadre("Nguyễn Thị Giang", sex="F")
    Child.objects.create(person=p, birth_date=child_birth)
    r = check(p, plan)
    assert r.eligible is eligible
    assert ("no_young_child" if eligible else "young_child") in codes(r)


def test_child_rule_applies_to_women_only(plan, cadre):
    p = cadre("Nguyễn Văn Hải", sex="M")
    Child.objects.create(person=p, birth_date=D(2018, 6, 1))
    assert check(p, plan).eligible


def test_add_months_clamps_to_month_end():
    assert rules.add_months(D(2016, 2, 29), 24) == D(2018, 2, 28)
    assert rules.add_months(D(2018, 8, 31), 6) == D(2019, 2, 28)


@pytest.mark.parametrize(
    "start, end, eligible",
    [
        (D(2018, 9, 1), D(2019, 3, 1), False),  # covers the start
        (D(2018, 9, 1), None, False),  # ongoing
        (D(2018, 3, 1), D(2019, 1, 15), False),  # ends on the start day
        (D(2018, 3, 1), D(2019, 1, 14), True),  # ended the day before
        (D(2019, 1, 16), None, True),  # begins after the start
    ],
)
def test_pregnancy_on_the_start_date(plan, cadre, start, end, eligible):
    p = cadre("Trần Thị Hoa", sex="F")
    Pregnancy.objects.create(person=p, start_date=start, end_date=end)
    r = check(p, plan)
    assert r.eligible is eligible
    assert ("not_pregnant" if eligible else "pregnant") in codes(r)


@pytest.mark.parametrize(
    "status, start, end, code",
    [
        (DisciplineRecord.Status.UNDER_REVIEW, D(2018, 12, 1), None, "discipline_review"),
        (DisciplineRecord.Status.DISCIPLINED, D(2018, 6, 1), D(2019, 6, 1), "disciplined"),
        (DisciplineRecord.Status.DISCIPLINED, D(2017, 6, 1), D(2018, 6, 1), None),  # over
        (DisciplineRecord.Status.CLEARED, D(2018, 12, 1), None, None),
    ],
)
def test_discipline_and_review(plan, cadre, status, start, end, code):
    p = cadre("Phan Văn Khoa")
    DisciplineRecord.objects.create(person=p, status=status, start_date=start, end_date=end)
    r = check(p, plan)
    if code:
        assert not r.eligible and code in codes(r, passed=False)
    else:
        assert r.eligible and "no_discipline" in codes(r, passed=True)


def test_missing_evaluation_year_is_a_reason_not_a_silent_pass(plan, cadre):
    r = check(cadre("Võ Văn Lâm", evaluations={2016: "HTTNV", 2018: "HTTNV"}), plan)
    assert not r.eligible
    failures = [x for x in r.reasons if not x.passed]
    assert [x.code for x in failures] == ["evaluation_missing"]
    assert "2017" in failures[0].message


def test_evaluation_below_good_fails(plan, cadre):
    r = check(cadre("Võ Văn Minh", evaluations={2016: "HTTNV", 2017: "HTNV", 2018: "HTTNV"}), plan)
    assert codes(r, passed=False) == ["evaluation_low"]


def test_not_planned_and_not_in_any_group(plan, cadre):
    assert codes(check(cadre("Đỗ Văn Nam", group=1, planned=False), plan), passed=False) == ["not_planned"]
    assert codes(check(cadre("Đỗ Văn Oanh", group=None), plan), passed=False) == ["not_in_target_group"]


def test_every_failure_is_reported_at_once(plan, cadre):
    p = cadre(
        "Đỗ Thị Phương",
        sex="F",
        birth=(1980, 1, 1),
        party=Person.PartyStatus.NONE,
        evaluations={},
        on_payroll=False,
        group=None,
    )
    Pregnancy.objects.create(person=p, start_date=D(2018, 10, 1))
    r = check(p, plan)
    assert set(codes(r, passed=False)) == {
        "not_on_payroll",
        "party_none",
        "too_old",
        "not_in_target_group",
        "evaluation_missing",
        "pregnant",
    }
    assert codes(r, passed=False).count("evaluation_missing") == 3


def test_case_exception_makes_an_unplanned_cadre_proposable_with_reasons_shown(tree, plan, cadre):
    p = cadre("Đinh Văn Quang", group=2, planned=False)
    services.record_exception(
        actor=tree.users["tckt_officer"],
        plan=plan,
        person=p,
        reason="Có triển vọng, năng nổ",
        decision_number="12-TB/TĐTN",
    )
    r = check(p, plan)
    assert not r.eligible and r.proposable and r.group == 2
    assert "not_planned" in codes(r, passed=False)
    assert "case_exception" in codes(r, passed=True)


def test_case_exception_does_not_cover_other_conditions(tree, plan, cadre):
    p = cadre("Đinh Văn Rạng", group=2, planned=False, party=Person.PartyStatus.NONE)
    services.record_exception(actor=tree.users["tckt_officer"], plan=plan, person=p, reason="Có triển vọng")
    r = check(p, plan)
    assert not r.proposable


def test_case_exception_needs_a_reason(tree, plan, cadre):
    from coso.core.errors import DomainError

    with pytest.raises(DomainError) as err:
        services.record_exception(
            actor=tree.users["tckt_officer"], plan=plan, person=cadre("Đinh Văn Sang"), reason=" "
        )
    assert err.value.code == "reason_required"


def test_facts_for_many_people_in_a_fixed_number_of_queries(tree, plan, cadre, django_assert_num_queries):
    few = [cadre(f"Lê Văn A{i}", group=1 + i % 2) for i in range(2)]
    many = few + [cadre(f"Lê Thị B{i}", sex="F", group=1 + i % 2) for i in range(6)]
    pr = rules.plan_rules(plan)
    with django_assert_num_queries(8) as ctx:
        facts = rules.load_facts(few, plan)
    with django_assert_num_queries(len(ctx.captured_queries)):
        facts = rules.load_facts(many, plan)
    with django_assert_num_queries(0):
        results = [rules.eligibility(p, pr, START, facts[p.pk]) for p in many]
    assert all(r.eligible for r in results)


# --- Sensitive facts ------------------------------------------------------------------------

LEAKS = ("thai", "con nhỏ", "con sinh", "01/06/2018", "pregnan", "child")


def _woman_with_baby(cadre):
    p = cadre("Trương Thị Thu", sex="F")
    Child.objects.create(person=p, birth_date=D(2018, 6, 1))
    return p


def test_tckt_sees_the_pregnancy_and_child_reasons(tree, plan, cadre):
    p = _woman_with_baby(cadre)
    r = selectors.eligibility_for(actor=tree.users["tckt_officer"], plan=plan, person=p, start_date=START)
    assert "young_child" in codes(r, passed=False)


@pytest.mark.parametrize("role", ["district_standing", "movement_cadre", "department_leader"])
def test_users_without_view_sensitive_get_a_generic_reason(tree, plan, cadre, role):
    p = _woman_with_baby(cadre)
    r = selectors.eligibility_for(actor=tree.users[role], plan=plan, person=p, start_date=START)
    assert not r.eligible
    assert codes(r, passed=False) == ["personal_condition"]
    text = " ".join(f"{x.code} {x.message}" for x in r.reasons).lower()
    assert not any(leak in text for leak in LEAKS), text


def test_eligibility_list_redacts_per_user_and_is_cheap(tree, plan, cadre, django_assert_max_num_queries):
    woman = _woman_with_baby(cadre)
    cadre("Lý Văn Út", group=1)
    rows = dict(selectors.eligibility_list(actor=tree.users["movement_cadre"], plan=plan, start_date=START))
    assert codes(rows[woman], passed=False) == ["personal_condition"]
    rows = dict(selectors.eligibility_list(actor=tree.users["tckt_officer"], plan=plan, start_date=START))
    assert codes(rows[woman], passed=False) == ["young_child"]
    for i in range(5):
        cadre(f"Lý Văn C{i}")
    with django_assert_max_num_queries(12):
        rows = selectors.eligibility_list(actor=tree.users["tckt_officer"], plan=plan, start_date=START)
    assert len(rows) >= 8
    # A district officer sees no provincial cadre at all.
    assert selectors.eligibility_list(actor=tree.users["district_standing"], plan=plan, start_date=START) == []
