import datetime

import pytest

from coso.core.errors import DomainError
from coso.people import services
from coso.people.models import Child, Person
from tests.builders import person


def test_search_ignores_tone_marks_and_case(tree, client_for):
    page = client_for("provincial_standing").get("/people/", {"q": "nguyen van quy"}).content.decode()
    assert "Nguyễn Văn Quy" in page
    assert "Lê Văn Bình" not in page
    page = client_for("provincial_standing").get("/people/", {"q": "NGUYỄN quy"}).content.decode()
    assert "Nguyễn Văn Quy" in page


def test_search_works_on_the_database_not_in_python(tree):
    # The same queryset the pages use, so it is proven on SQLite and PostgreSQL alike.
    found = Person.objects.visible_to(tree.users["provincial_standing"]).search("dinh thi mai")
    assert list(found) == [tree.member_trason]


def test_list_sorted_by_given_name_in_vietnamese_order(tree, client_for):
    unit = tree.branch_trason
    for name in ["Nguyễn Văn Đức", "Trần Thị Dung", "Lê Văn Anh", "Phạm Thị Ánh", "Hồ Văn Ơn", "Võ Văn Ôn"]:
        person(unit, name)
    page = client_for("base_officer").get("/people/", {"unit": unit.pk}).content.decode()
    order = [
        "Lê Văn Anh",
        "Phạm Thị Ánh",
        "Trần Thị Dung",
        "Hồ Văn Đông",
        "Nguyễn Văn Đức",
        "Đinh Thị Mai",
        "Võ Văn Ôn",
        "Hồ Văn Ơn",
    ]
    positions = [page.index(name) for name in order]
    assert positions == sorted(positions)


def test_list_query_count_does_not_grow_with_rows(tree, client_for, django_assert_max_num_queries):
    client = client_for("provincial_standing")
    with django_assert_max_num_queries(12):
        client.get("/people/")
    for index in range(40):
        person(tree.branch_trason, f"Nguyễn Văn Người{index}")
    with django_assert_max_num_queries(12):
        response = client.get("/people/")
    assert response.content.decode().count('href="/people/') >= 40


def test_export_applies_the_filters(tree, client_for):
    import io

    from openpyxl import load_workbook

    response = client_for("provincial_standing").get("/people/export.xlsx", {"q": "ho van"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Họ", "Tên đệm", "Tên")
    names = {" ".join(r[:3]) for r in rows[1:]}
    assert names == {"Hồ Văn Anh", "Hồ Văn Đông"}


def test_create_person_keeps_typed_values_on_error(tree, client_for):
    client = client_for("base_officer")
    response = client.post(
        "/people/add/",
        {
            "family_name": "Nguyễn",
            "middle_name": "Thị",
            "given_name": "Hoa",
            "sex": "F",
            "birth_date": "31/02/2004",
            "unit": tree.branch_trason.pk,
            "is_member": "on",
            "party_status": "none",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Hoa"' in page and 'value="31/02/2004"' in page
    assert not Person.objects.filter(given_name="Hoa").exists()


def test_create_person_with_dd_mm_yyyy_date(tree, client_for):
    client = client_for("base_officer")
    response = client.post(
        "/people/add/",
        {
            "family_name": "Nguyễn",
            "middle_name": "Thị",
            "given_name": "Hoa",
            "sex": "F",
            "birth_date": "05/09/2004",
            "unit": tree.branch_trason.pk,
            "is_member": "on",
            "party_status": "none",
        },
    )
    assert response.status_code == 302
    created = Person.objects.get(given_name="Hoa")
    assert created.birth_date == datetime.date(2004, 9, 5)
    assert "05/09/2004" in client.get(f"/people/{created.pk}/").content.decode()


def test_cannot_create_person_outside_scope(tree):
    with pytest.raises(Exception) as info:
        services.create_person(
            actor=tree.users["district_standing"], unit=tree.anmy, family_name="A", given_name="B", sex="M"
        )
    assert "không có quyền" in str(info.value)


def test_rules_named_in_vietnamese(tree):
    with pytest.raises(DomainError) as info:
        services.create_person(
            actor=tree.admin,
            unit=tree.trason,
            family_name="",
            given_name="B",
            sex="X",
            birth_date=datetime.date(2000, 1, 1),
            joined_union_on=datetime.date(1999, 1, 1),
        )
    messages = [message for _code, message in info.value.violations]
    assert "Họ không được để trống." in messages
    assert "Giới tính phải là Nam hoặc Nữ." in messages
    assert "Ngày vào Đoàn không thể trước ngày sinh." in messages


def test_sensitive_facts_only_for_roles_that_need_them(tree, client_for):
    Child.objects.create(person=tree.secretary, birth_date=datetime.date(2025, 3, 14))
    assert "14/03/2025" in client_for("tckt_officer").get(f"/people/{tree.secretary.pk}/").content.decode()
    page = client_for("movement_cadre").get(f"/people/{tree.secretary.pk}/").content.decode()
    assert "Trần Thị Hồng" in page
    assert "14/03/2025" not in page and "Thông tin riêng" not in page


def test_concurrent_edits_of_a_person(tree, client_for):
    client = client_for("base_officer")
    url = f"/people/{tree.member_trason.pk}/edit/"
    base = {
        "family_name": "Đinh",
        "middle_name": "Thị",
        "given_name": "Mai",
        "sex": "F",
        "birth_date": "04/04/2004",
        "unit": tree.branch_trason.pk,
        "is_member": "on",
        "party_status": "none",
        "version": tree.member_trason.version,
    }
    assert client.post(url, dict(base, phone="0905000001")).status_code == 302
    response = client.post(url, dict(base, phone="0905000002"))
    assert "người khác sửa" in response.content.decode()
    assert Person.objects.get(pk=tree.member_trason.pk).phone == "0905000001"
    history = client.get(f"/people/{tree.member_trason.pk}/").content.decode()
    assert "0905000001" in history and "Lịch sử thay đổi" in history
