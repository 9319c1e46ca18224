"""Issue 11 point 9 for the members' programme: a paper registration's signing day, a round's
dates and the district's recognition day take any date typed or sent and answer a refusal or
succeed, never another exception (hypothesis, as ``tests/test_far_dates.py`` does for the other
services); a day outside the window is refused on its field."""

import datetime

import pytest
from hypothesis import example, given

from coso.core.errors import DomainError
from coso.programme import services
from tests.far_dates import ANY_DATE, PROPERTY, refused_or_done

from .conftest import at, pick

D = datetime.date


@pytest.fixture
def reviewed(registered):
    """Trà Sơn's first round evaluated by the branch and reviewed by the base union: the
    district may recognise it."""
    t = registered
    assessment = services.self_assess(
        actor=t.users["member"],
        registration=t.reg1,
        round=t.rounds[0],
        items={item.criterion_id: "done" for item in t.reg1.items.all()},
        submit=True,
        now=at(2014, 3, 25),
    )
    services.branch_evaluate(actor=t.users["branch_officer"], assessment=assessment, result="good")
    services.base_review(actor=t.users["base_officer"], programme=t.programme, base=t.trason, round=t.rounds[0])
    return t


@PROPERTY
@given(day=ANY_DATE)
@example(day=D(9999, 12, 31))
@example(day=D(1, 1, 1))
def test_recognising_a_round_with_any_date(reviewed, day):
    t = reviewed
    refused_or_done(
        lambda: services.district_recognise(
            actor=t.users["district_standing"], programme=t.programme, base=t.trason, round=t.rounds[0], decided_on=day
        )
    )


def test_a_far_recognition_day_is_refused_on_its_field_and_a_real_one_kept(reviewed):
    t = reviewed
    recognise = dict(actor=t.users["district_standing"], programme=t.programme, base=t.trason, round=t.rounds[0])
    with pytest.raises(DomainError) as refused:
        services.district_recognise(decided_on=D(9999, 12, 31), **recognise)
    assert (refused.value.code, refused.value.field) == ("date_out_of_window", "decided_on")
    assert services.district_recognise(decided_on=D(2014, 4, 2), **recognise).decided_on == D(2014, 4, 2)


@PROPERTY
@given(signed=ANY_DATE, start=ANY_DATE, end=ANY_DATE)
@example(signed=D(9999, 12, 31), start=D(1, 1, 1), end=D(9999, 12, 31))
def test_a_paper_registration_and_a_round_with_any_dates(btm, signed, start, end):
    t = btm
    refused_or_done(
        lambda: services.register_on_behalf(
            actor=t.users["branch_officer"],
            member=t.member_trason,
            programme=t.programme,
            items=pick(t.programme),
            signed_on=signed,
            submit=True,
            now=at(2014, 3, 20),
        )
    )
    track = t.rounds[0].track
    refused_or_done(
        lambda: services.add_round(
            actor=t.users["district_standing"], track=track, number=9, starts_on=start, ends_on=end
        )
    )


def test_a_paper_signed_on_a_far_day_is_refused_on_its_field(btm):
    with pytest.raises(DomainError) as refused:
        services.register_on_behalf(
            actor=btm.users["branch_officer"],
            member=btm.member_trason,
            programme=btm.programme,
            items=pick(btm.programme),
            signed_on=D(1, 1, 1),
            now=at(2014, 3, 20),
        )
    assert (refused.value.code, refused.value.field) == ("date_out_of_window", "signed_on")
