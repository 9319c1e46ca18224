"""Inboxes and summaries run the same number of queries for one report as for many: the
cluster leader's review inbox asks once which clusters the person leads, not per report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.visits import coverage, services
from coso.visits.models import MonthlyReport

from .conftest import at


def confirmed_reports(qn, months):
    """Nguyễn Văn Quy's reports of months without trips: confirmed at once, waiting for the
    cluster leader of Tam Kỳ and Bắc Trà My (the provincial secretary, Cụm 1 of 2013)."""
    reports = []
    for month in months:
        report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=month)
        reports.append(services.submit_report(actor=qn.cadre_user, report=report, now=at(2013, month, 28)))
    assert {r.state for r in reports} == {MonthlyReport.State.HOST_CONFIRMED}
    return reports


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), response.content.decode()


def test_the_cluster_leaders_inbox_does_not_grow_with_its_reports(qn, client, django_assert_max_num_queries):
    client.force_login(qn.manager)
    confirmed_reports(qn, [4])
    one_home, body = count(client, "/")
    assert "1 báo cáo đi cơ sở chờ cụm trưởng xem xét" in body
    one_inbox, body = count(client, "/visits/")
    assert "Tháng 4/2013" in body

    confirmed_reports(qn, [5, 6, 7, 8, 9, 10])
    with django_assert_max_num_queries(one_home):
        body = client.get("/").content.decode()
    assert "7 báo cáo đi cơ sở chờ cụm trưởng xem xét" in body
    with django_assert_max_num_queries(one_inbox):
        body = client.get("/visits/").content.decode()
    assert "Tháng 10/2013" in body


def test_year_summary_counts_the_agencys_cadres_and_the_assigned_ones(qn, go):
    go(qn.anmy, qn.assignments[0].valid_from.replace(day=7))
    with CaptureQueriesContext(connection) as ctx:
        summary = coverage.year_summary(qn.province, 2013)
    person_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "people_person"' in q["sql"]]
    # no OR between "cadres of the agency" and "assigned cadres" (it walked the sort index)
    assert person_queries and not any(" OR " in sql for sql in person_queries)
    names = [name for name, _days in summary.days_by_cadre]
    assert {"Nguyễn Văn Quy", "Trần Thị Hồng", "Lê Văn Bình"} <= set(names)
    assert dict(summary.days_by_cadre)["Nguyễn Văn Quy"] == 1


def _practices(qn, go, months):
    from coso.visits.tests.conftest import D

    for month in months:
        unit = qn.trason if month % 2 else qn.anmy
        visit = go(unit, D(2013, month, 12))
        services.record_good_practice(
            actor=qn.cadre_user, cadre=qn.movement_cadre, unit=unit, title=f"Mô hình tháng {month}", visit=visit
        )


def test_the_practices_page_of_a_cluster_deputy_does_not_grow_with_its_rows(qn, go, client):
    """The Ban TCKT officer cannot mark practices by role but deputises Cụm 1 (Tam Kỳ, Bắc Trà
    My) of 2013: each practice of a cluster unit gets the button, in the same queries for one
    practice as for six."""
    deputy = qn.users["tckt_officer"]
    assert qn.cluster.deputy_id == deputy.person_id
    client.force_login(deputy)
    _practices(qn, go, [3])
    one, body = count(client, "/visits/practices/")
    assert body.count("/mark/") == 1
    _practices(qn, go, [4, 5, 6, 7, 8])
    many, body = count(client, "/visits/practices/")
    assert body.count("/mark/") == 6
    assert many <= one


def _submitted_plan(actor, cadre, quarter):
    plan = services.create_plan(
        actor=actor, cadre=cadre, year=2013, quarter=quarter, note=f"Nắm tình hình cơ sở quý {quarter}"
    )
    return services.submit_plan(actor=actor, plan=plan, now=at(2013, 3 * quarter - 2, 1))


def test_plans_to_approve_are_those_of_cadres_in_scope_in_fixed_queries(qn, client):
    """The plans awaiting approval: the province's standing office sees Nguyễn Văn Quy's and
    Tam Kỳ's; Bắc Trà My's officer sees neither (Tam Kỳ's real plan id never reaches it); the
    cadre's own plan is never in its own inbox; the queries stay the same with more plans."""
    from coso.visits import ancestry, permissions
    from coso.visits.models import QuarterPlan

    ta_user = qn.users["district_standing_tamky"]
    quy = _submitted_plan(qn.cadre_user, qn.movement_cadre, 1)
    submitted = QuarterPlan.objects.filter(state=QuarterPlan.State.SUBMITTED)

    def seen(user):
        """The same by the cadres' ids and by the plans' own province and district columns."""
        by_ids = set(permissions.pending_of_cadres_in_scope(user, submitted).values_list("pk", flat=True))
        by_columns = permissions.pending_of_cadres_in_scope(user, submitted, kept=ancestry.PLANS)
        assert set(by_columns.values_list("pk", flat=True)) == by_ids, user
        return by_ids

    client.force_login(qn.manager)
    one_plan, body = count(client, "/visits/")
    assert f"/visits/plans/{quy.pk}/" in body

    tamky = _submitted_plan(ta_user, qn.tamky_secretary, 2)
    quy2 = _submitted_plan(qn.cadre_user, qn.movement_cadre, 3)
    assert seen(qn.manager) == {quy.pk, tamky.pk, quy2.pk}
    assert seen(qn.users["district_standing"]) == set()
    assert seen(ta_user) == {tamky.pk}  # her own: kept by scope, left out of her inbox below
    for user in qn.users.values():  # the same plans as the one-query scope filter gives
        assert seen(user) == set(submitted.visible_to(user).values_list("pk", flat=True)), user

    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/visits/").content.decode()
    assert len(ctx.captured_queries) <= one_plan
    assert all(f"/visits/plans/{p.pk}/" in body for p in (quy, tamky, quy2))

    client.force_login(qn.users["district_standing"])
    body = client.get("/visits/").content.decode()
    assert not any(f"/visits/plans/{p.pk}/" in body for p in (quy, tamky, quy2))
    client.force_login(ta_user)
    body = client.get("/visits/").content.decode()
    assert f"/visits/plans/{tamky.pk}/" in body  # among her own plans,
    inbox = body.split('data-testid="plan-inbox"')[1].split("</ul>")[0] if "plan-inbox" in body else ""
    assert f"/visits/plans/{tamky.pk}/" not in inbox  # never hers to approve


@pytest.mark.parametrize("small_scope_max", [2000, 0], ids=["by-unit-ids", "by-path"])
def test_the_late_reports_of_the_leaders_home_read_every_cadres_policy_at_once(qn, monkeypatch, small_scope_max):
    """The leader's "not sent, past due" list: each cadre under the policy of their unit's
    nearest owner (here Bắc Trà My's own, not yet in force, excuses its secretary), in one
    query for the policies whatever the number of cadres and units."""
    import datetime

    from django.utils import timezone

    from coso.accounts import scoping
    from coso.visits.attention import late_reports_in_scope

    monkeypatch.setattr(scoping, "SMALL_SCOPE_MAX_UNITS", small_scope_max)
    today = timezone.localdate()
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    manager = qn.manager
    decision = services.record_decision(
        actor=manager, owner=qn.province, number="16-QĐ/TĐTN", decided_on=previous.replace(day=1), signer=qn.secretary
    )
    services.assign(actor=manager, decision=decision, cadre=qn.tamky_secretary, units=[qn.tamky])
    _previous, late, complete = late_reports_in_scope(manager, today)
    assert complete
    assert late == ["Phạm Thị Ánh", "Nguyễn Văn Quy"]
    with CaptureQueriesContext(connection) as few:
        late_reports_in_scope(manager, today)

    services.assign(actor=manager, decision=decision, cadre=qn.btm_secretary, units=[qn.bactramy])
    services.save_visit_policy(actor=manager, owner=qn.bactramy, year=previous.year, applies_from=today)
    assert late_reports_in_scope(manager, today)[1] == ["Phạm Thị Ánh", "Nguyễn Văn Quy"]
    services.save_visit_policy(actor=manager, owner=qn.bactramy, year=previous.year, applies_from=None, version=None)
    with CaptureQueriesContext(connection) as more:
        assert late_reports_in_scope(manager, today)[1] == ["Hồ Văn Anh", "Phạm Thị Ánh", "Nguyễn Văn Quy"]
    assert len(more.captured_queries) == len(few.captured_queries) <= 4


def test_the_leaders_late_list_reads_only_the_cadres_not_sent_and_says_when_it_stops(qn, client, monkeypatch):
    """The cap on the leader's list counts the cadres who have not sent, not every cadre
    followed: a first cadre by name who sent last month's report takes no place in it; and
    a list cut at the cap says «Ít nhất» on the home page instead of a wrong total."""
    import datetime

    from django.utils import timezone

    from coso.visits import attention

    today = timezone.localdate()
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    decision = services.record_decision(
        actor=qn.manager,
        owner=qn.province,
        number="16-QĐ/TĐTN",
        decided_on=previous.replace(day=1),
        signer=qn.secretary,
    )
    services.assign(actor=qn.manager, decision=decision, cadre=qn.tamky_secretary, units=[qn.tamky])
    services.assign(actor=qn.manager, decision=decision, cadre=qn.btm_secretary, units=[qn.bactramy])
    names = attention.late_reports_in_scope(qn.manager, today)[1]
    assert names == ["Hồ Văn Anh", "Phạm Thị Ánh", "Nguyễn Văn Quy"]

    first = services.draft_monthly_report(
        actor=qn.manager, cadre=qn.btm_secretary, year=previous.year, month=previous.month
    )
    services.submit_report(actor=qn.manager, report=first, now=timezone.now())
    monkeypatch.setattr(attention, "LEADER_CADRES_LIMIT", 2)
    assert attention.late_reports_in_scope(qn.manager, today)[1:] == (["Phạm Thị Ánh", "Nguyễn Văn Quy"], True)

    monkeypatch.setattr(attention, "LEADER_CADRES_LIMIT", 1)
    assert attention.late_reports_in_scope(qn.manager, today)[1:] == (["Phạm Thị Ánh"], False)
    client.force_login(qn.manager)
    body = client.get("/").content.decode()
    assert f"Ít nhất 1 cán bộ chưa gửi báo cáo đi cơ sở tháng {previous.month}/{previous.year} (quá hạn)" in body


def test_a_clusters_page_makes_the_same_queries_for_more_units_and_issued_papers(qn, go, client):
    """The coverage of every unit of the cluster in one set of queries, and its twelve monthly
    papers' register lines in one."""
    from coso.documents import services as papers

    from .conftest import D, add_base_unit

    go(qn.trason, D(2013, 3, 12))
    client.force_login(qn.manager)
    url = f"/visits/clusters/{qn.cluster.pk}/"
    client.get(url)  # the session's first use writes it
    before, page = count(client, url)
    assert "Huyện đoàn Bắc Trà My" in page and "Thành đoàn Tam Kỳ" in page

    third = add_base_unit(qn.province, "Huyện đoàn Nam Trà My", level_code="huyen-doan")
    add_base_unit(third, "Đoàn xã Trà Mai")
    qn.cluster.units.add(third)
    issued = papers.issue_paper(actor=qn.manager, kind_code="visits.cluster", obj=qn.cluster, key="2013-03")
    after, page = count(client, url)
    assert "Huyện đoàn Nam Trà My" in page and f"Số {issued.symbol}" in page
    assert after == before
