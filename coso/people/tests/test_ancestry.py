"""Each person's province and district (``Person.province`` / ``district``, issue 9) are right
after every write that changes them: creating and moving a person (service and API), the
Excel import's bulk insert, a unit moved to another province, a merge, a level changed."""

import datetime

from coso.org import services as org
from coso.org.models import Unit
from coso.people import services
from coso.people.models import Person
from tests.builders import _level


def _ancestors(person):
    row = Person.objects.values_list("province_id", "district_id").get(pk=person.pk)
    return row


def _other_province(tree):
    other = Unit.objects.add_root(create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn"))
    district = Unit.objects.add_child(
        other, dict(name="Huyện đoàn Châu Thành", level=_level("huyen-doan"), code="x-ct")
    )
    return Unit.objects.get(pk=other.pk), Unit.objects.get(pk=district.pk)


def test_a_created_person_has_its_units_province_and_district(tree):
    admin = tree.users["provincial_standing"]
    person = services.create_person(
        actor=admin, unit=tree.branch_trason, family_name="Lê", given_name="Na", sex="F", is_member=True
    )
    assert _ancestors(person) == (tree.province.pk, tree.bactramy.pk)
    agency = services.create_person(actor=admin, unit=tree.province, family_name="Lê", given_name="Mơ", sex="F")
    assert _ancestors(agency) == (tree.province.pk, None)


def test_a_person_moved_to_another_district_takes_its_ancestors(tree):
    admin = tree.users["provincial_standing"]
    person = services.create_person(actor=admin, unit=tree.branch_trason, family_name="Lê", given_name="Na", sex="F")
    person = services.update_person(actor=admin, person=person, version=person.version, unit=tree.branch_anmy)
    assert _ancestors(person) == (tree.province.pk, tree.tamky.pk)
    services.update_person(actor=admin, person=person, version=person.version, phone="0905000000")
    assert _ancestors(person) == (tree.province.pk, tree.tamky.pk)


def test_the_api_sets_them_on_create(tree, client_for):
    response = client_for("district_standing").post(
        "/api/persons/",
        {"unit_id": tree.branch_trason.pk, "family_name": "Hồ", "given_name": "Hà", "sex": "F"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert _ancestors(Person.objects.get(pk=response.json()["id"])) == (tree.province.pk, tree.bactramy.pk)


def test_the_imports_bulk_insert_sets_them(tree):
    from coso.imports import persons

    values = dict.fromkeys(persons.PAYLOAD_FIELDS, "")
    values.update(
        family_name="Đỗ",
        given_name="Quý",
        sex="M",
        unit_id=tree.branch_anmy.pk,
        is_cadre=False,
        is_member=True,
        target_group_id=None,
        birth_date=datetime.date(2000, 1, 1),
        joined_union_on=None,
        party_status="none",
        party_joined_on=None,
        on_payroll=False,
    )
    persons.insert_rows([(2, values)], tree.users["provincial_standing"], change_reason="test", batch_size=10)
    imported = Person.objects.get(given_name="Quý")
    assert _ancestors(imported) == (tree.province.pk, tree.tamky.pk)


def test_a_unit_moved_to_another_province_takes_its_persons_along(tree, django_user_model):
    other, district = _other_province(tree)
    admin = django_user_model.objects.create(username="root", is_superuser=True)
    member = Person.objects.filter(unit=tree.branch_trason).first()
    org.move_unit(actor=admin, unit=tree.trason, new_parent=district)
    assert _ancestors(member) == (other.pk, district.pk)
    org.move_unit(actor=admin, unit=tree.trason, new_parent=other)  # directly under the province
    assert _ancestors(member) == (other.pk, None)


def test_a_merge_and_a_level_change_keep_them(tree, django_user_model):
    admin = django_user_model.objects.create(username="root", is_superuser=True)
    member = Person.objects.filter(unit=tree.branch_trason).first()
    cadre = Person.objects.create(family_name="Võ", given_name="Ân", sex="M", unit=tree.trason, is_cadre=True)
    org.merge_units(actor=admin, absorbed=tree.bactramy, into=tree.tamky)
    assert _ancestors(member) == (tree.province.pk, tree.tamky.pk)
    assert _ancestors(cadre) == (tree.province.pk, tree.tamky.pk)
    tamky = Unit.objects.get(pk=tree.tamky.pk)
    org.update_unit(actor=admin, unit=tamky, version=tamky.version, level=_level("doan-co-so"))
    assert _ancestors(member) == (tree.province.pk, None)


def test_under_units_q_selects_what_the_paths_select_and_names_the_ancestor_below_a_district(tree):
    from coso.people.ancestry import under_units_q

    units = list(Unit.objects.select_related("level").order_by("path"))
    under = under_units_q(units)
    for unit in units:
        by_path = set(Person.objects.filter(unit__path__startswith=unit.path).values_list("pk", flat=True))
        assert set(Person.objects.filter(under[unit.pk]).values_list("pk", flat=True)) == by_path, unit.name
    # Below a district: kept to the district's column too, which PostgreSQL reads by its index.
    sql = str(Person.objects.filter(under[tree.trason.pk]).query)
    assert f'"people_person"."district_id" = {tree.bactramy.pk}' in sql
