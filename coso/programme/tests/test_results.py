"""Results selectors: the same few queries whatever the number of members, branches, rounds."""

import pytest

from coso.accounts.models import Role
from coso.core.errors import OutOfScope
from coso.programme import results, services
from tests.builders import person, user

from .conftest import D, add_unit, at, group, pick, statuses

DONE, PARTLY, NOT = "done", "partly", "not_done"


def build(t, size, recognise=True):
    """A commune union under Bắc Trà My with two branches and ``size`` members in all (residents
    and workers), registered, self-assessed in round I, evaluated, reviewed and (``recognise``)
    recognised, but for the last member who never self-assesses."""
    commune = add_unit(t.bactramy, "Đoàn xã Trà Bui", "doan-co-so")
    branches = [add_unit(commune, "Chi đoàn thôn 2", "chi-doan"), add_unit(commune, "Chi đoàn thôn 3", "chi-doan")]
    officers = [user(f"bt{i}-{size}", Role.BRANCH_OFFICER, b) for i, b in enumerate(branches)]
    base_officer = user(f"cs-{size}", Role.BASE_OFFICER, commune)
    rnd = t.rounds[0]
    members = []
    for i in range(size):
        code = "cong-nhan" if i % 3 == 0 else "dia-ban-dan-cu"
        branch = branches[i % 2]
        m = person(branch, f"Trần Văn Số{i}", birth=(2000, 1, 1 + i % 28), target_group=group(code))
        account = user(f"dv{i}-{size}", Role.MEMBER, branch, m)
        reg = services.register(
            actor=account, programme=t.programme, items=pick(t.programme, code), submit=True, now=at(2014, 3, 10)
        )
        if i < size - 1:
            services.self_assess(
                actor=account,
                registration=reg,
                round=rnd,
                now=at(2014, 3, 20),
                items=statuses(reg, (DONE, DONE, PARTLY, NOT)[: 2 + i % 3]),
            )
        members.append(m)
    for branch, officer in zip(branches, officers, strict=True):
        services.branch_evaluate_many(
            actor=officer,
            branch=branch,
            programme=t.programme,
            round=rnd,
            results={m.pk: {"result": "good"} for m in members if m.unit_id == branch.pk},
            now=at(2014, 3, 25),
        )
    services.base_review(actor=base_officer, programme=t.programme, base=commune, round=rnd, now=at(2014, 3, 27))
    if not recognise:
        return commune, branches, members
    services.district_recognise(
        actor=t.users["district_standing"], programme=t.programme, base=commune, round=rnd, now=at(2014, 4, 1)
    )
    return commune, branches, members


@pytest.mark.parametrize("size", [3, 12])
def test_query_counts_do_not_grow_with_the_members(btm, size, django_assert_max_num_queries):
    commune, branches, members = build(btm, size)
    rnd = btm.rounds[0]
    with django_assert_max_num_queries(6):
        part = results.participation(programme=btm.programme, unit=btm.bactramy, round=rnd)
    total = part["total"]
    assert (total["registered"], total["self_assessed"], total["evaluated"], total["recognised"]) == (
        size,
        size - 1,
        size - 1,
        size - 1,
    )
    assert sum(r["registered"] for r in part["by_branch"]) == size
    assert {g["name"]: g["registered"] for g in part["by_target_group"]} == {
        "Công nhân lao động": len(range(0, size, 3)),
        "Thanh niên địa bàn dân cư": size - len(range(0, size, 3)),
    }
    with django_assert_max_num_queries(3):
        criteria = results.criterion_completion(programme=btm.programme, unit=commune, round=rnd)
    assert sum(c["registered"] for c in criteria) == 10 * size
    assert sum(c["evaluated"] for c in criteria) == 10 * (size - 1)
    with django_assert_max_num_queries(2):
        classification = results.classification_input(programme=btm.programme, unit=commune)
    assert len(classification) == size
    last = classification[members[-1].pk]
    assert not last["evaluated"] and last["done_ratio"] is None  # nothing guessed for who was not assessed
    first = classification[members[0].pk]
    assert (first["items"], first["done"], first["partly"], first["not_done"], first["recognised"]) == (
        10,
        10,
        0,
        0,
        True,
    )
    assert str(first["done_ratio"]) == "1.0000"
    with django_assert_max_num_queries(8):
        emulation = results.emulation_input(programme=btm.programme, unit=btm.bactramy)
    row = next(r for r in emulation if r["unit_id"] == commune.pk)
    assert (row["members"], row["registered"], row["recognised"]) == (size, size, size - 1)
    with django_assert_max_num_queries(15):
        services.compile_round_report(district=btm.bactramy, round=rnd)


