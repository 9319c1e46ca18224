"""Issue 15 point 11: every list exports to .xlsx — good practices, weak units, clusters and
accounts here (a KPI's "who is missing" in coso/cadrework/tests/test_pages.py) — scoped exactly
like its page: the Quảng Nam officer's workbook has Quảng Nam's rows and none of Tây Ninh's."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from coso.accounts.models import Role
from coso.org.models import Cluster, Unit, UnitLevel
from coso.visits.models import GoodPractice, WeakUnitPick, WeakUnitSelection
from tests.builders import person, user

D = datetime.date
YEAR = 2026
FOREIGN = ["Tây Ninh", "Trảng Bàng", "Lê Văn Tây", "tinhdoan.tayninh", "Mô hình Tây Ninh"]


def _level(code):
    return UnitLevel.objects.get(code=code)


@pytest.fixture
def two_provinces(tree):
    """The small tree (Quảng Nam) with its own rows, and Tây Ninh beside it with the same kinds."""
    t = tree
    t.tn = Unit.objects.add_root(create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn"))
    t.tn_district = Unit.objects.add_child(
        t.tn, dict(name="Thị đoàn Trảng Bàng", level=_level("huyen-doan"), code="x-tb")
    )
    t.tn_base = Unit.objects.add_child(
        Unit.objects.get(pk=t.tn_district.pk),
        dict(name="Đoàn phường Trảng Bàng", level=_level("doan-co-so"), code="x-tb1"),
    )
    t.tn_cadre = person(t.tn_district, "Lê Văn Tây", is_cadre=True)
    user("tinhdoan.tayninh", Role.PROVINCIAL_STANDING, t.tn, t.tn_cadre)
    for unit, by, title in (
        (t.trason, t.btm_secretary, "Mô hình Trà Sơn xanh"),
        (t.tn_base, t.tn_cadre, "Mô hình Tây Ninh"),
    ):
        GoodPractice.objects.create(
            title=title, unit=unit, reported_by=by, reported_on=D(YEAR, 3, 5), description="Làm tốt", to_replicate=True
        )
    for district, cadre, picked in ((t.bactramy, t.btm_secretary, t.trason), (t.tn_district, t.tn_cadre, t.tn_base)):
        selection = WeakUnitSelection.objects.create(cadre=cadre, district=district, year=YEAR)
        WeakUnitPick.objects.create(selection=selection, unit=picked, position=1)
    for owner, name, leader, units in (
        (t.bactramy, "Cụm xã Bắc Trà My", t.btm_secretary, [t.trason, t.tragiang]),
        (t.tn_district, "Cụm phường Trảng Bàng", t.tn_cadre, [t.tn_base]),
    ):
        Cluster.objects.create(owner=owner, year=YEAR, name=name, leader=leader).units.set(units)
    return t


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _no_foreign(rows):
    text = " ".join(str(c) for row in rows for c in row if c is not None)
    assert not any(name in text for name in FOREIGN), text


def test_good_practices(two_provinces, client_for):
    client = client_for("provincial_standing")
    page = client.get(reverse("visits:practices")).content.decode()
    assert reverse("visits:practices_export") in page
    response = client.get(reverse("visits:practices_export"), {"nhan_rong": "1"})
    assert response["Content-Disposition"].endswith('filename="mo-hinh-cach-lam-hay.xlsx"')
    rows = _rows(response)
    assert rows[0][:5] == ["Mô hình, cách làm", "Đơn vị", "Người báo cáo", "Ngày báo cáo", "Nhân rộng"]
    assert rows[1:] == [
        ["Mô hình Trà Sơn xanh", "Đoàn xã Trà Sơn", "Hồ Văn Anh", datetime.datetime(YEAR, 3, 5), "có", "Làm tốt"]
    ]
    _no_foreign(rows)


def test_weak_units(two_provinces, client_for):
    client = client_for("provincial_standing")
    page = client.get(reverse("visits:weak_units"), {"year": YEAR}).content.decode()
    assert f"{reverse('visits:weak_units_export')}?year={YEAR}" in page
    response = client.get(reverse("visits:weak_units_export"), {"year": YEAR})
    assert f'filename="don-vi-xep-loai-thap-{YEAR}.xlsx"' in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == [
        "Năm",
        "Đơn vị cấp huyện",
        "Cán bộ",
        "Trạng thái",
        "Thứ tự",
        "Đơn vị được chọn",
        "Xếp loại năm trước",
    ]
    assert rows[1:] == [[YEAR, "Huyện đoàn Bắc Trà My", "Hồ Văn Anh", "Đề xuất", 1, "Đoàn xã Trà Sơn"]]
    _no_foreign(rows)
    # another year: the page's year, nothing else
    assert _rows(client.get(reverse("visits:weak_units_export"), {"year": YEAR - 1}))[1:] == []


def test_clusters(two_provinces, client_for):
    client = client_for("provincial_standing")
    page = client.get(reverse("visits:clusters"), {"year": YEAR}).content.decode()
    assert f"{reverse('visits:clusters_export')}?year={YEAR}" in page
    rows = _rows(client.get(reverse("visits:clusters_export"), {"year": YEAR}))
    assert rows[0] == ["Năm", "Cụm", "Đơn vị tổ chức", "Cụm trưởng", "Cụm phó", "Đơn vị trong cụm"]
    assert rows[1:] == [
        [YEAR, "Cụm xã Bắc Trà My", "Huyện đoàn Bắc Trà My", "Hồ Văn Anh", None, "Đoàn xã Trà Giang, Đoàn xã Trà Sơn"]
    ]
    _no_foreign(rows)


def test_accounts(two_provinces, client_for):
    client = client_for("provincial_standing")
    page = client.get(reverse("users:list")).content.decode()
    assert reverse("users:export") in page
    response = client.get(reverse("users:export"))
    assert response["Content-Disposition"].endswith('filename="tai-khoan.xlsx"')
    rows = _rows(response)
    assert rows[0] == ["Tên đăng nhập", "Họ tên", "Đơn vị", "Vai trò hiện nay", "Trạng thái", "Đăng nhập lần cuối"]
    names = [r[0] for r in rows[1:]]
    assert "huyendoan.btm" in names and "chidoan.trason.test" in names
    btm = next(r for r in rows if r[0] == "huyendoan.btm")
    assert btm[1:5] == [
        "Hồ Văn Anh",
        "Huyện đoàn Bắc Trà My",
        "Thường trực Huyện đoàn · Huyện đoàn Bắc Trà My",
        "đang dùng",
    ]
    _no_foreign(rows)
    # searched as on the page
    rows = _rows(client.get(reverse("users:export"), {"q": "trason"}))
    assert sorted(r[0] for r in rows[1:]) == ["chidoan.trason.test", "coso.trason.test", "doanvien.trason.test"]
    # a district officer's file: their district only
    rows = _rows(client_for("district_standing").get(reverse("users:export")))
    assert "thanhdoan.tk" not in [r[0] for r in rows[1:]]
    _no_foreign(rows)
    # without the right to manage accounts: refused, like the page
    assert client_for("movement_cadre").get(reverse("users:export")).status_code == 403
