"""Setting a programme up: District 8's 2014 defaults, the catalogue, rounds, points groups."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.programme import services
from coso.programme.models import Criterion, Programme, Round, Track

from .conftest import D, criteria_for, pick


def test_district8_2014_is_the_seeds_plan(btm):
    p = btm.programme
    assert (p.owner, p.year, p.document_number, p.issued_on) == (btm.bactramy, 2014, "21-KH/ĐTN-BTC", D(2014, 3, 17))
    assert p.name == "Ngày đoàn viên “Rèn luyện và hành động” năm 2014"
    assert (p.mode, p.training_count, p.action_count) == ("count", 5, 5)
    assert [(r.roman, r.starts_on, r.ends_on, r.theme) for r in btm.rounds] == [
        ("I", D(2014, 3, 1), D(2014, 3, 31), "Vì lý tưởng cộng sản - Vì cuộc sống cộng đồng"),
        ("II", D(2014, 5, 1), D(2014, 5, 31), "Nâng cao tinh thần trách nhiệm – Lời nói đi đôi với việc làm"),
        ("III", D(2014, 7, 1), D(2014, 7, 31), "Nêu cao tinh thần yêu nước - Tiếp bước truyền thống cha anh"),
        ("IV", D(2014, 9, 1), D(2014, 9, 30), "Nâng cao tri thức - Tự tin hội nhập"),
    ]
    assert btm.rounds[0].window_text == "tháng 3/2014"
    school = p.tracks.get(kind=Track.Kind.SCHOOL)
    # "Bắt đầu từ tháng 10/2014 và kết thúc trước 30/4/2015"
    assert (school.starts_on, school.ends_on) == (D(2014, 10, 1), D(2015, 4, 29))
    assert not school.rounds.exists()


@pytest.mark.parametrize(
    "group_code", ["hoc-sinh", "sinh-vien", "cong-nhan", "dia-ban-dan-cu", "cong-chuc", "luc-luong-vu-trang"]
)
def test_every_target_group_has_more_than_five_of_each_kind_to_choose_from(btm, group_code):
    for kind in ("training", "action"):
        assert len(criteria_for(btm.programme, group_code, kind)) >= 6


def test_only_the_districts_standing_committee_sets_a_programme_up(btm):
    with pytest.raises(OutOfScope):
        services.district8_2014(btm.tamky, actor=btm.users["district_standing"])
    with pytest.raises(OutOfScope):
        services.create_programme(actor=btm.users["base_officer"], owner=btm.trason, year=2015, name="X")
    with pytest.raises(DomainError) as err:
        services.create_programme(actor=btm.users["district_standing"], owner=btm.trason, year=2015, name="X")
    assert err.value.code == "owner_level"
    with pytest.raises(DomainError) as err:
        services.district8_2014(btm.bactramy, actor=btm.users["district_standing"])
    assert err.value.code == "programme_exists"


def test_rounds_stay_inside_their_track_and_are_numbered_once(btm):
    general = btm.programme.tracks.get(kind="general")
    manager = btm.users["district_standing"]
    with pytest.raises(DomainError) as err:
        services.add_round(actor=manager, track=general, number=4, starts_on=D(2014, 11, 1), ends_on=D(2015, 1, 31))
    assert [code for code, _m in err.value.violations] == ["round_exists", "round_outside_track"]
    school = btm.programme.tracks.get(kind="school")
    rnd = services.add_round(
        actor=manager,
        track=school,
        number=1,
        starts_on=D(2014, 10, 1),
        ends_on=D(2014, 11, 30),
        theme="Chủ đề riêng của khối trường học",
    )
    assert rnd.roman == "I" and rnd.window_text == "01/10/2014 – 30/11/2014"
    rnd = services.update_round(actor=manager, round=rnd, version=rnd.version, theme="Chủ đề mới")
    assert Round.objects.get(pk=rnd.pk).theme == "Chủ đề mới"


def test_a_registered_criterion_keeps_its_group_and_kind(registered):
    manager = registered.users["district_standing"]
    criterion = registered.reg1.items.first().criterion
    with pytest.raises(DomainError) as err:
        services.update_criterion(actor=manager, criterion=criterion, version=criterion.version, kind="action")
    assert err.value.code == "criterion_in_use"
    criterion = services.update_criterion(
        actor=manager, criterion=criterion, version=criterion.version, description="Mô tả mới", is_active=True
    )
    assert Criterion.objects.get(pk=criterion.pk).description == "Mô tả mới"
    programme = registered.programme
    with pytest.raises(DomainError) as err:
        services.update_programme(actor=manager, programme=programme, version=programme.version, training_count=4)
    assert err.value.code == "programme_in_use"


def test_a_points_programme_with_groups_capped_at_twenty(btm):
    manager = btm.users["district_standing"]
    programme = services.create_programme(
        actor=manager, owner=btm.bactramy, year=2024, name="Chương trình quốc gia", mode=Programme.Mode.POINTS
    )
    services.add_track(
        actor=manager,
        programme=programme,
        kind="general",
        name="Chung",
        starts_on=D(2024, 1, 1),
        ends_on=D(2024, 12, 31),
    )
    group = services.add_points_group(actor=manager, programme=programme, code="N1", name="Học tập", max_points=20)
    with pytest.raises(DomainError) as err:
        services.add_points_group(actor=manager, programme=programme, code="N1", name="Quá", max_points=120)
    assert [c for c, _m in err.value.violations] == ["invalid_group_cap", "code_taken"]
    with pytest.raises(DomainError) as err:
        services.add_criterion(actor=manager, programme=programme, code="A", kind="training", title="Không nhóm")
    assert [c for c, _m in err.value.violations] == ["group_required", "max_points_required"]
    with pytest.raises(DomainError) as err:
        services.add_criterion(
            actor=manager,
            programme=programme,
            code="A",
            kind="training",
            title="Quá nhóm",
            points_group=group,
            max_points=25,
        )
    assert err.value.code == "criterion_over_group"
    a = services.add_criterion(
        actor=manager,
        programme=programme,
        code="A",
        kind="training",
        title="Học nghị quyết",
        points_group=group,
        max_points=10,
    )
    b = services.add_criterion(
        actor=manager, programme=programme, code="B", kind="action", title="Hiến máu", points_group=group, max_points=10
    )
    c = services.add_criterion(
        actor=manager,
        programme=programme,
        code="C",
        kind="action",
        title="Chủ nhật xanh",
        points_group=group,
        max_points=5,
    )
    items = [{"criterion": x, "commitment": "Cam kết"} for x in (a, b, c)]
    with pytest.raises(DomainError) as err:
        services.register(actor=btm.users["member"], programme=programme, items=items)
    assert err.value.message == "Nhóm «Học tập»: tổng 25 điểm, vượt mức tối đa 20 điểm."
    items[2]["points"] = None
    items[1]["points"] = 5
    registration = services.register(actor=btm.users["member"], programme=programme, items=items, submit=True)
    assert sorted(registration.items.values_list("points", flat=True)) == [5, 5, 10]


def test_pick_helper_fits_the_residents(btm):
    assert len(pick(btm.programme)) == 10
