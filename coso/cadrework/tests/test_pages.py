"""The cadre-work pages as the Bắc Trà My officer uses them: the KPI dashboard computed from the
data, click-through to who is missing, export, paper; seats and vacancies, sources, courses,
rotations, evaluations — all writes through the services, edits guarded by the version."""

import datetime
import io
import json
import re

import pytest
from openpyxl import load_workbook

from coso.cadrework.models import BodySeats, Course, Enrollment, Rotation, SourcePoolEntry
from coso.cadrework.tests.helpers import K, train
from coso.org.models import Department
from coso.people.models import Body, Evaluation, Person, TrainingRecord

D = datetime.date
pytestmark = pytest.mark.django_db


def _text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_dashboard_shows_actual_against_target_and_late_units(btm, client_for):
    client = client_for("district_standing")
    response = client.get("/cadrework/")
    assert response.status_code == 200
    text = _text(response)
    assert "Kế hoạch công tác cán bộ Bắc Trà My năm 2023" in text
    rows = response.context["results"]
    assert [(r.population_count, r.achieved_count, r.met) for r in rows] == [(2, 1, False), (3, 0, False)]
    assert "50,0%" in text and "Chưa đạt" in text
    chart = json.loads(re.search(r'id="kpi-data" type="application/json">(.*?)</script>', text).group(1))
    assert chart["datasets"][0]["data"] == [50.0, 0.0]
    late = {s.unit.name: s.late for s in response.context["submissions"]}
    assert late == {"Đoàn xã Trà Sơn": False, "Đoàn xã Trà Giang": True}
    assert "Chưa gửi, quá hạn" in text


def test_a_training_recorded_changes_the_figure_nobody_types_it(btm, client_for):
    client = client_for("district_standing")
    for person in (btm.btm_secretary, btm.ts_secretary, btm.tg_secretary):
        train(person, K.RESOLUTION_STUDY, D(2023, 3, 1))
    rows = client.get("/cadrework/").context["results"]
    assert (rows[1].achieved_count, rows[1].met) == (3, True)


def test_one_ward_and_another_year(btm, client_for):
    client = client_for("district_standing")
    response = client.get(f"/cadrework/?plan={btm.plan.pk}&unit={btm.trason.pk}&year=2023")
    assert [(r.population_count, r.achieved_count) for r in response.context["results"]] == [(1, 0), (1, 0)]
    response = client.get(f"/cadrework/?plan={btm.plan.pk}&year=2021")  # nobody held a post on 31/12/2021
    assert response.context["results"][0].population_count == 0


