"""District 8's 2014 programme run through its four rounds on the demo data (Quận đoàn 8,
Đoàn phường Hưng Phú and Rạch Ông): what the demo left half-done is finished by the people
whose turn it is, then rounds II–IV go the whole way, with round reports, inspections and the
district's compiled report on each round."""

import datetime

import pytest
from django.utils import timezone

from coso.accounts.models import User
from coso.org.models import Unit
from coso.programme import results, services
from coso.programme.demo import BRANCH, SECOND, WARD1, WARD2, WORKERS, statuses
from coso.programme.models import Assessment, BranchAssessment, Programme, Registration, Round

D = datetime.date
MONTHS = [3, 5, 7, 9]


def at(month, day):
    return timezone.make_aware(datetime.datetime(2014, month, day, 10))


def officer(unit, role):
    return User.objects.filter(grants__unit=unit, grants__role=role).order_by("id").first()


@pytest.fixture
def q8(demo, db):
    programme = Programme.objects.get(owner__code="vn-79-776", year=2014)
    return {
        "programme": programme,
        "rounds": list(Round.objects.filter(track__programme=programme, track__kind="general").order_by("number")),
        "district": Unit.objects.get(code="vn-79-776"),
        "standing": User.objects.get(username="quan8"),
        "wards": {code: Unit.objects.get(code=code) for code in (WARD1, WARD2)},
        "branches": {code: Unit.objects.get(code=code) for code in (BRANCH, WORKERS, SECOND)},
    }


def test_demo_logins_and_states(q8):
    programme = q8["programme"]
    assert [r.theme[:12] for r in q8["rounds"]] == ["Vì lý tưởng ", "Nâng cao tin", "Nêu cao tinh", "Nâng cao tri"]
    assert programme.tracks.filter(kind="school", starts_on=D(2014, 10, 1)).exists()
    member = User.objects.get(username="doanvien.quan8")
    assert member.person.unit.code == BRANCH
    assert not Registration.objects.filter(member=member.person).exists()
    secretary = User.objects.get(username="chidoan.quan8").person
    assert Registration.objects.get(member=secretary).state == "submitted"
    states = set(Registration.objects.filter(programme=programme).values_list("state", flat=True))
    assert states == {"draft", "submitted", "returned"}
    assert Registration.objects.filter(programme=programme, on_behalf=True).exists()
    round1 = q8["rounds"][0]
    a_states = set(Assessment.objects.filter(round=round1).values_list("state", flat=True))
    assert {"submitted", "evaluated", "reviewed"} <= a_states
    assert BranchAssessment.objects.get(branch__code=BRANCH, round=round1).state == "submitted"


def test_demo_wards_have_their_helpers(q8, client):
    from coso.programme import helpers

    rows = {r["unit"].code: r for r in helpers.helpers_by_unit(q8["programme"], list(q8["wards"].values()))}
    for code in (WARD1, WARD2):
        names = [a.cadre.full_name for a in rows[code]["followers"]] + [
            h.person.full_name for h in rows[code]["helpers"]
        ]
        assert names, code
    client.force_login(q8["standing"])
    page = client.get(f"/programme/{q8['programme'].pk}/helpers/").content.decode()
    assert "Đoàn phường Rạch Ông" in page and "Nguyễn Thanh Tùng" in page


