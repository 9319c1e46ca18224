"""Each trip's (and good practice's) person's and unit's province and district
(``coso.visits.ancestry``, issue 9) are right after every write that changes them: a record
saved, its cadre moved to another province, the unit's subtree moved, a merge, a level changed.
The trip list of the new province then shows the trip; every role's practice list is exactly
what the units' paths give."""

import datetime

import pytest

from coso.org import services as org
from coso.org.models import Unit
from coso.people import ancestry as people_ancestry
from coso.people import services as people_services
from coso.people.models import Person
from coso.visits import ancestry
from coso.visits.models import GoodPractice, Visit, VisitForm
from tests.builders import _level, user

D = datetime.date


def _columns(trip):
    return Visit.objects.values_list(
        "cadre_province_id", "cadre_district_id", "host_province_id", "host_district_id"
    ).get(pk=trip.pk)


def _recounted(trip):
    """The four columns as found from scratch: the person's row, the unit's ancestors."""
    trip = Visit.objects.get(pk=trip.pk)
    cadre = Person.objects.values_list("province_id", "district_id").get(pk=trip.cadre_id)
    return (*cadre, *people_ancestry.for_unit_ids([trip.unit_id])[trip.unit_id])


START = D(2024, 3, 4)


def _trip(cadre, unit, start=START):
    return Visit.objects.create(cadre=cadre, unit=unit, start_date=start, end_date=start, form=VisitForm.SITUATION)


