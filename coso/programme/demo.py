"""Demo of the members' programme: District 8's 2014 programme (plan 21-KH/ĐTN-BTC, seed 001).

Quận đoàn 8 (vn-79-776) runs the programme with its four rounds, the school-year track and the
illustrative criteria catalogue. Two ward unions take part:

- the first ward (branches "Chi đoàn khu phố 3" and "Chi đoàn công nhân" of the core demo): most
  members registered (one draft, one returned to be fixed, one paper form entered by the
  branch); in round I the members assessed themselves, "khu phố 3" was evaluated by its branch
  committee except two members who wait for it (and the paper forms, whose self-assessment the
  branch enters) and assessed itself, "công nhân" waits for its branch; the ward reported on
  round I and has the evaluated results to review;
- the second ward (a new "Chi đoàn khu phố 5"): everyone registered, round I evaluated and
  reviewed by the ward union: it waits for the district's recognition;
- Nguyễn Thanh Tùng (Standing Committee of Quận đoàn 8) helps both wards (programme helpers);
- Huyện đoàn Bắc Trà My runs the same catalogue: nobody of Trà Sơn has registered yet.

Logins: ``chidoan.quan8`` (secretary of "khu phố 3", a member too), ``doanvien.quan8`` (a member
of "khu phố 3" who has not registered yet), ``coso.quan8`` (the first ward union); ``quan8`` is
the district standing committee (core demo).
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from coso.accounts.models import Role, RoleGrant, User
from coso.people.models import Person
from coso.programme import helpers, services
from coso.programme.models import Criterion, Round

D = datetime.date
QUAN8 = "vn-79-776"
BRANCH = "demo-q8-cd1"
WORKERS = "demo-q8-cd2"
SECOND = "demo-q8-cd5"
WARD1 = "vn-79-776-27403"  # Đoàn phường Hưng Phú: the core demo's branches of Quận 8
WARD2 = "vn-79-776-27397"  # Đoàn phường Rạch Ông
BAC_TRA_MY = "vn-49-515"

USERS = [
    ("chidoan.quan8", Role.BRANCH_OFFICER, BRANCH, "Bí thư Chi đoàn khu phố 3 (Quận 8): đánh giá đoàn viên, chi đoàn"),
    ("doanvien.quan8", Role.MEMBER, BRANCH, "Đoàn viên Chi đoàn khu phố 3 (Quận 8), chưa đăng ký Rèn luyện"),
    ("coso.quan8", Role.BASE_OFFICER, WARD1, "Bí thư Đoàn phường (Quận 8): xem xét kết quả chi đoàn"),
]


def at(month, day, hour=9):
    return timezone.make_aware(datetime.datetime(2014, month, day, hour))


def items_for(programme, member, skip=0):
    """5 training + 5 action items of the member's catalogue (common criteria first)."""
    chosen = []
    for kind in (Criterion.Kind.TRAINING, Criterion.Kind.ACTION):
        fitting = [
            c
            for c in programme.criteria.filter(kind=kind).order_by("order")
            if c.target_group_id in (None, member.target_group_id)
        ]
        chosen += fitting[skip : skip + 5] if len(fitting) >= skip + 5 else fitting[:5]
    return [{"criterion": c, "commitment": f"Tôi cam kết: {c.title[:1].lower()}{c.title[1:]}."} for c in chosen]


def statuses(registration, done):
    items = list(registration.items.order_by("position"))
    return {
        item.criterion_id: "done" if i < done else "partly" if i < done + 2 else "not_done"
        for i, item in enumerate(items)
    }