def test_district8_2014_four_rounds_on_demo_data(q8):
    programme, standing, district = q8["programme"], q8["standing"], q8["district"]
    wards, branches = q8["wards"], q8["branches"]
    branch_of = {b.pk: b for b in branches.values()}
    base_of = {b.pk: wards[WARD1] if code != SECOND else wards[WARD2] for code, b in branches.items()}
    members = {
        u.person_id: u
        for u in User.objects.filter(person__unit__in=list(branches.values()), person__isnull=False)
        if u.is_active
    }
    registrations = {
        r.member_id: r
        for r in Registration.objects.filter(programme=programme, state="submitted", member__unit__in=branch_of)
    }
    online = {mid: r for mid, r in registrations.items() if mid in members}
    paper = set(registrations) - set(online)
    assert online and paper

    for k, (rnd, month) in enumerate(zip(q8["rounds"], MONTHS, strict=True)):
        for mid, registration in online.items():
            existing = Assessment.objects.filter(registration=registration, round=rnd).first()
            if existing is None or existing.state in Assessment.MEMBER_EDITABLE:
                services.self_assess(
                    actor=members[mid],
                    registration=registration,
                    round=rnd,
                    items=statuses(registration, 6 + k),
                    now=at(month, 20),
                )
        for branch in branches.values():
            branch_officer = officer(branch, "branch_officer")
            outcome = services.branch_evaluate_many(
                actor=branch_officer,
                branch=branch,
                programme=programme,
                round=rnd,
                results={mid: {"result": "good"} for mid in registrations},
                now=at(month, 25),
            )
            # members who never assessed themselves (paper forms) are left as they were
            skipped_paper = {s.member_id for s in outcome.skipped if s.code == "not_self_assessed"}
            assert skipped_paper == {mid for mid in paper if registrations[mid].member.unit_id == branch.pk}
            record = BranchAssessment.objects.filter(branch=branch, round=rnd).first()
            if record is None or record.state in BranchAssessment.EDITABLE:
                services.branch_self_assess(
                    actor=branch_officer,
                    branch=branch,
                    programme=programme,
                    round=rnd,
                    rating="good",
                    summary=f"Chi đoàn tổ chức đợt {rnd.roman}",
                    now=at(month, 25),
                )
        for ward in wards.values():
            base_officer = officer(ward, "base_officer")
            if not ward.programme_round_reports.filter(round=rnd).exists():
                services.record_round_report(
                    actor=base_officer,
                    base=ward,
                    round=rnd,
                    held_on=D(2014, month, 15),
                    activities=f"Ngày đoàn viên đợt {rnd.roman}",
                    participants=12,
                    now=at(month, 26),
                )
            if Assessment.objects.filter(
                round=rnd, state="evaluated", registration__member__unit__path__startswith=ward.path
            ).exists():
                services.base_review(actor=base_officer, programme=programme, base=ward, round=rnd, now=at(month, 27))
            for record in BranchAssessment.objects.filter(
                round=rnd, branch__path__startswith=ward.path, state="submitted"
            ):
                services.review_branch_assessment(
                    actor=base_officer, branch_assessment=record, rating="good", now=at(month, 27)
                )
            recognition = services.district_recognise(
                actor=standing, programme=programme, base=ward, round=rnd, number=f"{k + 1}-TB", now=at(month, 30)
            )
            in_ward = [mid for mid in registrations if base_of[registrations[mid].member.unit_id] == ward]
            assert recognition.members_pending == len([mid for mid in in_ward if mid in paper])
            services.accept_round_report(
                actor=standing, report=ward.programme_round_reports.get(round=rnd), now=at(month, 30)
            )
        services.record_inspection(
            actor=standing,
            district=district,
            round=rnd,
            unit=wards[WARD1],
            inspected_on=D(2014, month + 1, 3),
            findings="Đúng chủ đề",
            rating="good",
            now=at(month + 1, 3),
        )
        report = services.compile_round_report(district=district, round=rnd, actor=standing)
        total = report["total"]
        assert total["registered"] == len(registrations)
        assert total["recognised"] == len(online)
        assert total["base_units_reported"] == 2 and total["inspections"] == 1
        assert total["branch_assessments"] == {"recognised": 3}
        if k:
            assert total["done"] == sum(6 + k for _ in online)

    classification = results.classification_input(programme=programme, unit=district, user=standing)
    assert {mid for mid, row in classification.items() if row["recognised"]} == set(online)
    assert all(not classification[mid]["evaluated"] for mid in paper)


@pytest.mark.parametrize(
    "username, expected",
    [
        ("doanvien.quan8", "Đăng ký rèn luyện"),
        ("chidoan.quan8", "đoàn viên chưa đăng ký"),
        ("coso.quan8", "chờ Đoàn cơ sở xem xét"),
        ("quan8", "chờ công nhận"),
    ],
)
def test_demo_logins_see_what_they_must_do(q8, client, username, expected):
    client.force_login(User.objects.get(username=username))
    home = client.get("/programme/").content.decode()
    assert expected in home
    programme, rnd = q8["programme"], q8["rounds"][0]
    pages = {
        "chidoan.quan8": f"/programme/{programme.pk}/branch/{q8['branches'][BRANCH].pk}/?round={rnd.pk}",
        "coso.quan8": f"/programme/{programme.pk}/base/{q8['wards'][WARD1].pk}/?round={rnd.pk}",
        "quan8": f"/programme/{programme.pk}/district/{q8['district'].pk}/?round={rnd.pk}",
        "doanvien.quan8": f"/programme/{programme.pk}/register/",
    }
    assert client.get(pages[username]).status_code == 200
    # results are for those who see units (officers); a member sees their own records only
    expected_status = 403 if username == "doanvien.quan8" else 200
    assert client.get(f"/programme/{programme.pk}/results/").status_code == expected_status