def _other_province():
    other = Unit.objects.add_root(create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn"))
    district = Unit.objects.add_child(
        other, dict(name="Huyện đoàn Châu Thành", level=_level("huyen-doan"), code="x-ct")
    )
    return Unit.objects.get(pk=other.pk), Unit.objects.get(pk=district.pk)


def _listed(client, trip):
    page = client.get("/visits/trips/").content.decode()
    return f'href="/visits/trips/{trip.pk}/"' in page


def test_a_recorded_trip_has_its_cadres_and_its_hosts_ancestors(tree):
    trip = _trip(tree.btm_secretary, tree.anmy)
    assert _columns(trip) == (tree.province.pk, tree.bactramy.pk, tree.province.pk, tree.tamky.pk)
    trip.unit = tree.trason
    trip.save(update_fields=["unit"])
    assert _columns(trip) == (tree.province.pk, tree.bactramy.pk, tree.province.pk, tree.bactramy.pk)


def test_a_cadre_moved_to_another_province_takes_their_trips_along(tree, client_for, monkeypatch):
    from coso.accounts import scoping

    monkeypatch.setattr(scoping, "SMALL_SCOPE_MAX_UNITS", 0)  # the list by the trips' columns
    other, district = _other_province()
    officer = user("tinhdoan.tn", "provincial_standing", other)
    trip = _trip(tree.btm_secretary, tree.trason)
    assert _listed(client_for("provincial_standing"), trip)
    cadre = Person.objects.get(pk=tree.btm_secretary.pk)
    people_services.update_person(actor=tree.admin, person=cadre, version=cadre.version, unit=district)
    assert _columns(trip) == (other.pk, district.pk, tree.province.pk, tree.bactramy.pk) == _recounted(trip)
    client = client_for("provincial_standing")
    assert _listed(client, trip)  # still a trip to one of its units
    client.force_login(officer)
    assert _listed(client, trip)  # now a trip of one of its cadres


def test_a_moved_subtree_a_merge_and_a_level_change_keep_them(tree):
    other, district = _other_province()
    local = Person.objects.create(family_name="Võ", given_name="Ân", sex="M", unit=tree.trason, is_cadre=True)
    inside, visitor = _trip(local, tree.tragiang), _trip(tree.movement_cadre, tree.trason)
    org.move_unit(actor=tree.admin, unit=tree.trason, new_parent=district)
    assert _columns(inside) == (other.pk, district.pk, tree.province.pk, tree.bactramy.pk) == _recounted(inside)
    assert _columns(visitor)[2:] == (other.pk, district.pk) and _columns(visitor) == _recounted(visitor)
    org.move_unit(actor=tree.admin, unit=tree.trason, new_parent=tree.bactramy)
    org.merge_units(actor=tree.admin, absorbed=tree.bactramy, into=tree.tamky)
    for trip in (inside, visitor):
        assert _columns(trip) == _recounted(trip)
    # Trà Giang came under Tam Kỳ with the rest of Bắc Trà My
    assert _columns(inside) == (tree.province.pk, tree.tamky.pk, tree.province.pk, tree.tamky.pk)
    tamky = Unit.objects.get(pk=tree.tamky.pk)
    org.update_unit(actor=tree.admin, unit=tamky, version=tamky.version, level=_level("doan-co-so"))
    assert _columns(inside) == (tree.province.pk, None, tree.province.pk, None) == _recounted(inside)


def test_fill_all_finds_what_each_write_kept(tree):
    trips = [
        _trip(tree.btm_secretary, tree.anmy),
        _trip(tree.movement_cadre, tree.trason),
        _trip(tree.secretary, tree.province),
    ]
    kept = [_columns(trip) for trip in trips]
    Visit.objects.update(cadre_province=None, cadre_district=None, host_province=None, host_district=None)
    ancestry.fill_all()
    assert [_columns(trip) for trip in trips] == kept


def _practice(reporter, unit, title="Tổ hợp tác thanh niên"):
    return GoodPractice.objects.create(title=title, unit=unit, reported_by=reporter, reported_on=START)


def _practice_columns(practice):
    return GoodPractice.objects.values_list(
        "reporter_province_id", "reporter_district_id", "unit_province_id", "unit_district_id"
    ).get(pk=practice.pk)


def test_a_practice_keeps_its_reporters_and_its_units_ancestors(tree):
    other, district = _other_province()
    practice = _practice(tree.btm_secretary, tree.anmy)
    assert _practice_columns(practice) == (tree.province.pk, tree.bactramy.pk, tree.province.pk, tree.tamky.pk)
    cadre = Person.objects.get(pk=tree.btm_secretary.pk)
    people_services.update_person(actor=tree.admin, person=cadre, version=cadre.version, unit=district)
    org.move_unit(actor=tree.admin, unit=tree.anmy, new_parent=district)
    assert _practice_columns(practice) == (other.pk, district.pk, other.pk, district.pk)


@pytest.mark.parametrize(
    "role",
    ["provincial_standing", "district_standing", "district_standing_tamky", "base_officer", "movement_cadre"],
)
def test_every_roles_practice_list_is_what_the_paths_give(tree, client_for, role):
    from coso.visits import permissions

    other, district = _other_province()
    stranger = Person.objects.create(family_name="Võ", given_name="Xa", sex="M", unit=district, is_cadre=True)
    made = [
        _practice(tree.btm_secretary, tree.trason, title="Mô hình Trà Sơn"),
        _practice(tree.movement_cadre, tree.anmy, title="Mô hình An Mỹ"),
        _practice(tree.secretary, tree.tragiang, title="Mô hình Trà Giang"),
        _practice(stranger, district, title="Mô hình Châu Thành"),
        _practice(stranger, tree.trason, title="Mô hình của khách tỉnh khác"),
    ]
    user = tree.users[role]
    by_paths = set(
        GoodPractice.objects.visible_to(user).filter(pk__in=[p.pk for p in made]).values_list("pk", flat=True)
    )
    by_columns = set(
        GoodPractice.objects.filter(permissions.listed_practices_q(user), pk__in=[p.pk for p in made]).values_list(
            "pk", flat=True
        )
    )
    assert by_columns == by_paths and made[3].pk not in by_columns
    page = client_for(role).get("/visits/practices/").content.decode()
    for practice in made:
        assert (practice.title in page) == (practice.pk in by_paths), (role, practice.title)


def _cadre_columns(record):
    return type(record).objects.values_list("cadre_province_id", "cadre_district_id").get(pk=record.pk)


def test_plans_and_reports_keep_their_cadres_province_and_district(tree, client_for):
    """A plan and a report follow their cadre to another province: that province's standing
    office gets the submitted plan in its inbox, the first province's no longer does."""
    from coso.visits.models import MonthlyReport, QuarterPlan

    other, district = _other_province()
    officer = user("tinhdoan.tn", "provincial_standing", other)
    plan = QuarterPlan.objects.create(cadre=tree.btm_secretary, year=2024, quarter=1, state=QuarterPlan.State.SUBMITTED)
    report = MonthlyReport.objects.create(cadre=tree.btm_secretary, year=2024, month=3, due_date=D(2024, 4, 5))
    for record in (plan, report):
        assert _cadre_columns(record) == (tree.province.pk, tree.bactramy.pk)
    home = client_for("provincial_standing").get("/visits/").content.decode()
    assert f"/visits/plans/{plan.pk}/" in home
    cadre = Person.objects.get(pk=tree.btm_secretary.pk)
    people_services.update_person(actor=tree.admin, person=cadre, version=cadre.version, unit=district)
    for record in (plan, report):
        assert _cadre_columns(record) == (other.pk, district.pk)
    assert f"/visits/plans/{plan.pk}/" not in client_for("provincial_standing").get("/visits/").content.decode()
    client = client_for("provincial_standing")
    client.force_login(officer)
    assert f"/visits/plans/{plan.pk}/" in client.get("/visits/").content.decode()
    org.move_unit(actor=tree.admin, unit=district, new_parent=tree.province)
    for record in (plan, report):
        assert _cadre_columns(record) == (tree.province.pk, district.pk)
    QuarterPlan.objects.update(cadre_province=None, cadre_district=None)
    MonthlyReport.objects.update(cadre_province=None, cadre_district=None)
    ancestry.fill_all(models=(ancestry.PLANS, ancestry.REPORTS))
    for record in (plan, report):
        assert _cadre_columns(record) == (tree.province.pk, district.pk)


def test_a_move_made_in_the_django_admin_moves_the_trips_columns_too(tree, rf):
    from django.contrib import admin

    other, district = _other_province()
    trip = _trip(tree.btm_secretary, tree.trason)
    cadre = Person.objects.get(pk=tree.btm_secretary.pk)
    cadre.unit = district
    request = rf.post("/admin/people/person/")
    request.user = tree.admin
    admin.site._registry[Person].save_model(request, cadre, form=None, change=True)
    assert _columns(trip) == (other.pk, district.pk, tree.province.pk, tree.bactramy.pk) == _recounted(trip)


def test_an_assignment_keeps_its_cadres_province_and_the_late_list_follows_the_cadre(tree, monkeypatch):
    """A province's leaders read their late cadres by the assignments' own columns: a cadre who
    moves to another province leaves the first province's list and joins the other's."""
    from django.utils import timezone

    from coso.accounts import scoping
    from coso.visits import services
    from coso.visits.attention import late_reports_in_scope
    from coso.visits.models import Assignment

    monkeypatch.setattr(scoping, "SMALL_SCOPE_MAX_UNITS", 0)  # the provinces' way, not the ids'
    today = timezone.localdate()
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    manager = tree.users["provincial_standing"]
    decision = services.record_decision(
        actor=manager,
        owner=tree.province,
        number="16-QĐ/TĐTN",
        decided_on=previous.replace(day=1),
        signer=tree.secretary,
    )
    (assignment,) = services.assign(actor=manager, decision=decision, cadre=tree.btm_secretary, units=[tree.bactramy])
    assert _cadre_columns(assignment) == (tree.province.pk, tree.bactramy.pk)
    assert "Hồ Văn Anh" in late_reports_in_scope(manager, today)[1]

    other, district = _other_province()
    officer = user("tinhdoan.tn", "provincial_standing", other)
    cadre = Person.objects.get(pk=tree.btm_secretary.pk)
    people_services.update_person(actor=tree.admin, person=cadre, version=cadre.version, unit=district)
    assert _cadre_columns(assignment) == (other.pk, district.pk)
    assert "Hồ Văn Anh" not in late_reports_in_scope(manager, today)[1]
    assert late_reports_in_scope(officer, today)[1] == ["Hồ Văn Anh"]

    Assignment.objects.update(cadre_province=None, cadre_district=None)
    ancestry.fill_all(models=(ancestry.ASSIGNMENTS,))
    assert _cadre_columns(assignment) == (other.pk, district.pk)
