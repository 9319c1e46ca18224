from coso.org.models import Unit
from tests.builders import _level


def test_tree_page_and_children_fragment(tree, client_for):
    client = client_for("provincial_standing")
    page = client.get("/units/").content.decode()
    assert "Tỉnh đoàn Quảng Nam" in page
    fragment = client.get(f"/units/{tree.bactramy.pk}/children/", HTTP_HX_REQUEST="true").content.decode()
    assert "Đoàn xã Trà Sơn" in fragment and "Đoàn xã Trà Giang" in fragment
    assert "<html" not in fragment


def test_unit_page_shows_children_officers_classification_history(tree, client_for):
    page = client_for("district_standing").get(f"/units/{tree.bactramy.pk}/").content.decode()
    assert "Đoàn xã Trà Sơn" in page
    assert "Hồ Văn Anh" in page and "Bí thư" in page
    page = client_for("district_standing").get(f"/units/{tree.trason.pk}/").content.decode()
    assert "2012" in page and "Yếu" in page


def test_district_officer_sees_their_district_as_top_of_tree(tree, client_for):
    page = client_for("district_standing").get("/units/").content.decode()
    assert "Huyện đoàn Bắc Trà My" in page
    assert "Tỉnh đoàn Quảng Nam" not in page


def test_move_page(tree, client_for):
    client = client_for("provincial_standing")
    response = client.post(
        f"/units/{tree.trason.pk}/move/", {"new_parent": tree.tamky.pk, "occurred_on": "01/07/2025", "note": "QĐ 01"}
    )
    assert response.status_code == 302
    page = client.get(f"/units/{tree.trason.pk}/").content.decode()
    assert "Chuyển đơn vị cấp trên" in page and "01/07/2025" in page and "QĐ 01" in page


def test_merge_page(tree, client_for):
    client = client_for("district_standing")
    response = client.post(f"/units/{tree.tragiang.pk}/merge/", {"into": tree.trason.pk, "occurred_on": "01/07/2025"})
    assert response.status_code == 302
    page = client.get(f"/units/{tree.tragiang.pk}/").content.decode()
    assert "Đã hợp nhất vào" in page and "Ngừng hoạt động" in page


def test_classify_page_uses_the_scheme_of_the_year(tree, client_for):
    from coso.org.models import ClassificationLevel

    client = client_for("district_standing")
    new_level = ClassificationLevel.objects.get(scheme__code="to-chuc-tu-2023", code="HTTNV")
    old_level = ClassificationLevel.objects.get(scheme__code="to-chuc-truoc-2023", code="KHA")
    response = client.post(f"/units/{tree.trason.pk}/classify/", {"year": 2024, "level": old_level.pk})
    assert "không thuộc thang xếp loại áp dụng năm 2024" in response.content.decode()
    response = client.post(f"/units/{tree.trason.pk}/classify/", {"year": 2024, "level": new_level.pk})
    assert response.status_code == 302
    assert "Hoàn thành tốt nhiệm vụ" in client.get(f"/units/{tree.trason.pk}/").content.decode()


def test_add_child_unit(tree, client_for):
    client = client_for("base_officer")
    assert client.get(f"/units/{tree.trason.pk}/add/").status_code == 403  # base officers don't edit units
    client = client_for("district_standing")
    response = client.post(f"/units/{tree.trason.pk}/add/", {"name": "Chi đoàn thôn 5", "level": _level("chi-doan").pk})
    assert response.status_code == 302
    assert Unit.objects.get(name="Chi đoàn thôn 5").path.startswith(tree.trason.path)


def test_unit_list_query_count_does_not_grow(tree, client_for, django_assert_max_num_queries):
    client = client_for("provincial_standing")
    with django_assert_max_num_queries(10):
        client.get("/units/list/")
    for index in range(30):
        Unit.objects.add_child(
            Unit.objects.get(pk=tree.trason.pk), dict(name=f"Chi đoàn {index}", level=_level("chi-doan"))
        )
    with django_assert_max_num_queries(10):
        response = client.get("/units/list/")
    assert response.content.decode().count("Chi đoàn") >= 30
    with django_assert_max_num_queries(8):
        client.get(f"/units/{tree.trason.pk}/children/")


def test_unit_detail_query_count_does_not_grow(tree, client_for, django_assert_max_num_queries):
    client = client_for("provincial_standing")
    for index in range(20):
        Unit.objects.add_child(
            Unit.objects.get(pk=tree.trason.pk), dict(name=f"Chi đoàn {index}", level=_level("chi-doan"))
        )
    with django_assert_max_num_queries(30):
        client.get(f"/units/{tree.trason.pk}/")
