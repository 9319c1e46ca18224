"""The branch screen (issue 9 point 3: 66 queries, one evaluator's name per row) makes the same
number of queries for 3 members as for 12: names and marks are read with the rows."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coso.accounts.models import User
from tests.builders import person

from .test_results import build

COUNTS = {}
BOUND = 20  # 15 measured in December 2026 (66 before issue 9's fix)


@pytest.mark.parametrize("size", [4, 16])
def test_the_branch_screen_does_not_grow_with_its_members(btm, size):
    commune, branches, members = build(btm, size)
    client = Client()
    client.force_login(User.objects.get(username=f"bt0-{size}"))
    url = reverse("programme:branch", kwargs={"pk": btm.programme.pk, "unit_pk": branches[0].pk})
    client.get(url)  # warm the per-process caches (levels, the menu)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    shown = [m for m in members if m.unit_id == branches[0].pk]
    assert len(shown) == size // 2 and all(m.given_name in page for m in shown)
    COUNTS[size] = len(ctx.captured_queries)
    assert COUNTS[size] <= BOUND
    if len(COUNTS) == 2:
        assert COUNTS[16] == COUNTS[4], COUNTS


def test_the_branch_screen_shows_each_item_with_its_labelled_controls(btm):
    """The items' rows are made in the view (``views_review._present``): the secretary still
    sees every item of a member waiting, its control named for the member and the item, the
    level the member gave already chosen; an evaluated member's items read as text."""
    from coso.programme import services

    from .conftest import at, group, pick, statuses

    branch = btm.branch_trason
    rnd = btm.rounds[0]
    waiting = person(branch, "Lê Thị Chờ", target_group=group("dia-ban-dan-cu"))
    done = person(branch, "Phan Văn Xong", target_group=group("dia-ban-dan-cu"))
    officer = btm.users["branch_officer"]
    for member in (waiting, done):
        registration = services.register_on_behalf(
            actor=officer,
            member=member,
            programme=btm.programme,
            items=pick(btm.programme),
            signed_on=at(2014, 3, 10).date(),
            submit=True,
            now=at(2014, 3, 10),
        )
        services.self_assess_on_behalf(
            actor=officer,
            registration=registration,
            round=rnd,
            items=statuses(registration, ("done", "partly")),
            now=at(2014, 3, 20),
        )
    services.branch_evaluate_many(
        actor=officer, branch=branch, programme=btm.programme, round=rnd, results={done.pk: {"result": "good"}}
    )
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("programme:branch", args=[btm.programme.pk, branch.pk]) + f"?round={rnd.pk}")
    html = page.content.decode()
    registration = waiting.programme_registrations.get()
    first = registration.items.order_by("position").first()
    assessment = registration.assessments.get(round=rnd)
    key = f"b_{assessment.pk}_{first.criterion_id}"
    control = re.search(
        rf'<select class="form-select form-select-sm" name="{key}" aria-label="([^"]*)">(.*?)</select>', html
    )
    assert control, key
    assert control.group(1) == f"Chi đoàn đánh giá Lê Thị Chờ: {first.criterion.title}"
    assert '<option value="done" selected>Hoàn thành</option>' in control.group(2)
    assert control.group(2).count("selected") == 1
    assert f'aria-label="Nhận xét của chi đoàn về Lê Thị Chờ: {first.criterion.title}"' in html
    assert f'aria-label="Kết quả chung của Lê Thị Chờ" id="r{assessment.pk}" name="r_{assessment.pk}"' in html
    assert "tự đánh giá: 5 hoàn thành, 5 một phần, 0 chưa" in html
    # the member evaluated: the result and the items as text, no control of theirs
    evaluated = done.programme_registrations.get().assessments.get(round=rnd)
    assert f'name="r_{evaluated.pk}"' not in html and f'name="b_{evaluated.pk}_' not in html
    assert "Kết quả: <strong>Hoàn thành tốt</strong>" in html
    row = html[html.index('data-member="Phan Văn Xong"') :]
    row = row[: row.index("</li>")]
    assert "<td>Hoàn thành</td>" in row and "<td>Hoàn thành một phần</td>" in row
    # each item's title and commitment, in the order the member registered them
    items = list(done.programme_registrations.get().items.order_by("position", "id").select_related("criterion"))
    shown = [row.index(f"<strong>{item.criterion.title}</strong>") for item in items]
    assert shown == sorted(shown)
    assert all(f'<div class="text-muted">{item.commitment}</div>' in row for item in items)
