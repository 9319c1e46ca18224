"""Issue 11 point 9 for field training: a placement's finish, its cancellation, a host's
task, the yearly list's candidates and decision take any date typed or sent and answer a refusal or succeed, never another
exception (hypothesis, as ``tests/test_far_dates.py`` does for the other services)."""

import datetime

from hypothesis import example, given
from hypothesis import strategies as st

from coso.placements import services
from tests.far_dates import ANY_DATE, PROPERTY, refused_or_done

D = datetime.date


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(9999, 12, 31))
@example(day=D(1, 1, 1))
def test_finishing_and_cancelling_a_placement_with_any_date(tree, placement, day):
    tckt = tree.users["tckt_officer"]
    refused_or_done(lambda: services.finish_placement(actor=tckt, placement=placement, actual_end=day))
    refused_or_done(
        lambda: services.finish_placement(actor=tckt, placement=placement, actual_end=day, early_reason="Ốm dài ngày")
    )
    refused_or_done(
        lambda: services.cancel_placement(actor=tckt, placement=placement, reason="Chuyển công tác", on=day)
    )


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(9999, 12, 31))
def test_deciding_a_yearly_list_and_a_candidate_start_with_any_date(tree, plan, day):
    from coso.people.models import PostTitle
    from coso.placements.tests.conftest import make_cadre

    tckt = tree.users["tckt_officer"]
    person = make_cadre(tree, "Đặng Văn Xa", group=2)

    def propose_and_decide():
        ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2019)
        services.add_candidate(
            actor=tckt,
            yearly_list=ylist,
            person=person,
            group=2,
            host=tree.bactramy,
            host_title=PostTitle.STANDING_MEMBER,
            start_date=day,
        )
        services.propose(actor=tckt, yearly_list=ylist)
        services.decide(
            actor=tree.users["provincial_standing"],
            yearly_list=ylist,
            decision_number="120-QĐ/TĐTN",
            decision_date=day,
            signer="Trần Thị Hồng|BÍ THƯ",
        )

    refused_or_done(propose_and_decide)


@PROPERTY
@given(day=ANY_DATE, due=st.one_of(st.none(), ANY_DATE))
@example(day=D(9999, 12, 31), due=D(1, 1, 1))
def test_a_hosts_task_with_any_dates(tree, placement, day, due):
    host = tree.users["district_standing"]
    refused_or_done(
        lambda: services.assign_task(
            actor=host, placement=placement, title="Phụ trách Đoàn xã Trà Sơn", assigned_on=day, due_date=due
        )
    )


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(9999, 12, 31))
@example(day=D(1, 1, 1))
def test_an_exception_and_a_party_agreement_with_any_date(tree, plan, day):
    from coso.people.models import PostTitle
    from coso.placements.tests.conftest import make_cadre

    tckt = tree.users["tckt_officer"]
    refused_or_done(
        lambda: services.record_exception(
            actor=tckt,
            plan=plan,
            person=make_cadre(tree, "Phan Văn Ngoại", group=None),
            reason="Cán bộ triển vọng ngoài quy hoạch",
            decision_number="7-QĐ/TĐTN",
            decision_date=day,
        )
    )

    def agree():
        ylist = services.create_yearly_list(actor=tckt, plan=plan, year=2019)
        candidate = services.add_candidate(
            actor=tckt,
            yearly_list=ylist,
            person=make_cadre(tree, "Võ Văn Một", group=1),
            group=1,
            host=tree.bactramy,
            host_title=PostTitle.DEPUTY_SECRETARY,
            start_date=D(2019, 1, 15),
        )
        services.record_party_agreement(actor=tckt, candidate=candidate, agreed_on=day, document="25-CV/HU")

    refused_or_done(agree)


@PROPERTY
@given(start=st.integers(), end=st.integers(min_value=-(10**6), max_value=10**6))
@example(start=0, end=99999)
@example(start=2019, end=32768)
def test_a_plan_with_any_years(tree, start, end):
    refused_or_done(
        lambda: services.create_plan(
            actor=tree.users["tckt_officer"],
            owner=tree.province,
            name="Kế hoạch đào tạo thực tế",
            start_year=start,
            end_year=end,
        )
    )
