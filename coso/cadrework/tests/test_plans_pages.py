"""Building a plan from the pages: heading (created, edited with ``version``), the indicator
table (add with a measure's parameter, edit, reorder, remove), the dashboard reflecting it at
once; a ward sees its district's plan for its own unit and records its own plan; planning
candidates added and removed with who and when."""

import datetime
import re

import pytest
from django.utils import timezone

from coso.cadrework import selectors
from coso.cadrework.models import BaseUnitPlanSubmission, CadrePlan, Indicator
from coso.cadrework.tests.helpers import certificate
from coso.people.models import Planning, PostTitle

D = datetime.date
pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def _plan_data(**extra):
    data = {
        "year": 2024,
        "number": "21-KH/ĐTN-BTC",
        "title": "Kế hoạch công tác cán bộ năm 2024",
        "issued_on": "15/01/2024",
        "base_plan_deadline": "31/03/2024",
    }
    return {**data, **extra}


def test_plan_created_and_edited_with_its_version(btm, client_for):
    client = client_for("district_standing")
    form = client.get("/cadrework/plans/add/").context["form"]
    assert list(form.fields["owner"].queryset) == [btm.bactramy]
    response = client.post("/cadrework/plans/add/", _plan_data(owner=btm.bactramy.pk))
    plan = CadrePlan.objects.get(year=2024)
    assert response.status_code == 302 and response["Location"] == f"/cadrework/plans/{plan.pk}/"
    assert (plan.number, plan.issued_on, plan.base_plan_deadline) == ("21-KH/ĐTN-BTC", D(2024, 1, 15), D(2024, 3, 31))
    again = client.post("/cadrework/plans/add/", _plan_data(owner=btm.bactramy.pk, number="22-KH"))
    assert again.status_code == 200
    assert again.context["form"].errors["title"] == ["Đơn vị đã có kế hoạch cùng trích yếu trong năm này."]
    assert 'value="22-KH"' in _text(again)
    late = client.post(
        "/cadrework/plans/add/", _plan_data(owner=btm.bactramy.pk, title="Khác", base_plan_deadline="01/01/2030")
    )
    assert "Hạn gửi kế hoạch của cơ sở phải thuộc năm kế hoạch." in late.context["form"].errors["base_plan_deadline"]

    url = f"/cadrework/plans/{plan.pk}/edit/"
    client.post(url, _plan_data(title="Kế hoạch đã sửa", version=plan.version))
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa" and plan.version == 2
    stale = client.post(url, _plan_data(title="Ghi đè", version=1))
    assert "người khác sửa" in _text(stale) and 'value="Ghi đè"' in _text(stale)
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa"
    assert client_for("base_officer").post(url, _plan_data(version=plan.version)).status_code == 403


def test_indicator_with_a_parameter_shows_on_the_dashboard_at_once(btm, client_for):
    client = client_for("district_standing")
    certificate(btm.tg_secretary, "B2")
    certificate(btm.ts_secretary, "B1")
    form = client.get(f"/cadrework/plans/{btm.plan.pk}/indicators/add/").context["form"]
    groups = dict(form.fields["measure"].choices[1:])
    assert ("university_or_higher", "Trình độ đại học trở lên") in groups["Cán bộ, đoàn viên"]
    data = {
        "name": "02 Bí thư Đoàn xã có chứng chỉ ngoại ngữ B2",
        "population": "ward_secretaries",
        "measure": "language_certificate_at_least",
        "param_level": "B2",
        "target_kind": "count",
        "target_value": "2",
    }
    assert client.post(f"/cadrework/plans/{btm.plan.pk}/indicators/add/", data).status_code == 302
    added = Indicator.objects.get(name=data["name"])
    assert (added.order, added.params) == (3, {"level": "B2"})
    rows = client.get(f"/cadrework/?plan={btm.plan.pk}").context["results"]
    assert [(r.name, r.population_count, r.achieved_count, r.met) for r in rows][2] == (data["name"], 2, 1, False)
    detail = _text(client.get(f"/cadrework/plans/{btm.plan.pk}/"))
    assert "Cấp độ ngoại ngữ tối thiểu: B2" in detail

    client.post(
        f"/cadrework/indicators/{added.pk}/edit/",
        {**data, "param_level": "B1", "version": added.version},
    )
    rows = client.get(f"/cadrework/?plan={btm.plan.pk}").context["results"]
    assert (rows[2].achieved_count, rows[2].met) == (2, True)


