"""Import of recorded visits from .xlsx: every row through the same rules as the page and the
API (caps counted in days, area unless ad hoc, overlaps), rows of one file counted together,
all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from coso.visits.models import Visit

from .conftest import D

HEADERS = ["Mã cán bộ", "Cán bộ", "Mã đơn vị", "Đơn vị đến", "Từ ngày", "Đến ngày", "Hình thức", "Nội dung", "Đột xuất"]
SITUATION = "Nắm bắt tình hình đoàn viên, thanh niên, công nhân"
MEETING = "Dự sinh hoạt chi đoàn, chi hội"


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content, name="chuyen-di.xlsx"):
    return client.post("/visits/trips/import/", {"file": SimpleUploadedFile(name, content)})


def preview(client, content):
    response = upload(client, content)
    assert response.status_code == 302, response.content[:500]
    url = response["Location"]
    return url, client.get(url)


def errors_of(response):
    return [(e["row"], e["column"], e["code"], e["message"]) for e in response.context["outcome"].errors]


@pytest.fixture
def quy(qn, client_for):
    """Nguyễn Văn Quy (follows Tam Kỳ and Bắc Trà My since 01/03/2013) importing his own trips."""
    return client_for("movement_cadre")


def test_a_good_file_records_every_row_and_counts_days(qn, quy):
    cadre = qn.movement_cadre
    url, response = preview(
        quy,
        xlsx(
            [
                [
                    cadre.pk,
                    "Nguyễn Văn Quy",
                    "t-ts",
                    "",
                    "12/03/2013",
                    "13/03/2013",
                    SITUATION,
                    "Nắm tình hình",
                    "không",
                ],
                ["", "Nguyễn Văn Quy", "", "Đoàn phường An Mỹ", "15/03/2013", "", MEETING, "Dự sinh hoạt", ""],
            ]
        ),
    )
    assert response.status_code == 200
    assert response.context["outcome"].ok, errors_of(response)
    assert 'data-testid="import-ready"' in response.content.decode()
    assert not Visit.objects.filter(cadre=cadre).exists()  # the preview writes nothing

    done = quy.post(url + "commit/")
    assert done.status_code == 200
    assert "Đã ghi 2 chuyến đi." in done.content.decode()
    visits = list(Visit.objects.filter(cadre=cadre).order_by("start_date"))
    assert [(v.unit_id, v.start_date, v.end_date, v.days, v.form) for v in visits] == [
        (qn.trason.pk, D(2013, 3, 12), D(2013, 3, 13), 2, "nam_tinh_hinh"),
        (qn.anmy.pk, D(2013, 3, 15), D(2013, 3, 15), 1, "sinh_hoat_chi_doan"),
    ]
    assert visits[0].content == "Nắm tình hình"
    assert quy.get(url).status_code == 404  # the upload is forgotten once recorded


def test_one_bad_row_records_nothing_and_is_named(qn, quy):
    cadre = qn.movement_cadre
    url, response = preview(
        quy,
        xlsx(
            [
                [cadre.pk, "", "t-ts", "", "12/03/2013", "12/03/2013", SITUATION, "", ""],
                [cadre.pk, "", "t-tg", "", "31/02/2013", "", "Đi chơi", "", ""],
                [cadre.pk, "", "t-tg", "", "20/02/2013", "", SITUATION, "", "không"],
            ]
        ),
    )
    found = errors_of(response)
    assert (3, "Từ ngày", "invalid_date", "Ngày không tồn tại (kiểm tra ngày và tháng, dạng dd/mm/yyyy).") in found
    assert any(row == 3 and column == "Hình thức" and code == "invalid_form" for row, column, code, _m in found)
    # Before his assignment (01/03/2013) Trà Giang is outside his area: the service's own rule.
    assert any(
        row == 4 and column == "Mã đơn vị" and code == "outside_area" and "đột xuất" in message
        for row, column, code, message in found
    )
    assert not any(row == 2 for row, *_rest in found)
    text = response.content.decode()
    assert 'data-testid="import-invalid"' in text and f"Tệp có {len(found)} lỗi" in text

    response = quy.post(url + "commit/")
    assert response.status_code == 302
    assert not Visit.objects.filter(cadre=cadre).exists()


def test_out_of_area_needs_ad_hoc(qn, client_for):
    """Hồ Văn Anh (Bắc Trà My) follows no unit: Trà Sơn is outside his area unless ad hoc."""
    client = client_for("district_standing")
    cadre = qn.btm_secretary
    row = [cadre.pk, "Hồ Văn Anh", "t-ts", "", "12/03/2013", "", SITUATION, "", "không"]
    _url, response = preview(client, xlsx([row]))
    assert [(r, column, code) for r, column, code, _m in errors_of(response)] == [(2, "Mã đơn vị", "outside_area")]
    url, response = preview(client, xlsx([row[:-1] + ["có"]]))
    assert response.context["outcome"].ok, errors_of(response)
    client.post(url + "commit/")
    assert Visit.objects.get(cadre=cadre).is_ad_hoc


def test_two_rows_together_over_the_cap_are_both_named(qn, quy, go):
    """Bắc Trà My is mountainous: 3 days a month. 2 days at Trà Sơn + 2 at Trà Giang = 4."""
    cadre = qn.movement_cadre
    url, response = preview(
        quy,
        xlsx(
            [
                [cadre.pk, "", "t-ts", "", "12/03/2013", "13/03/2013", SITUATION, "", ""],
                [cadre.pk, "", "t-tg", "", "20/03/2013", "21/03/2013", SITUATION, "", ""],
                [cadre.pk, "", "t-am", "", "25/03/2013", "", SITUATION, "", ""],  # Tam Kỳ: another area
            ]
        ),
    )
    found = errors_of(response)
    over = [(row, code, message) for row, _c, code, message in found if row == 3]
    assert over and over[0][1] == "over_cap"
    assert "đã có 2 ngày ở Huyện đoàn Bắc Trà My trong tháng 3/2013; tối đa 3 ngày/tháng" in over[0][2]
    assert "dòng 2" in over[0][2]
    assert [(row, code) for row, _c, code, message in found if row == 2] == [(2, "over_cap_with_row")]
    assert "dòng 3" in next(message for row, *_r, message in found if row == 2)
    assert not any(row == 4 for row, *_rest in found)

    assert quy.post(url + "commit/").status_code == 302
    assert not Visit.objects.filter(cadre=cadre).exists()

    # A trip already recorded counts as well: one more day at Trà Sơn in March is one too many.
    go(qn.trason, D(2013, 3, 5), D(2013, 3, 7))
    _url, response = preview(quy, xlsx([[cadre.pk, "", "t-ts", "", "12/03/2013", "", SITUATION, "", ""]]))
    assert [code for _r, _c, code, _m in errors_of(response)] == ["over_cap"]


def test_overlapping_rows_name_each_other(qn, quy):
    cadre = qn.movement_cadre
    _url, response = preview(
        quy,
        xlsx(
            [
                [cadre.pk, "", "t-ts", "", "12/03/2013", "", SITUATION, "", ""],
                [cadre.pk, "", "t-am", "", "12/03/2013", "", SITUATION, "", ""],
            ]
        ),
    )
    found = {(row, code) for row, _c, code, _m in errors_of(response)}
    assert found == {(2, "overlap_with_row"), (3, "overlap")}


def test_out_of_scope_cadre_or_unit_is_a_row_error_revealing_nothing(qn, client_for):
    client = client_for("district_standing")  # Bắc Trà My
    foreign_cadre = qn.tamky_secretary  # Phạm Thị Ánh, Tam Kỳ
    _url, response = preview(
        client,
        xlsx(
            [
                [foreign_cadre.pk, "", "t-ts", "", "12/03/2013", "", SITUATION, "", "có"],
                ["", "Phạm Thị Ánh", "t-ts", "", "12/03/2013", "", SITUATION, "", "có"],
                [qn.btm_secretary.pk, "", "t-am", "", "12/03/2013", "", SITUATION, "", "có"],
                [qn.btm_secretary.pk, "", "", "Đoàn phường An Mỹ", "13/03/2013", "", SITUATION, "", "có"],
            ]
        ),
    )
    found = {(row, code) for row, _c, code, _m in errors_of(response)}
    assert found == {(2, "unknown_cadre"), (3, "unknown_cadre"), (4, "unknown_unit"), (5, "unknown_unit")}
    unknown_code = next(m for row, _c, _code, m in errors_of(response) if row == 2)
    assert unknown_code == f"Không có cán bộ mã {foreign_cadre.pk} mà bạn được ghi nhận việc đi cơ sở."
    text = response.content.decode()
    assert "Thành đoàn Tam Kỳ" not in text
    assert not Visit.objects.exists()


def test_the_template_lists_only_the_cadres_in_scope(qn, client_for):
    response = client_for("district_standing").get("/visits/trips/import/template.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in workbook["Chuyến đi"][1]][:5] == [
        "Mã cán bộ",
        "Cán bộ",
        "Mã đơn vị",
        "Đơn vị đến",
        "Từ ngày",
    ]
    names = [row[1] for row in workbook["Cán bộ"].iter_rows(min_row=2, values_only=True)]
    assert names == ["Hồ Văn Anh"]
    assert SITUATION in [row[0] for row in workbook["Hình thức"].iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("role", ["member", "branch_officer"])
def test_a_user_without_the_right_gets_403(qn, client_for, role):
    client = client_for(role)
    assert client.get("/visits/trips/import/").status_code == 403
    assert client.get("/visits/trips/import/template.xlsx").status_code == 403
    row = [qn.member_trason.pk, "", "t-ts", "", "12/03/2013", "", SITUATION, "", ""]
    assert upload(client, xlsx([row])).status_code == 403
    assert not Visit.objects.exists()


def test_the_failed_rows_download_has_an_error_column(qn, quy):
    cadre = qn.movement_cadre
    url, _response = preview(
        quy,
        xlsx(
            [
                [cadre.pk, "", "t-ts", "", "12/03/2013", "", SITUATION, "", ""],
                [cadre.pk, "", "t-xx", "", "13/03/2013", "", SITUATION, "", ""],
            ]
        ),
    )
    response = quy.get(url + "errors.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "Lỗi"
    assert len(rows) == 2
    assert rows[1][2] == "t-xx"
    assert rows[1][-1] == "Mã đơn vị: Không có đơn vị mã «t-xx» trong phạm vi của bạn."


@pytest.mark.parametrize(
    "name, content",
    [
        ("chuyen-di.xlsx", b"MZ\x90\x00 not a workbook"),
        ("chuyen-di.csv", b"Ma can bo,Tu ngay\n1,12/03/2013\n"),
    ],
)
def test_a_hostile_or_foreign_file_is_refused(qn, quy, name, content):
    response = upload(quy, content, name)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-testid="upload-error"' in text
    assert not quy.session.get("visits_import")


def test_a_token_of_another_session_is_not_found(qn, quy, client_for):
    url, _response = preview(quy, xlsx([[qn.movement_cadre.pk, "", "t-ts", "", "12/03/2013", "", SITUATION, "", ""]]))
    other = client_for("provincial_standing")
    assert other.get(url).status_code == 404
    assert other.post(url + "commit/").status_code == 404
    assert not Visit.objects.exists()


def test_uploads_wait_in_the_database_not_in_the_session(qn, quy):
    # issue 11, point 8: the session row stays small however many files are previewed.
    from django.contrib.sessions.models import Session

    from coso.imports.models import PendingUpload

    content = xlsx([[qn.movement_cadre.pk, "", "t-ts", "", "12/03/2013", "", SITUATION, "", ""]])
    urls = [preview(quy, content)[0] for _ in range(4)]
    session = Session.objects.get(session_key=quy.session.session_key)
    assert len(session.session_data) < 2000
    assert "visits_import" not in quy.session
    kept = PendingUpload.objects.filter(created_by=qn.cadre_user, kind="visits")
    assert kept.count() == 3  # the last three are kept
    assert quy.get(urls[0]).status_code == 404 and quy.get(urls[-1]).status_code == 200
    quy.post(urls[-1] + "commit/")
    assert Visit.objects.count() == 1
    assert kept.count() == 2  # the committed file is dropped
