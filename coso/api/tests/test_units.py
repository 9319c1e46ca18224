"""/api/units/: reading the tree in scope, and the writes through the org services."""

import pytest

from coso.org.models import Unit, UnitEvent


def names(response):
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


@pytest.fixture
def btm(api_as):
    return api_as("district_standing")


@pytest.fixture
def province(api_as):
    return api_as("provincial_standing")


# ---- reading -------------------------------------------------------------------------------


def test_list_is_the_scope_in_tree_order(tree, btm):
    assert names(btm.get("/api/units/")) == [
        "Huyện đoàn Bắc Trà My",
        "Đoàn xã Trà Giang",
        "Đoàn xã Trà Sơn",
        "Chi đoàn thôn 1",
    ]


def test_list_is_paginated(tree, province):
    page = province.get("/api/units/?limit=3&offset=3").json()
    assert page["count"] == 8
    assert len(page["items"]) == 3
    assert province.get("/api/units/?limit=0").status_code == 422
    assert province.get("/api/units/?limit=501").status_code == 422


def test_filters(tree, province):
    assert names(province.get(f"/api/units/?parent={tree.bactramy.pk}")) == ["Đoàn xã Trà Giang", "Đoàn xã Trà Sơn"]
    assert names(province.get(f"/api/units/?within={tree.trason.pk}")) == ["Đoàn xã Trà Sơn", "Chi đoàn thôn 1"]
    assert names(province.get("/api/units/?level=chi-doan")) == ["Chi đoàn khối phố 2", "Chi đoàn thôn 1"]
    assert names(province.get("/api/units/?level=no-such-level")) == []
    assert names(province.get("/api/units/?mountainous=true")) == ["Huyện đoàn Bắc Trà My"]
    assert names(province.get("/api/units/?sector=dia-ban-dan-cu&within=" + str(tree.bactramy.pk))) == [
        "Đoàn xã Trà Giang",
        "Đoàn xã Trà Sơn",
    ]
    assert province.get("/api/units/?active=false").json()["count"] == 0


def test_search_ignores_tone_marks(tree, province):
    assert names(province.get("/api/units/?q=tra+son")) == ["Đoàn xã Trà Sơn"]
    assert names(province.get("/api/units/?q=TRÀ  sơn")) == ["Đoàn xã Trà Sơn"]
    assert names(province.get("/api/units/?q=doan+xa")) == ["Đoàn xã Trà Giang", "Đoàn xã Trà Sơn"]


def test_detail_gives_parent_only_when_visible(tree, btm, province):
    own = btm.get(f"/api/units/{tree.bactramy.pk}").json()
    assert own["parent_id"] is None  # the province is above the district officer's scope
    assert own["version"] == tree.bactramy.version
    assert own["level"]["code"] == "huyen-doan" and own["is_mountainous"] is True
    assert province.get(f"/api/units/{tree.bactramy.pk}").json()["parent_id"] == tree.province.pk
    assert btm.get(f"/api/units/{tree.trason.pk}").json()["parent_id"] == tree.bactramy.pk


def test_missing_unit_is_404_in_vietnamese(tree, btm):
    response = btm.get("/api/units/999999")
    assert response.status_code == 404
    assert response.json()["message"] == "Không tìm thấy bản ghi trong phạm vi của bạn."


def test_children(tree, btm):
    page = btm.get(f"/api/units/{tree.bactramy.pk}/children").json()
    assert [item["name"] for item in page["items"]] == ["Đoàn xã Trà Giang", "Đoàn xã Trà Sơn"]
    assert [item["children_count"] for item in page["items"]] == [0, 1]


def test_classifications(tree, btm):
    rows = btm.get(f"/api/units/{tree.trason.pk}/classifications").json()
    assert rows == [
        {
            "id": rows[0]["id"],
            "year": 2012,
            "note": "",
            "version": 1,
            "level": {"code": "YEU", "name": "Yếu", "rank": 4, "is_below_average": True},
            "scheme": {"code": "to-chuc-truoc-2023", "name": "Xếp loại tổ chức Đoàn (trước 2023)"},
        }
    ]


# ---- writing -------------------------------------------------------------------------------


