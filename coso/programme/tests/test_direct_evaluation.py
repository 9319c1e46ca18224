"""Issue 15 point 1: where the programme allows it, the branch committee evaluates a member who
never self-assessed (nor handed in a paper form), recorded as evaluated directly by the branch;
the base union sees which was which. Where it does not, the branch cannot."""

import pytest
from django.urls import reverse

from coso.core.errors import DomainError, OutOfScope
from coso.programme import services
from coso.programme.models import Assessment

from .conftest import at, pick, statuses

DONE, PARTLY = "done", "partly"


@pytest.fixture
def registered(btm):
    officer = btm.users["branch_officer"]
    for member in (btm.member_trason, btm.member_trason2):
        services.register_on_behalf(
            actor=officer,
            member=member,
            programme=btm.programme,
            items=pick(btm.programme),
            signed_on=at(2014, 3, 18).date(),
            submit=True,
            now=at(2014, 3, 20),
        )
    btm.reg1 = btm.member_trason.programme_registrations.get()
    btm.reg2 = btm.member_trason2.programme_registrations.get()
    return btm


def _allow(t, allow=True):
    services.update_programme(
        actor=t.users["district_standing"], programme=t.programme, version=None, direct_evaluation=allow
    )
    t.programme.refresh_from_db()


def _direct(t, registration, **kwargs):
    values = dict(
        actor=t.users["branch_officer"],
        registration=registration,
        round=t.rounds[0],
        items=statuses(registration, (DONE, PARTLY)),
        result="good",
        now=at(2014, 3, 28),
    )
    values.update(kwargs)
    return services.branch_evaluate_directly(**values)


def test_not_allowed_unless_the_programme_says_so(registered):
    assert registered.programme.direct_evaluation is False
    with pytest.raises(DomainError) as err:
        _direct(registered, registered.reg1)
    assert err.value.code == "direct_evaluation_not_allowed"
    assert not Assessment.objects.exists()


def test_the_branch_evaluates_directly_recorded_as_such(registered):
    _allow(registered)
    officer = registered.users["branch_officer"]
    a = _direct(registered, registered.reg1, comment="Đoàn viên đi làm xa, chi đoàn đánh giá")
    a.refresh_from_db()
    assert a.state == "evaluated"
    assert (a.direct_by_branch, a.self_on_behalf, a.evaluated_by, a.evaluated_at) == (
        True,
        False,
        officer,
        at(2014, 3, 28),
    )
    assert a.self_submitted_at is None
    assert set(a.items.values_list("self_status", flat=True)) == {""}  # nobody self-assessed
    assert list(a.items.values_list("branch_status", flat=True)[:2]) == [DONE, PARTLY]
    step = a.transitions.last()
    assert (step.from_state, step.to_state, step.by) == ("draft", "evaluated", officer)
    assert step.comment == "Chi đoàn đánh giá trực tiếp (đoàn viên không tự đánh giá)"
    # the API says which was which
    from django.test import Client

    api = Client()
    api.force_login(registered.users["base_officer"])
    body = api.get(f"/api/programme/assessments/{a.pk}").json()
    assert (body["direct_by_branch"], body["self_on_behalf"], body["state"]) == (True, False, "evaluated")
    # it goes on as any evaluation: the base union reviews it
    services.base_review(
        actor=registered.users["base_officer"],
        programme=registered.programme,
        base=registered.trason,
        round=registered.rounds[0],
        now=at(2014, 3, 30),
    )
    a.refresh_from_db()
    assert a.state == "reviewed" and a.direct_by_branch


def test_every_item_and_the_result_must_be_given_and_only_by_the_members_branch(registered):
    _allow(registered)
    with pytest.raises(DomainError) as err:
        _direct(registered, registered.reg1, items={}, result="")
    assert len(err.value.violations) == 11  # ten items and the overall result
    assert not Assessment.objects.filter(state="evaluated").exists()
    with pytest.raises(OutOfScope):
        _direct(registered, registered.reg1, actor=registered.users["branch_officer_anmy"])
    with pytest.raises(OutOfScope):
        _direct(registered, registered.reg2, actor=registered.users["member"])
    # a member who did self-assess goes through the branch screen, not this door
    services.self_assess(
        actor=registered.users["member"],
        registration=registered.reg1,
        round=registered.rounds[0],
        items=statuses(registered.reg1, (DONE,)),
        now=at(2014, 3, 25),
    )
    with pytest.raises(DomainError) as err:
        _direct(registered, registered.reg1)
    assert err.value.code == "assessment_not_open"


def test_the_pages_offer_it_only_when_allowed_and_show_it_up_the_chain(registered, client, settings):
    settings.LANGUAGE_CODE = "vi"
    t = registered
    rnd = t.rounds[0]
    client.force_login(t.users["branch_officer"])
    branch_url = reverse("programme:branch", args=[t.programme.pk, t.branch_trason.pk]) + f"?round={rnd.pk}"
    link = reverse("programme:evaluate_direct", args=[t.reg1.pk]) + f"?round={rnd.pk}"
    assert 'data-testid="direct-evaluate"' not in client.get(branch_url).content.decode()
    assert client.get(link).status_code == 404
    # the district allows it on the programme's page
    district = client.__class__()
    district.force_login(t.users["district_standing"])
    detail = reverse("programme:detail", args=[t.programme.pk])
    response = district.post(
        reverse("programme:direct_evaluation", args=[t.programme.pk]),
        {"allow": "1", "version": t.programme.version},
    )
    assert response.status_code == 302 and response["Location"] == detail
    t.programme.refresh_from_db()
    assert t.programme.direct_evaluation
    # a branch officer may not change the setting
    assert client.post(reverse("programme:direct_evaluation", args=[t.programme.pk]), {"allow": "0"}).status_code == 403
    page = client.get(branch_url).content.decode()
    assert page.count('data-testid="direct-evaluate"') == 2 and link in page
    form = client.get(link)
    assert form.status_code == 200 and 'data-testid="direct-notice"' in form.content.decode()
    # an incomplete form is refused, what was typed is kept
    first = next(iter(statuses(t.reg1, (DONE,))))
    response = client.post(link, {f"status_{first}": DONE, "result": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="form-errors"' in text and f'value="{DONE}" selected' in text
    data = {f"status_{cid}": s for cid, s in statuses(t.reg1, (DONE,)).items()}
    data.update(result="good", comment="Đánh giá tại buổi sinh hoạt")
    response = client.post(link, data)
    assert response.status_code == 302 and response["Location"] == branch_url
    a = Assessment.objects.get(registration=t.reg1)
    assert a.direct_by_branch and a.state == "evaluated"
    page = client.get(branch_url).content.decode()
    assert page.count('data-testid="direct-evaluate"') == 1 and 'data-testid="direct"' in page
    # the base union sees it was evaluated directly, by whom
    client.force_login(t.users["base_officer"])
    page = client.get(reverse("programme:base", args=[t.programme.pk, t.trason.pk])).content.decode()
    assert 'data-testid="direct"' in page and "chi đoàn đánh giá trực tiếp" in page
    assert t.users["branch_officer"].display_name in page
    # out of scope: another branch's officer
    client.force_login(t.users["branch_officer_anmy"])
    assert client.get(link).status_code in (403, 404)
