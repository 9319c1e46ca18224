"""The management pages of the visits: assignment decisions and the history of reassignments,
policies with optimistic locking, blackout days, the weak units a cadre confirms, clusters
with their meetings and minutes, and the ranking rules."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coso.org.models import Unit
from coso.visits import forms_manage, services
from coso.visits.models import (
    Assignment,
    AssignmentDecision,
    BlackoutDay,
    ClusterMeeting,
    RankingRule,
    VisitPolicy,
    WeakUnitSelection,
)

from .conftest import D, add_base_unit, classify


def text(response):
    return response.content.decode()


# --------------------------------------------------------------------------- assignments


def test_home_navigation_links_every_management_page(qn, client_for):
    page = text(client_for("movement_cadre").get("/visits/"))
    for url in ("/visits/manage/", "/visits/weak-units/", "/visits/clusters/"):
        assert f'href="{url}"' in page
    index = text(client_for("provincial_standing").get("/visits/manage/"))
    assert f"/visits/org/{qn.province.pk}/assignments/" in index
    assert f"/visits/org/{qn.bactramy.pk}/policy/" in index


def test_record_a_decision_assign_reassign_and_keep_history(qn, client_for):
    client = client_for("provincial_standing")
    url = f"/visits/org/{qn.province.pk}/assignments/"
    page = text(client.get(url))
    assert "15-QĐ/TĐTN" in page and "28/02/2013" in page and "Trần Thị Hồng" in page
    assert f"/visits/feeds/decision/{qn.decision.pk}.docx" in page
    response = client.post(
        url, {"number": "22-QĐ/TĐTN", "decided_on": "01/07/2013", "signer": qn.secretary.pk, "note": "Điều chỉnh"}
    )
    decision = AssignmentDecision.objects.get(number="22-QĐ/TĐTN")
    assert response["Location"] == f"/visits/decisions/{decision.pk}/"

    # A cadre followed from before the decision is refused with the reason, what was typed kept.
    refused = client.post(
        response["Location"],
        {"cadre": qn.tckt_cadre.pk, "role": "follow", "units": [qn.tamky.pk], "valid_from": "15/06/2013"},
    )
    assert refused.status_code == 200
    assert "trước ngày ban hành quyết định (01/07/2013)" in text(refused) and "15/06/2013" in text(refused)
    done = client.post(
        response["Location"],
        {"cadre": qn.tckt_cadre.pk, "role": "follow", "units": [qn.tamky.pk], "valid_from": "02/07/2013"},
    )
    assert done.status_code == 302
    new = Assignment.objects.get(cadre=qn.tckt_cadre, unit=qn.tamky)
    assert new.decision == decision and new.valid_from == D(2013, 7, 2)

    # Quy's Bắc Trà My duty passes to Lê Văn Bình from 01/08/2013: both rows stay.
    old = Assignment.objects.get(cadre=qn.movement_cadre, unit=qn.bactramy)
    detail = text(client.get(f"/visits/assignments/{old.pk}/"))
    assert "Chuyển phân công" in detail and f"/visits/feeds/letter/{old.pk}.pdf" in detail
    moved = client.post(
        f"/visits/assignments/{old.pk}/reassign/",
        {
            "re-decision": decision.pk,
            "re-valid_from": "01/08/2013",
            "re-cadre": qn.tckt_cadre.pk,
            "re-version": old.version,
        },
    )
    assert moved.status_code == 302
    old.refresh_from_db()
    assert old.valid_to == D(2013, 7, 31) and old.ended_by == decision
    chain = text(client.get(moved["Location"]))
    assert "Nguyễn Văn Quy" in chain and "31/07/2013" in chain and "01/08/2013" in chain
    listing = text(client.get(url))
    assert "Lịch sử phân công" in listing and "31/07/2013" in listing

    closed = client.post(f"/visits/assignments/{old.pk}/end/", {"valid_to": "30/09/2013", "version": old.version})
    assert closed.status_code == 200 and "Phân công này đã kết thúc ngày 31/07/2013" in text(closed)
    stale = client.post(f"/visits/assignments/{new.pk}/end/", {"valid_to": "30/09/2013", "version": new.version + 1})
    assert stale.status_code == 200 and "người khác sửa" in text(stale)


def test_the_new_unit_of_a_reassignment_is_typed_not_picked_from_every_unit(qn, client_for):
    """The unit is chosen by typing (the organisation's district unions), never from a select of
    every unit of its subtree; a unit of another province is refused next to the field."""
    from tests.builders import _level

    client = client_for("provincial_standing")
    other = Unit.objects.add_root(create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn"))
    stranger = Unit.objects.add_child(other, dict(name="Huyện đoàn Tân Biên", level=_level("huyen-doan"), code="x-tb"))
    old = Assignment.objects.get(cadre=qn.movement_cadre, unit=qn.bactramy)
    page = text(client.get(f"/visits/assignments/{old.pk}/"))
    form = page[page.index('data-testid="reassign-form"') :]
    form = form[: form.index("</form>")]
    assert 'name="re-unit"' in form and "unit-picker" in form and f'value="{qn.tamky.pk}"' not in form
    assert 'data-param-kind="district"' in form and f'data-param-under="{qn.province.pk}"' in form
    decision = AssignmentDecision.objects.filter(owner=qn.province).first()
    post = {"re-decision": decision.pk, "re-valid_from": "01/08/2013", "re-version": old.version}
    refused = client.post(f"/visits/assignments/{old.pk}/reassign/", {**post, "re-unit": stranger.pk})
    assert refused.status_code == 200 and "Không có đơn vị này trong phạm vi được chọn" in text(refused)
    old.refresh_from_db()
    assert old.valid_to is None
    new_district = Unit.objects.add_child(
        qn.province, dict(name="Huyện đoàn Nam Trà My", level=_level("huyen-doan"), code="t-ntm")
    )
    moved = client.post(f"/visits/assignments/{old.pk}/reassign/", {**post, "re-unit": new_district.pk})
    assert moved.status_code == 302, text(moved)[-3000:]
    assert Assignment.objects.filter(cadre=qn.movement_cadre, unit=new_district, valid_from=D(2013, 8, 1)).exists()


def test_end_an_assignment(qn, client_for):
    client = client_for("provincial_standing")
    a = Assignment.objects.get(cadre=qn.movement_cadre, unit=qn.tamky)
    before = client.post(f"/visits/assignments/{a.pk}/end/", {"valid_to": "01/01/2013", "version": a.version})
    assert "trước ngày bắt đầu phân công (01/03/2013)" in text(before)
    client.post(f"/visits/assignments/{a.pk}/end/", {"valid_to": "30/06/2013", "version": a.version})
    a.refresh_from_db()
    assert a.valid_to == D(2013, 6, 30)


def test_without_the_capability_assignment_writes_are_refused(qn, client_for):
    cadre = client_for("movement_cadre")  # sees the province, may not manage it
    url = f"/visits/org/{qn.province.pk}/assignments/"
    page = text(cadre.get(url))
    assert "15-QĐ/TĐTN" in page and "decision-form" not in page
    assert cadre.post(url, {"number": "99-QĐ", "decided_on": "01/07/2013"}).status_code == 403
    assert cadre.post(f"/visits/decisions/{qn.decision.pk}/", {"cadre": qn.movement_cadre.pk}).status_code == 403
    a = qn.assignments[0]
    response = cadre.post(f"/visits/assignments/{a.pk}/end/", {"valid_to": "30/06/2013", "version": a.version})
    assert response.status_code == 403
    assert not AssignmentDecision.objects.filter(number="99-QĐ").exists()


def test_a_cluster_leader_assignment_covers_the_cluster_by_default(qn, client_for):
    client = client_for("provincial_standing")
    client.post(
        f"/visits/decisions/{qn.decision.pk}/",
        {"cadre": qn.secretary.pk, "role": "cluster_leader", "cluster": qn.cluster.pk, "valid_from": "01/03/2013"},
    )
    units = set(Assignment.objects.filter(cadre=qn.secretary, role="cluster_leader").values_list("unit", flat=True))
    assert units == {qn.tamky.pk, qn.bactramy.pk}


# --------------------------------------------------------------------------- policy and blackout days


def _policy_post(**changes):
    data = {
        "cap_days_mountainous": "3",
        "cap_days_other": "2",
        "yearly_minimum_days": "60",
        "days_per_month": "30",
        "branch_meetings_per_quarter": "1",
        "cluster_leader_base_units_per_quarter": "2",
        "weak_units_to_pick": "3",
        "monthly_report_due_day": "0",
        "report_within_days_after_trip": "10",
        "quarterly_plan_required": "on",
        "quarterly_plan_grace_days": "0",
        "count_public_holidays_as_blackout": "on",
        "reminder_days": "3",
        "applies_from": "",
        "source": "02-KH/HĐ",
        "proof_radius_km": "5",
        "proof_max_accuracy_m": "1000",
    }
    data.update(changes)
    return data


def test_a_district_edits_its_own_policy_and_a_stale_form_is_refused(qn, client_for):
    client = client_for("district_standing")
    url = f"/visits/org/{qn.bactramy.pk}/policy/2013/"
    page = text(client.get(url))
    assert "đang áp dụng quy định của Tỉnh đoàn Quảng Nam" in page and "policy-form" in page
    saved = client.post(url, _policy_post(cap_days_other="", yearly_minimum_days="45", version=""))
    assert saved.status_code == 302
    policy = VisitPolicy.objects.get(owner=qn.bactramy, year=2013)
    assert policy.cap_days_other is None and policy.yearly_minimum_days == 45
    assert policy.report_within_days_after_trip == 10 and not policy.quarterly_plan_needs_approval
    page = text(client.get(url))
    assert "Quy định riêng của đơn vị" in page and "02-KH/HĐ" in page and "1,5" in page  # 45/30 months
    stale = client.post(url, _policy_post(yearly_minimum_days="50", version=policy.version - 1 or 99))
    assert stale.status_code == 200 and "người khác sửa" in text(stale) and 'value="50"' in text(stale)
    bad = client.post(url, _policy_post(cap_days_mountainous="40", version=policy.version))
    assert "phải từ 1 đến 31 ngày/tháng" in text(bad)
    assert VisitPolicy.objects.get(pk=policy.pk).yearly_minimum_days == 45


def test_policy_out_of_scope_is_not_found_and_without_capability_forbidden(qn, client_for):
    assert client_for("district_standing").get(f"/visits/org/{qn.province.pk}/policy/2013/").status_code == 404
    cadre = client_for("movement_cadre")
    page = text(cadre.get(f"/visits/org/{qn.province.pk}/policy/2013/"))
    assert "14-KH/TĐTN" in page or "Quy định riêng" in page
    assert "policy-form" not in page
    assert cadre.post(f"/visits/org/{qn.province.pk}/policy/2013/", _policy_post()).status_code == 403


def test_blackout_days_add_refuse_and_remove(qn, client_for):
    client = client_for("provincial_standing")
    url = f"/visits/org/{qn.province.pk}/blackout/2013/"
    assert client.post(url, {"date": "05/03/2013", "reason": "party_cell"}).status_code == 302
    duplicate = client.post(url, {"date": "05/03/2013", "reason": "party_cell"})
    assert "05/03/2013 đã có trong danh sách" in text(duplicate)
    no_note = client.post(url, {"date": "06/03/2013", "reason": "other", "note": ""})
    assert "Hãy ghi lý do" in text(no_note)
    page = text(client.get(url))
    assert "Tháng 3" in page and "05/03" in page and "họp chi bộ" in page
    day = BlackoutDay.objects.get(owner=qn.province)
    assert client_for("movement_cadre").post(f"/visits/blackout/{day.pk}/remove/").status_code == 403
    assert client_for("provincial_standing").post(f"/visits/blackout/{day.pk}/remove/").status_code == 302
    assert not BlackoutDay.objects.exists()


# --------------------------------------------------------------------------- weak units


@pytest.fixture
def communes(qn):
    units = {
        "bui": add_base_unit(qn.bactramy, "Đoàn xã Trà Bui"),
        "doc": add_base_unit(qn.bactramy, "Đoàn xã Trà Đốc"),
    }
    classify(units["bui"], 2012, "TB")
    classify(units["doc"], 2012, "VM")
    return units


def test_a_cadre_proposes_and_confirms_weak_units_then_sees_the_year_end(qn, communes, client_for):
    cadre = client_for("movement_cadre")
    page = text(cadre.get("/visits/weak-units/?year=2013"))
    assert "Huyện đoàn Bắc Trà My" in page and "Thành đoàn Tam Kỳ" in page and "Đề xuất danh sách" in page
    response = cadre.post("/visits/weak-units/propose/", {"district": qn.bactramy.pk, "year": 2013})
    selection = WeakUnitSelection.objects.get(cadre=qn.movement_cadre, district=qn.bactramy, year=2013)
    assert response["Location"] == f"/visits/weak-units/{selection.pk}/"
    page = text(cadre.get(response["Location"]))
    assert page.index("Đoàn xã Trà Sơn") < page.index("Đoàn xã Trà Bui") < page.index("Đoàn xã Trà Giang")
    assert "Chưa có kết quả xếp loại năm 2013" in page
    too_few = cadre.post(response["Location"], {"units": [qn.trason.pk], "version": selection.version})
    assert "Phải chọn ít nhất 3 đơn vị" in text(too_few)
    chosen = [qn.trason.pk, communes["bui"].pk, communes["doc"].pk]
    assert cadre.post(response["Location"], {"units": chosen, "version": selection.version}).status_code == 302
    selection.refresh_from_db()
    assert selection.state == WeakUnitSelection.State.CONFIRMED
    assert [p.unit_id for p in selection.picks.all()] == chosen

    leader = text(client_for("provincial_standing").get("/visits/weak-units/?year=2013"))
    assert f"/visits/weak-units/{selection.pk}/" in leader and "Đã thống nhất" in leader

    classify(qn.trason, 2013, "KHA")
    classify(communes["bui"], 2013, "TB")
    classify(communes["doc"], 2013, "VM")
    page = text(client_for("movement_cadre").get(response["Location"]))
    assert "đạt: đã tiến bộ" in page and "chưa tiến bộ" in page
    assert "còn 1 Đoàn cơ sở xếp loại trung bình, yếu" in page and "Đoàn xã Trà Bui (Trung bình)" in page
    assert "confirm-form" not in page


def test_weak_units_of_another_district_are_not_found(qn, communes, client_for):
    services.assign(actor=qn.manager, decision=qn.decision, cadre=qn.tamky_secretary, units=[qn.tamky])
    selection = services.propose_weak_units(
        actor=qn.users["district_standing_tamky"], cadre=qn.tamky_secretary, district=qn.tamky, year=2013
    )
    btm = client_for("district_standing")
    assert btm.get(f"/visits/weak-units/{selection.pk}/").status_code == 404
    assert btm.post(f"/visits/weak-units/{selection.pk}/", {"units": [qn.anmy.pk]}).status_code == 404
    assert client_for("member").post("/visits/weak-units/propose/", {"district": qn.bactramy.pk}).status_code in (
        403,
        404,
    )


# --------------------------------------------------------------------------- clusters


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_cluster_page_units_cadres_days_practices_and_meetings(qn, go, client_for, media):
    visit = go(qn.trason, D(2013, 3, 12), D(2013, 3, 13))
    services.record_good_practice(
        actor=qn.cadre_user, cadre=qn.movement_cadre, unit=qn.trason, title="Tủ sách thanh niên", visit=visit
    )
    client = client_for("provincial_standing")
    assert f"/visits/clusters/{qn.cluster.pk}/" in text(client.get("/visits/clusters/?year=2013"))
    url = f"/visits/clusters/{qn.cluster.pk}/"
    page = text(client.get(url))
    assert "Huyện đoàn Bắc Trà My" in page and "Nguyễn Văn Quy" in page and "1/2" in page
    assert "Nguyễn Văn Quy: 2" in page and "Tủ sách thanh niên" in page
    assert client.post(f"/visits/clusters/{qn.cluster.pk}/schedule/").status_code == 302
    q1 = ClusterMeeting.objects.get(cluster=qn.cluster, kind="q1")
    assert "29/03/2013" in text(client.get(url))

    minutes = SimpleUploadedFile("bien-ban-quy-1.pdf", b"%PDF-1.4 bien ban", content_type="application/pdf")
    saved = client.post(
        f"/visits/meetings/{q1.pk}/",
        {
            "scheduled_on": "29/03/2013",
            "held_on": "28/03/2013",
            "host_unit": qn.bactramy.pk,
            "minutes_text": "Giao ban quý I",
            "minutes_file": minutes,
            "version": q1.version,
        },
    )
    assert saved.status_code == 302
    q1.refresh_from_db()
    assert q1.held_on == D(2013, 3, 28) and q1.minutes_file.name.startswith("visits/cluster-minutes/")
    download = client.get(f"/visits/meetings/{q1.pk}/minutes/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 bien ban"
    assert "attachment" in download["Content-Disposition"]


def test_minutes_too_large_or_wrong_kind_are_refused(qn, client_for, media, settings, monkeypatch):
    monkeypatch.setattr(forms_manage, "MINUTES_MAX_BYTES", 1024)
    client = client_for("provincial_standing")
    q1 = services.schedule_cluster_meetings(actor=qn.manager, cluster=qn.cluster)[0]
    data = {"scheduled_on": "29/03/2013", "minutes_text": "Đã gõ", "version": q1.version}
    big = client.post(f"/visits/meetings/{q1.pk}/", dict(data, minutes_file=SimpleUploadedFile("a.pdf", b"x" * 2048)))
    assert "Tệp biên bản quá lớn" in text(big) and "Đã gõ" in text(big)
    exe = client.post(f"/visits/meetings/{q1.pk}/", dict(data, minutes_file=SimpleUploadedFile("a.exe", b"MZ")))
    assert "Chỉ nhận tệp PDF" in text(exe)
    q1.refresh_from_db()
    assert not q1.minutes_file and q1.version == 1


def test_clusters_out_of_scope_and_without_capability(qn, client_for, media):
    q1 = services.schedule_cluster_meetings(actor=qn.manager, cluster=qn.cluster)[0]
    btm = client_for("district_standing")  # the province's cluster is not theirs
    assert btm.get(f"/visits/clusters/{qn.cluster.pk}/").status_code == 404
    assert btm.get(f"/visits/meetings/{q1.pk}/").status_code == 404
    cadre = client_for("movement_cadre")  # sees it, may not run it
    assert "meeting-form" not in text(cadre.get(f"/visits/meetings/{q1.pk}/"))
    data = {"scheduled_on": "28/03/2013", "version": q1.version}
    assert cadre.post(f"/visits/meetings/{q1.pk}/", data).status_code == 403
    assert cadre.post(f"/visits/clusters/{qn.cluster.pk}/schedule/").status_code == 403


# --------------------------------------------------------------------------- ranking rules


def test_ranking_rules_edited_and_shown_on_the_ranking(qn, go, client_for):
    go(qn.trason, D(2013, 3, 12))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report)
    services.host_confirm(actor=qn.users["district_standing"], report=report, district=qn.bactramy)
    client = client_for("provincial_standing")
    ranking = text(client.get(f"/visits/ranking/?unit={qn.province.pk}&year=2013&month=3"))
    assert f"/visits/org/{qn.province.pk}/ranking-rule/2013/" in ranking
    url = f"/visits/org/{qn.province.pk}/ranking-rule/2013/"
    assert "đang dùng các mức mặc định" in text(client.get(url))
    values = {
        "points_per_day": "4",
        "points_per_base_unit": "1",
        "points_per_branch_meeting": "3",
        "points_per_good_practice": "5",
        "penalty_late_report": "5",
        "bonus_confirmed_without_return": "2",
        "version": "",
    }
    assert client.post(url, values).status_code == 302
    rule = RankingRule.objects.get(owner=qn.province, year=2013)
    assert str(rule.points_per_day) == "4.00"
    ranking = text(client.get(f"/visits/ranking/?unit={qn.province.pk}&year=2013&month=3"))
    assert "1 ngày cơ sở × 4 điểm = 4" in ranking
    stale = client.post(url, dict(values, points_per_day="9", version=rule.version + 5))
    assert "người khác sửa" in text(stale)
    assert client_for("movement_cadre").post(url, values).status_code == 403
    assert client_for("district_standing").get(url).status_code == 404


def test_the_assignments_page_queries_do_not_grow_with_rows(qn, client_for, django_assert_max_num_queries):
    client = client_for("provincial_standing")
    url = f"/visits/org/{qn.province.pk}/assignments/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(5):
        decision = services.record_decision(
            actor=qn.manager, owner=qn.province, number=f"{20 + number}-QĐ/TĐTN", decided_on=D(2013, 4, 1 + number)
        )
        services.assign(
            actor=qn.manager,
            decision=decision,
            cadre=[qn.tckt_cadre, qn.secretary, qn.btm_secretary, qn.tamky_secretary, qn.movement_cadre][number],
            units=[qn.tamky] if number != 4 else [qn.anmy],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_every_listed_assignment_links_to_its_page_and_its_letters(qn, client_for):
    """The table's links are made once per list (``views_manage._listed``): each row still
    opens its own assignment and its own letter, and names its duty."""
    from django.urls import reverse

    page = text(client_for("provincial_standing").get(f"/visits/org/{qn.province.pk}/assignments/"))
    listed = Assignment.objects.filter(decision__owner=qn.province).select_related("cadre")
    assert listed
    for a in listed:
        assert f'<a href="{reverse("visits:assignment_detail", args=[a.pk])}">{a.cadre.full_name}</a>' in page
        for fmt in ("docx", "pdf"):
            assert f'href="{reverse("visits_feeds:letter", args=[a.pk, fmt])}"' in page
        assert f"<td>{a.get_role_display()}" in page


def test_assignments_export_lists_the_organisations_assignments(qn, client_for):
    """Issue 15 point 11: the assignments page's list as .xlsx; another organisation's is a 404."""
    import io

    from openpyxl import load_workbook

    client = client_for("provincial_standing")
    url = f"/visits/org/{qn.province.pk}/assignments/export.xlsx"
    assert url in client.get(f"/visits/org/{qn.province.pk}/assignments/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Cán bộ", "Nhiệm vụ", "Cụm", "Đơn vị")
    assert sorted((r[0], r[3], r[6]) for r in rows[1:]) == [
        ("Nguyễn Văn Quy", "Huyện đoàn Bắc Trà My", "15-QĐ/TĐTN"),
        ("Nguyễn Văn Quy", "Thành đoàn Tam Kỳ", "15-QĐ/TĐTN"),
    ]
    assert client_for("district_standing").get(f"/visits/org/{qn.tamky.pk}/assignments/export.xlsx").status_code == 404
