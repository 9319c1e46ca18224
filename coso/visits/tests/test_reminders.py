"""Reminder e-mails before each deadline, from the daily task (``manage.py send_reminders``).

Plan 14 KH/TĐTN (2013): monthly report due at month end, quarter plan due on the quarter's
first day (from 01/03/2013 when the plan took effect), reminders 3 days ahead (the default).
"""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from coso.visits import services
from coso.visits.models import ReminderLog, VisitForm
from coso.visits.tasks import send_visit_reminders

from .conftest import D, at


@pytest.fixture
def mailed(qn, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    t = qn
    t.movement_cadre.email = "quy@example.vn"
    t.movement_cadre.save()
    t.tamky_secretary.email = "anh@example.vn"
    t.tamky_secretary.save()
    for key, email in (("provincial_standing", "hong@example.vn"), ("tckt_officer", "binh@example.vn")):
        t.users[key].email = email  # leader and deputy of "Cụm 1" (Tam Kỳ, Bắc Trà My)
        t.users[key].save()
    services.assign(actor=t.manager, decision=t.decision, cadre=t.tamky_secretary, units=[t.tamky])
    return t


@pytest.fixture
def no_plans(mailed):
    services.save_visit_policy(actor=mailed.manager, owner=mailed.province, year=2013, quarterly_plan_required=False)
    return mailed


def run(day, about=""):
    """The mails sent by the daily command on ``day`` (those whose subject has ``about``)."""
    mail.outbox.clear()
    call_command("send_reminders", on=day, stdout=open("/dev/null", "w"))
    return [m for m in mail.outbox if about in m.subject]


def test_month_end_report_reminder_then_late_to_the_leaders(no_plans):
    t = no_plans
    anh = t.users["district_standing_tamky"]
    report = services.draft_monthly_report(actor=anh, cadre=t.tamky_secretary, year=2013, month=3)
    services.submit_report(actor=anh, report=report, now=at(2013, 3, 27))

    assert run("27/03/2013") == []  # 4 days before the due date
    (sent,) = run("28/03/2013")
    assert sent.to == ["quy@example.vn"] and sent.cc == []  # nothing for Ánh, whose report is in
    assert sent.subject == "[Cơ Sở] Nhắc việc: báo cáo đi cơ sở tháng 3/2013 (hạn 31/03/2013)"
    assert "Kính gửi đồng chí Nguyễn Văn Quy," in sent.body
    assert "chậm nhất ngày 31/03/2013 (còn 3 ngày)" in sent.body
    assert "/visits/reports/add/" in sent.body
    assert run("28/03/2013") == []  # a second run the same day
    assert run("31/03/2013") == []  # nor on another day of the window

    (late,) = run("01/04/2013")
    assert late.subject == "[Cơ Sở] Trễ hạn: báo cáo đi cơ sở tháng 3/2013 của đồng chí Nguyễn Văn Quy"
    assert late.to == ["quy@example.vn"]
    assert sorted(late.cc) == ["binh@example.vn", "hong@example.vn"]
    assert "đã quá hạn 31/03/2013 (1 ngày)" in late.body
    assert "lãnh đạo phụ trách" in late.body
    assert run("02/04/2013") == []
    assert ReminderLog.objects.filter(person=t.movement_cadre).count() == 2


def test_no_reminder_once_the_report_is_in(no_plans):
    t = no_plans
    report = services.draft_monthly_report(actor=t.cadre_user, cadre=t.movement_cadre, year=2013, month=3)
    services.submit_report(actor=t.cadre_user, report=report, now=at(2013, 3, 29))
    assert [m.to for m in run("30/03/2013")] == [["anh@example.vn"]]
    assert [m.to for m in run("01/04/2013")] == [["anh@example.vn"]]  # hers is late; Quy's is in


def test_quarter_plan_at_the_start_of_the_quarter(mailed):
    t = mailed
    # Q1's plan was due when plan 14 took effect (01/03/2013): late for both, leaders in copy.
    late = run("28/03/2013", "kế hoạch")
    assert sorted(m.subject for m in late) == [
        "[Cơ Sở] Trễ hạn: kế hoạch đi cơ sở quý 1/2013 của đồng chí Nguyễn Văn Quy",
        "[Cơ Sở] Trễ hạn: kế hoạch đi cơ sở quý 1/2013 của đồng chí Phạm Thị Ánh",
    ]
    # Three days before Q2 starts: each cadre is asked to register it (hạn: its first day).
    sent = run("29/03/2013", "kế hoạch")
    assert sorted(m.to[0] for m in sent) == ["anh@example.vn", "quy@example.vn"]
    assert {m.subject for m in sent} == {"[Cơ Sở] Nhắc việc: đăng ký kế hoạch đi cơ sở quý 2/2013 (hạn 01/04/2013)"}
    for cadre, user in ((t.movement_cadre, t.cadre_user), (t.tamky_secretary, t.users["district_standing_tamky"])):
        report = services.draft_monthly_report(actor=user, cadre=cadre, year=2013, month=3)
        services.submit_report(actor=user, report=report, now=at(2013, 3, 30))
    plan = services.create_plan(actor=t.cadre_user, cadre=t.movement_cadre, year=2013, quarter=2, note="Trà Sơn")
    services.submit_plan(actor=t.cadre_user, plan=plan, now=at(2013, 3, 30))
    assert run("01/04/2013", "kế hoạch") == []  # each was reminded once already
    (late,) = run("02/04/2013", "kế hoạch")  # Ánh has not registered hers; Quy has
    assert late.subject == "[Cơ Sở] Trễ hạn: kế hoạch đi cơ sở quý 2/2013 của đồng chí Phạm Thị Ánh"
    assert late.to == ["anh@example.vn"] and sorted(late.cc) == ["binh@example.vn", "hong@example.vn"]
    assert run("03/04/2013") == []


def test_report_within_days_after_each_trip(no_plans):
    t = no_plans
    services.save_visit_policy(actor=t.manager, owner=t.province, year=2013, report_within_days_after_trip=10)
    plan = services.create_plan(actor=t.cadre_user, cadre=t.movement_cadre, year=2013, quarter=2)
    for day, unit in ((9, t.trason), (11, t.anmy)):
        services.add_planned_visit(
            actor=t.cadre_user,
            plan=plan,
            unit=unit,
            start_date=D(2013, 4, day),
            end_date=D(2013, 4, day),
            form=VisitForm.SURVEY,
        )
    assert run("15/04/2013", "chuyến đi") == []
    (due,) = run("16/04/2013", "chuyến đi")
    assert due.subject == "[Cơ Sở] Nhắc việc: báo cáo chuyến đi Đoàn xã Trà Sơn ngày 09/04/2013 (hạn 19/04/2013)"
    assert "trong vòng 10 ngày sau khi về" in due.body
    services.record_visit(
        actor=t.cadre_user,
        cadre=t.movement_cadre,
        unit=t.trason,
        start_date=D(2013, 4, 9),
        end_date=D(2013, 4, 9),
        form=VisitForm.SURVEY,
        today=D(2013, 4, 17),
    )
    (due,) = run("18/04/2013", "chuyến đi")
    assert "Đoàn phường An Mỹ ngày 11/04/2013" in due.subject
    (late,) = run("22/04/2013", "chuyến đi")  # Trà Sơn is recorded; An Mỹ is not
    assert (
        late.subject
        == "[Cơ Sở] Trễ hạn: báo cáo chuyến đi Đoàn phường An Mỹ ngày 11/04/2013 của đồng chí Nguyễn Văn Quy"
    )
    assert sorted(late.cc) == ["binh@example.vn", "hong@example.vn"]
    assert run("23/04/2013", "chuyến đi") == []


def test_task_returns_the_count_and_command_checks_the_date(no_plans):
    assert send_visit_reminders.enqueue(on="2013-03-28").return_value == 2  # Quy and Ánh
    assert send_visit_reminders.enqueue(on="2013-03-28").return_value == 0
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("send_reminders", on="2013-03-28")


# --------------------------------------------------------------------------- home-page items


def test_home_items_link_to_where_to_act(qn):
    """Today, without a policy for this year (defaults): Quy has neither last month's report
    nor this quarter's plan; his leaders see him among the late; sending fixes both."""
    from django.utils import timezone

    from coso.visits import rules
    from coso.visits.attention import visits_attention

    today = timezone.localdate()
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    own = {i.title: i for i in visits_attention(qn.cadre_user)}
    report_item = next(i for t, i in own.items() if f"tháng {previous.month}/{previous.year}" in t)
    assert report_item.url == "/visits/reports/add/" and report_item.level == "danger"
    if today > rules.quarter_bounds(today.year, rules.quarter_of(today))[0]:
        plan_item = next(i for t, i in own.items() if "kế hoạch đi cơ sở quý" in t)
        assert plan_item.url == "/visits/plans/add/"
    leader = [i for i in visits_attention(qn.manager) if "chưa gửi báo cáo" in i.title]
    assert [(i.title, i.detail) for i in leader] == [
        (f"1 cán bộ chưa gửi báo cáo đi cơ sở tháng {previous.month}/{previous.year} (quá hạn)", "Nguyễn Văn Quy")
    ]
    assert not [i for i in visits_attention(qn.users["district_standing"]) if "chưa gửi báo cáo" in i.title]

    day = previous
    while day.weekday() >= 5 or rules.public_holidays(day, day):
        day -= datetime.timedelta(days=1)
    services.record_visit(
        actor=qn.cadre_user,
        cadre=qn.movement_cadre,
        unit=qn.trason,
        start_date=day,
        end_date=day,
        form=VisitForm.SITUATION,
    )
    report = services.draft_monthly_report(
        actor=qn.cadre_user, cadre=qn.movement_cadre, year=previous.year, month=previous.month
    )
    services.submit_report(actor=qn.cadre_user, report=report)
    late = next(i for i in visits_attention(qn.cadre_user) if f"tháng {previous.month}/{previous.year}" in i.title)
    assert late.url == f"/visits/reports/{report.pk}/" and "Trễ hạn" in late.title
    assert not [i for i in visits_attention(qn.manager) if "chưa gửi báo cáo" in i.title]
    # Bắc Trà My's inbox: one report to confirm → straight to it.
    host = [i for i in visits_attention(qn.users["district_standing"]) if "chờ đơn vị xác nhận" in i.title]
    assert [(i.title, i.url) for i in host] == [
        ("1 báo cáo đi cơ sở chờ đơn vị xác nhận", f"/visits/reports/{report.pk}/")
    ]


def test_an_officer_not_bound_by_any_plan_gets_no_visit_obligations(qn):
    """Bắc Trà My's officer is a cadre, but follows no unit and his district adopted no policy:
    the province's plan binds the cadres it assigns, not every cadre below the province."""
    from coso.visits.attention import visits_attention

    officer = qn.users["district_standing"]
    assert officer.person.is_cadre
    assert not [i for i in visits_attention(officer) if i.title.startswith("Đi cơ sở:")]
    assert [i for i in visits_attention(qn.cadre_user) if i.title.startswith("Đi cơ sở:")]
