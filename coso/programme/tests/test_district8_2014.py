"""District 8's 2014 programme (plan 21-KH/ĐTN-BTC, seed 001) run through its four rounds on a
small district built here: Quận đoàn 8, one ward union, two branches, ten members of two
target groups. Each round: self-assessment → branch evaluation (bulk) → base union review →
recognition by the district's Standing Committee, with the branches' own assessments, the
ward's round report, the district's inspection and the compiled report on the round."""

from decimal import Decimal

from coso.accounts.models import Role
from coso.org.models import Sector, Unit, UnitLevel
from coso.programme import results, services
from coso.programme.models import Assessment, Recognition
from tests.builders import person, user

from .conftest import D, add_unit, at, group, pick, rounds

DONE, PARTLY, NOT = "done", "partly", "not_done"
MONTHS = [3, 5, 7, 9]
THEMES = [
    "Vì lý tưởng cộng sản - Vì cuộc sống cộng đồng",
    "Nâng cao tinh thần trách nhiệm – Lời nói đi đôi với việc làm",
    "Nêu cao tinh thần yêu nước - Tiếp bước truyền thống cha anh",
    "Nâng cao tri thức - Tự tin hội nhập",
]


def progress(registration, k):
    """Round k (0..3): the first 4+2k items done, the next 2 partly, the rest not done."""
    items = list(registration.items.order_by("position"))
    return {
        item.criterion_id: DONE if i < 4 + 2 * k else PARTLY if i < 6 + 2 * k else NOT for i, item in enumerate(items)
    }


def build_district8():
    city = Unit.objects.add_root(
        create_kwargs=dict(name="Thành đoàn TP. Hồ Chí Minh", level=UnitLevel.objects.get(code="tinh-doan"))
    )
    q8 = add_unit(city, "Quận đoàn 8", "huyen-doan")
    ward = add_unit(q8, "Đoàn phường 4", "doan-co-so", sector=Sector.objects.get(code="dia-ban-dan-cu"))
    kp1 = add_unit(ward, "Chi đoàn khu phố 1", "chi-doan")
    kp2 = add_unit(ward, "Chi đoàn khu phố 2", "chi-doan")
    residents, workers = group("dia-ban-dan-cu"), group("cong-nhan")
    names = [
        (kp1, "Nguyễn Văn An", residents),
        (kp1, "Trần Thị Bình", residents),
        (kp1, "Lê Văn Cường", residents),
        (kp1, "Phạm Thị Dung", residents),
        (kp1, "Võ Văn Em", workers),
        (kp2, "Huỳnh Thị Giang", residents),
        (kp2, "Đặng Văn Hải", residents),
        (kp2, "Bùi Thị Khánh", residents),
        (kp2, "Đỗ Văn Long", workers),
        (kp2, "Ngô Thị Mai", workers),
    ]
    members = [
        person(unit, name, "F" if " Thị " in name else "M", (1994, 1, 1 + i), target_group=tg)
        for i, (unit, name, tg) in enumerate(names)
    ]
    accounts = {m.pk: user(f"q8-dv{i}", Role.MEMBER, m.unit, m) for i, m in enumerate(members)}
    return {
        "q8": q8,
        "ward": ward,
        "kp1": kp1,
        "kp2": kp2,
        "members": members,
        "accounts": accounts,
        "standing": user("q8-btv", Role.DISTRICT_STANDING, q8),
        "ward_officer": user("q8-p4", Role.BASE_OFFICER, ward),
        "officers": {
            kp1.pk: user("q8-kp1", Role.BRANCH_OFFICER, kp1),
            kp2.pk: user("q8-kp2", Role.BRANCH_OFFICER, kp2),
        },
    }


