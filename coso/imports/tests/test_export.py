"""Exports: values as given, dates as dates, nothing that Excel could run."""

import datetime
import io
import zipfile

from openpyxl import load_workbook

from coso.imports.export import looks_like_formula, xlsx_response


def test_export_neutralises_formulas_and_keeps_dates():
    rows = [
        ['=HYPERLINK("http://evil.example","x")', datetime.date(2001, 9, 5), -5],
        ["=cmd|' /C calc'!A0", "@SUM(1+1)", "+84 912 345 678"],
        ["  =1+1", "\tx", "#N/A"],
        ["Nguyễn Văn An", None, True],
    ]
    response = xlsx_response("danh sách.xlsx", ["A", "B", "C"], iter(rows), sheet_title="Người")

    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''danh%20s")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in xml and b"<f " not in xml
    sheet = load_workbook(io.BytesIO(response.content))["Người"]
    cells = {c.coordinate: c for row in sheet.iter_rows() for c in row}
    for ref in ("A2", "A3", "B3", "A4", "B4", "C4"):
        assert cells[ref].data_type == "s" and cells[ref].quotePrefix, ref
    assert cells["A2"].value.startswith("=HYPERLINK")
    assert cells["B2"].is_date and cells["B2"].number_format == "DD/MM/YYYY"
    assert cells["C2"].value == -5 and cells["C3"].value == "+84 912 345 678" and not cells["C3"].quotePrefix
    assert cells["A5"].value == "Nguyễn Văn An"


def test_formula_detection():
    for text in ("=1+1", "+1+1", "-1+1", "@A1", " =A1", "\t1", "-cmd"):
        assert looks_like_formula(text), text
    for text in ("-5", "+84 912 345 678", "-3,5", "Nguyễn", "a=b", "", "1-2"):
        assert not looks_like_formula(text), text
