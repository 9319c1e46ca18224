"""Registration: the member's form (5 + 5 fitting their group, signed), or the branch entering
a paper form; submit, return with a reason, fix and resubmit."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.programme import services
from coso.programme.models import Registration, RegistrationTransition, Track

from .conftest import D, at, criteria_for, pick, school_tree


def steps(registration):
    return list(
        RegistrationTransition.objects.filter(subject=registration).values_list("from_state", "to_state", "comment")
    )


@pytest.mark.parametrize(
    ("training", "action", "ok"), [(5, 5, True), (4, 5, False), (6, 5, False), (5, 6, False), (5, 4, False)]
)
def test_the_service_counts_the_items_at_the_boundaries(btm, training, action, ok):
    items = pick(btm.programme, training=training, action=action)
    if ok:
        registration = services.register(actor=btm.users["member"], programme=btm.programme, items=items)
        assert registration.items.count() == 10 and registration.state == "draft"
        return
    with pytest.raises(DomainError) as err:
        services.register(actor=btm.users["member"], programme=btm.programme, items=items)
    assert err.value.message.startswith("Cần chọn đúng 5 tiêu chí")
    assert not Registration.objects.exists()


def test_a_criterion_of_another_group_is_refused_with_the_seeds_words(btm):
    items = pick(btm.programme)
    students_only = criteria_for(btm.programme, "hoc-sinh", "training")[-1]
    items[0] = {"criterion": students_only, "commitment": "Đạt học lực khá"}
    with pytest.raises(DomainError) as err:
        services.register(actor=btm.users["member"], programme=btm.programme, items=items)
    assert err.value.violations == [
        (
            "criterion_wrong_group",
            f"Tiêu chí «{students_only.title}» dành cho đối tượng Học sinh, không phù hợp với đối tượng Thanh niên "
            "địa bàn dân cư của đoàn viên.",
        )
    ]


def test_all_violations_are_reported_together(btm):
    items = pick(btm.programme, training=4)
    items.append(dict(items[0]))
    items[1]["commitment"] = " "
    with pytest.raises(DomainError) as err:
        services.register(actor=btm.users["member"], programme=btm.programme, items=items)
    assert [code for code, _m in err.value.violations] == [
        "duplicate_criterion",
        "commitment_required",
        "wrong_training_count",
    ]


def test_one_registration_per_member_per_programme(btm):
    services.register(actor=btm.users["member"], programme=btm.programme, items=pick(btm.programme))
    with pytest.raises(DomainError) as err:
        services.register_on_behalf(
            actor=btm.users["branch_officer"],
            member=btm.member_trason,
            programme=btm.programme,
            items=pick(btm.programme),
            signed_on=D(2014, 3, 20),
        )
    assert err.value.code == "already_registered"
    assert Registration.objects.count() == 1


def test_submit_signs_and_logs(btm):
    registration = services.register(
        actor=btm.users["member"], programme=btm.programme, items=pick(btm.programme), now=at(2014, 3, 20)
    )
    with pytest.raises(DomainError) as err:  # a draft is not returned: it was never sent
        services.return_registration(actor=btm.users["branch_officer"], registration=registration, reason="Sai")
    assert err.value.code == "illegal_transition"
    registration = services.submit_registration(
        actor=btm.users["member"], registration=registration, now=at(2014, 3, 21)
    )
    assert registration.state == "submitted" and registration.signed_on == D(2014, 3, 21)
    assert not registration.on_behalf and registration.registered_by == btm.users["member"]
    assert steps(registration) == [("", "draft", ""), ("draft", "submitted", "")]
    with pytest.raises(DomainError) as err:
        services.submit_registration(actor=btm.users["member"], registration=registration)
    assert err.value.code == "illegal_transition"


def test_the_branch_enters_a_paper_form_on_the_members_behalf(btm):
    officer = btm.users["branch_officer"]
    with pytest.raises(DomainError) as err:
        services.register_on_behalf(
            actor=officer, member=btm.member_trason2, programme=btm.programme, items=pick(btm.programme), signed_on=None
        )
    assert err.value.code == "signed_on_required"
    registration = services.register_on_behalf(
        actor=officer,
        member=btm.member_trason2,
        programme=btm.programme,
        items=pick(btm.programme),
        signed_on=D(2014, 3, 18),
        submit=True,
        now=at(2014, 3, 25),
    )
    assert registration.on_behalf and registration.registered_by == officer
    assert registration.signed_on == D(2014, 3, 18) and registration.state == "submitted"
    assert registration.target_group.code == "dia-ban-dan-cu"
    assert registration.track.kind == Track.Kind.GENERAL


def test_scope_of_registering(tk):
    # a member registers only themself; the Bắc Trà My branch officer cannot enter Tam Kỳ's members
    with pytest.raises(OutOfScope):
        services.register_on_behalf(
            actor=tk.users["member"],
            member=tk.member_trason2,
            programme=tk.programme,
            items=pick(tk.programme),
            signed_on=D(2014, 3, 18),
        )
    with pytest.raises(OutOfScope):
        services.register_on_behalf(
            actor=tk.users["branch_officer"],
            member=tk.member_anmy,
            programme=tk.tk_programme,
            items=pick(tk.tk_programme),
            signed_on=D(2014, 3, 18),
        )
    # a Tam Kỳ member cannot join Bắc Trà My's programme
    with pytest.raises(DomainError) as err:
        services.register(actor=tk.users["member_anmy"], programme=tk.programme, items=pick(tk.programme))
    assert err.value.code == "member_outside_programme"
    with pytest.raises(DomainError) as err:
        services.register(actor=tk.admin, programme=tk.programme, items=pick(tk.programme))
    assert err.value.code == "no_person"


def test_returned_fixed_and_resubmitted(registered):
    officer = registered.users["branch_officer"]
    reg = registered.reg1
    with pytest.raises(DomainError) as err:
        services.return_registration(actor=officer, registration=reg, reason="  ")
    assert err.value.code == "reason_required"
    with pytest.raises(OutOfScope):
        services.return_registration(actor=registered.users["member2"], registration=reg, reason="Không hợp lệ")
    reg = services.return_registration(
        actor=officer, registration=reg, reason="Cam kết chưa cụ thể", now=at(2014, 3, 21)
    )
    assert reg.state == "returned"
    with pytest.raises(DomainError) as err:
        services.self_assess(
            actor=registered.users["member"],
            registration=reg,
            round=registered.rounds[0],
            items={},
            now=at(2014, 3, 25),
        )
    assert err.value.code == "registration_not_submitted"
    items = pick(registered.programme)
    items[0]["commitment"] = "Tham gia đủ 12 buổi sinh hoạt chi đoàn"
    reg = services.update_registration(
        actor=registered.users["member"], registration=reg, items=items, version=reg.version
    )
    assert reg.items.get(position=1).commitment == "Tham gia đủ 12 buổi sinh hoạt chi đoàn"
    reg = services.submit_registration(actor=registered.users["member"], registration=reg, now=at(2014, 3, 23))
    assert [s[:2] for s in steps(reg)] == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
    ]
    assert steps(reg)[2][2] == "Cam kết chưa cụ thể"
    # once submitted it is no longer editable, and once assessed no longer returnable
    with pytest.raises(DomainError) as err:
        services.update_registration(
            actor=registered.users["member"], registration=reg, items=items, version=reg.version
        )
    assert err.value.code == "registration_locked"


def test_a_stale_form_is_refused(registered):
    reg = services.return_registration(
        actor=registered.users["branch_officer"], registration=registered.reg1, reason="Sửa lại"
    )
    stale = reg.version - 1
    with pytest.raises(DomainError) as err:
        services.update_registration(
            actor=registered.users["member"], registration=reg, items=pick(registered.programme), version=stale
        )
    assert err.value.code == "conflict"


def test_the_school_track_is_for_school_members(btm):
    school, branch, student = school_tree(btm)
    from tests.builders import user

    account = user("hocsinh", None, branch, student)
    items = pick(btm.programme, "hoc-sinh")
    registration = services.register(actor=account, programme=btm.programme, items=items)
    assert registration.track.kind == Track.Kind.SCHOOL  # chosen for them
    general = btm.programme.tracks.get(kind="general")
    with pytest.raises(DomainError) as err:
        services.update_registration(
            actor=account, registration=registration, items=items, version=registration.version, track=general
        )
    assert err.value.code == "school_member_general_track"
    with pytest.raises(DomainError) as err:
        services.register(
            actor=btm.users["member"],
            programme=btm.programme,
            items=pick(btm.programme),
            track=btm.programme.tracks.get(kind="school"),
        )
    assert err.value.code == "school_track_not_school"