def test_district8_2014_through_four_rounds(db, django_assert_max_num_queries):
    d = build_district8()
    q8, ward, members, accounts = d["q8"], d["ward"], d["members"], d["accounts"]
    programme = services.district8_2014(q8, actor=d["standing"])
    the_rounds = rounds(programme)
    assert [r.theme for r in the_rounds] == THEMES

    # Registration in March: eight members online, two paper forms entered by the branch.
    registrations = {}
    for i, m in enumerate(members):
        items = pick(programme, m.target_group.code)
        if i in (3, 7):
            reg = services.register_on_behalf(
                actor=d["officers"][m.unit_id],
                member=m,
                programme=programme,
                items=items,
                signed_on=D(2014, 3, 18),
                submit=True,
                now=at(2014, 3, 19),
            )
            assert reg.on_behalf
        else:
            reg = services.register(
                actor=accounts[m.pk], programme=programme, items=items, submit=True, now=at(2014, 3, 18)
            )
        registrations[m.pk] = reg
    assert {r.target_group.code for r in registrations.values()} == {"dia-ban-dan-cu", "cong-nhan"}

    mai_ngo = members[9]  # Ngô Thị Mai skips round II
    an = members[0]  # Nguyễn Văn An's round III self-assessment is returned once

    for k, (rnd, month) in enumerate(zip(the_rounds, MONTHS, strict=True)):
        # the member's own assessment
        for m in members:
            if k == 1 and m.pk == mai_ngo.pk:
                continue
            services.self_assess(
                actor=accounts[m.pk],
                registration=registrations[m.pk],
                round=rnd,
                items=progress(registrations[m.pk], k),
                summary=f"Tự đánh giá đợt {rnd.roman}",
                now=at(2014, month, 20),
            )
        if k == 2:
            services.return_assessment(
                actor=d["officers"][d["kp1"].pk],
                assessment=Assessment.objects.get(registration=registrations[an.pk], round=rnd),
                reason="Bổ sung minh chứng mục hiến máu",
                now=at(2014, month, 21),
            )
            services.self_assess(
                actor=accounts[an.pk],
                registration=registrations[an.pk],
                round=rnd,
                items={},
                summary="Đã bổ sung giấy chứng nhận hiến máu",
                now=at(2014, month, 22),
            )
        # the branch committees evaluate in bulk, and assess their branch
        for branch in (d["kp1"], d["kp2"]):
            officer = d["officers"][branch.pk]
            in_branch = [m for m in members if m.unit_id == branch.pk]
            result = "excellent" if k == 3 else "good" if branch == d["kp1"] else "completed"
            outcome = services.branch_evaluate_many(
                actor=officer,
                branch=branch,
                programme=programme,
                round=rnd,
                now=at(2014, month, 25),
                results={m.pk: {"result": result} for m in in_branch},
            )
            expected_skips = [mai_ngo.pk] if (k == 1 and branch == d["kp2"]) else []
            assert [s.member_id for s in outcome.skipped] == expected_skips
            services.branch_self_assess(
                actor=officer,
                branch=branch,
                programme=programme,
                round=rnd,
                rating="good",
                summary=f"Chi đoàn tổ chức đợt {rnd.roman} theo chủ đề",
                now=at(2014, month, 25),
            )
        # the ward reports on its day and reviews
        services.record_round_report(
            actor=d["ward_officer"],
            base=ward,
            round=rnd,
            held_on=D(2014, month, 15),
            activities=f"Ngày đoàn viên đợt {rnd.roman}: {rnd.theme}",
            participants=[8, 9, 10, 10][k],
            youth_participants=5,
            now=at(2014, month, 26),
        )
        services.base_review(
            actor=d["ward_officer"], programme=programme, base=ward, round=rnd, now=at(2014, month, 27)
        )
        for record in programme.branch_assessments.filter(round=rnd):
            services.review_branch_assessment(
                actor=d["ward_officer"], branch_assessment=record, rating="good", now=at(2014, month, 27)
            )
        # the district recognises, accepts the report and inspects
        recognition = services.district_recognise(
            actor=d["standing"],
            programme=programme,
            base=ward,
            round=rnd,
            number=f"{k + 1:02d}-TB/QĐĐ",
            decided_on=D(2014, month, 30),
            now=at(2014, month, 30),
        )
        assert (recognition.members_recognised, recognition.branches_recognised, recognition.members_pending) == (
            (9, 2, 1) if k == 1 else (10, 2, 0)
        )
        services.accept_round_report(
            actor=d["standing"], report=ward.programme_round_reports.get(round=rnd), now=at(2014, month, 30)
        )
        services.record_inspection(
            actor=d["standing"],
            district=q8,
            round=rnd,
            unit=ward,
            inspected_on=D(2014, month + 1, 5),
            findings="Tổ chức đúng chủ đề, đúng thời gian",
            rating="good",
            now=at(2014, month + 1, 5),
        )

        # the compiled report on the round, from the records
        with django_assert_max_num_queries(15):
            report = services.compile_round_report(district=q8, round=rnd, actor=d["standing"])
        total = report["total"]
        assessed = 9 if k == 1 else 10
        assert report["round"]["theme"] == THEMES[k]
        assert (
            total["members"],
            total["registered"],
            total["self_assessed"],
            total["evaluated"],
            total["recognised"],
        ) == (10, 10, assessed, assessed, assessed)
        done, partly = 4 + 2 * k, 2 if k < 3 else 0
        assert (total["items"], total["done"], total["partly"], total["not_done"]) == (
            10 * assessed,
            done * assessed,
            partly * assessed,
            (10 - done - partly) * assessed,
        )
        assert total["completion_rate"] == Decimal(done) / 10
        assert (
            total["participants"],
            total["youth_participants"],
            total["base_units_reported"],
            total["inspections"],
        ) == ([8, 9, 10, 10][k], 5, 1, 1)
        assert total["branch_assessments"] == {"recognised": 2}
        groups = {g["name"]: (g["registered"], g["recognised"]) for g in report["by_target_group"]}
        assert groups == {
            "Thanh niên địa bàn dân cư": (7, 7),
            "Công nhân lao động": (3, 2 if k == 1 else 3),
        }
        branches = {b["name"]: (b["registered"], b["self_assessed"]) for b in report["by_branch"]}
        assert branches == {"Chi đoàn khu phố 1": (5, 5), "Chi đoàn khu phố 2": (5, 4 if k == 1 else 5)}
        [ward_row] = report["base_units"]
        assert ward_row["report"]["participants"] == [8, 9, 10, 10][k]
        assert ward_row["inspections"][0]["findings"] == "Tổ chức đúng chủ đề, đúng thời gian"
        common = next(c for c in report["criteria"] if c["code"] == "RL-01")
        assert (common["registered"], common["done"]) == (10, assessed)

    # Year end: the members' classification input and the units' emulation input.
    assert Recognition.objects.filter(programme=programme).count() == 4
    classification = results.classification_input(programme=programme, unit=q8, user=d["standing"])
    assert len(classification) == 10
    assert {
        (f["period"], f["done"], f["done_ratio"], f["result"], f["recognised"]) for f in classification.values()
    } == {(4, 10, Decimal("1.0000"), "excellent", True)}
    emulation = results.emulation_input(programme=programme, unit=q8)
    assert [
        (
            r["name"],
            r["members"],
            r["registered"],
            r["recognised"],
            r["round_reports_accepted"],
            r["inspections"],
            r["branch_assessments_recognised"],
        )
        for r in emulation
    ] == [("Đoàn phường 4", 10, 10, 10, 4, 4, 8)]
    assert emulation[0]["completion_rate"] == Decimal("1.0000")
    # Round II in detail: Ngô Thị Mai never self-assessed and nothing was filled in for her.
    second = Assessment.objects.filter(round=the_rounds[1])
    assert second.count() == 9 and not second.filter(registration__member=mai_ngo).exists()
