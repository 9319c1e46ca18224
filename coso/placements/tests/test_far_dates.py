"""Issue 11 point 9 for field training: a placement's finish, its cancellation, a host's
task, the yearly list's candidates and decision take any date typed or sent and answer a refusal or succeed, never another
exception (hypothesis, as ``tests/test_far_dates.py`` does for the other services)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coso.core.errors import DomainError
from coso.placements import services

D = datetime.date
ANY_DATE = st.dates(min_value=D(1, 1, 1), max_value=D(9999, 12, 31))
PROPERTY = settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _refused_or_done(call):
    try:
        with transaction.atomic():
            call()
            transaction.set_rollback(True)
    except (DomainError, ValidationError):
        pass


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(9999, 12, 31))
@example(day=D(1, 1, 1))
def test_finishing_and_cancelling_a_placement_with_any_date(tree, placement, day):
    tckt = tree.users["tckt_officer"]
    _refused_or_done(lambda: services.finish_placement(actor=tckt, placement=placement, actual_end=day))
    _refused_or_done(
        lambda: services.finish_placement(actor=tckt, placement=placement, actual_end=day, early_reason="Ốm dài ngày")
    )
    _refused_or_done(
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

    _refused_or_done(propose_and_decide)


@PROPERTY
@given(day=ANY_DATE, due=st.one_of(st.none(), ANY_DATE))
@example(day=D(9999, 12, 31), due=D(1, 1, 1))
def test_a_hosts_task_with_any_dates(tree, placement, day, due):
    host = tree.users["district_standing"]
    _refused_or_done(
        lambda: services.assign_task(
            actor=host, placement=placement, title="Phụ trách Đoàn xã Trà Sơn", assigned_on=day, due_date=due
        )
    )
