"""Importing units: parents in the system or earlier in the file, the services' rules."""

import pytest

from coso.imports.models import ImportJob
from coso.imports.tests.helpers import commit, last_job, upload, xlsx
from coso.org.models import Unit, UnitEvent

pytestmark = pytest.mark.django_db

HEADERS = ["Tên đơn vị", "Mã đơn vị", "Mã đơn vị cấp trên", "Cấp", "Khu vực", "Miền núi", "Địa chỉ"]


def test_units_with_a_parent_earlier_in_the_file_are_created_in_the_tree(tree, client_for):
    client = client_for("district_standing")  # Bắc Trà My
    rows = [
        ["Đoàn xã Trà Đốc", "t-td", "t-btm", "Đoàn cơ sở", "Địa bàn dân cư", "có", "Trà Đốc"],
        ["Chi đoàn thôn 1", "t-td-1", "t-td", "chi doan", "", "", ""],
        ["Chi đoàn thôn 2", "t-td-2", "t-td", "Chi đoàn", "", "", ""],
        ["Chi đoàn thôn 3", "", "t-ts", "Chi đoàn", "", "không", ""],
    ]
    upload(client, xlsx(HEADERS, rows), kind="units")
    job = last_job()
    assert job.status == ImportJob.Status.READY, job.errors
    assert "Đoàn xã Trà Đốc (dòng 2)" in job.preview["rows"][1]["cells"]

    commit(client, job)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 4
    tradoc = Unit.objects.get(code="t-td")
    bactramy = Unit.objects.get(code="t-btm")
    assert Unit.objects.get_parent(tradoc) == bactramy
    assert tradoc.is_mountainous and tradoc.sector.code == "dia-ban-dan-cu" and tradoc.address == "Trà Đốc"
    assert [u.code for u in Unit.objects.get_children(tradoc)] == ["t-td-1", "t-td-2"]
    assert tradoc.numchild == 2 and bactramy.numchild == 3
    assert Unit.objects.get(name="Chi đoàn thôn 3").path.startswith(tree.trason.path)
    assert Unit.objects.get(pk=tree.trason.pk).numchild == 2
    assert not any(Unit.objects.find_problems())
    assert tradoc.search_text == "doan xa tra doc" and tradoc.sort_key
    assert tradoc.history.count() == 1
    assert UnitEvent.objects.filter(unit=tradoc, kind=UnitEvent.Kind.CREATED, to_parent=bactramy).exists()
    assert UnitEvent.objects.filter(unit__code="t-td-1", to_parent=tradoc).exists()


def test_every_rule_of_the_unit_services_is_checked(tree, client_for):
    client = client_for("district_standing")
    before = Unit.objects.count()
    rows = [
        ["Đoàn phường mới", "t-new", "t-am", "Đoàn cơ sở", "", "", ""],  # 2: Tam Kỳ's unit: out of scope
        [
            "Huyện đoàn con",
            "t-hd",
            "t-ts",
            "Huyện đoàn, Quận đoàn, Thị đoàn, Thành đoàn trực thuộc tỉnh",
            "",
            "",
            "",
        ],  # 3
        ["Trùng mã", "t-ts", "t-btm", "Đoàn cơ sở", "", "", ""],  # 4: code taken
        ["Chi đoàn A", "t-a", "t-b", "Chi đoàn", "", "", ""],  # 5: parent below
        ["Đoàn xã B", "t-b", "t-btm", "Đoàn cơ sở", "", "", ""],  # 6
        ["Đoàn xã B bis", "t-b", "t-btm", "Cấp lạ", "", "", ""],  # 7: code twice, unknown level
        ["", "t-c", "", "Chi đoàn", "", "", ""],  # 8: no name, no parent
    ]
    upload(client, xlsx(HEADERS, rows), kind="units")
    job = last_job()

    found = {(e["row"], e["code"]) for e in job.errors}
    assert (2, "out_of_scope") in found
    assert (3, "level_not_below_parent") in found
    assert (4, "code_taken") in found
    assert (5, "parent_below") in found
    assert (7, "code_in_file") in found and (7, "unknown_level") in found
    assert (8, "name_required") in found and (8, "parent_required") in found
    assert 6 not in {e["row"] for e in job.errors}
    messages = {e["code"]: e["message"] for e in job.errors}
    assert messages["code_taken"] == "Mã đơn vị «t-ts» đã được dùng cho đơn vị khác."
    assert job.status == ImportJob.Status.INVALID
    commit(client, job)
    assert Unit.objects.count() == before


def test_a_base_officer_cannot_add_units(tree, client_for):
    client = client_for("base_officer")  # IMPORT and EDIT_PEOPLE, not EDIT_UNITS
    upload(client, xlsx(HEADERS, [["Chi đoàn thôn 9", "t-ts-9", "t-ts", "Chi đoàn", "", "", ""]]), kind="units")
    assert [e["code"] for e in last_job().errors] == ["out_of_scope"]