def test_refusals_are_next_to_the_field_and_keep_what_was_typed(btm, client_for):
    client = client_for("district_standing")
    response = client.post(
        f"/cadrework/plans/{btm.plan.pk}/indicators/add/",
        {
            "name": "Chỉ tiêu sai",
            "population": "pioneer_commander_sources",
            "measure": "university_or_higher",
            "target_kind": "percent",
            "target_value": "120",
        },
    )
    errors = response.context["form"].errors
    assert errors["measure"] == ["Tiêu chí “Trình độ đại học trở lên” không áp dụng cho đối tượng “Nguồn chỉ huy Đội”."]
    assert errors["target_value"] == ["Chỉ tiêu tỷ lệ không vượt quá 100%."]
    assert "Chỉ tiêu sai" in _text(response) and btm.plan.indicators.count() == 2


def test_reorder_and_remove_with_version(btm, client_for):
    client = client_for("district_standing")
    client.post(f"/cadrework/indicators/{btm.resolutions.pk}/move/", {"direction": "up"})
    assert list(btm.plan.indicators.order_by("order").values_list("pk", "order")) == [
        (btm.resolutions.pk, 1),
        (btm.degree.pk, 2),
    ]
    rows = client.get(f"/cadrework/?plan={btm.plan.pk}").context["results"]
    assert [r.indicator.pk for r in rows] == [btm.resolutions.pk, btm.degree.pk]
    stale = client.post(f"/cadrework/indicators/{btm.degree.pk}/remove/", {"version": 99}, follow=True)
    assert "người khác sửa" in _text(stale) and Indicator.objects.filter(pk=btm.degree.pk).exists()
    client.post(f"/cadrework/indicators/{btm.resolutions.pk}/remove/", {"version": btm.resolutions.version})
    assert list(btm.plan.indicators.values_list("pk", "order")) == [(btm.degree.pk, 1)]
    base = client_for("base_officer")
    assert base.post(f"/cadrework/indicators/{btm.degree.pk}/remove/", {"version": 1}).status_code == 403


def test_a_ward_sees_its_district_plan_for_its_own_unit_and_sends_its_plan(btm, client_for):
    ward = client_for("base_officer")
    response = ward.get("/cadrework/")
    assert response.context["plan"] == btm.plan and response.context["unit"] == btm.trason
    assert [(r.population_count, r.achieved_count) for r in response.context["results"]] == [(1, 0), (1, 0)]
    assert not response.context["may_edit"] and "Sửa kế hoạch, chỉ tiêu" not in _text(response)
    assert [s.unit for s in response.context["submissions"]] == [btm.trason]  # not the other wards
    assert ward.get(f"/cadrework/indicators/{btm.degree.pk}/").context["missing"] == [btm.ts_secretary]

    BaseUnitPlanSubmission.objects.all().delete()
    url = f"/cadrework/plans/{btm.plan.pk}/submit/"
    form = ward.get(url).context["form"]
    assert list(form.fields["unit"].queryset) == [btm.trason]
    response = ward.post(url, {"unit": btm.trason.pk, "submitted_on": "14/08/2023", "document_number": "03-KH/ĐTN"})
    assert response.status_code == 302 and response["Location"].endswith("#submissions")
    row = BaseUnitPlanSubmission.objects.get(plan=btm.plan, unit=btm.trason)
    assert (row.submitted_on, row.document_number) == (D(2023, 8, 14), "03-KH/ĐTN")
    district = client_for("district_standing").get(f"/cadrework/?plan={btm.plan.pk}")
    rows = {s.unit: (s.submitted_on, s.late) for s in district.context["submissions"]}
    assert rows == {btm.trason: (D(2023, 8, 14), True), btm.tragiang: (None, True)}
    assert "Gửi muộn" in _text(district) and "Chưa gửi, quá hạn" in _text(district)
    ward = client_for("base_officer")  # one test client: log back in as the ward
    refused = ward.post(url, {"unit": btm.tragiang.pk, "submitted_on": "01/08/2023"})
    assert refused.status_code == 200 and not BaseUnitPlanSubmission.objects.filter(unit=btm.tragiang).exists()


