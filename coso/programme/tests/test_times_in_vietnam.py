"""Issue 15 point 9: times in the change history and the step logs are Vietnam's
(Asia/Ho_Chi_Minh, UTC+7), as everywhere else — never UTC."""

import datetime

from django.urls import reverse

from coso.core.history import history_entries
from coso.programme import services

from .conftest import pick, statuses

UTC = datetime.UTC


def test_step_logs_and_history_show_vietnam_time(btm, client):
    # 23:30 UTC on 24 March is 06:30 on 25 March in Vietnam
    moment = datetime.datetime(2014, 3, 24, 23, 30, tzinfo=UTC)
    registration = services.register(
        actor=btm.users["member"], programme=btm.programme, items=pick(btm.programme), submit=True, now=moment
    )
    a = services.self_assess(
        actor=btm.users["member"],
        registration=registration,
        round=btm.rounds[0],
        items=statuses(registration, ("done",)),
        now=moment,
    )
    step = a.transitions.last()
    assert step.describe().endswith("(25/03/2014 06:30)")
    changes = [c for e in history_entries(a) for c in e["changes"] if "06:30" in str(c)]
    assert changes, "the self-assessment time in the history is Vietnam's"
    client.force_login(btm.users["member"])
    page = client.get(reverse("programme:self_assess", args=[registration.pk]) + f"?round={btm.rounds[0].pk}")
    body = page.content.decode()
    assert "25/03/2014 06:30" in body and "24/03/2014 23:30" not in body
