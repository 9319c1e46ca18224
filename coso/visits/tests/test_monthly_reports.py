"""The monthly report: draft → submitted → host_confirmed | returned → reviewed."""

import pytest

from coso.core.errors import DomainError, OutOfScope
from coso.visits import services
from coso.visits.models import HostConfirmation, MonthlyReport, ReportTransition, VisitForm

from .conftest import D, at


@pytest.fixture
def march(qn, go):
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    go(qn.branch_trason, D(2013, 3, 12), form=VisitForm.BRANCH_MEETING)
    go(qn.tragiang, D(2013, 3, 30), D(2013, 4, 1))
    return services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)


def hosts(report):
    return {c.district.name: c.state for c in report.host_confirmations.select_related("district")}


def states(report):
    return list(ReportTransition.objects.filter(report=report).values_list("from_state", "to_state"))


def test_draft_is_built_from_the_months_visits_and_is_idempotent(qn, march):
    lines = [
        (line.visit.unit.name, line.days_in_month, line.host.name)
        for line in march.lines.select_related("visit__unit", "host")
    ]
    assert lines == [
        ("Đoàn phường An Mỹ", 2, "Thành đoàn Tam Kỳ"),
        ("Chi đoàn thôn 1", 1, "Huyện đoàn Bắc Trà My"),
        ("Đoàn xã Trà Giang", 2, "Huyện đoàn Bắc Trà My"),
    ]
    assert march.total_days == 5 and march.due_date == D(2013, 3, 31)
    again = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    assert again.pk == march.pk and again.version == march.version and again.lines.count() == 3
    april = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=4)
    assert april.total_days == 1


def test_confirmed_by_every_host_then_reviewed(qn, march):
    report = services.submit_report(actor=qn.cadre_user, report=march, now=at(2013, 3, 29))
    assert report.state == MonthlyReport.State.SUBMITTED and not report.is_late
    assert hosts(report) == {"Thành đoàn Tam Kỳ": "pending", "Huyện đoàn Bắc Trà My": "pending"}
    report = services.host_confirm(
        actor=qn.users["district_standing_tamky"],
        report=report,
        district=qn.tamky,
        comment="Đồng chí Quy nhiệt tình",
        now=at(2013, 3, 30),
    )
    assert report.state == MonthlyReport.State.SUBMITTED
    report = services.host_confirm(
        actor=qn.users["district_standing"], report=report, district=qn.bactramy, now=at(2013, 3, 30)
    )
    assert report.state == MonthlyReport.State.HOST_CONFIRMED
    confirmation = report.host_confirmations.get(district=qn.tamky)
    assert (confirmation.comment, confirmation.by) == ("Đồng chí Quy nhiệt tình", qn.users["district_standing_tamky"])
    report = services.review_report(actor=qn.manager, report=report, comment="Tốt", now=at(2013, 3, 31))
    assert report.state == MonthlyReport.State.REVIEWED and report.reviewed_by == qn.manager
    assert states(report) == [("draft", "submitted"), ("submitted", "host_confirmed"), ("host_confirmed", "reviewed")]


def test_a_host_returns_with_its_reason_and_the_cadre_resubmits(qn, march, go):
    report = services.submit_report(actor=qn.cadre_user, report=march, now=at(2013, 3, 29))
    services.host_confirm(actor=qn.users["district_standing_tamky"], report=report, district=qn.tamky)
    with pytest.raises(DomainError) as error:
        services.host_return(actor=qn.users["district_standing"], report=report, district=qn.bactramy, comment="")
    assert error.value.code == "comment_required"
    report = services.host_return(
        actor=qn.users["district_standing"],
        report=report,
        district=qn.bactramy,
        comment="Ngày 12/03 chi đoàn không sinh hoạt",
    )
    assert report.state == MonthlyReport.State.RETURNED and report.was_returned
    assert report.transitions.last().comment == "Huyện đoàn Bắc Trà My trả lại: Ngày 12/03 chi đoàn không sinh hoạt"
    # Returned: the month is open again for corrections.
    visit = report.lines.get(visit__unit=qn.branch_trason).visit
    services.update_visit(
        actor=qn.cadre_user, visit=visit, version=visit.version, start_date=D(2013, 3, 13), end_date=D(2013, 3, 13)
    )
    report = services.submit_report(actor=qn.cadre_user, report=report, now=at(2013, 4, 2))
    assert hosts(report) == {"Thành đoàn Tam Kỳ": "pending", "Huyện đoàn Bắc Trà My": "pending"}
    assert not report.is_late  # first sent 29/03, in time: lateness is judged on the first submission
    assert report.first_submitted_at == at(2013, 3, 29)


