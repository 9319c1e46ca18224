"""The type-ahead unit picker (issue 9): the search endpoint answers at most 20 units the user
may see, matched without tone marks, in a bounded number of queries; form pages carry no
option per unit; the server refuses a unit out of scope like one that does not exist."""

import re

import pytest

from coso.org.models import Unit, UnitLevel
from coso.org.picker import LIMIT
from coso.people.models import Person

OUT_OF_SCOPE = "Không có đơn vị này trong phạm vi được chọn."


def _other_province():
    province = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh đoàn Quảng Ngãi", level=UnitLevel.objects.get(code="tinh-doan"), code="t-qng")
    )
    commune = Unit.objects.add_child(
        province, dict(name="Đoàn xã Trà Sơn Tây", level=UnitLevel.objects.get(code="doan-co-so"), code="t-qng-ts")
    )
    return Unit.objects.get(pk=province.pk), Unit.objects.get(pk=commune.pk)


def _suggest(client, **params):
    response = client.get("/units/suggest/", params)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.json()["units"]


def _branches(parent, count, prefix="Chi đoàn Trà Sơn số"):
    level = UnitLevel.objects.get(code="chi-doan")
    for n in range(count):
        parent = Unit.objects.get(pk=parent.pk)
        Unit.objects.add_child(parent, dict(name=f"{prefix} {n}", level=level, code=f"{parent.code}-{prefix[-2:]}{n}"))


def test_suggest_matches_without_tone_marks_and_stays_in_scope(tree, client_for):
    _other_province()
    units = _suggest(client_for("provincial_standing"), q="tra son")
    names = [u["name"] for u in units]
    assert "Đoàn xã Trà Sơn" in names
    assert "Đoàn xã Trà Sơn Tây" not in names  # another province
    found = next(u for u in units if u["name"] == "Đoàn xã Trà Sơn")
    assert found["parent"] == "Huyện đoàn Bắc Trà My"
    assert found["code"] == "t-ts"


def test_suggest_puts_the_exact_code_first_then_higher_levels(tree, client_for):
    client = client_for("provincial_standing")
    assert _suggest(client, q="t-ts-1")[0]["name"] == "Chi đoàn thôn 1"
    assert _suggest(client, q="T-TS")[0]["name"] == "Đoàn xã Trà Sơn"
    # No code or name starts with it: the higher level first, then by name in Vietnamese order.
    assert [u["name"] for u in _suggest(client, q="tra")] == [
        "Huyện đoàn Bắc Trà My",
        "Đoàn xã Trà Giang",
        "Đoàn xã Trà Sơn",
    ]
    # A name starting with what is typed comes before a name containing it.
    assert [u["name"] for u in _suggest(client, q="chi doan")][0].startswith("Chi đoàn")
    assert [u["name"] for u in _suggest(client, q="doan xa tra")] == ["Đoàn xã Trà Giang", "Đoàn xã Trà Sơn"]


def test_suggest_narrowed_by_level_subtree_and_capability(tree, client_for):
    client = client_for("provincial_standing")
    assert [u["name"] for u in _suggest(client, q="doan", kind="district")] == [
        "Huyện đoàn Bắc Trà My",
        "Thành đoàn Tam Kỳ",
    ]
    under = {u["name"] for u in _suggest(client, q="doan", under=str(tree.tamky.pk))}
    assert under == {"Thành đoàn Tam Kỳ", "Đoàn phường An Mỹ", "Chi đoàn khối phố 2"}
    # A subtree the user cannot see bounds the answer to nothing.
    province, _commune = _other_province()
    assert _suggest(client, q="doan", under=str(province.pk)) == []
    # A member sees only their own branch; with the right to edit people, nothing.
    member = client_for("member")
    assert [u["name"] for u in _suggest(member, q="chi doan")] == ["Chi đoàn thôn 1"]
    assert _suggest(member, q="chi doan", cap="edit_people") == []


