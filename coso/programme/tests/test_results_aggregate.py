"""The members' classification and the units' emulation figures are grouped in the database:
the same figures as a count by hand over every assessment and item, in a number of queries
that does not grow with the members (issue 9: the results page at national scale)."""

import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.accounts.models import Role
from coso.org.models import Unit, UnitLevel
from coso.programme import results, services, views
from coso.programme.models import Assessment, ItemStatus, Registration
from tests.builders import person, user

from .conftest import add_unit, at, group, pick, statuses
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


def link(html, rel):
    """The query string of the page's ``rel`` (next/prev) link of the members' list, unescaped."""
    found = re.search(rf'href="\?([^"]*)" rel="{rel}"', html)
    return unescape(found.group(1)) if found else None


def names(html):
    """The members' names shown in the classification table, in order."""
    table = html.split('data-testid="classification"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>([^<]+)</td>", table)


@pytest.mark.parametrize("size", [3, 14])
def test_the_results_page_makes_the_same_queries_whatever_the_members(btm, size, client_for, monkeypatch):
    commune, _branches, _members = build(btm, size)
    client = client_for("district_standing")
    url = f"/programme/{btm.programme.pk}/results/?unit={commune.pk}"
    client.get(url)  # the session and the scope read once
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url)
    assert page.status_code == 200 and f"Trần Văn Số{size - 1}" in page.content.decode()
    PAGE_QUERIES[size] = len(queries)
    assert len(queries) <= 32
    # the second page (through the first page's "next" cursor) costs the same queries
    monkeypatch.setattr(views, "MEMBERS_ON_PAGE", 2)
    following = link(client.get(url).content.decode(), "next")
    assert following and "after=" in following
    with CaptureQueriesContext(connection) as queries:
        second = client.get(f"/programme/{btm.programme.pk}/results/?{following}")
    assert second.status_code == 200 and len(names(second.content.decode())) == min(2, size - 2)
    # the same queries as the first page (one fewer when no member on it was evaluated: no
    # items to group, as for size 3 whose second page is the never-assessed member alone)
    assert len(queries) == PAGE_QUERIES[size] - (1 if size == 3 else 0)
    if len(PAGE_QUERIES) == 2:
        assert PAGE_QUERIES[3] == PAGE_QUERIES[14]


def test_every_member_is_reached_page_by_page_and_the_summary_stays_the_unit_s(btm, client_for, monkeypatch):
    commune, _branches, members = build(btm, 7)
    monkeypatch.setattr(views, "MEMBERS_ON_PAGE", 3)
    client = client_for("district_standing")
    base = f"/programme/{btm.programme.pk}/results/"
    expected = [m.full_name for m in sorted(members, key=lambda m: (m.sort_key, m.pk))]

    first = client.get(f"{base}?unit={commune.pk}").content.decode()
    assert names(first) == expected[:3] and link(first, "prev") is None
    assert "Trang 1/3 · 7 đoàn viên" in first
    second = client.get(f"{base}?{link(first, 'next')}").content.decode()
    assert names(second) == expected[3:6]  # a member on page 2 is reachable
    assert "Trang 2/3 · 7 đoàn viên" in second
    third = client.get(f"{base}?{link(second, 'next')}").content.decode()
    assert names(third) == expected[6:] and link(third, "next") is None
    back = client.get(f"{base}?{link(third, 'prev')}").content.decode()
    assert names(back) == expected[3:6]
    # the counts above the list are the whole unit's on every page
    total = re.search(r'data-testid="results-total">([^<]+)<', first).group(1)
    for html in (second, third):
        assert re.search(r'data-testid="results-total">([^<]+)<', html).group(1) == total
        assert "7 đoàn viên · 7 đăng ký" in total
    # the links are buttons a thumb can hit, labelled in Vietnamese
    assert 'class="btn btn-outline-primary py-3 px-4"' in second and "Trang sau" in second and "Trang trước" in second


def other_province():
    """Another province's tree: a district running its own programme, a branch and two
    registered members (real rows, real ids)."""
    root = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh đoàn Quảng Ngãi", level=UnitLevel.objects.get(code="tinh-doan"), code="t-qng")
    )
    district = add_unit(root, "Huyện đoàn Sơn Tây", "huyen-doan")
    base = add_unit(district, "Đoàn xã Sơn Dung", "doan-co-so")
    branch = add_unit(base, "Chi đoàn thôn 1", "chi-doan")
    standing = user("hd-sontay", Role.DISTRICT_STANDING, district)
    programme = services.district8_2014(district, actor=standing)
    members = []
    for i, name in enumerate(("Đinh Văn Ẩn", "Đinh Thị Kín")):
        member = person(branch, name, target_group=group("dia-ban-dan-cu"))
        account = user(f"dv-sontay-{i}", Role.MEMBER, branch, member)
        services.register(actor=account, programme=programme, items=pick(programme), submit=True, now=at(2014, 3, 10))
        members.append(member)
    return programme, branch, members


def test_a_cursor_from_elsewhere_never_shows_members_outside_the_viewer_s_scope(btm, client_for, monkeypatch):
    commune, _branches, members = build(btm, 5)
    programme, branch, strangers = other_province()
    monkeypatch.setattr(views, "MEMBERS_ON_PAGE", 2)
    client = client_for("district_standing")
    base = f"/programme/{btm.programme.pk}/results/"
    mine = {m.full_name for m in members}
    hidden = [m.full_name for m in strangers]
    cursors = [f"{m.sort_key}.{m.pk}" for m in strangers] + [f"0.{strangers[0].pk}", f"9{'9' * 40}.1"]
    for cursor in cursors:
        for direction in ("after", "before"):
            for unit in (commune.pk, branch.pk, strangers[0].unit_id):
                html = client.get(f"{base}?unit={unit}&{direction}={cursor}&n=2").content.decode()
                assert not any(name in html for name in hidden)
                assert set(names(html)) <= mine
    # the other province's programme itself is not theirs to open
    assert client.get(f"/programme/{programme.pk}/results/?unit={branch.pk}").status_code in (403, 404)
    # and its own district sees its members, not Bắc Trà My's
    other = get_user_model().objects.get(username="hd-sontay")
    client.force_login(other)
    html = client.get(f"/programme/{programme.pk}/results/?after={members[0].sort_key}.{members[0].pk}&n=2")
    assert not mine & set(names(html.content.decode()))
