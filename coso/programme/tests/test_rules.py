"""The pure rules: counts, target groups, duplicates, commitments, points caps, tracks."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coso.programme import rules
from coso.programme.rules import CriterionFact, GroupFact, ItemFact, MemberFact, ProgrammeFact, TrackFact

RESIDENTS, STUDENTS = 1, 2
PROGRAMME = ProgrammeFact(id=7, name="Rèn luyện và hành động 2014", owner_path="0001", owner_name="Quận đoàn 8")
MEMBER = MemberFact(
    name="Đinh Thị Mai", target_group_id=RESIDENTS, target_group_name="Thanh niên địa bàn dân cư", unit_path="00010001"
)


def catalogue(n_training=7, n_action=7, group_id=RESIDENTS, start=1):
    facts = {}
    for i in range(n_training):
        facts[start + i] = CriterionFact(
            start + i, f"Rèn luyện {i + 1}", "training", 7, group_id, "Thanh niên địa bàn dân cư"
        )
    for i in range(n_action):
        cid = start + 100 + i
        facts[cid] = CriterionFact(cid, f"Hành động {i + 1}", "action", 7, group_id, "Thanh niên địa bàn dân cư")
    return facts


CRITERIA = catalogue()


def items(n_training, n_action, commitment="Tôi cam kết thực hiện."):
    return [ItemFact(1 + i, commitment) for i in range(n_training)] + [
        ItemFact(101 + i, commitment) for i in range(n_action)
    ]


def codes(violations):
    return [v.code for v in violations]


def check(item_list, criteria=CRITERIA, **kw):
    return rules.registration_violations(
        programme=kw.pop("programme", PROGRAMME),
        member=kw.pop("member", MEMBER),
        track=kw.pop("track", TrackFact(1, "general", "Chung", 7)),
        items=item_list,
        criteria=criteria,
        **kw,
    )


@pytest.mark.parametrize(
    ("n_training", "n_action", "expected"),
    [
        (5, 5, []),
        (4, 5, ["Cần chọn đúng 5 tiêu chí rèn luyện; đã chọn 4."]),
        (6, 5, ["Cần chọn đúng 5 tiêu chí rèn luyện; đã chọn 6."]),
        (5, 4, ["Cần chọn đúng 5 tiêu chí hành động; đã chọn 4."]),
        (5, 6, ["Cần chọn đúng 5 tiêu chí hành động; đã chọn 6."]),
        (4, 6, ["Cần chọn đúng 5 tiêu chí rèn luyện; đã chọn 4.", "Cần chọn đúng 5 tiêu chí hành động; đã chọn 6."]),
        (0, 0, ["Cần chọn đúng 5 tiêu chí rèn luyện; đã chọn 0.", "Cần chọn đúng 5 tiêu chí hành động; đã chọn 0."]),
    ],
)
def test_exactly_five_and_five_at_the_boundaries(n_training, n_action, expected):
    assert [v.message for v in check(items(n_training, n_action))] == expected


def test_the_counts_are_the_programmes_data():
    programme = ProgrammeFact(id=7, name="P", training_count=3, action_count=2)
    assert check(items(3, 2), programme=programme, member=MemberFact("A", target_group_id=RESIDENTS)) == []
    assert codes(check(items(5, 5), programme=programme, member=MemberFact("A", target_group_id=RESIDENTS))) == [
        "wrong_training_count",
        "wrong_action_count",
    ]


def test_a_criterion_of_another_target_group_is_named_with_both_groups():
    criteria = dict(CRITERIA)
    criteria[1] = CriterionFact(1, "Đạt học lực từ khá trở lên", "training", 7, STUDENTS, "Học sinh")
    assert [v.message for v in check(items(5, 5), criteria)] == [
        "Tiêu chí «Đạt học lực từ khá trở lên» dành cho đối tượng Học sinh, không phù hợp với đối tượng "
        "Thanh niên địa bàn dân cư của đoàn viên."
    ]


def test_a_common_criterion_fits_every_group():
    criteria = dict(CRITERIA)
    criteria[1] = CriterionFact(1, "Tham gia sinh hoạt chi đoàn", "training", 7, None, "")
    assert check(items(5, 5), criteria) == []


def test_duplicates_are_reported_once_and_do_not_count_twice():
    chosen = items(4, 5) + [ItemFact(1, "Lần hai")]
    assert [v.message for v in check(chosen)] == [
        "Tiêu chí «Rèn luyện 1» được chọn 2 lần; mỗi tiêu chí chỉ chọn một lần.",
        "Cần chọn đúng 5 tiêu chí rèn luyện; đã chọn 4.",
    ]


def test_every_item_needs_a_commitment_sentence():
    chosen = items(5, 5)
    chosen[2] = ItemFact(3, "   ")
    chosen[7] = ItemFact(103, "")
    assert [v.message for v in check(chosen)] == [
        "Chưa ghi nội dung cam kết cho tiêu chí «Rèn luyện 3».",
        "Chưa ghi nội dung cam kết cho tiêu chí «Hành động 3».",
    ]


def test_every_violation_at_once():
    criteria = dict(CRITERIA)
    criteria[2] = CriterionFact(2, "Đạt học lực khá", "training", 8, STUDENTS, "Học sinh", is_active=False)
    chosen = items(5, 4) + [ItemFact(999, "x")]
    chosen[0] = ItemFact(1, "")
    assert codes(check(chosen, criteria, already_registered=True)) == [
        "already_registered",
        "criterion_other_programme",
        "criterion_inactive",
        "criterion_wrong_group",
        "unknown_criterion",
        "commitment_required",
        "wrong_action_count",
    ]


def test_member_facts():
    outside = MemberFact("Võ Minh Tâm", target_group_id=None, unit_path="0002", is_member=False)
    assert [v.message for v in rules.member_violations(PROGRAMME, outside)] == [
        "Võ Minh Tâm không phải là đoàn viên.",
        "Đoàn viên Võ Minh Tâm chưa được xác định đối tượng (học sinh, sinh viên, công nhân…): cần cập nhật hồ sơ "
        "trước khi đăng ký.",
        "Đoàn viên Võ Minh Tâm không sinh hoạt trong Quận đoàn 8, không thuộc phạm vi chương trình «Rèn luyện và "
        "hành động 2014».",
    ]


def test_school_track_only_for_school_members_and_school_members_on_it():
    school_track = TrackFact(2, "school", "Khối Trường học", 7)
    general = TrackFact(1, "general", "Chung", 7)
    student = MemberFact("Lan", target_group_id=RESIDENTS, is_school=True)
    assert codes(rules.track_violations(PROGRAMME, MEMBER, school_track, school_track)) == ["school_track_not_school"]
    assert rules.track_violations(PROGRAMME, student, school_track, school_track) == []
    assert codes(rules.track_violations(PROGRAMME, student, general, school_track)) == ["school_member_general_track"]
    # without a school track, school members follow the general one
    assert rules.track_violations(PROGRAMME, student, general, None) == []
    assert codes(rules.track_violations(PROGRAMME, MEMBER, None)) == ["track_required"]


@pytest.mark.parametrize(
    ("chain", "expected"),
    [
        ([("province", None), ("district", None), ("base", "truong-hoc"), ("branch", None)], True),
        ([("province", None), ("district", None), ("base", "truong-hoc")], True),
        ([("district", None), ("base", "dia-ban-dan-cu"), ("branch", "truong-hoc")], True),
        ([("district", "truong-hoc"), ("base", "dia-ban-dan-cu"), ("branch", None)], False),
        ([("province", None), ("district", None), ("base", "dia-ban-dan-cu"), ("branch", None)], False),
    ],
)
def test_school_units_are_schools_at_base_level_or_their_branches(chain, expected):
    assert rules.is_school_unit(chain) is expected


# --------------------------------------------------------------------------- points mode

POINTS = ProgrammeFact(id=7, name="Chương trình quốc gia", mode="points", max_points=100)
GROUPS = {g: GroupFact(g, f"Nhóm {g}", 20) for g in range(1, 6)}


def points_catalogue():
    facts = {}
    for g in range(1, 6):
        for j in range(4):
            cid = g * 10 + j
            facts[cid] = CriterionFact(
                cid, f"Tiêu chí {g}.{j}", "training", 7, None, "", points_group_id=g, max_points=10
            )
    return facts


PCRIT = points_catalogue()


def pcheck(chosen):
    return rules.points_violations(POINTS, chosen, PCRIT, GROUPS)


def test_points_within_group_caps_and_total():
    full = [ItemFact(g * 10 + j, "x") for g in range(1, 6) for j in range(2)]  # 5 groups × 20 = 100
    assert pcheck(full) == []
    assert rules.count_violations(POINTS, full, PCRIT) == []  # no counts in points mode


def test_a_group_over_its_cap():
    chosen = [ItemFact(10, "x"), ItemFact(11, "x"), ItemFact(12, "x", points=1)]
    assert [v.message for v in pcheck(chosen)] == ["Nhóm «Nhóm 1»: tổng 21 điểm, vượt mức tối đa 20 điểm."]


def test_points_over_the_criterion_and_over_the_total():
    groups = {g: GroupFact(g, f"Nhóm {g}", 40) for g in range(1, 6)}
    chosen = [ItemFact(g * 10 + j, "x") for g in range(1, 6) for j in range(2)] + [ItemFact(12, "x", points=11)]
    found = rules.points_violations(POINTS, chosen, PCRIT, groups)
    assert [v.message for v in found] == [
        "Tiêu chí «Tiêu chí 1.2»: đăng ký 11 điểm, vượt mức tối đa 10 điểm.",
        "Tổng điểm đăng ký 111, vượt mức tối đa 100 điểm.",
    ]


def test_points_mode_needs_items_and_points():
    assert codes(pcheck([])) == ["no_items"]
    assert codes(pcheck([ItemFact(10, "x", points=0)])) == ["points_required"]


@given(st.lists(st.sampled_from(sorted(PCRIT)), unique=True, max_size=20))
def test_any_choice_is_valid_exactly_when_no_group_exceeds_its_cap(chosen_ids):
    chosen = [ItemFact(cid, "x") for cid in chosen_ids]
    per_group = {}
    for cid in chosen_ids:
        per_group[cid // 10] = per_group.get(cid // 10, 0) + 10
    over = [g for g, points in per_group.items() if points > 20]
    found = pcheck(chosen)
    assert (not found) == (bool(chosen_ids) and not over)
    assert sum(v.code == "group_over_cap" for v in found) == len(over)


# --------------------------------------------------------------------------- assessments and reports


def test_marks_need_a_status_and_partial_points_in_points_mode():
    marks = [
        rules.Mark(1, "Hiến máu", "done"),
        rules.Mark(2, "Sinh hoạt chi đoàn", ""),
        rules.Mark(3, "Giúp thiếu nhi", "partly", None, 10),
        rules.Mark(4, "Tuyến đường văn minh", "partly", 10, 10),
        rules.Mark(5, "Học nghề", "maybe"),
    ]
    assert [v.message for v in rules.marks_violations(marks, mode="points")] == [
        "Chưa tự đánh giá tiêu chí «Sinh hoạt chi đoàn».",
        "Tiêu chí «Giúp thiếu nhi» hoàn thành một phần: cần ghi số điểm đạt được.",
        "Tiêu chí «Tuyến đường văn minh» hoàn thành một phần: số điểm đạt được phải lớn hơn 0 và nhỏ hơn 10 điểm "
        "đã đăng ký.",
        "Mức «maybe» không hợp lệ (tiêu chí «Học nghề»).",
    ]
    assert codes(rules.marks_violations(marks[2:4], mode="count")) == []
    assert [v.message for v in rules.marks_violations(marks[1:2], mode="count", by="branch", member_name="Mai")] == [
        "Chưa đánh giá tiêu chí «Sinh hoạt chi đoàn» của đoàn viên Mai."
    ]


def test_round_report_and_period_rules():
    rnd = rules.RoundFact(1, 1, 3, datetime.date(2014, 3, 1), datetime.date(2014, 3, 31), "I", "tháng 3/2014")
    found = rules.round_report_violations(
        round_=rnd, held_on=datetime.date(2014, 4, 2), activities=" ", participants=-1, youth_participants=0
    )
    assert [v.message for v in found] == [
        "Ngày tổ chức 02/04/2014 nằm ngoài đợt I (tháng 3/2014).",
        "Chưa ghi các hoạt động đã tổ chức.",
        "Số đoàn viên tham gia phải là số không âm.",
    ]
    assert codes(rules.period_violations(rnd, 4, datetime.date(2014, 2, 1))) == [
        "round_other_track",
        "round_not_started",
    ]
    assert rules.period_violations(rnd, 3, datetime.date(2014, 3, 1)) == []
