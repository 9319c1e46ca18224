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
