"""The yearly list: draft → proposed → decided | returned, with the cap, the window and the agreement."""

import datetime

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.people.models import PostTitle
from coso.placements import services
from coso.placements.models import ChecklistItem, Placement, StepLog, YearlyList

D = datetime.date
START = D(2019, 1, 15)


@pytest.fixture
def ylist(tree, plan):
    return services.create_yearly_list(actor=tree.users["tckt_officer"], plan=plan, year=2019)


def add(tree, ylist, person, group=2, host=None, title=None, start=START):
    title = title or (PostTitle.DEPUTY_SECRETARY if group == 1 else PostTitle.STANDING_MEMBER)
    return services.add_candidate(
        actor=tree.users["tckt_officer"],
        yearly_list=ylist,
        person=person,
        group=group,
        host=host or tree.bactramy,
        host_title=title,
        start_date=start,
    )


def test_yearly_cap_refuses_a_third_cadre(tree, ylist, cadre):
    add(tree, ylist, cadre("Lê Văn An"))
    add(tree, ylist, cadre("Lê Văn Bình Hai"), host=tree.tamky)
    with pytest.raises(DomainError) as err:
        add(tree, ylist, cadre("Lê Văn Cường"))
    assert err.value.code == "yearly_cap"
    assert err.value.message == "Năm 2019 đã có 2 cán bộ được cử; tối đa 2 cán bộ/năm."


def test_cap_is_data(tree, plan, ylist, cadre):
    plan.yearly_cap = 1
    plan.save()
    add(tree, ylist, cadre("Lê Văn An"))
    with pytest.raises(DomainError) as err:
        add(tree, ylist, cadre("Lê Văn Bảo"))
    assert "tối đa 1 cán bộ/năm" in err.value.message


@pytest.mark.parametrize(
    "start, ok", [(D(2019, 1, 1), True), (D(2019, 3, 31), True), (D(2019, 4, 1), False), (D(2018, 12, 31), False)]
)
def test_start_window_first_quarter(tree, ylist, cadre, start, ok):
    person = cadre("Lê Văn Đạt")
    if ok:
        add(tree, ylist, person, start=start)
    else:
        with pytest.raises(DomainError) as err:
            add(tree, ylist, person, start=start)
        assert "start_window" in [c for c, _m in err.value.violations]
        assert "quý I" in err.value.message


def test_host_must_be_district_level_and_post_fit_the_group(tree, ylist, cadre):
    with pytest.raises(DomainError) as err:
        add(tree, ylist, cadre("Lê Văn Em", group=1), group=1, host=tree.anmy, title=PostTitle.STANDING_MEMBER)
    assert {c for c, _m in err.value.violations} == {"host_not_district", "host_title"}


def test_ineligible_cadre_refused_with_all_reasons_and_wrong_group(tree, ylist, cadre):
    from coso.people.models import Person

    with pytest.raises(DomainError) as err:
        add(tree, ylist, cadre("Lê Văn Giàu", party=Person.PartyStatus.NONE), start=D(2019, 5, 1))
    assert {c for c, _m in err.value.violations} == {"party_none", "start_window"}
    with pytest.raises(DomainError) as err:
        add(tree, ylist, cadre("Lê Văn Hậu", group=2), group=1, title=PostTitle.DEPUTY_SECRETARY)
    assert err.value.code == "wrong_group"


def test_district_officer_cannot_propose(tree, ylist, cadre):
    with pytest.raises(OutOfScope):
        services.add_candidate(
            actor=tree.users["district_standing"],
            yearly_list=ylist,
            person=cadre("Lê Văn Ít"),
            group=2,
            host=tree.bactramy,
            host_title=PostTitle.STANDING_MEMBER,
            start_date=D(2019, 1, 15),
        )


