"""What is due and which reminder mails go out when (reminder_days = 7 before each due date)."""

import datetime

import pytest
from django.core import mail

from coso.placements import selectors, services
from coso.placements.tasks import send_placement_reminders

D = datetime.date


@pytest.fixture
def emails(tree):
    for key, email in (
        ("tckt_officer", "tckt@example.vn"),
        ("district_standing", "btm@example.vn"),
        ("district_standing_tamky", "tk@example.vn"),
    ):
        tree.users[key].email = email
        tree.users[key].save()
    return tree


def test_due_items_window_and_overdue(tree, placement):
    assert selectors.due_items(on=D(2019, 7, 7)) == []  # 8 days ahead
    items = selectors.due_items(on=D(2019, 7, 8))
    assert [(i.kind, i.days_left, i.overdue) for i in items] == [("evaluation", 7, False), ("report", 7, False)]
    items = selectors.due_items(on=D(2019, 7, 20))
    assert all(i.overdue for i in items) and len(items) == 2
    assert "Huỳnh Văn Tài" in items[0].label


def test_due_items_leave_out_submitted_and_out_of_scope(tree, placement):
    from coso.accounts.models import User

    cadre_user = User.objects.create(username="tai", person=placement.person)
    report = placement.reports.get(sequence=1)
    report = services.save_report(
        actor=cadre_user, report=report, version=report.version, contributions="a", problems="b", proposals="c"
    )
    services.submit_report(actor=cadre_user, report=report)
    assert [i.kind for i in selectors.due_items(on=D(2019, 7, 10))] == ["evaluation"]
    assert len(selectors.due_items(on=D(2019, 7, 10), actor=tree.users["district_standing"])) == 1
    assert selectors.due_items(on=D(2019, 7, 10), actor=tree.users["district_standing_tamky"]) == []


def test_reminders_sent_seven_days_before_to_the_right_people(emails, placement, mail_settings):
    send_placement_reminders.enqueue(on="2019-07-07")
    assert mail.outbox == []
    send_placement_reminders.enqueue(on="2019-07-08")
    assert len(mail.outbox) == 2
    by_subject = {m.subject: m.to for m in mail.outbox}
    report_to = next(to for s, to in by_subject.items() if "Báo cáo" in s)
    eval_to = next(to for s, to in by_subject.items() if "Nhận xét" in s)
    assert report_to == ["tài@example.vn", "tckt@example.vn"]
    assert eval_to == ["btm@example.vn", "tckt@example.vn"]  # not the Tam Kỳ officer
    assert "15/07/2019" in mail.outbox[0].body
    mail.outbox.clear()
    send_placement_reminders.enqueue(on="2019-07-09")  # not again the next day
    assert mail.outbox == []
    send_placement_reminders.enqueue(on="2020-01-08")  # final report and evaluation
    assert len(mail.outbox) == 2 and all("kết thúc" in m.subject for m in mail.outbox)
