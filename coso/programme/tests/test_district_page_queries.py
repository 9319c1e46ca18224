"""The district's page lists the results waiting for recognition with each one's items done
(counted in one grouped query over the rows shown) and the stages per base union (from the
summary, without counting members): the same number of queries for 4 reviewed members as
for 16."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coso.programme.models import Assessment

from .test_results import build

COUNTS = {}


@pytest.mark.parametrize("size", [4, 16])
def test_the_district_page_does_not_grow_with_the_results_waiting(btm, size):
    commune, _branches, members = build(btm, size, recognise=False)
    rnd = btm.rounds[0]
    client = Client()
    client.force_login(btm.users["district_standing"])
    url = reverse("programme:district", args=[btm.programme.pk, btm.bactramy.pk]) + f"?round={rnd.pk}"
    client.get(url)  # warm the per-process caches (levels, the menu)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    reviewed = list(
        Assessment.objects.filter(round=rnd, state=Assessment.State.REVIEWED).select_related("registration__member")
    )
    assert len(reviewed) == size - 1  # the last member never self-assessed
    waiting = page[page.index('data-testid="reviewed"') : page.index('data-testid="recognitions"')]
    for a in reviewed:
        done = a.items.filter(branch_status="done").count()
        assert f"<td>{a.registration.member.full_name}</td>" in waiting
        assert f"<td>Hoàn thành tốt</td><td>{done}/{a.items.count()}</td>" in waiting
    bases = page[page.index('data-testid="bases"') : page.index('data-testid="reviewed"')]
    assert commune.name in bases
    # registered, evaluated, reviewed, recognised of the commune's row
    assert (
        f'<td class="text-end">{size}</td><td class="text-end">{size - 1}</td><td class="text-end">{size - 1}</td><td class="text-end">0</td>'
        in bases
    )
    COUNTS[size] = len(ctx.captured_queries)
    if len(COUNTS) == 2:
        assert COUNTS[16] == COUNTS[4], COUNTS


def test_the_results_waiting_for_recognition_are_shown_a_page_at_a_time(btm, monkeypatch):
    """More results than a page holds: the first page lists ``REVIEWED_ON_PAGE`` of them in
    the members' order, "Sau" opens the rest for the same round, nobody twice, nobody left."""
    from coso.programme import views_review

    monkeypatch.setattr(views_review, "REVIEWED_ON_PAGE", 10)
    build(btm, 16, recognise=False)
    rnd = btm.rounds[0]
    client = Client()
    client.force_login(btm.users["district_standing"])
    url = reverse("programme:district", args=[btm.programme.pk, btm.bactramy.pk])
    reviewed = {
        a.registration.member.full_name
        for a in Assessment.objects.filter(round=rnd, state=Assessment.State.REVIEWED).select_related(
            "registration__member"
        )
    }
    assert len(reviewed) == 15

    def listed(html):
        waiting = html[html.index('data-testid="reviewed"') : html.index('data-testid="recognitions"')]
        return [name for name in reviewed if f"<td>{name}</td>" in waiting], waiting

    first, waiting = listed(client.get(url + f"?round={rnd.pk}").content.decode())
    assert len(first) == 10
    assert "Trang 1/2" in waiting
    assert f'href="?round={rnd.pk}&amp;page=2#reviewed"' in waiting
    second, waiting = listed(client.get(url + f"?round={rnd.pk}&page=2").content.decode())
    assert len(second) == 5 and "Trang 2/2" in waiting
    assert set(first) | set(second) == reviewed and not set(first) & set(second)