def test_dashboard_queries_do_not_grow_with_people(btm, client_for, django_assert_max_num_queries):
    client = client_for("district_standing")
    client.get("/cadrework/")
    with django_assert_max_num_queries(30) as small:
        client.get("/cadrework/")
    for i in range(25):
        Person.objects.create(family_name="Lê", given_name=f"Cán bộ {i}", sex="M", unit=btm.tragiang, is_cadre=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/cadrework/")
    assert response.context["results"][1].population_count == 28


def test_click_through_lists_who_is_missing(btm, client_for, django_assert_max_num_queries):
    client = client_for("district_standing")
    with django_assert_max_num_queries(20):
        response = client.get(f"/cadrework/indicators/{btm.degree.pk}/")
    assert response.status_code == 200
    assert [p.pk for p in response.context["missing"]] == [btm.ts_secretary.pk]
    assert [p.pk for p in response.context["achieved"]] == [btm.tg_secretary.pk]
    assert "Hồ Thị Mai" in _text(response) and "1/2 (50,0%)" in _text(response)


def test_export_and_paper(btm, client_for):
    client = client_for("district_standing")
    response = client.get(f"/cadrework/export.xlsx?plan={btm.plan.pk}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == btm.degree.name and rows[1][2:4] == (2, 1) and rows[1][6] == "Chưa đạt"
    paper = client.get(f"/cadrework/plans/{btm.plan.pk}/paper.docx")
    assert paper.status_code == 200
    assert paper["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    from docx import Document

    text = "\n".join(c.text for t in Document(io.BytesIO(paper.content)).tables for r in t.rows for c in r.cells)
    assert btm.degree.name in text and "100%" in text


def test_seats_and_vacancies_with_version_check(btm, client_for):
    client = client_for("district_standing")
    seats = BodySeats.objects.create(unit=btm.bactramy, body=Body.STANDING, term=btm.term, seats=3)
    from coso.people.models import Post, PostTitle

    Post.objects.create(
        person=btm.btm_secretary,
        unit=btm.bactramy,
        body=Body.STANDING,
        title=PostTitle.STANDING_MEMBER,
        start_date=D(2022, 8, 1),
    )
    Post.objects.create(
        person=btm.tg_secretary,
        unit=btm.bactramy,
        body=Body.STANDING,
        title=PostTitle.STANDING_MEMBER,
        start_date=D(2022, 8, 1),
        end_date=D(2024, 5, 31),
    )
    text = _text(client.get(f"/cadrework/bodies/?unit={btm.bactramy.pk}"))
    assert "Khuyết 2 từ ngày 31/05/2024" in text and "Hồ Văn Anh" in text
    data = {"unit": btm.bactramy.pk, "body": "btv", "term": btm.term.pk, "seats": 5, "version": seats.version}
    client.post("/cadrework/bodies/seats/", data)
    seats.refresh_from_db()
    assert seats.seats == 5
    response = client.post("/cadrework/bodies/seats/", dict(data, seats=9), follow=True)  # stale version
    seats.refresh_from_db()
    assert seats.seats == 5 and "người khác sửa" in _text(response)
    assert (
        client_for("base_officer").post("/cadrework/bodies/seats/", dict(data, unit=btm.trason.pk)).status_code == 403
    )


def test_sources_added_and_advanced(btm, client_for):
    client = client_for("district_standing")
    response = client.post(
        f"/cadrework/sources/add/?unit={btm.trason.pk}",
        {"kind": "pioneer_commander", "full_name": "Đinh Văn Tú", "school": "THCS Trà Sơn", "added_on": "05/01/2023"},
    )
    assert response.status_code == 302
    entry = SourcePoolEntry.objects.get(full_name="Đinh Văn Tú")
    client.post(
        f"/cadrework/sources/{entry.pk}/advance/",
        {"to_stage": "hs_union_cadre", "on": "01/09/2023", "version": entry.version},
    )
    entry.refresh_from_db()
    assert entry.stage == "hs_union_cadre" and entry.changes.get().on == D(2023, 9, 1)
    response = client.post(
        f"/cadrework/sources/{entry.pk}/advance/",
        {"to_stage": "in_pool", "on": "02/09/2023", "version": entry.version},
        follow=True,
    )
    assert "Không thể chuyển" in _text(response)
    text = _text(client.get(f"/cadrework/sources/?unit={btm.bactramy.pk}"))
    assert "Đinh Văn Tú" in text and "01/09/2023" in text


def test_course_enroll_attendance_complete(btm, client_for):
    client = client_for("district_standing")
    response = client.post(
        f"/cadrework/courses/add/?unit={btm.bactramy.pk}",
        {
            "kind": "youth_work",
            "name": "Lớp nghiệp vụ công tác Đoàn 2023",
            "start_date": "10/04/2023",
            "end_date": "11/04/2023",
            "session_dates": "10/04/2023, 11/04/2023",
        },
    )
    course = Course.objects.get(name="Lớp nghiệp vụ công tác Đoàn 2023")
    assert response.status_code == 302 and course.sessions.count() == 2
    form = client.get(f"/cadrework/courses/{course.pk}/").context["enroll_form"]
    candidates = list(form.fields["person"].queryset)
    assert candidates[0] == btm.tg_secretary  # in the planning: listed first
    client.post(f"/cadrework/courses/{course.pk}/enroll/", {"person": btm.ts_secretary.pk, "sent_on": "01/04/2023"})
    enrollment = Enrollment.objects.get(course=course, person=btm.ts_secretary)
    first, second = course.sessions.order_by("on")
    client.post(f"/cadrework/enrollments/{enrollment.pk}/attendance/", {"sessions": [first.pk]})
    response = client.post(
        f"/cadrework/enrollments/{enrollment.pk}/complete/",
        {"completed": "1", "version": enrollment.version},
        follow=True,
    )
    assert "1/2 buổi" in _text(response)
    client.post(f"/cadrework/enrollments/{enrollment.pk}/attendance/", {"sessions": [first.pk, second.pk]})
    client.post(f"/cadrework/enrollments/{enrollment.pk}/complete/", {"completed": "1", "version": enrollment.version})
    enrollment.refresh_from_db()
    assert enrollment.completed
    record = TrainingRecord.objects.get(person=btm.ts_secretary)
    assert (record.kind, record.completed, record.start_date) == ("youth_work", True, D(2023, 4, 10))


def test_bad_course_keeps_what_was_typed(btm, client_for):
    response = client_for("district_standing").post(
        f"/cadrework/courses/add/?unit={btm.bactramy.pk}",
        {"kind": "youth_work", "name": "Lớp lỗi", "start_date": "10/04/2023", "end_date": "01/04/2023"},
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu" in _text(response) and 'value="Lớp lỗi"' in _text(response)


def test_rotation_between_departments(btm, client_for):
    client = client_for("district_standing")
    office = Department.objects.create(unit=btm.bactramy, code="VP", name="Văn phòng")
    response = client.post(
        f"/cadrework/rotations/add/?unit={btm.bactramy.pk}",
        {"person": btm.btm_secretary.pk, "to_department": office.pk, "on": "01/07/2023", "decision_number": "12-QĐ"},
    )
    assert response.status_code == 302
    rotation = Rotation.objects.get(person=btm.btm_secretary)
    assert rotation.to_department == office and rotation.on == D(2023, 7, 1)
    assert "01/07/2023" in _text(client.get(f"/cadrework/rotations/?unit={btm.bactramy.pk}"))


def test_evaluation_with_evidence_and_version(btm, client_for):
    from coso.visits.models import Visit

    client = client_for("district_standing")
    Visit.objects.create(
        cadre=btm.btm_secretary, unit=btm.trason, start_date=D(2023, 3, 30), end_date=D(2023, 4, 1), form="khao_sat"
    )
    train(btm.btm_secretary, K.THEMATIC, D(2023, 5, 1), name="Chuyên đề chuyển đổi số")
    response = client.get(f"/cadrework/evaluations/?unit={btm.bactramy.pk}&year=2023")
    row = next(p for p in response.context["rows"] if p.pk == btm.btm_secretary.pk)
    assert row.visit_days == 3 and [t.name for t in row.year_trainings] == ["Chuyên đề chuyển đổi số"]
    url = f"/cadrework/evaluations/{btm.btm_secretary.pk}/2023/"
    level = client.get(url).context["form"].fields["level"].queryset.get(code="HTTNV")
    client.post(url, {"level": level.pk, "self_assessment": "Hoàn thành tốt"})
    evaluation = Evaluation.objects.get(person=btm.btm_secretary, year=2023)
    assert evaluation.level == level
    stale = client.post(url, {"level": level.pk, "note": "Sửa", "version": evaluation.version - 1})
    assert "người khác sửa" in _text(stale)
    assert client_for("branch_officer").post(url, {"level": level.pk}).status_code == 404


def test_filter_forms_show_the_plan_unit_and_year_displayed(btm, client_for):
    """Issue 15 point 6: the dashboard's and the evaluations' filters show what is displayed."""
    client = client_for("district_standing")
    text = client.get("/cadrework/").content.decode()
    assert re.search(rf'<option value="{btm.plan.pk}"[^>]*selected', text)
    assert re.search(rf'<option value="{btm.bactramy.pk}"[^>]*selected', text)
    assert f'name="year" inputmode="numeric" value="{btm.plan.year}"' in text
    text = client.get(f"/cadrework/?plan={btm.plan.pk}&unit={btm.trason.pk}&year=2021").content.decode()
    assert re.search(rf'<option value="{btm.trason.pk}"[^>]*selected', text)
    assert 'name="year" inputmode="numeric" value="2021"' in text
    text = client.get("/cadrework/evaluations/").content.decode()
    shown = datetime.date.today().year - 1
    assert f'name="year" inputmode="numeric" value="{shown}"' in text


def _docx_cells(response):
    from docx import Document

    return [[c.text for c in r.cells] for t in Document(io.BytesIO(response.content)).tables for r in t.rows]


def test_count_target_table_chart_export_and_paper_agree(btm, client_for):
    """Issue 15 point 7: "2 cán bộ học tập nghị quyết" with 1 of the 3 counted cadres trained
    is 1/2 and 50,0 % of the target — in the table, the chart, the .xlsx and the .docx; the
    share of everyone counted (33,3 %) appears nowhere as "the" percentage."""
    from coso.cadrework import services

    count = services.add_indicator(
        actor=None,
        plan=btm.plan,
        name="02 cán bộ học tập nghị quyết",
        population="all_cadres_in_scope",
        measure="studied_resolutions",
        target_kind="count",
        target_value=2,
    )
    train(btm.ts_secretary, K.RESOLUTION_STUDY, D(2023, 3, 1))
    client = client_for("district_standing")
    response = client.get(f"/cadrework/?plan={btm.plan.pk}")
    rows = response.context["results"]
    r = next(x for x in rows if x.indicator == count)
    assert (r.population_count, r.achieved_count, r.actual_label, str(r.progress)) == (3, 1, "1/2", "50.0")
    html = response.content.decode()
    row = re.search(
        r'<tr data-testid="indicator-row">((?:(?!</tr>).)*02 cán bộ học tập nghị quyết.*?)</tr>', html, re.S
    )
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert cells[4] == "1/2" and cells[5] == "50,0%"
    assert "33,3" not in row.group(1)  # not the share of everyone counted
    # the chart: the same figure
    chart = json.loads(re.search(r'id="kpi-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    index = [x.indicator for x in rows].index(count)
    assert chart["datasets"][0]["data"][index] == 50.0 and chart["actual"][index] == "1/2"
    # the .xlsx export
    sheet = load_workbook(io.BytesIO(client.get(f"/cadrework/export.xlsx?plan={btm.plan.pk}").content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][4:6] == ("Thực hiện/chỉ tiêu", "% so với chỉ tiêu")
    line = next(x for x in table if x[1] == count.name)
    assert line[2:7] == (3, 1, "1/2", 50.0, "Chưa đạt")
    # the paper (.docx): the dashboard's unit and year, the same figures
    assert f'href="/cadrework/plans/{btm.plan.pk}/results.docx?k={btm.bactramy.pk}-2023"' in html
    paper = client.get(f"/cadrework/plans/{btm.plan.pk}/results.docx?k={btm.bactramy.pk}-2023")
    assert paper.status_code == 200
    cells = _docx_cells(paper)
    head = next(c for c in cells if c[:2] == ["STT", "Chỉ tiêu"])
    assert head[4:6] == ["Thực hiện/chỉ tiêu", "% so với chỉ tiêu"]
    line = next(c for c in cells if c[1] == count.name)
    assert line[2:6] == ["3", "1", "1/2", "50,0%"]
    # a percent target reads the same way in all four: 1 of 2 ward secretaries, target 100 %
    degree = next(x for x in rows if x.indicator == btm.degree)
    assert (degree.actual_label, str(degree.progress)) == ("50,0%/100%", "50.0")
    assert chart["datasets"][0]["data"][0] == 50.0
    assert next(x for x in table if x[1] == btm.degree.name)[4:6] == ("50,0%/100%", 50.0)
    assert next(c for c in cells if c[1] == btm.degree.name)[4:6] == ["50,0%/100%", "50,0%"]


def test_who_is_missing_exports_like_the_page(btm, client_for):
    """Issue 15 point 11: a KPI's "who is missing" (then who counts) as .xlsx, scoped like the page."""
    from coso.cadrework.tests.helpers import cadre, district

    other = district(wards=["X"], code="tn")  # another province's cadre with a degree: never listed
    stranger = cadre(other.wards[0], education="university")
    client = client_for("district_standing")
    page = client.get(f"/cadrework/indicators/{btm.degree.pk}/").content.decode()
    url = f"/cadrework/indicators/{btm.degree.pk}/export.xlsx?unit={btm.bactramy.pk}&amp;year=2023"
    assert url in page
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Kết quả", "Họ và tên", "Đơn vị", "Ngày sinh", "Trình độ")
    assert [(r[0], r[1], r[2]) for r in rows[1:]] == [
        ("Chưa đạt", "Hồ Thị Mai", "Đoàn xã Trà Sơn"),
        ("Đã đạt", "Bùi Văn Long", "Đoàn xã Trà Giang"),
    ]
    text = " ".join(str(c) for r in rows for c in r if c)
    assert stranger.full_name not in text and other.wards[0].name not in text and "Tam Kỳ" not in text
    # one ward: only its people
    rows = list(
        load_workbook(
            io.BytesIO(client.get(f"/cadrework/indicators/{btm.degree.pk}/export.xlsx?unit={btm.trason.pk}").content)
        ).active.iter_rows(values_only=True)
    )
    assert [r[1] for r in rows[1:]] == ["Hồ Thị Mai"]


def test_sources_courses_rotations_and_evaluations_export_like_their_pages(btm, client_for):
    """Issue 15 point 11: each cadre-work list has its .xlsx, the rows of its page, and another
    province's rows never."""
    from coso.cadrework import services
    from coso.cadrework.tests.helpers import cadre, district

    other = district(wards=["X"], code="tn")
    stranger = cadre(other.owner)
    services.add_source(
        actor=None, unit=other.wards[0], kind="pioneer_commander", full_name="Lê Văn Tây", added_on=D(2023, 1, 1)
    )
    services.create_course(
        actor=None, organiser=other.owner, kind=K.THEMATIC, name="Lớp Tây Ninh", start_date=D(2023, 5, 1)
    )
    services.add_source(
        actor=None, unit=btm.trason, kind="pioneer_commander", full_name="Trần Văn Nguồn", added_on=D(2023, 1, 1)
    )
    services.create_course(
        actor=None, organiser=btm.bactramy, kind=K.THEMATIC, name="Lớp Bắc Trà My", start_date=D(2023, 5, 1)
    )
    foreign = ["Lê Văn Tây", "Lớp Tây Ninh", stranger.full_name, other.owner.name, "Tam Kỳ"]
    client = client_for("district_standing")

    def sheet(url):
        response = client.get(url)
        assert response.status_code == 200, url
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        text = " ".join(str(c) for r in rows for c in r if c)
        assert not any(name in text for name in foreign), url
        return rows

    unit = btm.bactramy.pk
    assert (
        f"/cadrework/sources/export.xlsx?unit={unit}" in client.get(f"/cadrework/sources/?unit={unit}").content.decode()
    )
    rows = sheet(f"/cadrework/sources/export.xlsx?unit={unit}")
    assert rows[0][:5] == ("Họ và tên", "Trường, nơi công tác", "Loại nguồn", "Đơn vị theo dõi", "Giai đoạn")
    assert [r[0] for r in rows[1:]] == ["Trần Văn Nguồn"]
    rows = sheet("/cadrework/courses/export.xlsx")
    assert [r[0] for r in rows[1:]] == ["Lớp Bắc Trà My"]
    assert sheet(f"/cadrework/rotations/export.xlsx?unit={unit}")[0] == (
        "Ngày",
        "Cán bộ",
        "Từ ban",
        "Đến ban",
        "Số quyết định",
    )
    page = client.get(f"/cadrework/evaluations/?unit={unit}&year=2023")
    rows = sheet(f"/cadrework/evaluations/export.xlsx?unit={unit}&year=2023")
    assert [r[0] for r in rows[1:]] == [p.full_name for p in page.context["rows"]]