def test_late_first_submission(qn, march):
    report = services.submit_report(actor=qn.cadre_user, report=march, now=at(2013, 4, 3))
    assert report.is_late


def test_only_the_visited_districts_standing_officers_confirm(qn, march):
    report = services.submit_report(actor=qn.cadre_user, report=march, now=at(2013, 3, 29))
    with pytest.raises(OutOfScope):
        services.host_confirm(actor=qn.users["district_standing_tamky"], report=report, district=qn.bactramy)
    with pytest.raises(OutOfScope):
        services.host_confirm(actor=qn.cadre_user, report=report, district=qn.tamky)
    with pytest.raises(OutOfScope):
        services.host_confirm(actor=qn.users["base_officer"], report=report, district=qn.bactramy)
    services.host_confirm(actor=qn.users["district_standing_tamky"], report=report, district=qn.tamky)
    with pytest.raises(DomainError) as error:
        services.host_confirm(actor=qn.users["district_standing_tamky"], report=report, district=qn.tamky)
    assert error.value.code == "illegal_transition"
    assert error.value.message == "Xác nhận của Thành đoàn Tam Kỳ cho báo cáo này đang ở trạng thái «Đã xác nhận»."


def test_illegal_report_transitions(qn, march):
    with pytest.raises(DomainError) as error:
        services.review_report(actor=qn.manager, report=march)
    assert error.value.message == (
        "Không thể chuyển báo cáo tháng 3/2013 của đồng chí Nguyễn Văn Quy từ trạng thái «Đang soạn» "
        "sang «Cụm trưởng đã xem xét»."
    )
    with pytest.raises(DomainError) as error:
        services.host_confirm(actor=qn.users["district_standing_tamky"], report=march, district=qn.tamky)
    assert error.value.code == "illegal_transition"
    report = services.submit_report(actor=qn.cadre_user, report=march, now=at(2013, 3, 29))
    with pytest.raises(DomainError):
        services.review_report(actor=qn.manager, report=report)
    with pytest.raises(DomainError) as error:
        services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    assert error.value.code == "report_not_editable"


def test_the_cluster_leader_reviews_or_returns(qn, march):
    report = services.submit_report(actor=qn.cadre_user, report=march, now=at(2013, 3, 29))
    services.host_confirm(actor=qn.users["district_standing_tamky"], report=report, district=qn.tamky)
    services.host_confirm(actor=qn.users["district_standing"], report=report, district=qn.bactramy)
    with pytest.raises(OutOfScope):
        services.review_report(actor=qn.users["cluster_leader"], report=report)  # the role, but leads no cluster
    with pytest.raises(OutOfScope):
        services.review_report(actor=qn.users["district_standing"], report=report)
    report = services.return_report(actor=qn.manager, report=report, comment="Ghi rõ kết quả khảo sát")
    assert report.state == MonthlyReport.State.RETURNED
    report = services.submit_report(actor=qn.cadre_user, report=report)
    assert set(hosts(report).values()) == {HostConfirmation.State.PENDING}


def test_a_month_without_visits_needs_no_host(qn):
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=5)
    report = services.submit_report(actor=qn.cadre_user, report=report, now=at(2013, 5, 31))
    assert report.state == MonthlyReport.State.HOST_CONFIRMED
    assert report.transitions.last().comment == "Không có chuyến đi nào cần cơ sở xác nhận."


def test_reports_are_visible_to_their_hosts(qn, march):
    assert list(MonthlyReport.objects.visible_to(qn.users["district_standing"])) == []
    services.submit_report(actor=qn.cadre_user, report=march, now=at(2013, 3, 29))
    assert list(MonthlyReport.objects.visible_to(qn.users["district_standing"])) == [march]
    assert list(MonthlyReport.objects.visible_to(qn.users["cluster_leader"])) == [march]
    assert list(MonthlyReport.objects.visible_to(qn.users["member"])) == []
