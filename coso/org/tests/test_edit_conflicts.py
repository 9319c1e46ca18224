import pytest

from coso.core.errors import ConflictError
from coso.org import services
from coso.org.models import Unit


def test_second_save_of_a_stale_form_is_refused(tree):
    officer = tree.users["district_standing"]
    opened_version = tree.trason.version
    services.update_unit(actor=officer, unit=tree.trason, version=opened_version, name="Đoàn xã Trà Sơn (mới)")
    with pytest.raises(ConflictError) as info:
        services.update_unit(actor=officer, unit=tree.trason, version=opened_version, name="Đoàn xã Trà Sơn (cũ)")
    assert "người khác sửa" in info.value.message
    assert Unit.objects.get(pk=tree.trason.pk).name == "Đoàn xã Trà Sơn (mới)"


def test_page_refuses_stale_edit_and_keeps_what_was_typed(tree, client):
    officer = tree.users["district_standing"]
    client.force_login(officer)
    url = f"/units/{tree.trason.pk}/edit/"
    form = {"name": "Tên của người thứ nhất", "level": tree.trason.level_id, "version": tree.trason.version}
    second = dict(form, name="Tên của người thứ hai")
    assert client.post(url, form).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "người khác sửa" in page
    assert 'value="Tên của người thứ hai"' in page
    assert Unit.objects.get(pk=tree.trason.pk).name == "Tên của người thứ nhất"


def test_unit_page_shows_who_changed_what(tree, client):
    officer = tree.users["district_standing"]
    client.force_login(officer)
    client.post(
        f"/units/{tree.trason.pk}/edit/",
        {
            "name": "Đoàn xã Trà Sơn",
            "level": tree.trason.level_id,
            "version": tree.trason.version,
            "is_mountainous": "on",
        },
    )
    page = client.get(f"/units/{tree.trason.pk}/").content.decode()
    assert "Lịch sử thay đổi" in page
    assert "Hồ Văn Anh" in page  # the officer's person
    assert "Miền núi, vùng cao" in page and "<ins>có</ins>" in page


def test_the_edit_form_starts_from_the_units_coordinates(tree, client):
    """The edit page shows every stored value, the headquarters' coordinates too: saving the
    form as shown keeps them (it used to offer them empty, and saving wiped them)."""
    Unit.objects.filter(pk=tree.trason.pk).update(latitude=15.275, longitude=108.1)
    client.force_login(tree.users["district_standing"])
    url = f"/units/{tree.trason.pk}/edit/"
    form = client.get(url).context["form"]
    assert form.initial["latitude"] == 15.275 and form.initial["longitude"] == 108.1
    shown = {name: form[name].value() for name in form.fields}
    posted = {name: value for name, value in shown.items() if value not in (None, False)}
    assert client.post(url, posted).status_code == 302
    unit = Unit.objects.get(pk=tree.trason.pk)
    assert (unit.latitude, unit.longitude) == (15.275, 108.1)
