"""Round reports of base unions, the district's inspections, recognition roll-up and the
compiled report on a round."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.programme import services
from coso.programme.models import RoundReportTransition

from .conftest import D, at, statuses

DONE, PARTLY, NOT = "done", "partly", "not_done"


def test_round_report_submitted_returned_fixed_accepted(btm):
    base, district = btm.users["base_officer"], btm.users["district_standing"]
    rnd = btm.rounds[0]
    with pytest.raises(DomainError) as err:
        services.record_round_report(
            actor=base, base=btm.trason, round=rnd, held_on=D(2014, 4, 2), activities="", participants=30
        )
    assert [c for c, _m in err.value.violations] == ["held_outside_round", "activities_required"]
    with pytest.raises(OutOfScope):
        services.record_round_report(
            actor=btm.users["branch_officer"],
            base=btm.trason,
            round=rnd,
            held_on=D(2014, 3, 23),
            activities="Ra quân",
            participants=30,
        )
    report = services.record_round_report(
        actor=base,
        base=btm.trason,
        round=rnd,
        held_on=D(2014, 3, 23),
        activities="Ra quân “Ngày đoàn viên”, dọn vệ sinh đường làng",
        participants=28,
        youth_participants=12,
        now=at(2014, 3, 24),
    )
    assert report.state == "submitted"
    with pytest.raises(OutOfScope):
        services.accept_round_report(actor=base, report=report)
    report = services.return_round_report(
        actor=district, report=report, reason="Bổ sung số thanh niên tham gia", now=at(2014, 3, 25)
    )
    report = services.record_round_report(
        actor=base,
        base=btm.trason,
        round=rnd,
        held_on=D(2014, 3, 23),
        activities=report.activities,
        participants=28,
        youth_participants=15,
        version=report.version,
        now=at(2014, 3, 26),
    )
    report = services.accept_round_report(actor=district, report=report, comment="Tốt", now=at(2014, 3, 27))
    assert (report.state, report.youth_participants) == ("accepted", 15)
    assert list(RoundReportTransition.objects.filter(subject=report).values_list("from_state", "to_state")) == [
        ("", "draft"),
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "accepted"),
    ]
    with pytest.raises(DomainError) as err:
        services.record_round_report(
            actor=base, base=btm.trason, round=rnd, held_on=D(2014, 3, 23), activities="x", participants=1
        )
    assert err.value.code == "round_report_locked"
    with pytest.raises(DomainError) as err:
        services.return_round_report(actor=district, report=report, reason="Muộn")
    assert err.value.code == "illegal_transition"


def test_the_district_inspects_its_own_units_after_the_round(tk):
    district = tk.users["district_standing"]
    rnd = tk.rounds[0]
    with pytest.raises(DomainError) as err:
        services.record_inspection(
            actor=district, district=tk.bactramy, round=rnd, unit=tk.trason, inspected_on=D(2014, 2, 20), findings=""
        )
    assert [c for c, _m in err.value.violations] == ["inspected_before_round", "findings_required"]
    with pytest.raises(OutOfScope):
        services.record_inspection(
            actor=district,
            district=tk.tamky,
            round=tk.tk_rounds[0],
            unit=tk.anmy,
            inspected_on=D(2014, 4, 2),
            findings="x",
        )
    with pytest.raises(OutOfScope):
        services.record_inspection(
            actor=tk.users["base_officer"],
            district=tk.bactramy,
            round=rnd,
            unit=tk.trason,
            inspected_on=D(2014, 4, 2),
            findings="x",
        )
    inspection = services.record_inspection(
        actor=district,
        district=tk.bactramy,
        round=rnd,
        unit=tk.trason,
        inspected_on=D(2014, 4, 2),
        findings="Tổ chức đúng chủ đề, 28 đoàn viên tham gia",
        recommendations="Nhân rộng cách làm",
        rating="good",
        inspectors=[tk.btm_secretary],
        now=at(2014, 4, 2),
    )
    assert inspection.state == "concluded" and list(inspection.inspectors.all()) == [tk.btm_secretary]
    with pytest.raises(DomainError) as err:
        services.record_inspection(
            actor=district,
            district=tk.bactramy,
            round=rnd,
            unit=tk.trason,
            inspected_on=D(2014, 4, 2),
            findings="Sửa",
            inspection=inspection,
        )
    assert err.value.code == "inspection_locked"


@pytest.fixture
def round_one(registered):
    """Round I in Trà Sơn: Mai done 10/10, Đông done 7, partly 2, not 1; the branch agrees;
    the base union reports and reviews; the district inspects."""
    t = registered
    rnd = t.rounds[0]
    services.self_assess(
        actor=t.users["member"], registration=t.reg1, round=rnd, items=statuses(t.reg1, (DONE,)), now=at(2014, 3, 24)
    )
    services.self_assess(
        actor=t.users["member2"],
        registration=t.reg2,
        round=rnd,
        items=statuses(t.reg2, (DONE, DONE, DONE, PARTLY, DONE, DONE, DONE, PARTLY, DONE, NOT)),
        now=at(2014, 3, 24),
    )
    services.branch_evaluate_many(
        actor=t.users["branch_officer"],
        branch=t.branch_trason,
        programme=t.programme,
        round=rnd,
        now=at(2014, 3, 26),
        results={t.member_trason.pk: {"result": "excellent"}, t.member_trason2.pk: {"result": "good"}},
    )
    services.branch_self_assess(
        actor=t.users["branch_officer"],
        branch=t.branch_trason,
        programme=t.programme,
        round=rnd,
        rating="good",
        summary="Đủ 2/2 đoàn viên",
        now=at(2014, 3, 26),
    )
    services.record_round_report(
        actor=t.users["base_officer"],
        base=t.trason,
        round=rnd,
        held_on=D(2014, 3, 23),
        activities="Ra quân ngày đoàn viên",
        participants=25,
        youth_participants=10,
        now=at(2014, 3, 27),
    )
    services.base_review(
        actor=t.users["base_officer"], programme=t.programme, base=t.trason, round=rnd, now=at(2014, 3, 28)
    )
    services.record_inspection(
        actor=t.users["district_standing"],
        district=t.bactramy,
        round=rnd,
        unit=t.trason,
        inspected_on=D(2014, 4, 2),
        findings="Đúng chủ đề",
        rating="good",
        now=at(2014, 4, 2),
    )
    return t


def test_recognition_rolls_up_a_base_union_at_once(round_one):
    t = round_one
    rnd = t.rounds[0]
    with pytest.raises(OutOfScope):
        services.district_recognise(actor=t.users["base_officer"], programme=t.programme, base=t.trason, round=rnd)
    recognition = services.district_recognise(
        actor=t.users["district_standing"],
        programme=t.programme,
        base=t.trason,
        round=rnd,
        number="12-TB/HĐTN",
        decided_on=D(2014, 4, 5),
        now=at(2014, 4, 5),
    )
    assert (recognition.members_recognised, recognition.branches_recognised, recognition.members_pending) == (2, 0, 0)
    assert set(recognition.assessments.values_list("state", flat=True)) == {"recognised"}
    # the branch's self-assessment was not reviewed yet: it waits for the next recognition
    assert t.branch_trason.programme_self_assessments.get().state == "submitted"


def test_compiled_report_on_round_one(round_one, django_assert_max_num_queries):
    t = round_one
    with django_assert_max_num_queries(15):
        report = services.compile_round_report(
            district=t.bactramy, round=t.rounds[0], actor=t.users["district_standing"]
        )
    assert report["round"]["roman"] == "I"
    assert report["round"]["theme"] == "Vì lý tưởng cộng sản - Vì cuộc sống cộng đồng"
    total = report["total"]
    # members: the two of thôn 1 and the district's secretary (a cadre who is also a member)
    assert {k: total[k] for k in ("members", "registered", "self_assessed", "evaluated", "reviewed", "recognised")} == {
        "members": 3,
        "registered": 2,
        "self_assessed": 2,
        "evaluated": 2,
        "reviewed": 2,
        "recognised": 0,
    }
    # Reviewed by the base union but not recognised by the district: no result counts yet,
    # and both wait, apart, at the district's step.
    assert (total["items"], total["done"], total["partly"], total["not_done"]) == (0, 0, 0, 0)
    assert total["completion_rate"] is None
    assert (total["result_excellent"], total["result_good"]) == (0, 0)
    assert (total["waiting_branch"], total["waiting_base"], total["waiting_district"]) == (0, 0, 2)
    assert (total["base_units"], total["base_units_reported"], total["participants"], total["youth_participants"]) == (
        2,
        1,
        25,
        10,
    )
    assert total["inspections"] == 1 and total["branch_assessments"] == {"submitted": 1}
    trason, tragiang = report["base_units"]
    assert (trason["name"], trason["registered"], trason["report"]["held_on"]) == ("Đoàn xã Trà Sơn", 2, D(2014, 3, 23))
    assert trason["inspections"][0]["rating"] == "good"
    assert (tragiang["name"], tragiang["registered"], tragiang["report"]) == ("Đoàn xã Trà Giang", 0, None)
    assert [(r["name"], r["members"], r["registered"]) for r in report["by_branch"]] == [
        ("Huyện đoàn Bắc Trà My", 1, 0),
        ("Chi đoàn thôn 1", 2, 2),
    ]
    assert [(g["name"], g["registered"], g["done"]) for g in report["by_target_group"]] == [
        ("Thanh niên địa bàn dân cư", 2, 0)
    ]
    by_code = {c["code"]: c for c in report["criteria"]}
    assert by_code["RL-01"]["registered"] == 2 and by_code["RL-01"]["done"] == 0
    assert by_code["HS-RL-1"]["registered"] == 0 and by_code["HS-RL-1"]["completion_rate"] is None

    # Once the district recognises Trà Sơn's round, the results count.
    services.district_recognise(
        actor=t.users["district_standing"], programme=t.programme, base=t.trason, round=t.rounds[0], now=at(2014, 4, 5)
    )
    report = services.compile_round_report(district=t.bactramy, round=t.rounds[0])
    total = report["total"]
    assert total["recognised"] == 2
    assert (total["items"], total["done"], total["partly"], total["not_done"]) == (20, 17, 2, 1)
    assert str(total["completion_rate"]) == "0.8500"
    assert (total["result_excellent"], total["result_good"]) == (1, 1)
    assert (total["waiting_branch"], total["waiting_base"], total["waiting_district"]) == (0, 0, 0)
    assert [(g["name"], g["done"]) for g in report["by_target_group"]] == [("Thanh niên địa bàn dân cư", 17)]
    by_code = {c["code"]: c for c in report["criteria"]}
    assert by_code["RL-01"]["done"] == 2
    assert sum(c["partly"] for c in report["criteria"]) == 2


def test_compiled_report_leaves_out_what_the_base_union_has_not_reviewed(registered):
    """A member the branch evaluated but the base union never reviewed is not in the round's results."""
    t = registered
    rnd = t.rounds[0]
    services.self_assess(
        actor=t.users["member"], registration=t.reg1, round=rnd, items=statuses(t.reg1, (DONE,)), now=at(2014, 3, 24)
    )
    services.self_assess(
        actor=t.users["member2"], registration=t.reg2, round=rnd, items=statuses(t.reg2, (DONE,)), now=at(2014, 3, 24)
    )
    services.branch_evaluate_many(
        actor=t.users["branch_officer"],
        branch=t.branch_trason,
        programme=t.programme,
        round=rnd,
        now=at(2014, 3, 26),
        results={t.member_trason.pk: {"result": "excellent"}},
    )
    total = services.compile_round_report(district=t.bactramy, round=rnd)["total"]
    assert (total["evaluated"], total["recognised"]) == (1, 0)
    assert (total["items"], total["done"], total["result_excellent"]) == (0, 0, 0)
    assert (total["waiting_branch"], total["waiting_base"], total["waiting_district"]) == (1, 1, 0)


def test_compiled_report_is_scoped(round_one):
    with pytest.raises(OutOfScope):
        services.compile_round_report(
            district=round_one.bactramy, round=round_one.rounds[0], actor=round_one.users["district_standing_tamky"]
        )