def test_group1_needs_party_agreement_before_decision(tree, ylist, cadre):
    c1 = add(tree, ylist, cadre("Lê Văn Khang", group=1), group=1)
    add(tree, ylist, cadre("Lê Văn Lộc"), host=tree.tamky)
    services.propose(actor=tree.users["tckt_officer"], yearly_list=ylist)
    standing = tree.users["provincial_standing"]
    with pytest.raises(DomainError) as err:
        services.decide(actor=standing, yearly_list=ylist, decision_number="", decision_date=None, signer="")
    codes = [c for c, _m in err.value.violations]
    assert codes == ["party_agreement_missing", "decision_number_required", "decision_date_required", "signer_required"]
    assert "Lê Văn Khang" in err.value.violations[0][1]
    with pytest.raises(DomainError) as err:
        services.record_party_agreement(actor=tree.users["tckt_officer"], candidate=c1, agreed_on=None, document="")
    assert len(err.value.violations) == 2
    services.record_party_agreement(
        actor=tree.users["tckt_officer"], candidate=c1, agreed_on=D(2019, 1, 5), document="25-CV/HU"
    )
    ylist = services.decide(
        actor=standing,
        yearly_list=ylist,
        decision_number="120-QĐ/TĐTN",
        decision_date=D(2019, 1, 10),
        signer="Trần Thị Hồng|BÍ THƯ",
    )
    assert ylist.state == YearlyList.State.DECIDED
    placements = list(Placement.objects.filter(plan=ylist.plan).order_by("id"))
    assert len(placements) == 2
    p = placements[0]
    assert (p.group, p.host, p.host_title, p.planned_end, p.state) == (
        1,
        tree.bactramy,
        PostTitle.DEPUTY_SECRETARY,
        D(2020, 1, 15),
        Placement.State.ACTIVE,
    )
    assert [(r.kind, r.due_date) for r in p.reports.all()] == [("six_month", D(2019, 7, 15)), ("final", D(2020, 1, 15))]
    assert [(e.kind, e.due_date) for e in p.evaluations.all()] == [
        ("six_month", D(2019, 7, 15)),
        ("final", D(2020, 1, 15)),
    ]
    assert sorted(p.checklist.values_list("item", flat=True)) == sorted(ChecklistItem.Item.values)
    steps = list(
        StepLog.objects.filter(workflow="yearly_list", object_id=ylist.pk).values_list("from_state", "to_state")
    )
    assert steps == [("draft", "proposed"), ("proposed", "decided")]


def test_illegal_transitions_and_return(tree, ylist, cadre):
    standing, tckt = tree.users["provincial_standing"], tree.users["tckt_officer"]
    with pytest.raises(DomainError) as err:
        services.propose(actor=tckt, yearly_list=ylist)
    assert err.value.code == "list_empty"
    with pytest.raises(DomainError) as err:
        services.decide(actor=standing, yearly_list=ylist, decision_number="1", decision_date=D(2019, 1, 1), signer="X")
    assert err.value.code == "illegal_transition"
    add(tree, ylist, cadre("Lê Văn Mạnh"))
    services.propose(actor=tckt, yearly_list=ylist)
    with pytest.raises(DomainError):  # proposed lists are frozen
        add(tree, ylist, cadre("Lê Văn Nghĩa"))
    with pytest.raises(OutOfScope):  # TCKT proposes, the Standing Committee decides
        services.decide(actor=tckt, yearly_list=ylist, decision_number="1", decision_date=D(2019, 1, 1), signer="X")
    with pytest.raises(DomainError) as err:
        services.return_list(actor=standing, yearly_list=ylist, comment="")
    assert err.value.code == "comment_required"
    ylist = services.return_list(actor=standing, yearly_list=ylist, comment="Bổ sung cán bộ nữ")
    assert ylist.state == "returned"
    with pytest.raises(DomainError) as err:
        services.return_list(actor=standing, yearly_list=ylist, comment="lại")
    assert err.value.code == "illegal_transition"
    add(tree, ylist, cadre("Lê Thị Oanh", sex="F"), host=tree.tamky)
    services.propose(actor=tckt, yearly_list=ylist)
    services.decide(actor=standing, yearly_list=ylist, decision_number="2", decision_date=D(2019, 1, 2), signer="X")
    with pytest.raises(DomainError) as err:
        services.propose(actor=tckt, yearly_list=ylist)
    assert err.value.code == "illegal_transition"
    steps = StepLog.objects.filter(workflow="yearly_list", object_id=ylist.pk)
    assert [s.to_state for s in steps] == ["proposed", "returned", "proposed", "decided"]
    assert steps[1].comment == "Bổ sung cán bộ nữ" and steps[1].actor == standing


def test_list_year_must_be_in_the_plan_and_unique(tree, plan, ylist):
    with pytest.raises(DomainError) as err:
        services.create_yearly_list(actor=tree.users["tckt_officer"], plan=plan, year=2023)
    assert err.value.code == "year_out_of_plan"
    with pytest.raises(DomainError) as err:
        services.create_yearly_list(actor=tree.users["tckt_officer"], plan=plan, year=2019)
    assert err.value.code == "list_exists"


def test_decision_rechecks_eligibility(tree, ylist, cadre):
    from coso.people.models import DisciplineRecord

    person = cadre("Lê Văn Phúc")
    add(tree, ylist, person)
    services.propose(actor=tree.users["tckt_officer"], yearly_list=ylist)
    DisciplineRecord.objects.create(person=person, status="review", start_date=D(2019, 1, 2))
    with pytest.raises(DomainError) as err:
        services.decide(
            actor=tree.users["provincial_standing"],
            yearly_list=ylist,
            decision_number="3",
            decision_date=D(2019, 1, 5),
            signer="X",
        )
    assert err.value.code == "discipline_review"
    assert "Lê Văn Phúc" in err.value.message
