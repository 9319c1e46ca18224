import datetime

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.org import services
from coso.org.models import Unit, UnitEvent
from coso.people.models import Person


def test_move_commune_to_another_district_keeps_subtree_and_records_event(tree):
    officer = tree.users["provincial_standing"]
    moved = services.move_unit(
        actor=officer,
        unit=tree.trason,
        new_parent=tree.tamky,
        occurred_on=datetime.date(2025, 7, 1),
        note="Sắp xếp 2025",
    )
    assert Unit.objects.get_parent(moved).pk == tree.tamky.pk
    branch = Unit.objects.get(pk=tree.branch_trason.pk)
    assert branch.path.startswith(moved.path)
    assert tree.member_trason in Person.objects.filter(unit__path__startswith=tree.tamky.path)
    event = UnitEvent.objects.get(unit=moved, kind=UnitEvent.Kind.MOVED)
    assert (event.from_parent, event.to_parent, event.recorded_by) == (tree.bactramy, tree.tamky, officer)
    assert Unit.objects.find_problems() == ([], [], [], [], [])


def test_district_officer_cannot_move_into_another_district(tree):
    with pytest.raises(OutOfScope) as info:
        services.move_unit(actor=tree.users["district_standing"], unit=tree.trason, new_parent=tree.tamky)
    assert "không có quyền" in str(info.value)
    assert Unit.objects.get_parent(Unit.objects.get(pk=tree.trason.pk)).pk == tree.bactramy.pk


def test_cannot_move_unit_under_its_own_branch(tree):
    with pytest.raises(DomainError) as info:
        services.move_unit(actor=tree.admin, unit=tree.bactramy, new_parent=tree.trason)
    assert info.value.code == "move_into_itself"


def test_merge_moves_children_and_people_and_keeps_the_absorbed_unit_readable(tree):
    officer = tree.users["district_standing"]
    into = services.merge_units(
        actor=officer, absorbed=tree.tragiang, into=tree.trason, occurred_on=datetime.date(2025, 7, 1)
    )
    absorbed = Unit.objects.get(pk=tree.tragiang.pk)
    assert not absorbed.is_active
    assert absorbed.merged_into == into
    assert absorbed.ended_on == datetime.date(2025, 7, 1)
    assert absorbed.classifications.filter(year=2012).exists()  # history stays with the old unit
    kinds = set(UnitEvent.objects.filter(unit__in=[absorbed, into]).values_list("kind", flat=True))
    assert kinds == {UnitEvent.Kind.MERGED}
    assert absorbed.history.first().history_change_reason.startswith("Hợp nhất")


def test_merge_moves_branches_and_members(tree):
    services.merge_units(actor=tree.admin, absorbed=tree.anmy, into=tree.trason)
    branch = Unit.objects.get(pk=tree.branch_anmy.pk)
    assert Unit.objects.get_parent(branch).pk == tree.trason.pk
    assert Person.objects.get(pk=tree.member_anmy.pk).unit_id == tree.branch_anmy.pk


def test_merge_across_districts_needs_rights_on_both(tree):
    with pytest.raises(Exception) as info:
        services.merge_units(actor=tree.users["district_standing"], absorbed=tree.trason, into=tree.anmy)
    assert "không có quyền" in str(info.value)
    assert Unit.objects.get(pk=tree.trason.pk).is_active


def test_level_must_be_below_parent(tree):
    with pytest.raises(DomainError) as info:
        services.create_unit(actor=tree.admin, parent=tree.trason, name="Huyện đoàn lạ", level=tree.bactramy.level)
    assert "không thể nằm dưới" in info.value.message
