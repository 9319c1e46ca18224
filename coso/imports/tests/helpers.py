"""Build .xlsx files in memory and upload them as a user of the tree."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from coso.imports.models import ImportJob

PERSON_HEADERS = ["Họ", "Tên đệm", "Tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Đoàn viên", "Đối tượng"]


def xlsx(headers, rows, *, title="Dữ liệu"):
    """An .xlsx with ``headers`` in row 1. Strings starting with "=" become real formulas."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def person_row(given="An", unit="t-ts-1", birth="05/09/2001", sex="Nam", family="Nguyễn", middle="Văn"):
    return [family, middle, given, birth, sex, unit, "có", "Học sinh"]


def persons_file(rows, headers=PERSON_HEADERS):
    return xlsx(headers, rows)


def upload(client, content, *, kind="persons", name="nhap.xlsx"):
    return client.post(reverse("imports:list"), {"kind": kind, "file": SimpleUploadedFile(name, content)}, follow=False)


def last_job():
    return ImportJob.objects.order_by("-pk").first()


def commit(client, job):
    return client.post(reverse("imports:commit", args=[job.pk]))
