import pytest

from coso.accounts import scoping
from coso.org.models import Unit
from coso.people.models import Person


def test_district_officer_sees_only_their_district(tree):
    user = tree.users["district_standing"]
    names = set(Unit.objects.visible_to(user).values_list("name", flat=True))
    assert "Huyện đoàn Bắc Trà My" in names
    assert "Đoàn xã Trà Sơn" in names
    assert "Thành đoàn Tam Kỳ" not in names
    assert "Đoàn phường An Mỹ" not in names
    assert "Tỉnh đoàn Quảng Nam" not in names


def test_province_officer_sees_everything_below(tree):
    user = tree.users["provincial_standing"]
    assert Unit.objects.visible_to(user).count() == Unit.objects.subtree_of(tree.province).count()


def test_member_sees_own_record_only(tree):
    user = tree.users["member"]
    people = list(Person.objects.visible_to(user))
    assert people == [tree.member_trason]
    assert list(Unit.objects.visible_to(user)) == [tree.branch_trason]


def test_edit_rights_follow_role(tree):
    assert scoping.can(tree.users["district_standing"], scoping.EDIT_UNITS, tree.trason)
    assert not scoping.can(tree.users["district_standing"], scoping.EDIT_UNITS, tree.anmy)
    assert not scoping.can(tree.users["movement_cadre"], scoping.EDIT_PEOPLE, tree.trason)
    assert scoping.can(tree.users["movement_cadre"], scoping.VIEW, tree.trason)
    assert scoping.can(tree.admin, scoping.EDIT_UNITS, None)
    assert not scoping.can(tree.users["provincial_standing"], scoping.EDIT_UNITS, None)


def test_sensitive_data_only_for_roles_that_need_it(tree):
    assert scoping.can_view_sensitive(tree.users["tckt_officer"], tree.secretary)
    assert not scoping.can_view_sensitive(tree.users["district_standing"], tree.btm_secretary)
    assert not scoping.can_view_sensitive(tree.users["movement_cadre"], tree.secretary)


def _where(queryset):
    return str(queryset.query).split(" WHERE ", 1)[-1]


def test_people_of_a_cadre_inside_their_scope_are_one_subtree_condition(tree):
    # "OR id = own person" made PostgreSQL scan all 7 M persons for every linked account.
    user = tree.users["district_standing"]
    people = Person.objects.visible_to(user)
    assert " OR " not in _where(people)
    assert tree.btm_secretary in people and tree.member_trason in people
    assert tree.member_anmy not in people


def test_a_member_sees_only_themselves_without_a_subtree_condition(tree):
    people = Person.objects.visible_to(tree.users["member"])
    assert " OR " not in _where(people)
    assert list(people) == [tree.member_trason]


def test_a_cadre_whose_own_unit_is_outside_their_grant_still_sees_themselves(tree):
    from coso.accounts.models import Role
    from tests.builders import user

    outsider = user("ngoai.pham.vi", Role.DISTRICT_STANDING, tree.tamky, tree.member_trason2)
    people = Person.objects.visible_to(outsider)
    assert tree.member_trason2 in people
    assert tree.tamky_secretary in people
    assert tree.member_trason not in people


ROLES = [
    "provincial_standing",
    "tckt_officer",
    "cluster_leader",
    "movement_cadre",
    "district_standing",
    "district_standing_tamky",
    "base_officer",
    "branch_officer",
    "member",
]


@pytest.fixture
def two_provinces(tree):
    """The tree, and a second province with a district, a cadre and a plan of theirs."""
    from tests.builders import _level, person

    tree.other = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn")
    )
    tree.other_district = Unit.objects.add_child(
        tree.other, dict(name="Huyện đoàn Tân Biên", level=_level("huyen-doan"), code="x-tb")
    )
    tree.stranger = person(tree.other_district, "Nguyễn Văn Lạ", is_cadre=True)
    return tree


def _plans_of(cadres):
    from coso.visits.models import QuarterPlan

    return {
        QuarterPlan.objects.create(cadre=cadre, year=2026, quarter=1, state="submitted").pk: cadre.pk
        for cadre in cadres
    }


@pytest.mark.parametrize("role", ROLES)
def test_people_by_their_ancestor_columns_are_those_under_the_granted_units(two_provinces, role):
    """``people_q`` names a granted province or district by the persons' own columns (no join to
    the units): the same persons as the units' paths name, directly or through a relation,
    and never one of another province."""
    from coso.visits.models import QuarterPlan

    t, user = two_provinces, two_provinces.users[role]
    by_paths = set(
        Person.objects.filter(scoping.unit_q(user, scoping.VIEW, prefix="unit__")).values_list("pk", flat=True)
    )
    by_columns = set(Person.objects.filter(scoping.people_q(user)).values_list("pk", flat=True))
    assert by_columns == by_paths
    assert t.stranger.pk not in by_columns
    plans = _plans_of([t.stranger, t.movement_cadre, t.btm_secretary, t.tamky_secretary, t.member_trason])
    seen = set(QuarterPlan.objects.filter(scoping.people_q(user, prefix="cadre__")).values_list("pk", flat=True))
    assert seen == {plan for plan, cadre in plans.items() if cadre in by_paths}


def test_people_by_columns_everywhere_and_nowhere(two_provinces, django_user_model):
    t = two_provinces
    assert Person.objects.filter(scoping.people_q(t.admin)).count() == Person.objects.count()
    nobody = django_user_model.objects.create(username="khongvaitro")
    assert not Person.objects.filter(scoping.people_q(nobody)).exists()


def test_a_grant_of_the_other_province_reaches_its_persons_only(two_provinces):
    from coso.accounts.models import Role
    from tests.builders import user as make_user

    t = two_provinces
    officer = make_user("tinhdoan.tn", Role.PROVINCIAL_STANDING, t.other)
    district_officer = make_user("huyendoan.tb", Role.DISTRICT_STANDING, t.other_district)
    for account, column in ((officer, "province_id"), (district_officer, "district_id")):
        people = Person.objects.filter(scoping.people_q(account))
        assert set(people) == {t.stranger}
        sql = str(people.query)
        assert f'"people_person"."{column}" = {account.grants.get().unit_id}' in sql and "org_unit" not in sql