def load(b, users):
    quan8 = b.unit(QUAN8)
    programme = services.district8_2014(quan8, actor=users["quan8"])
    round1 = Round.objects.get(track__programme=programme, track__kind="general", number=1)

    ward1, ward2 = b.unit(WARD1), b.unit(WARD2)
    branch, workers = b.unit(BRANCH), b.unit(WORKERS)
    second = b.branch(ward2, SECOND, "Chi đoàn khu phố 5")
    b.members(second, 5, "dia-ban-dan-cu")

    residents = b.groups["dia-ban-dan-cu"]
    secretary = b.named(branch, "Trương Minh Khoa", "M", (1996, 5, 20), target_group=residents)
    newcomer = b.named(branch, "Lý Thị Ngọc Hân", "F", (2001, 11, 2), target_group=residents)
    officer, base_officer = users["chidoan.quan8"], users["coso.quan8"]
    officer.person, users["doanvien.quan8"].person = secretary, newcomer
    for name in ("chidoan.quan8", "doanvien.quan8"):
        users[name].save(update_fields=["person"])
    officers = {
        workers.pk: _account(b, "chidoan.congnhan.q8", Role.BRANCH_OFFICER, workers),
        second.pk: _account(b, "chidoan.kp5.q8", Role.BRANCH_OFFICER, second),
    }
    officers[branch.pk] = officer
    ward2_officer = _account(b, "coso.rachong.q8", Role.BASE_OFFICER, ward2)

    members = {
        unit.pk: list(Person.objects.filter(unit=unit, is_member=True).exclude(pk=newcomer.pk).order_by("sort_key"))
        for unit in (branch, workers, second)
    }
    accounts = {officer.person_id: officer}
    regs = {}
    for unit_pk, people in members.items():
        for i, member in enumerate(people):
            if i % 3 == 2 and member.pk not in accounts:  # a paper form, entered by the branch
                regs[member.pk] = services.register_on_behalf(
                    actor=officers[unit_pk],
                    member=member,
                    programme=programme,
                    items=items_for(programme, member, i % 2),
                    signed_on=D(2014, 3, 17),
                    submit=True,
                    now=at(3, 19),
                )
            else:
                account = accounts.get(member.pk) or _account(b, f"dv{member.pk}.q8", Role.MEMBER, member.unit, member)
                accounts[member.pk] = account
                regs[member.pk] = services.register(
                    actor=account,
                    programme=programme,
                    items=items_for(programme, member, i % 2),
                    submit=unit_pk != workers.pk or i != 0,  # the first worker keeps a draft
                    now=at(3, 18),
                )
    # One form of "khu phố 3" goes back to be fixed.
    returned = next(m for m in members[branch.pk] if m.pk != secretary.pk and regs[m.pk].state == "submitted")
    services.return_registration(
        actor=officer,
        registration=regs.pop(returned.pk),
        reason="Cam kết tiêu chí hành động còn chung chung, đề nghị ghi rõ việc làm cụ thể.",
        now=at(3, 21),
    )

    # Round I: members with an account assess themselves (the paper ones have not yet).
    for k, (member_id, registration) in enumerate(regs.items()):
        if member_id in accounts and registration.state == "submitted":
            services.self_assess(
                actor=accounts[member_id],
                registration=registration,
                round=round1,
                items=statuses(registration, 5 + k % 3),
                summary="Đã tham gia Ngày đoàn viên và thực hiện phần lớn nội dung đăng ký.",
                now=at(3, 22),
            )
    # "khu phố 3" evaluated all but its last two self-assessed members (the secretary's work
    # today, with the paper forms still to enter) and assessed itself; the ward reported.
    self_assessed = [m for m in members[branch.pk] if m.pk in accounts and m.pk in regs and m.pk != secretary.pk]
    waiting = {m.pk for m in self_assessed[-2:]}
    services.branch_evaluate_many(
        actor=officer,
        branch=branch,
        programme=programme,
        round=round1,
        results={m.pk: {"result": "good"} for m in members[branch.pk] if m.pk not in waiting},
        now=at(3, 25),
    )
    services.branch_self_assess(
        actor=officer,
        branch=branch,
        programme=programme,
        round=round1,
        rating="good",
        summary="Chi đoàn tổ chức Ngày đoàn viên ngày 16/3: vệ sinh hẻm, sinh hoạt chủ đề.",
        strengths="Đoàn viên tham gia đông, đúng chủ đề.",
        now=at(3, 25),
    )
    services.record_round_report(
        actor=base_officer,
        base=ward1,
        round=round1,
        held_on=D(2014, 3, 16),
        activities="Ngày đoàn viên đợt I: ra quân vệ sinh môi trường, sinh hoạt chủ đề «Vì lý tưởng cộng sản».",
        participants=14,
        youth_participants=9,
        now=at(3, 26),
    )
    # "khu phố 5" evaluated, reviewed by its ward: waiting for the district's recognition.
    services.branch_evaluate_many(
        actor=officers[second.pk],
        branch=second,
        programme=programme,
        round=round1,
        results={m.pk: {"result": "completed"} for m in members[second.pk]},
        now=at(3, 25),
    )
    services.base_review(
        actor=ward2_officer,
        programme=programme,
        base=ward2,
        round=round1,
        comment="Đoàn phường thống nhất kết quả chi đoàn đánh giá.",
        now=at(3, 27),
    )
    _helpers(b, users, programme, quan8, (ward1, ward2))
    # Bắc Trà My runs the programme with the same catalogue: the Trà Sơn branch's members
    # have not registered yet (the work of ``chidoan.trason`` and ``doanvien.trason`` today).
    services.district8_2014(b.unit(BAC_TRA_MY), actor=users["huyendoan.bactramy"])
    return programme


def _helpers(b, users, programme, quan8, wards):
    """A committee member of Quận đoàn 8 helps the wards nobody follows under the grassroots-visit
    assignments."""
    cadre = b.named(
        quan8, "Nguyễn Thanh Tùng", "M", (1988, 8, 8), is_cadre=True, job_title="Ủy viên Ban Thường vụ Quận đoàn"
    )
    follow = helpers.followers(programme, list(wards))
    for ward in wards:
        if not follow.get(ward.pk):
            helpers.add_helper(
                actor=users["quan8"],
                programme=programme,
                unit=ward,
                person=cadre,
                task="Dự Ngày đoàn viên các đợt, tháo gỡ khó khăn cho cơ sở",
                assigned_on=D(2014, 2, 20),
            )


def _account(b, username, role, unit, person=None):
    """An account of the demo that nobody signs in with (no usable password): members and
    officers of units without a demo login act through it."""
    user = User.objects.create(username=username, password=make_password(None), person=person)
    RoleGrant.objects.create(user=user, role=role, unit=unit, valid_from=D(2012, 1, 1))
    return user
