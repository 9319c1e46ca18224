"""Departments of a union's agency (ban, văn phòng) from the unit's pages: list, add, edit,
close; scoped to the units the officer edits, audited, optimistic locking (issue 12 point 4)."""

from coso.org.models import Department


def test_officer_adds_edits_and_closes_a_department_of_the_district(tree, client_for):
    client = client_for("district_standing")
    unit = tree.bactramy
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert f"/units/{unit.pk}/departments/" in page

    response = client.post(f"/units/{unit.pk}/departments/add/", {"code": "VP", "name": "Văn phòng  Huyện đoàn"})
    assert response.status_code == 302
    department = Department.objects.get(unit=unit, code="VP")
    assert department.name == "Văn phòng Huyện đoàn"
    assert "Văn phòng Huyện đoàn" in client.get(f"/units/{unit.pk}/departments/").content.decode()

    url = f"/units/departments/{department.pk}/edit/"
    form = {"code": "VP", "name": "Văn phòng", "version": department.version}
    assert client.post(url, form).status_code == 302
    stale = client.post(url, dict(form, name="Tên cũ", is_active=""))
    assert stale.status_code == 200
    text = stale.content.decode()
    assert "người khác sửa" in text and 'value="Tên cũ"' in text  # what was typed stays
    department.refresh_from_db()
    assert department.name == "Văn phòng" and department.is_active is False  # unchecked box closed it first

    page = client.get(url).content.decode()
    assert "Lịch sử thay đổi" in page and "Hồ Văn Anh" in page  # who changed it


def test_bad_input_is_named_next_to_its_field(tree, client_for):
    client = client_for("district_standing")
    Department.objects.create(unit=tree.bactramy, code="VP", name="Văn phòng")
    response = client.post(f"/units/{tree.bactramy.pk}/departments/add/", {"code": "VP", "name": ""})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Phải ghi tên ban." in text
    assert Department.objects.filter(unit=tree.bactramy).count() == 1


def test_a_viewer_sees_the_departments_but_cannot_add_one(tree, client_for):
    client = client_for("movement_cadre")
    response = client.get(f"/units/{tree.province.pk}/departments/")
    assert response.status_code == 200 and "Ban Tổ chức – Kiểm tra" in response.content.decode()
    assert client.get(f"/units/{tree.province.pk}/departments/add/").status_code == 403
    assert client.get(f"/units/departments/{tree.tckt.pk}/edit/").status_code == 403
