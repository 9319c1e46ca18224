"""Importing persons: preview, every error with row/column/reason, all-or-nothing commit."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coso.imports.models import ImportJob
from coso.imports.tests.helpers import commit, last_job, person_row, persons_file, upload
from coso.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_clean_file_is_previewed_then_committed(tree, client_for):
    client = client_for("district_standing")
    before = Person.objects.count()
    content = persons_file([person_row("An"), person_row("Bình", birth="06/10/2002", sex="Nữ", middle="Thị")])

    response = upload(client, content)

    job = last_job()
    assert response.status_code == 302 and response.url == reverse("imports:detail", args=[job.pk])
    assert job.status == ImportJob.Status.READY
    assert job.row_count == 2 and job.error_count == 0
    assert Person.objects.count() == before  # nothing written before "Nhập"
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode()
    assert 'data-testid="commit"' in page.content.decode()

    response = commit(client, job)

    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.DONE and job.created_count == 2
    assert Person.objects.count() == before + 2
    binh = Person.objects.get(given_name="Bình", unit=tree.branch_trason)
    assert binh.sex == Person.Sex.FEMALE and binh.middle_name == "Thị"
    assert binh.birth_date.isoformat() == "2002-10-06"
    assert binh.target_group.code == "hoc-sinh"
    # Derived columns are computed as Person.save does, so search and sorting find them.
    assert list(Person.objects.search("nguyen thi binh")) == [binh]
    assert binh.sort_key
    assert binh.history.count() == 1
    assert binh.history.first().history_user == tree.users["district_standing"]


def test_every_bad_row_is_listed_and_nothing_is_committed(tree, client_for):
    client = client_for("district_standing")
    before = Person.objects.count()
    rows = [
        person_row("An"),  # row 2
        person_row("Bảo", birth="31/02/2001"),  # row 3: no such day
        person_row("Cường"),  # row 4
        person_row("Dũng", unit="khong-co"),  # row 5: unknown unit
        person_row("", sex="X"),  # row 6: no given name, bad sex
    ]
    upload(client, persons_file(rows))

    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    found = {(e["row"], e["column"]) for e in job.errors}
    assert (3, "Ngày sinh") in found
    assert (5, "Mã đơn vị") in found
    assert (6, "Tên") in found and (6, "Giới tính") in found
    assert job.error_row_count == 3
    messages = {e["row"]: e["message"] for e in job.errors}
    assert "Ngày không tồn tại" in messages[3]
    assert "Không có đơn vị mã «khong-co»" in messages[5]
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Không có đơn vị mã «khong-co»" in page
    assert 'data-testid="commit"' not in page
    # The commit button is not there, and a forced POST does not write either.
    commit(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert Person.objects.count() == before


def test_failed_rows_download_then_fix_and_reupload(tree, client_for):
    client = client_for("district_standing")
    rows = [person_row("An"), person_row("Bảo", birth="sinh năm 2001"), person_row("Cường")]
    upload(client, persons_file(rows))
    job = last_job()

    response = client.get(reverse("imports:errors_xlsx", args=[job.pk]))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][-1] == "Lỗi" and values[0][:3] == ["Họ", "Tên đệm", "Tên"]
    assert len(values) == 2  # header + the one failed row
    assert values[1][2] == "Bảo" and "Ngày sinh" in values[1][-1]

    # The user fixes the failed row in the downloaded sheet and uploads it (the «Lỗi» column is ignored).
    fixed = load_workbook(io.BytesIO(response.content))
    fixed.active.cell(row=2, column=4).value = "01/01/2001"
    buffer = io.BytesIO()
    fixed.save(buffer)
    upload(client, buffer.getvalue(), name="da-sua.xlsx")
    fixed_job = last_job()
    assert fixed_job.status == ImportJob.Status.READY, fixed_job.errors
    commit(client, fixed_job)
    fixed_job.refresh_from_db()
    assert fixed_job.status == ImportJob.Status.DONE and fixed_job.created_count == 1
    assert Person.objects.filter(given_name="Bảo", unit=tree.branch_trason).count() == 1


def test_a_row_outside_the_officers_scope_is_refused(tree, client_for):
    client = client_for("district_standing")  # Bắc Trà My
    upload(client, persons_file([person_row("An"), person_row("Bình", unit="t-am")]))

    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert [(e["row"], e["column"], e["code"]) for e in job.errors] == [(3, "Mã đơn vị", "out_of_scope")]
    assert "ngoài phạm vi" in job.errors[0]["message"]
    assert not Person.objects.filter(given_name="Bình", unit=tree.anmy).exists()


def test_units_by_name_and_a_single_full_name_column(tree, client_for):
    client = client_for("district_standing")
    headers = ["Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị", "Cán bộ", "Đoàn viên", "Đảng", "Điện thoại"]
    rows = [
        ["Trần Thị Hoa", "02/03/1999", "nữ", "Chi đoàn thôn 1", "không", "có", "Đảng viên", 912345678],
        ["Lê Văn Nam", "02/03/1998", "Nam", "Đoàn phường An Mỹ", "có", "không", "Chưa", "0905 123 456"],
    ]
    upload(client, persons_file(rows, headers))

    job = last_job()
    # An Mỹ is Tam Kỳ's: not in Bắc Trà My's scope, so not found by name there.
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "Đơn vị")]
    upload(client, persons_file(rows[:1], headers))
    job = last_job()
    commit(client, job)
    hoa = Person.objects.get(given_name="Hoa")
    assert (hoa.family_name, hoa.middle_name, hoa.unit_id) == ("Trần", "Thị", tree.branch_trason.pk)
    assert hoa.party_status == Person.PartyStatus.MEMBER
    assert hoa.phone == "0912345678"  # the number cell lost its leading zero; it is put back


def test_service_rules_apply_to_each_row(tree, client_for):
    client = client_for("district_standing")
    headers = ["Họ", "Tên", "Giới tính", "Mã đơn vị", "Cán bộ", "Đoàn viên", "Ngày sinh", "Ngày vào Đoàn"]
    rows = [["Hồ", "Lan", "Nữ", "t-ts", "không", "không", "01/01/2000", "01/01/1999"]]
    upload(client, persons_file(rows, headers))

    job = last_job()
    codes = {e["code"]: e for e in job.errors}
    assert codes["no_status"]["message"] == "Người này phải là cán bộ, đoàn viên hoặc cả hai."
    assert codes["joined_before_birth"]["column"] == "Ngày vào Đoàn"


def test_importing_the_same_file_twice_is_caught(tree, client_for):
    client = client_for("district_standing")
    content = persons_file([person_row("An"), person_row("An")])
    upload(client, content)
    assert [e["code"] for e in last_job().errors] == ["duplicate_in_file"]

    upload(client, persons_file([person_row("An")]))
    commit(client, last_job())
    upload(client, persons_file([person_row("An")]))
    assert [e["code"] for e in last_job().errors] == ["duplicate_existing"]


def test_commit_revalidates_against_changes_made_since(tree, client_for):
    client = client_for("district_standing")
    upload(client, persons_file([person_row("An"), person_row("Bình", unit="t-tg")]))
    job = last_job()
    assert job.status == ImportJob.Status.READY
    tree.tragiang.is_active = False
    tree.tragiang.save()
    before = Person.objects.count()

    commit(client, job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.INVALID
    assert [e["code"] for e in job.errors] == ["inactive_unit"]
    assert Person.objects.count() == before  # the valid first row was rolled back too


def test_two_thousand_rows_commit_in_one_go(tree, client_for):
    client = client_for("provincial_standing")
    units = ["t-ts-1", "t-am-2", "t-tg"]
    rows = [
        person_row(f"Người{i}", unit=units[i % 3], birth=f"{1 + i % 28:02d}/0{1 + i % 9}/2000") for i in range(2000)
    ]
    upload(client, persons_file(rows))
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors[:3]
    before = Person.objects.count()

    # Preloaded lookups, batched inserts: no query per row (SQLite splits each batch's
    # INSERT at 999 parameters, so only INSERTs grow with the rows).
    with CaptureQueriesContext(connection) as queries:
        commit(client, job)
    others = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("INSERT")]
    assert len(others) < 40, others

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 2000
    assert Person.objects.count() == before + 2000
    assert Person.history.filter(history_change_reason="Nhập từ Excel").count() == 2000


def test_a_failure_in_the_middle_of_the_commit_writes_nothing(tree, client_for, monkeypatch):
    from coso.imports import running
    from coso.imports.bulk import BulkWriter

    client = client_for("district_standing")
    upload(client, persons_file([person_row(f"Người{i}") for i in range(7)]))
    job = last_job()
    before = Person.objects.count(), Person.history.count()
    monkeypatch.setattr(running, "BATCH_SIZE", 3)
    real_write = BulkWriter.write
    calls = []

    def failing_write(self, rows):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_write(self, rows)

    monkeypatch.setattr(BulkWriter, "write", failing_write)
    commit(client, job)

    job.refresh_from_db()
    assert calls == [3, 3]  # the first batch was written, then rolled back with the rest
    assert job.status == ImportJob.Status.FAILED
    assert "không có dữ liệu nào được ghi" in job.failure
    assert (Person.objects.count(), Person.history.count()) == before


def test_a_second_commit_does_nothing(tree, client_for):
    client = client_for("district_standing")
    upload(client, persons_file([person_row()]))
    job = last_job()
    commit(client, job)
    before = Person.objects.count()
    response = client.post(reverse("imports:commit", args=[job.pk]), follow=True)
    assert "chưa sẵn sàng" in response.content.decode()
    assert Person.objects.count() == before


def test_too_many_rows(tree, client_for, settings):
    settings.IMPORT_MAX_ROWS = 5
    client = client_for("district_standing")
    upload(client, persons_file([person_row(f"Người{i}") for i in range(6)]))
    job = last_job()
    assert job.status == ImportJob.Status.INVALID and "hơn 5 dòng" in job.failure


def test_the_file_is_scanned_once_and_parsed_once(tree, client_for, monkeypatch):
    """Upload, validation and commit of persons: the safety pass runs at the upload only
    (the worker reuses what it learnt, kept on the job), calamine parses the file once, and
    the commit works from the validated rows (issue 9: the file was read three times)."""
    from coso.imports import reader, safety

    calls = {"inflate": 0, "parse": 0}
    real_inflate, real_read = safety._inflate, reader.read_columns

    def counting_inflate(buffer, info):
        if info.filename.startswith("xl/worksheets/"):
            calls["inflate"] += 1
        return real_inflate(buffer, info)

    def counting_read(*args, **kwargs):
        calls["parse"] += 1
        return real_read(*args, **kwargs)

    monkeypatch.setattr(safety, "_inflate", counting_inflate)
    monkeypatch.setattr(reader, "read_columns", counting_read)
    client = client_for("district_standing")
    before = Person.objects.count()
    upload(client, persons_file([person_row(f"Một{i}") for i in range(5)]))
    job = last_job()
    assert job.status == ImportJob.Status.READY and job.checked["sheets"]
    commit(client, job)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Person.objects.count() == before + 5
    assert calls == {"inflate": 1, "parse": 1}


def test_a_job_stored_without_the_safety_facts_is_checked_again(tree, client_for):
    """Jobs uploaded before the facts were kept: the worker makes the safety pass itself."""
    from coso.imports import jobs

    client = client_for("district_standing")
    upload(client, persons_file([person_row("Cũ")]))
    job = last_job()
    ImportJob.objects.filter(pk=job.pk).update(checked=None)
    sheet = jobs.read_sheet(ImportJob.objects.get(pk=job.pk))
    assert len(sheet.rows) == 1 and sheet.formula_cells == set()


def test_facts_of_other_bytes_are_not_trusted(tree, client_for, monkeypatch):
    """Facts kept for other bytes than the job's (another file swapped in): the worker does
    not trust them and makes the safety pass on the job's own bytes again."""
    from coso.imports import jobs, safety

    client = client_for("district_standing")
    upload(client, persons_file([person_row("Khác")]))
    job = ImportJob.objects.get(pk=last_job().pk)
    scans = []
    real = safety.check_upload
    monkeypatch.setattr(safety, "check_upload", lambda name, content: scans.append(name) or real(name, content))
    job.content = persons_file([person_row("Khác"), person_row("Nữa")])
    sheet = jobs.read_sheet(job)
    assert scans == [job.original_name] and len(sheet.rows) == 2