def test_create(tree, btm):
    response = btm.post(
        "/api/units/",
        {
            "parent_id": tree.trason.pk,
            "name": "  Chi đoàn thôn 2 ",
            "level": "chi-doan",
            "sector": "dia-ban-dan-cu",
            "code": "t-ts-2",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Chi đoàn thôn 2"
    assert body["parent_id"] == tree.trason.pk
    assert body["sector"]["code"] == "dia-ban-dan-cu"
    assert body["version"] == 1
    assert UnitEvent.objects.filter(unit_id=body["id"], kind=UnitEvent.Kind.CREATED).exists()


def test_create_breaking_a_rule_is_400_in_vietnamese(tree, btm):
    response = btm.post("/api/units/", {"parent_id": tree.trason.pk, "name": "Huyện đoàn mới", "level": "huyen-doan"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "level_not_below_parent"
    assert body["field"] == "level"
    assert "không thể nằm dưới" in body["message"]
    assert body["violations"] == [{"code": "level_not_below_parent", "message": body["message"], "field": "level"}]


def test_create_with_an_unknown_level_is_400(tree, btm):
    response = btm.post("/api/units/", {"parent_id": tree.trason.pk, "name": "Chi đoàn", "level": "khong-co"})
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_level"
    assert response.json()["message"] == "Không có cấp đơn vị mã «khong-co»."


def test_create_with_a_missing_field_is_422_in_vietnamese(tree, btm):
    response = btm.post("/api/units/", {"parent_id": tree.trason.pk, "level": "chi-doan"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["field"] == "name"


def test_create_a_root_needs_a_system_administrator(tree, province, api_as):
    body = {"name": "Tỉnh đoàn Quảng Ngãi", "level": "tinh-doan"}
    denied = province.post("/api/units/", body)
    assert denied.status_code == 403
    assert denied.json()["code"] == "out_of_scope"
    assert api_as("admin").post("/api/units/", body).status_code == 201


def test_view_only_role_cannot_write(tree, api_as):
    response = api_as("movement_cadre").patch(f"/api/units/{tree.trason.pk}", {"version": 1, "name": "X"})
    assert response.status_code == 403
    assert response.json()["message"] == "Bạn không có quyền thực hiện thao tác này ở đơn vị này."


def test_patch_changes_only_what_is_sent(tree, btm):
    response = btm.patch(
        f"/api/units/{tree.trason.pk}", {"version": tree.trason.version, "short_name": "Trà Sơn", "sector": None}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["short_name"] == "Trà Sơn"
    assert body["sector"] is None
    assert body["name"] == "Đoàn xã Trà Sơn"
    assert body["version"] == tree.trason.version + 1


def test_patch_with_a_stale_version_is_409(tree, btm):
    url = f"/api/units/{tree.trason.pk}"
    version = btm.get(url).json()["version"]
    assert btm.patch(url, {"version": version, "address": "first"}).status_code == 200
    response = btm.patch(url, {"version": version, "address": "second"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["message"].startswith("Bản ghi đã được người khác sửa")
    assert Unit.objects.get(pk=tree.trason.pk).address == "first"


def test_patch_needs_the_version(tree, btm):
    response = btm.patch(f"/api/units/{tree.trason.pk}", {"name": "X"})
    assert response.status_code == 422
    assert response.json()["field"] == "version"


def test_patch_cannot_null_a_required_field(tree, btm):
    response = btm.patch(f"/api/units/{tree.trason.pk}", {"version": tree.trason.version, "level": None})
    assert response.status_code == 422


def test_move(tree, btm):
    response = btm.post(
        f"/api/units/{tree.branch_trason.pk}/move",
        {"new_parent_id": tree.tragiang.pk, "occurred_on": "2025-07-01", "note": "QĐ 12"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["parent_id"] == tree.tragiang.pk
    event = UnitEvent.objects.get(unit=tree.branch_trason, kind=UnitEvent.Kind.MOVED)
    assert str(event.occurred_on) == "2025-07-01"
    assert event.recorded_by == tree.users["district_standing"]


def test_move_into_itself_is_400(tree, btm):
    response = btm.post(f"/api/units/{tree.trason.pk}/move", {"new_parent_id": tree.branch_trason.pk})
    assert response.status_code == 400
    assert response.json()["code"] == "move_into_itself"


def test_merge(tree, btm):
    response = btm.post(f"/api/units/{tree.tragiang.pk}/merge", {"into_id": tree.trason.pk})
    assert response.status_code == 200, response.content
    assert response.json()["id"] == tree.trason.pk
    absorbed = btm.get(f"/api/units/{tree.tragiang.pk}").json()
    assert absorbed["is_active"] is False
    assert absorbed["merged_into_id"] == tree.trason.pk
    assert names(btm.get("/api/units/?active=false")) == ["Đoàn xã Trà Giang"]


def test_merge_with_itself_is_400(tree, btm):
    response = btm.post(f"/api/units/{tree.trason.pk}/merge", {"into_id": tree.trason.pk})
    assert response.status_code == 400
    assert response.json()["message"] == "Không thể hợp nhất một đơn vị với chính nó."


def test_history_lists_who_changed_what(tree, btm):
    url = f"/api/units/{tree.trason.pk}"
    btm.patch(url, {"version": tree.trason.version, "name": "Đoàn xã Trà Sơn mới", "is_mountainous": True})
    page = btm.get(url + "/history").json()
    assert page["count"] == 2
    latest, created = page["items"]
    assert created["kind"] == "+" and created["changes"] == []
    assert latest["kind"] == "~" and latest["kind_label"] == "Sửa"
    assert latest["who"] == {
        "id": tree.users["district_standing"].pk,
        "username": "huyendoan.btm",
        "display_name": "Hồ Văn Anh",
    }
    changes = {change["field"]: change for change in latest["changes"]}
    assert set(changes) == {"name", "is_mountainous"}
    assert changes["name"]["old"] == "Đoàn xã Trà Sơn" and changes["name"]["new"] == "Đoàn xã Trà Sơn mới"
    assert changes["name"]["label"] == "tên đơn vị"
    assert (changes["is_mountainous"]["old"], changes["is_mountainous"]["new"]) == (False, True)
    assert latest["reason"] == "Sửa thông tin đơn vị"


def test_history_pages(tree, btm):
    url = f"/api/units/{tree.trason.pk}"
    version = tree.trason.version
    for index in range(3):
        version = btm.patch(url, {"version": version, "address": f"số {index}"}).json()["version"]
    page = btm.get(url + "/history?limit=1&offset=1").json()
    assert page["count"] == 4
    [entry] = page["items"]
    assert entry["changes"] == [{"field": "address", "label": "địa chỉ", "old": "số 0", "new": "số 1"}]
