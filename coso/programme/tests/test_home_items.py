"""Issue 15 point 4: the home page shows the programme's work waiting for every step — the
member, the branch, the base union, the district — each item linking to where to act, in a
number of queries that does not grow with the members."""

import pytest
from django.urls import reverse

from coso.programme import services

from .conftest import at, pick, statuses


def _home(client, user):
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def _newcomer(tree, name):
    from tests.builders import person

    from .conftest import group

    member = person(tree.branch_trason, name, "F", (1998, 2, 2), target_group=group("dia-ban-dan-cu"))
    return services.register_on_behalf(
        actor=tree.users["branch_officer"],
        member=member,
        programme=tree.programme,
        items=pick(tree.programme),
        signed_on=at(2014, 3, 18).date(),
        submit=True,
        now=at(2014, 3, 20),
    )


@pytest.fixture
def chain(btm):
    """Trà Sơn, round I: one member reviewed by the base union (the district's work), one
    evaluated by the branch (the base union's), one whose paper form the branch entered (the
    branch's)."""
    rnd = btm.rounds[0]
    officer = btm.users["branch_officer"]
    regs = [
        services.register(
            actor=btm.users[key], programme=btm.programme, items=pick(btm.programme), submit=True, now=at(2014, 3, 20)
        )
        for key in ("member", "member2")
    ] + [_newcomer(btm, "Lê Thị Hoa")]
    for i, reg in enumerate(regs):
        kw = dict(registration=reg, round=rnd, items=statuses(reg, ("done",)), now=at(2014, 3, 25))
        if i < 2:
            services.self_assess(actor=btm.users[("member", "member2")[i]], **kw)
        else:
            services.self_assess_on_behalf(actor=officer, **kw)
    services.branch_evaluate(actor=officer, assessment=regs[0].assessments.get(), result="good", now=at(2014, 3, 26))
    services.base_review(
        actor=btm.users["base_officer"], programme=btm.programme, base=btm.trason, round=rnd, now=at(2014, 3, 27)
    )
    services.branch_evaluate(actor=officer, assessment=regs[1].assessments.get(), result="good", now=at(2014, 3, 28))
    btm.regs = regs
    return btm


def test_every_step_of_the_programme_sees_its_work_on_the_home_page(chain, client):
    p = chain.programme
    page = _home(client, chain.users["branch_officer"])
    assert "1 đoàn viên chờ chi đoàn đánh giá – " + chain.branch_trason.name in page
    assert reverse("programme:branch", args=[p.pk, chain.branch_trason.pk]) in page
    page = _home(client, chain.users["base_officer"])
    assert "1 kết quả đoàn viên, 0 chi đoàn chờ Đoàn cơ sở xem xét – " + chain.trason.name in page
    assert reverse("programme:base", args=[p.pk, chain.trason.pk]) in page
    page = _home(client, chain.users["district_standing"])
    assert "1 đoàn viên, 0 chi đoàn chờ công nhận" in page
    assert reverse("programme:district", args=[p.pk, chain.bactramy.pk]) in page
    assert "Không có việc nào" not in page


def test_the_member_sees_the_rounds_to_self_assess(btm, client):
    registration = services.register(
        actor=btm.users["member"], programme=btm.programme, items=pick(btm.programme), submit=True, now=at(2014, 3, 20)
    )
    page = _home(client, btm.users["member"])
    url = reverse("programme:self_assess", args=[registration.pk]) + f"?round={btm.rounds[0].pk}"
    assert url in page and "tự đánh giá đợt I" in page
    page = _home(client, btm.users["member2"])
    assert reverse("programme:register", args=[btm.programme.pk]) in page


