"""The trip list of a small scope (a district and below) is read as short lists of ids (issue 9):
every user sees exactly the trips ``Visit.objects.visible_to`` gives, newest first, page by
page, with or without the year filter, whichever way the list is read; never another
province's; in a number of queries that does not grow with the trips."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.accounts import scoping
from coso.org.models import Unit
from coso.visits.models import Visit, VisitForm
from tests.builders import _level, person

D = datetime.date
USERS = [
    "provincial_standing",
    "district_standing",
    "district_standing_tamky",
    "base_officer",
    "branch_officer",
    "member",
    "movement_cadre",
]


def _trip(cadre, unit, start):
    return Visit.objects.create(cadre=cadre, unit=unit, start_date=start, end_date=start, form=VisitForm.SITUATION)


@pytest.fixture
def trips(tree):
    """Trips of a provincial cadre to both districts, of a district cadre inside its district,
    of a commune cadre who is no longer a cadre, and of another province's cadre."""
    former = person(tree.trason, "Lò Văn Cũ", is_cadre=True)
    day = D(2024, 1, 1)
    for n in range(40):
        start = day + datetime.timedelta(days=n * 9)
        _trip(tree.movement_cadre, tree.trason if n % 2 else tree.anmy, start)
        _trip(tree.btm_secretary, tree.tragiang, start + datetime.timedelta(days=1))
        if n % 4 == 0:
            _trip(former, tree.anmy, start)  # outside its commune: seen there as its cadre's
    former.is_cadre = False
    former.save()
    tree.other = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn")
    )
    tree.foreign_trip = _trip(person(tree.other, "Võ Văn Xa", is_cadre=True), tree.other, D(2024, 5, 5))
    return tree


def _all_pages(client, params):
    ids, number, pages = [], 1, []
    while True:
        response = client.get("/visits/trips/", {**params, "page": number})
        if response.status_code == 403:
            return None, None  # not a user of the visits area
        page = response.content.decode()
        table = page[page.index('data-testid="visits"') :]
        ids += [int(pk) for pk in re.findall(r'href="/visits/trips/(\d+)/"', table[: table.index("</table>")])]
        pages.append(page)
        if f"page={number + 1}" not in page:
            return ids, pages
        number += 1


def _expected(user, year=None):
    visits = Visit.objects.visible_to(user)
    if year:
        visits = visits.overlapping(D(year, 1, 1), D(year, 12, 31))
    return list(visits.order_by("-start_date", "-id").values_list("pk", flat=True))


@pytest.mark.parametrize("small_scope_max", [scoping.SMALL_SCOPE_MAX_UNITS, 0], ids=["by-ids", "one-query"])
def test_every_user_sees_the_trips_of_their_scope_newest_first_either_way(
    trips, client_for, monkeypatch, small_scope_max
):
    monkeypatch.setattr(scoping, "SMALL_SCOPE_MAX_UNITS", small_scope_max)
    compared = set()
    for role in USERS:
        client, user = client_for(role), trips.users[role]
        for params, year in (({}, None), ({"year": 2024}, 2024)):
            ids, pages = _all_pages(client, params)
            if ids is None:
                continue
            compared.add(role)
            assert ids == _expected(user, year), (role, params)
            assert trips.foreign_trip.pk not in ids
            assert f"{len(ids)} chuyến đi" in pages[0]
    assert {"provincial_standing", "district_standing", "base_officer", "movement_cadre"} <= compared


def test_the_trips_of_a_person_no_longer_a_cadre_stay_in_their_communes_list(trips, client_for):
    ids, _pages = _all_pages(client_for("base_officer"), {})
    former = Visit.objects.filter(cadre__family_name="Lò").values_list("pk", flat=True)
    assert set(former) <= set(ids) and len(former) == 10


def test_the_district_list_makes_the_same_queries_with_more_trips(trips, client_for):
    client = client_for("district_standing")
    client.get("/visits/trips/")
    with CaptureQueriesContext(connection) as before:
        client.get("/visits/trips/", {"page": 2})
    for n in range(30):
        _trip(trips.btm_secretary, trips.trason, D(2025, 1, 1) + datetime.timedelta(days=n * 3))
    with CaptureQueriesContext(connection) as after:
        client.get("/visits/trips/", {"page": 2})
    assert len(after.captured_queries) == len(before.captured_queries) <= 9