@pytest.mark.parametrize("size", [3, 12])
def test_bulk_steps_do_not_grow_with_the_members(btm, size, django_assert_max_num_queries):
    commune = add_unit(btm.bactramy, "Đoàn xã Trà Ka", "doan-co-so")
    branch = add_unit(commune, "Chi đoàn thôn 4", "chi-doan")
    officer = user(f"bt-ka-{size}", Role.BRANCH_OFFICER, branch)
    rnd = btm.rounds[0]
    ids = []
    for i in range(size):
        m = person(branch, f"Lê Thị Ka{i}", "F", target_group=group("dia-ban-dan-cu"))
        account = user(f"ka{i}-{size}", Role.MEMBER, branch, m)
        reg = services.register(
            actor=account, programme=btm.programme, items=pick(btm.programme), submit=True, now=at(2014, 3, 10)
        )
        services.self_assess(
            actor=account, registration=reg, round=rnd, items=statuses(reg, (DONE,)), now=at(2014, 3, 20)
        )
        ids.append(m.pk)
    # constant but for the history INSERTs, which SQLite splits by its parameter limit (~70 items
    # each); each step then counts its branches' summary again (summary.refresh: 10 queries)
    with django_assert_max_num_queries(28):
        outcome = services.branch_evaluate_many(
            actor=officer,
            branch=branch,
            programme=btm.programme,
            round=rnd,
            results={pk: {"result": "good"} for pk in ids},
            now=at(2014, 3, 25),
        )
    assert len(outcome.done) == size
    base_officer = user(f"cs-ka-{size}", Role.BASE_OFFICER, commune)
    with django_assert_max_num_queries(24):
        services.base_review(actor=base_officer, programme=btm.programme, base=commune, round=rnd, now=at(2014, 3, 27))
    with django_assert_max_num_queries(28):
        services.district_recognise(
            actor=btm.users["district_standing"], programme=btm.programme, base=commune, round=rnd, now=at(2014, 4, 1)
        )


def test_selectors_are_scoped(registered):
    with pytest.raises(OutOfScope):
        results.participation(
            programme=registered.programme, unit=registered.bactramy, user=registered.users["district_standing_tamky"]
        )
    with pytest.raises(OutOfScope):
        results.classification_input(
            programme=registered.programme, unit=registered.branch_trason, user=registered.users["member"]
        )
    figures = results.participation(
        programme=registered.programme, unit=registered.trason, user=registered.users["base_officer"]
    )
    assert figures["total"]["registered"] == 2


def test_visible_to(registered):
    from coso.programme.models import Registration

    assert Registration.objects.visible_to(registered.users["member"]).get() == registered.reg1
    assert Registration.objects.visible_to(registered.users["branch_officer"]).count() == 2
    assert Registration.objects.visible_to(registered.users["district_standing_tamky"]).count() == 0
    assert Registration.objects.visible_to(registered.admin).count() == 2
    from coso.programme.models import Programme

    assert list(Programme.objects.visible_to(registered.users["member"])) == [registered.programme]
    assert list(Programme.objects.visible_to(registered.users["branch_officer"])) == [registered.programme]
    assert list(Programme.objects.visible_to(registered.users["district_standing_tamky"])) == []
    assert list(Programme.objects.visible_to(registered.users["provincial_standing"])) == [registered.programme]
    assert D(2014, 3, 1) == registered.rounds[0].starts_on
