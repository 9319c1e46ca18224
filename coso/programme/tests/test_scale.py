"""The registration page, the branch screen, the base union's and the district's screens and the
results page run the same number of queries for a branch of 2 members and for one of 14: nothing
is fetched member by member (the results' figures are read from the summary's cells)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.accounts.models import Role
from coso.programme import services
from tests.builders import person, user

from .conftest import at, group, pick, statuses


def grow(tree, count, start=0):
    """``count`` more members of Trà Sơn's branch, registered and self-assessed in round I,
    half of them evaluated by the branch."""
    residents = group("dia-ban-dan-cu")
    evaluated = {}
    for i in range(start, start + count):
        member = person(tree.branch_trason, f"Trần Văn Thành {i:02d}", birth=(2000, 1, 1 + i), target_group=residents)
        account = user(f"dv-scale-{i}", Role.MEMBER, tree.branch_trason, member)
        reg = services.register(
            actor=account, programme=tree.programme, items=pick(tree.programme), submit=True, now=at(2014, 3, 20)
        )
        services.self_assess(
            actor=account,
            registration=reg,
            round=tree.rounds[0],
            items=statuses(reg, ("done", "partly")),
            now=at(2014, 3, 22),
        )
        if i % 2:
            evaluated[member.pk] = {"result": "good"}
    services.branch_evaluate_many(
        actor=tree.users["branch_officer"],
        branch=tree.branch_trason,
        programme=tree.programme,
        round=tree.rounds[0],
        results=evaluated,
        now=at(2014, 3, 25),
    )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_pages_do_not_grow_with_members(registered, client_for, django_assert_max_num_queries):
    tree = registered
    grow(tree, 2)
    rnd = tree.rounds[0].pk
    pages = [
        ("branch_officer", f"/programme/{tree.programme.pk}/branch/{tree.branch_trason.pk}/?round={rnd}"),
        ("district_standing", f"/programme/{tree.programme.pk}/results/?unit={tree.bactramy.pk}&round={rnd}"),
        ("district_standing", f"/programme/{tree.programme.pk}/results/?unit={tree.trason.pk}"),
        ("district_standing", f"/programme/{tree.programme.pk}/district/{tree.bactramy.pk}/?round={rnd}"),
        ("base_officer", f"/programme/{tree.programme.pk}/base/{tree.trason.pk}/?round={rnd}"),
    ]
    small = {url: count_queries(client_for(role), url) for role, url in pages}
    newcomer = person(tree.branch_trason, "Lê Thị Hoa", "F", target_group=group("dia-ban-dan-cu"))
    register_url = f"/programme/{tree.programme.pk}/register/{newcomer.pk}/"
    small_register = count_queries(client_for("branch_officer"), register_url)

    grow(tree, 12, start=2)
    for role, url in pages:
        client = client_for(role)
        with django_assert_max_num_queries(small[url]):
            body = client.get(url).content.decode()
        assert "Trần Văn Thành 13" in body or role == "district_standing"
    client = client_for("branch_officer")
    with django_assert_max_num_queries(small_register):
        assert client.get(register_url).status_code == 200
    member_page = f"/programme/{tree.programme.pk}/register/"
    client = client_for("member2")
    # the member's own form (already registered: sent to the registration)
    with django_assert_max_num_queries(small_register):
        client.get(member_page)