@pytest.mark.parametrize("key", ["branch_officer", "base_officer", "district_standing", "member"])
def test_the_home_page_queries_do_not_grow_with_the_members(chain, client, key, django_assert_max_num_queries):
    user = chain.users[key]
    client.force_login(user)
    client.get(reverse("home"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    # more work at every step: two more members registered on paper, one self-assessed
    reg = _newcomer(chain, "Phan Văn Nam")
    _newcomer(chain, "Trần Thị Lụa")
    services.self_assess_on_behalf(
        actor=chain.users["branch_officer"],
        registration=reg,
        round=chain.rounds[0],
        items=statuses(reg, ("done",)),
        now=at(2014, 3, 25),
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("home"))


def _registered(tree, *keys):
    return [
        services.register(
            actor=tree.users[key],
            programme=tree.programme,
            items=pick(tree.programme),
            submit=True,
            now=at(2014, 3, 20),
        )
        for key in keys
    ]


def test_the_branch_sees_members_without_an_account_whose_paper_form_it_must_enter(btm, client):
    """Members with an account self-assess themselves: not the branch's work. A member entered
    on paper has no account: only the branch can enter their self-assessment."""
    _registered(btm, "member")
    _newcomer(btm, "Lê Thị Hoa")
    page = _home(client, btm.users["branch_officer"])
    first = btm.rounds[0]
    # the 2014 rounds have all begun: the newcomer counts once per round
    assert f"{len(btm.rounds)} đoàn viên chưa có phiếu tự đánh giá từ đợt I – {btm.branch_trason.name}" in page
    assert "chưa có tài khoản: nhập phiếu tự đánh giá giấy" in page
    url = reverse("programme:branch", args=[btm.programme.pk, btm.branch_trason.pk]) + f"?round={first.pk}"
    assert url in page


def test_where_the_branch_may_evaluate_directly_every_member_not_self_assessed_counts(btm, client):
    services.update_programme(
        actor=btm.users["district_standing"], programme=btm.programme, version=None, direct_evaluation=True
    )
    member, member2 = _registered(btm, "member", "member2")
    newcomer = _newcomer(btm, "Lê Thị Hoa")
    first, second = btm.rounds[0], btm.rounds[1]
    for registration, who in ((member, "member"), (member2, "member2")):
        services.self_assess(
            actor=btm.users[who],
            registration=registration,
            round=first,
            items=statuses(registration, ("done",)),
            now=at(2014, 3, 25),
        )
    services.self_assess(
        actor=btm.users["member"],
        registration=member,
        round=second,
        items=statuses(member, ("done",)),
        submit=False,
        now=at(2014, 6, 25),
    )
    # round I: the newcomer only; each later round (all begun): all three (a draft is not a
    # self-assessment)
    expected = 1 + 3 * (len(btm.rounds) - 1)
    page = _home(client, btm.users["branch_officer"])
    assert f"{expected} đoàn viên chưa có phiếu tự đánh giá từ đợt I – {btm.branch_trason.name}" in page
    assert "nhập phiếu tự đánh giá giấy hoặc đánh giá trực tiếp" in page
    # once the branch entered the newcomer's round I directly, the item starts at round II
    services.branch_evaluate_directly(
        actor=btm.users["branch_officer"],
        registration=newcomer,
        round=first,
        items=statuses(newcomer, ("done",)),
        result="good",
        now=at(2014, 3, 28),
    )
    page = _home(client, btm.users["branch_officer"])
    assert f"{expected - 1} đoàn viên chưa có phiếu tự đánh giá từ đợt II – {btm.branch_trason.name}" in page
    assert reverse("programme:branch", args=[btm.programme.pk, btm.branch_trason.pk]) + f"?round={second.pk}" in page


def test_the_counts_waiting_at_each_step_are_the_assessments_states_read_from_the_summary(chain, client):
    """Each step's count is what the assessments' states say (the base union's one evaluated,
    the district's one reviewed), read from the branches' summary cells, not by grouping the
    assessments of the subtree (issue 9: 17–60 ms of a district's or a province's home)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from coso.programme import selectors
    from coso.programme.models import Assessment
    from coso.programme.permissions import RECOGNISE, REVIEW

    expected = {
        REVIEW: Assessment.objects.filter(state__in=selectors.AWAITING[REVIEW][0]).count(),
        RECOGNISE: Assessment.objects.filter(state__in=selectors.AWAITING[RECOGNISE][0]).count(),
    }
    assert expected == {REVIEW: 1, RECOGNISE: 1}
    for key, capability in (("base_officer", REVIEW), ("district_standing", RECOGNISE)):
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.inbox(chain.users[key], [chain.programme])
        (row,) = [r for r in rows if r["capability"] == capability]
        assert row["members"] == expected[capability], key
        assert not [q["sql"] for q in queries if 'FROM "programme_assessment"' in q["sql"]], key
