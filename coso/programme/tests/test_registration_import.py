"""Import of a branch's paper registration forms from .xlsx: the template, every bad row with
its row, column, value and reason, the failed rows, the all-or-nothing commit, the pages."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from coso.programme.models import Registration
from coso.programme.registration_import import RegistrationImport, read, template_bytes

from .conftest import D, pick

HEADERS = ["Mã đoàn viên", "Họ và tên", "Loại", "Mã tiêu chí", "Nội dung cam kết", "Ngày ký"]
TRAINING = ["RL-01", "RL-02", "RL-03", "DC-RL-1", "DC-RL-2"]
ACTION = ["HD-01", "HD-02", "HD-03", "DC-HD-1", "DC-HD-2"]


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def form(member, training=TRAINING, action=ACTION, signed="20/03/2014"):
    rows = []
    for kind, codes in (("Rèn luyện", training), ("Hành động", action)):
        for code in codes:
            rows.append([member.pk, member.full_name, kind, code, f"Tôi cam kết thực hiện {code}.", None])
    rows[0][5] = signed
    return rows


def check(tree, rows, **kwargs):
    sheet = read("dang-ky.xlsx", xlsx(rows, **kwargs))
    importer = RegistrationImport(
        actor=tree.users["branch_officer"], programme=tree.programme, branch=tree.branch_trason, sheet=sheet
    )
    return importer, importer.check()


def errors(outcome):
    return [(e["row"], e["column"], e["code"]) for e in outcome.errors]


def test_a_clean_file_registers_every_member_at_once(btm):
    rows = form(btm.member_trason) + form(btm.member_trason2, signed="21/03/2014")
    importer, outcome = check(btm, rows)
    assert outcome.ok, outcome.errors
    assert outcome.row_count == 20
    done = importer.commit()
    assert len(done) == 2
    registration = Registration.objects.get(member=btm.member_trason2)
    assert registration.state == Registration.State.SUBMITTED
    assert registration.on_behalf and registration.registered_by == btm.users["branch_officer"]
    assert registration.signed_on == D(2014, 3, 21)
    assert [i.criterion.code for i in registration.items.select_related("criterion")] == TRAINING + ACTION
    assert registration.items.first().commitment == "Tôi cam kết thực hiện RL-01."


def test_a_committed_file_is_counted_in_the_results_once_for_its_branch(btm):
    """The results pages read the summary: after the import it counts every member of the file,
    and the branch was counted once for the whole file, not once per form."""
    from django.db import connection
    from django.db.models import Sum
    from django.test.utils import CaptureQueriesContext

    from coso.programme.models import ResultCell

    def registered():
        cells = ResultCell.objects.filter(programme=btm.programme, branch=btm.branch_trason, round=None)
        return cells.aggregate(n=Sum("registered"))["n"] or 0

    before = registered()
    importer, outcome = check(btm, form(btm.member_trason) + form(btm.member_trason2, signed="21/03/2014"))
    assert outcome.ok, outcome.errors
    with CaptureQueriesContext(connection) as queries:
        importer.commit()
    assert registered() == before + 2
    recounts = [q["sql"] for q in queries if q["sql"].startswith('DELETE FROM "programme_resultcell"')]
    assert len(recounts) == 1, recounts


def test_rows_left_as_the_template_made_them_are_skipped(btm):
    untouched = [[btm.member_trason2.pk, btm.member_trason2.full_name, "Rèn luyện", None, None, None]] * 10
    importer, outcome = check(btm, form(btm.member_trason) + untouched)
    assert outcome.ok, outcome.errors
    assert importer.skipped == 10 and list(importer.forms) == [btm.member_trason.pk]


def test_every_bad_row_is_reported_with_row_column_and_reason(btm):
    mai, dong = btm.member_trason, btm.member_trason2
    bad = form(mai)
    bad[1][3] = "HS-RL-1"  # row 3: a students' criterion for a resident
    bad[2][4] = " "  # row 4: no commitment
    bad[3][3] = "RL-01"  # row 5: RL-01 again
    bad[4][3] = "XX-9"  # row 6: no such criterion
    bad[5][3] = "RL-02"  # row 7: a training criterion on a row «Hành động»
    others = [
        [999999, "Ai Đó", "Rèn luyện", "RL-01", "Cam kết", "20/03/2014"],  # row 12: unknown member
        # row 13: a member of another district: out of the officer's scope, so "no such member"
        [btm.member_anmy.pk, "Võ Minh Tâm", "Rèn luyện", "RL-01", "Cam kết", "20/03/2014"],
        [dong.pk, "Nguyễn Văn Khác", "Rèn luyện", "RL-01", "Cam kết", "20/03/2014"],  # row 14: name not the id's
    ]
    _importer, outcome = check(btm, bad + others)
    assert not outcome.ok
    assert errors(outcome) == [
        (3, "Mã tiêu chí", "criterion_wrong_group"),
        (4, "Nội dung cam kết", "commitment_required"),
        (5, "Mã tiêu chí", "duplicate_criterion"),
        (6, "Mã tiêu chí", "unknown_criterion"),
        (7, "Mã tiêu chí", "wrong_kind"),
        (12, "Mã đoàn viên", "unknown_member"),
        (13, "Mã đoàn viên", "unknown_member"),
        (14, "Họ và tên", "name_mismatch"),
    ]
    by_row = {e["row"]: e for e in outcome.errors}
    assert by_row[3]["value"] == "HS-RL-1"
    assert by_row[3]["message"].startswith("Tiêu chí «Đạt học lực từ khá trở lên» dành cho đối tượng Học sinh")
    assert by_row[5]["message"] == "Tiêu chí «RL-01» đã chọn cho đoàn viên Đinh Thị Mai ở dòng 2."
    assert by_row[13]["message"] == f"Không có đoàn viên mã {btm.member_anmy.pk}."  # as for an id that does not exist
    assert "Võ Minh Tâm" not in by_row[13]["message"]  # nobody outside the branch is named
    assert by_row[14]["message"].startswith(f"Mã {dong.pk} là đoàn viên Hồ Văn Đông")


def test_the_counts_and_the_signature_day_are_checked_per_member(btm):
    rows = form(btm.member_trason, training=TRAINING[:4], signed=None) + form(
        btm.member_trason2, action=ACTION + ["DC-HD-3"], signed="31/12/2099"
    )
    _importer, outcome = check(btm, rows)
    assert errors(outcome) == [
        (2, "Mã tiêu chí", "wrong_training_count"),
        (2, "Ngày ký", "signed_on_required"),
        (11, "Mã tiêu chí", "wrong_action_count"),
        (11, "Ngày ký", "invalid_date"),
    ]
    messages = {e["code"]: e["message"] for e in outcome.errors}
    assert messages["wrong_training_count"] == "Đoàn viên Đinh Thị Mai: cần chọn đúng 5 tiêu chí rèn luyện; đã chọn 4."


def test_a_member_already_registered_is_refused(btm):
    from coso.programme import services

    services.register(actor=btm.users["member"], programme=btm.programme, items=pick(btm.programme))
    _importer, outcome = check(btm, form(btm.member_trason))
    assert errors(outcome) == [(2, "Mã đoàn viên", "already_registered")]


def test_members_found_by_name_when_the_id_column_is_absent(btm):
    rows = [row[1:] for row in form(btm.member_trason)]
    _importer, outcome = check(btm, rows, headers=HEADERS[1:])
    assert outcome.ok, outcome.errors


def test_missing_columns_and_formulas_are_errors(btm):
    _importer, outcome = check(btm, [[btm.member_trason.pk, "RL-01"]], headers=["Mã đoàn viên", "Mã tiêu chí"])
    assert [e["code"] for e in outcome.errors] == ["missing_column"]
    rows = form(btm.member_trason)
    rows[0][4] = '=HYPERLINK("http://x")'
    _importer, outcome = check(btm, rows)
    assert ("formula", "Nội dung cam kết") in [(e["code"], e["column"]) for e in outcome.errors]


def test_nothing_is_written_while_a_row_is_bad(btm):
    rows = form(btm.member_trason) + form(btm.member_trason2, training=TRAINING[:4])
    importer, outcome = check(btm, rows)
    assert not outcome.ok
    with pytest.raises(Exception) as err:
        importer.commit()
    assert err.value.code == "import_invalid"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("dang-ky.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "xls_not_supported"),
        ("dang-ky.csv", b"a;b\n1;2\n", "csv_not_supported"),
        ("dang-ky.xlsx", b"not a zip at all", "not_xlsx"),
        ("dang-ky.xlsx", b"", "empty_file"),
    ],
)
def test_hostile_or_foreign_files_are_refused(name, content, code):
    with pytest.raises(Exception) as err:
        read(name, content)
    assert err.value.code == code


def test_the_template_lists_the_members_to_register_and_the_catalogue(registered):
    from coso.programme import services

    services.return_registration(actor=registered.users["branch_officer"], registration=registered.reg2, reason="Sửa")
    Registration.objects.filter(pk=registered.reg1.pk).delete()  # Mai has not registered yet
    workbook = load_workbook(io.BytesIO(template_bytes(registered.programme, registered.branch_trason)))
    data = list(workbook["Dữ liệu"].iter_rows(values_only=True))
    assert list(data[0]) == HEADERS
    assert [row[:3] for row in data[1:]] == [(registered.member_trason.pk, "Đinh Thị Mai", "Rèn luyện")] * 5 + [
        (registered.member_trason.pk, "Đinh Thị Mai", "Hành động")
    ] * 5
    codes = [row[0] for row in workbook["Tiêu chí"].iter_rows(min_row=2, values_only=True)]
    assert "RL-01" in codes and "DC-HD-3" in codes and "HS-RL-1" in codes


# --------------------------------------------------------------------------- the pages


def upload_url(tree):
    return reverse("programme_files:import_upload", args=[tree.programme.pk, tree.branch_trason.pk])


def upload(client, tree, content, name="dang-ky.xlsx"):
    return client.post(upload_url(tree), {"file": _file(content, name)})


def _file(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_pages_preview_the_errors_then_commit_the_fixed_file(btm, client_for):
    client = client_for("branch_officer")
    page = client.get(upload_url(btm))
    assert page.status_code == 200 and "Tải tệp mẫu" in page.content.decode()
    template = client.get(reverse("programme_files:import_template", args=[btm.programme.pk, btm.branch_trason.pk]))
    assert template.status_code == 200 and template.content.startswith(b"PK")

    rows = form(btm.member_trason)
    rows[1][3] = "HS-RL-1"
    response = upload(client, btm, xlsx(rows))
    assert response.status_code == 302
    preview = client.get(response["Location"])
    html = preview.content.decode()
    assert 'data-row="3" data-code="criterion_wrong_group"' in html
    assert "dành cho đối tượng Học sinh" in html and 'data-testid="commit"' not in html

    failed = client.get(response["Location"] + "errors.xlsx")
    sheet = load_workbook(io.BytesIO(failed.content)).active
    failed_rows = list(sheet.iter_rows(values_only=True))
    assert failed_rows[0][-1] == "Lỗi" and len(failed_rows) == 2
    assert failed_rows[1][3] == "HS-RL-1" and failed_rows[1][-1].startswith("Mã tiêu chí: Tiêu chí «Đạt học lực")

    # A commit of the bad file writes nothing.
    client.post(response["Location"] + "commit/")
    assert not Registration.objects.exists()

    rows[1][3] = "RL-02"
    rows[0][3] = "RL-01"
    rows[1][3] = "DC-RL-3"
    response = upload(client, btm, xlsx(rows))
    preview = client.get(response["Location"])
    assert 'data-testid="import-ready"' in preview.content.decode()
    done = client.post(response["Location"] + "commit/")
    assert done.status_code == 200 and "Đã nhập 1 phiếu đăng ký." in done.content.decode()
    assert Registration.objects.get().member == btm.member_trason
    # The token is spent: the same file cannot be committed twice.
    assert client.post(response["Location"] + "commit/").status_code == 404


def test_an_unsafe_upload_is_refused_on_the_form(btm, client_for):
    response = upload(client_for("branch_officer"), btm, b"a;b\n", name="dang-ky.csv")
    assert response.status_code == 400
    assert "Tệp CSV, văn bản không được hỗ trợ" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("branch_officer", 200),
        ("district_standing", 403),  # sees the branch, is not its committee
        ("member", 403),
        ("branch_officer_anmy", 404),
        ("district_standing_tamky", 404),
    ],
)
def test_who_may_import_for_the_branch(btm, client_for, role, status):
    assert client_for(role).get(upload_url(btm)).status_code == status


def test_the_start_page_lists_the_callers_branches(btm, client_for):
    html = client_for("branch_officer").get(reverse("programme_files:import_start")).content.decode()
    assert "Chi đoàn thôn 1" in html and upload_url(btm) in html
    assert "Chi đoàn khối phố 2" not in html


def test_uploads_wait_in_the_database_not_in_the_session(btm, client_for):
    # issue 11, point 8: the file waits in a PendingUpload row for its programme and branch.
    from django.contrib.sessions.models import Session

    from coso.imports.models import PendingUpload

    client = client_for("branch_officer")
    response = upload(client, btm, xlsx(form(btm.member_trason)))
    assert response.status_code == 302
    session = Session.objects.get(session_key=client.session.session_key)
    assert len(session.session_data) < 2000 and "programme_import" not in client.session
    parked = PendingUpload.objects.get(created_by=btm.users["branch_officer"])
    assert parked.target == {"programme": btm.programme.pk, "branch": btm.branch_trason.pk}
    # The token does not open the file for another branch's URL.
    other = response["Location"].replace(f"/{btm.branch_trason.pk}/", f"/{btm.branch_anmy.pk}/")
    assert client.get(other).status_code == 404
    client.post(response["Location"] + "commit/")
    assert Registration.objects.filter(member=btm.member_trason).exists()
    assert not PendingUpload.objects.exists()
