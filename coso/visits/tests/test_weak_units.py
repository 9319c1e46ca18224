"""Choosing the base units with the lowest classification of the previous year."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.visits import selectors, services
from coso.visits.models import WeakUnitSelection

from .conftest import add_base_unit, classify


@pytest.fixture
def communes(qn):
    """Bắc Trà My's base units and their 2012 classification (Trà Sơn weak, Trà Giang good from the tree)."""
    units = {
        "bui": add_base_unit(qn.bactramy, "Đoàn xã Trà Bui"),
        "doc": add_base_unit(qn.bactramy, "Đoàn xã Trà Đốc"),
        "kot": add_base_unit(qn.bactramy, "Đoàn xã Trà Kót"),
        "nu": add_base_unit(qn.bactramy, "Đoàn xã Trà Nú"),
    }
    classify(units["bui"], 2012, "TB")
    classify(units["doc"], 2012, "TB")
    classify(units["nu"], 2012, "VM")
    return units


def names(selection):
    return [
        (p.unit.name, p.previous_level.name if p.previous_level else None)
        for p in selection.picks.select_related("unit", "previous_level")
    ]


def test_proposal_order_worst_first_ties_by_name_unclassified_last(qn, communes):
    order = [(name, rank) for _pk, name, _level, rank in selectors.weak_unit_candidates(qn.bactramy, 2013)]
    assert order == [
        ("Đoàn xã Trà Sơn", 4),
        ("Đoàn xã Trà Bui", 3),
        ("Đoàn xã Trà Đốc", 3),  # b before đ in the Vietnamese alphabet
        ("Đoàn xã Trà Giang", 2),
        ("Đoàn xã Trà Nú", 1),
        ("Đoàn xã Trà Kót", None),
    ]
    selection = services.propose_weak_units(
        actor=qn.cadre_user, cadre=qn.movement_cadre, district=qn.bactramy, year=2013
    )
    assert names(selection) == [
        ("Đoàn xã Trà Sơn", "Yếu"),
        ("Đoàn xã Trà Bui", "Trung bình"),
        ("Đoàn xã Trà Đốc", "Trung bình"),
    ]
    assert selection.state == WeakUnitSelection.State.PROPOSED


def test_proposing_again_refreshes_then_confirm_locks(qn, communes):
    selection = services.propose_weak_units(
        actor=qn.cadre_user, cadre=qn.movement_cadre, district=qn.bactramy, year=2013
    )
    classify(communes["nu"], 2012, "YEU")
    again = services.propose_weak_units(actor=qn.cadre_user, cadre=qn.movement_cadre, district=qn.bactramy, year=2013)
    assert again.pk == selection.pk
    assert [n for n, _l in names(again)] == ["Đoàn xã Trà Nú", "Đoàn xã Trà Sơn", "Đoàn xã Trà Bui"]
    confirmed = services.confirm_weak_units(actor=qn.users["district_standing"], selection=again)
    assert (
        confirmed.state == WeakUnitSelection.State.CONFIRMED and confirmed.confirmed_by == qn.users["district_standing"]
    )
    with pytest.raises(DomainError) as error:
        services.confirm_weak_units(actor=qn.cadre_user, selection=confirmed)
    assert error.value.code == "illegal_transition"
    with pytest.raises(DomainError):
        services.propose_weak_units(actor=qn.cadre_user, cadre=qn.movement_cadre, district=qn.bactramy, year=2013)


def test_confirm_another_choice(qn, communes):
    selection = services.propose_weak_units(
        actor=qn.cadre_user, cadre=qn.movement_cadre, district=qn.bactramy, year=2013
    )
    with pytest.raises(DomainError) as error:
        services.confirm_weak_units(actor=qn.cadre_user, selection=selection, units=[qn.trason, qn.anmy])
    assert [code for code, _m in error.value.violations] == ["not_a_base_unit", "too_few_units"]
    chosen = [qn.trason, communes["kot"], qn.tragiang]
    confirmed = services.confirm_weak_units(actor=qn.cadre_user, selection=selection, units=chosen)
    assert names(confirmed) == [("Đoàn xã Trà Sơn", "Yếu"), ("Đoàn xã Trà Kót", None), ("Đoàn xã Trà Giang", "Khá")]


def test_only_for_a_district_followed_and_by_the_right_people(qn, communes):
    with pytest.raises(DomainError) as error:
        services.propose_weak_units(
            actor=qn.users["tckt_officer"], cadre=qn.tckt_cadre, district=qn.bactramy, year=2013
        )
    assert (
        error.value.message
        == "Đồng chí Lê Văn Bình không được phân công theo dõi Huyện đoàn Bắc Trà My trong năm 2013."
    )
    selection = services.propose_weak_units(
        actor=qn.cadre_user, cadre=qn.movement_cadre, district=qn.bactramy, year=2013
    )
    with pytest.raises(OutOfScope):
        services.confirm_weak_units(actor=qn.users["district_standing_tamky"], selection=selection)


def test_outcomes_against_the_target(qn, communes):
    selection = services.propose_weak_units(
        actor=qn.cadre_user, cadre=qn.movement_cadre, district=qn.bactramy, year=2013
    )
    classify(qn.trason, 2013, "KHA")
    classify(communes["bui"], 2013, "TB")
    outcomes = {o["unit"].name: (o["improved"], o["target_met"]) for o in selectors.weak_unit_outcomes(selection)}
    assert outcomes == {
        "Đoàn xã Trà Sơn": (True, True),
        "Đoàn xã Trà Bui": (False, False),
        "Đoàn xã Trà Đốc": (None, False),
    }
