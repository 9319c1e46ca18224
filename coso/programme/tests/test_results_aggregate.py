"""The members' classification and the units' emulation figures are grouped in the database:
the same figures as a count by hand over every assessment and item, in a number of queries
that does not grow with the members (issue 9: the results page at national scale)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.accounts.models import Role
from coso.programme import results, services
from coso.programme.models import Assessment, ItemStatus, Registration
from tests.builders import user

from .conftest import at, statuses
from .test_results import build

DONE, PARTLY, NOT = "done", "partly", "not_done"


def later_round(t, commune, branches, members):
    """The first member also self-assesses round II and is evaluated there: their final
    period becomes round II (the latest evaluated one), with other figures than round I."""
    rnd = t.rounds[1]
    member = members[0]
    reg = Registration.objects.get(member=member, programme=t.programme)
    when = at(rnd.starts_on.year, rnd.starts_on.month, rnd.starts_on.day) if rnd.starts_on else at(2014, 6, 20)
    account = get_user_model().objects.get(person=member)
    services.self_assess(actor=account, registration=reg, round=rnd, now=when, items=statuses(reg, (NOT, DONE)))
    officer = user(f"bt-late-{member.pk}", Role.BRANCH_OFFICER, branches[0])
    services.branch_evaluate_many(
        actor=officer,
        branch=member.unit,
        programme=t.programme,
        round=rnd,
        results={member.pk: {"result": "completed"}},
        now=when,
    )


def by_hand(programme, unit):
    """Each registered member's latest evaluated period and its items, counted in Python
    over every row (what the page did before, per member)."""
    out = {}
    for reg in Registration.objects.filter(
        programme=programme, state=Registration.State.SUBMITTED, member__unit__path__startswith=unit.path
    ):
        evaluated = [a for a in reg.assessments.all() if a.state in Assessment.EVALUATED_STATES]
        if not evaluated:
            out[reg.member_id] = {"evaluated": False, "items": 0, "done": 0, "result": "", "recognised": False}
            continue
        final = max(evaluated, key=lambda a: 99 if a.round_id is None else a.round.number)
        items = list(final.items.all())
        out[reg.member_id] = {
            "evaluated": True,
            "period": None if final.round_id is None else final.round.number,
            "items": len(items),
            "done": sum(i.branch_status == ItemStatus.DONE for i in items),
            "partly": sum(i.branch_status == ItemStatus.PARTLY for i in items),
            "not_done": sum(i.branch_status == ItemStatus.NOT_DONE for i in items),
            "result": final.result,
            "recognised": final.state == Assessment.State.RECOGNISED,
            "unit_id": reg.member.unit_id,
        }
    return out


def test_the_grouped_figures_match_a_count_by_hand(btm):
    commune, branches, members = build(btm, 7)
    later_round(btm, commune, branches, members)
    hand = by_hand(btm.programme, commune)
    assert hand[members[0].pk]["period"] == 2 and hand[members[0].pk]["result"] == "completed"

    total, rows = results.classification_page(programme=btm.programme, unit=commune)
    assert total == len(hand) == 7
    assert [r["person"].pk for r in rows] == sorted(
        hand, key=lambda pk: next(m.sort_key for m in members if m.pk == pk)
    )
    for row in rows:
        expected = hand[row["person"].pk]
        assert {k: row[k] for k in expected if k != "unit_id"} == {k: v for k, v in expected.items() if k != "unit_id"}
    assert results.classification_input(programme=btm.programme, unit=commune) == {
        r["person"].pk: {k: v for k, v in r.items() if k != "person"} for r in rows
    }
    # a page read from the database has the same rows as the whole list
    _total, page = results.classification_page(programme=btm.programme, unit=commune, offset=2, limit=3)
    assert [r["person"].pk for r in page] == [r["person"].pk for r in rows[2:5]]
    assert page == rows[2:5]

    emulation = {r["unit_id"]: r for r in results.emulation_input(programme=btm.programme, unit=btm.bactramy)}
    row = emulation[commune.pk]
    finals = [h for h in hand.values() if h["evaluated"]]
    assert row["registered"] == len(hand)
    assert row["evaluated"] == len(finals)
    assert row["recognised"] == sum(h["recognised"] for h in finals)
    assert row["items"] == sum(h["items"] for h in finals)
    assert row["done"] == sum(h["done"] for h in finals)
    assert row["result_good"] == sum(h["result"] == "good" for h in finals)
    assert row["result_completed"] == sum(h["result"] == "completed" for h in finals) == 1


PAGE_QUERIES = {}


@pytest.mark.parametrize("size", [3, 14])
def test_the_results_page_makes_the_same_queries_whatever_the_members(btm, size, client_for):
    commune, _branches, _members = build(btm, size)
    client = client_for("district_standing")
    url = f"/programme/{btm.programme.pk}/results/?unit={commune.pk}"
    client.get(url)  # the session and the scope read once
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200 and f"Trần Văn Số{size - 1}" in page.content.decode()
    PAGE_QUERIES[size] = len(queries)
    assert len(queries) <= 32
    if len(PAGE_QUERIES) == 2:
        assert PAGE_QUERIES[3] == PAGE_QUERIES[14]
