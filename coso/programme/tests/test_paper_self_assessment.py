"""Issue 15 point 1: a member without an account fills a paper self-assessment; the branch
committee enters it, recorded as entered from the paper form (who, when), and the chain goes on
to the branch's evaluation; the base union sees which results came from paper."""

import pytest
from django.urls import reverse

from coso.core.errors import DomainError, OutOfScope
from coso.programme import services
from coso.programme.models import Assessment

from .conftest import at, pick, statuses

DONE, PARTLY = "done", "partly"


@pytest.fixture
def on_paper(btm):
    """Both Trà Sơn members' paper registrations entered by the branch (no account used)."""
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


def test_the_branch_enters_a_paper_self_assessment_and_then_evaluates_it(on_paper):
    officer = on_paper.users["branch_officer"]
    a = services.self_assess_on_behalf(
        actor=officer,
        registration=on_paper.reg1,
        round=on_paper.rounds[0],
        items=statuses(on_paper.reg1, (DONE, PARTLY)),
        summary="Theo phiếu giấy",
        now=at(2014, 3, 25),
    )
    a.refresh_from_db()
    assert a.state == "submitted"
    assert (a.self_on_behalf, a.self_entered_by, a.self_submitted_at) == (True, officer, at(2014, 3, 25))
    assert a.transitions.last().comment == "Chi đoàn nhập từ phiếu tự đánh giá giấy"
    assert a.history.first().history_user == officer
    a = services.branch_evaluate(actor=officer, assessment=a, result="good", now=at(2014, 3, 28))
    assert a.state == "evaluated"
    assert list(a.items.values_list("branch_status", flat=True)[:2]) == [DONE, PARTLY]


def test_the_paper_form_follows_the_same_rules_and_the_same_scope(on_paper):
    with pytest.raises(DomainError) as err:  # an incomplete paper form is refused, item by item
        services.self_assess_on_behalf(
            actor=on_paper.users["branch_officer"],
            registration=on_paper.reg1,
            round=on_paper.rounds[0],
            items={},
            now=at(2014, 3, 25),
        )
    assert err.value.code == "self_status_missing" and len(err.value.violations) == 10
    with pytest.raises(OutOfScope):  # another branch's officer
        services.self_assess_on_behalf(
            actor=on_paper.users["branch_officer_anmy"],
            registration=on_paper.reg1,
            round=on_paper.rounds[0],
            items=statuses(on_paper.reg1, (DONE,)),
            now=at(2014, 3, 25),
        )
    with pytest.raises(OutOfScope):  # a member does not enter another member's form
        services.self_assess_on_behalf(
            actor=on_paper.users["member"],
            registration=on_paper.reg2,
            round=on_paper.rounds[0],
            items=statuses(on_paper.reg2, (DONE,)),
            now=at(2014, 3, 25),
        )
    assert not Assessment.objects.exists()


def test_a_member_who_self_assesses_is_not_marked_as_paper(on_paper):
    a = services.self_assess(
        actor=on_paper.users["member"],
        registration=on_paper.reg1,
        round=on_paper.rounds[0],
        items=statuses(on_paper.reg1, (DONE,)),
        now=at(2014, 3, 25),
    )
    assert (a.self_on_behalf, a.self_entered_by) == (False, on_paper.users["member"])


def test_the_pages_offer_the_paper_entry_and_show_it_up_the_chain(on_paper, client, settings):
    settings.LANGUAGE_CODE = "vi"
    programme, reg1 = on_paper.programme, on_paper.reg1
    rnd = on_paper.rounds[0]
    client.force_login(on_paper.users["branch_officer"])
    branch_url = reverse("programme:branch", args=[programme.pk, on_paper.branch_trason.pk]) + f"?round={rnd.pk}"
    page = client.get(branch_url).content.decode()
    link = reverse("programme:self_assess", args=[reg1.pk]) + f"?round={rnd.pk}"
    assert page.count('data-testid="paper-self-assess"') == 2 and link in page
    form = client.get(link)
    assert form.status_code == 200 and 'data-testid="on-paper-notice"' in form.content.decode()
    data = {f"status_{cid}": s for cid, s in statuses(reg1, (DONE,)).items()}
    data["submit"] = "1"
    response = client.post(link, data)
    assert response.status_code == 302 and response["Location"] == branch_url
    a = Assessment.objects.get(registration=reg1)
    assert a.self_on_behalf and a.state == "submitted"
    page = client.get(branch_url).content.decode()
    assert page.count('data-testid="paper-self-assess"') == 1  # only the other member is left
    assert 'data-testid="on-paper"' in page
    client.post(branch_url, {"action": "evaluate", f"r_{a.pk}": "good", f"v_{a.pk}": a.version})
    a.refresh_from_db()
    assert a.state == "evaluated"
    # the base union sees that it came from paper, and who entered it
    client.force_login(on_paper.users["base_officer"])
    page = client.get(reverse("programme:base", args=[programme.pk, on_paper.trason.pk])).content.decode()
    assert 'data-testid="on-paper"' in page
    assert on_paper.users["branch_officer"].display_name in page
    # the branch page is no way round for someone else's branch
    client.force_login(on_paper.users["branch_officer_anmy"])
    assert client.get(link).status_code in (403, 404)
