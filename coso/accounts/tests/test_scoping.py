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