def test_planning_candidates_added_and_removed_with_who_and_when(btm, client_for):
    client = client_for("district_standing")
    url = f"/cadrework/planning/add/?unit={btm.bactramy.pk}"
    form = client.get(url).context["form"]
    assert [str(t) for t in form.fields["term"].queryset] == ["2022–2027", "2027–2032"] or form.fields[
        "term"
    ].queryset.count() == 2
    assert btm.tamky_secretary not in form.fields["person"].queryset
    data = {"person": btm.ts_secretary.pk, "title": PostTitle.SECRETARY, "term": btm.term.pk, "decision_number": "7-QĐ"}
    assert client.post(url, data).status_code == 302
    row = Planning.objects.get(person=btm.ts_secretary, unit=btm.bactramy)
    again = client.post(url, data)
    assert again.context["form"].errors["person"] == ["Người này đã có trong quy hoạch chức danh này, nhiệm kỳ này."]
    page = _text(client.get(f"/cadrework/planning/?unit={btm.bactramy.pk}"))
    assert "Hồ Thị Mai (Đoàn xã Trà Sơn) – QĐ 7-QĐ" in page and "bởi huyendoan.btm" in page

    base = client_for("base_officer")
    removal = {"on": "01/10/2024", "version": row.version}
    assert base.post(f"/cadrework/planning/{row.pk}/remove/", removal).status_code == 404  # the district's
    ward_row = Planning.objects.create(person=btm.ts_secretary, unit=btm.trason, title="secretary", term=btm.term)
    assert base.post(f"/cadrework/planning/{ward_row.pk}/remove/", removal).status_code == 403  # not hers to decide
    client = client_for("district_standing")
    response = client.post(f"/cadrework/planning/{row.pk}/remove/", removal, follow=True)
    assert "Đã đưa Hồ Thị Mai ra khỏi quy hoạch." in _text(response)
    row.refresh_from_db()
    assert row.removed_on == D(2024, 10, 1)
    page = _text(client.get(f"/cadrework/planning/?unit={btm.bactramy.pk}"))
    assert "đưa ra khỏi quy hoạch ngày 01/10/2024 (ghi bởi huyendoan.btm" in page
    assert client.post(url, data).status_code == 302  # back in the planning
    row.refresh_from_db()
    assert row.removed_on is None and row.history.count() == 3


def test_the_base_unions_plans_are_counted_then_listed_fifty_a_page(btm, client_for):
    """A plan over many base unions: the dashboard says how many sent on time, late or not at
    all, and lists them fifty a page in name order; the next page keeps the plan chosen."""
    from coso.org.models import Unit
    from tests.builders import _level

    for n in range(60):
        Unit.objects.add_child(
            Unit.objects.get(pk=btm.bactramy.pk), dict(name=f"Đoàn xã Thêm {n:02d}", level=_level("doan-co-so"))
        )
    client = client_for("district_standing")
    first = client.get("/cadrework/", {"plan": btm.plan.pk})
    everyone = selectors.submission_status(btm.plan, timezone.localdate())
    assert len(everyone) == 62
    assert [(s.unit, s.submitted_on, s.late) for s in first.context["submissions"]] == [
        (s.unit, s.submitted_on, s.late) for s in everyone[:50]
    ]
    late = sum(1 for s in everyone if s.late)
    assert f"62 cơ sở Đoàn: {62 - late} gửi đúng hạn, {late} quá hạn hoặc gửi muộn, 0 chưa gửi" in _text(first)
    shown = re.findall(r"<tr>\s*<td>([^<]+)</td>", first.content.decode().split('data-testid="submissions"')[1])
    assert shown == [s.unit.name for s in everyone[:50]]
    link = re.search(r'href="\?([^"]*page=2#submissions)"', first.content.decode()).group(1)
    assert f"plan={btm.plan.pk}" in link
    second = client.get("/cadrework/?" + link.replace("&amp;", "&").split("#")[0])
    rest = re.findall(r"<tr>\s*<td>([^<]+)</td>", second.content.decode().split('data-testid="submissions"')[1])
    assert rest == [s.unit.name for s in everyone[50:]]
    ward = client_for("base_officer").get("/cadrework/", {"plan": btm.plan.pk})
    assert "1 cơ sở Đoàn:" in _text(ward) and [s.unit for s in ward.context["submissions"]] == [btm.trason]