def test_suggest_answers_at_most_twenty_in_a_bounded_number_of_queries(tree, client_for, django_assert_max_num_queries):
    client = client_for("provincial_standing")
    _branches(tree.trason, 3)
    with django_assert_max_num_queries(6) as few:
        _suggest(client, q="tra son so")
    _branches(tree.trason, 40, prefix="Chi đoàn Trà Sơn số thêm")
    with django_assert_max_num_queries(len(few.captured_queries)):
        units = _suggest(client, q="tra son so")
    assert len(units) == LIMIT


def test_suggest_needs_a_signed_in_user(tree, client):
    assert client.get("/units/suggest/", {"q": "tra"}).status_code in (302, 401, 403)


@pytest.mark.parametrize(
    "url, role",
    [
        ("/people/add/", "provincial_standing"),
        ("/people/", "provincial_standing"),
        ("/visits/trips/", "provincial_standing"),
        ("/visits/trips/add/", "movement_cadre"),
    ],
)
def test_form_pages_carry_no_option_per_unit(tree, client_for, url, role):
    client = client_for(role)
    before = client.get(url).content.decode()
    _branches(tree.trason, 25)
    page = client.get(url).content.decode()
    assert page.count("<option") == before.count("<option")
    assert "Chi đoàn Trà Sơn số 7" not in page
    assert re.search(r'role="combobox"[^>]*', page)
    assert 'data-unit-picker data-suggest-url="/units/suggest/"' in page


def _person_post(unit_value, **extra):
    return {
        "family_name": "Lê",
        "middle_name": "Thị",
        "given_name": "Chọn",
        "sex": "F",
        "birth_date": "01/01/2000",
        "is_member": "on",
        "party_status": "none",
        **({"unit": unit_value} if unit_value is not None else {}),
        **extra,
    }


def test_person_form_refuses_another_provinces_unit_like_a_missing_one(tree, client_for):
    _province, foreign = _other_province()
    client = client_for("provincial_standing")
    for value in (str(foreign.pk), "987654321"):
        response = client.post("/people/add/", _person_post(value))
        assert response.status_code == 200
        assert OUT_OF_SCOPE in response.content.decode()
    assert not Person.objects.filter(given_name="Chọn").exists()


def test_person_form_takes_a_typed_code_without_script(tree, client_for):
    client = client_for("provincial_standing")
    response = client.post("/people/add/", _person_post(None, unit_text="T-TS-1"))
    assert response.status_code == 302, re.findall(r"invalid-feedback[^>]*>([^<]*)", response.content.decode())
    assert Person.objects.get(given_name="Chọn").unit == tree.branch_trason
    # The exact name, tone marks left out, works too when one unit bears it.
    response = client.post("/people/add/", _person_post(None, unit_text="chi doan thon 1", given_name="Gõ"))
    assert response.status_code == 302
    # A typed code of another province is refused on the field.
    _other_province()
    response = client.post("/people/add/", _person_post(None, unit_text="t-qng-ts", given_name="Xa"))
    assert OUT_OF_SCOPE in response.content.decode()


def test_person_list_filter_refuses_a_foreign_unit(tree, client_for):
    _province, foreign = _other_province()
    Person.objects.create(
        unit=foreign, family_name="Ngoại", middle_name="Tỉnh", given_name="Khác", sex="M", birth_date="2000-01-01"
    )
    page = client_for("provincial_standing").get("/people/", {"unit": foreign.pk}).content.decode()
    assert OUT_OF_SCOPE in page
    assert "Ngoại Tỉnh Khác" not in page
    page = client_for("provincial_standing").get("/people/", {"unit_text": "t-ts"}).content.decode()
    assert "Đinh Thị Mai" in page and "Võ Minh Tâm" not in page


def test_trip_list_filter_refuses_another_districts_unit(tree, client_for):
    page = client_for("district_standing").get("/visits/trips/", {"unit": tree.anmy.pk}).content.decode()
    assert OUT_OF_SCOPE in page
