"""The type-ahead person picker (issue 9): the search endpoint answers at most 20 persons the
user may see, matched without tone marks, in a number of queries that does not grow with the
rows; the cadre-work forms carry no option per person; the server refuses a person out of
scope (another province's real id) like one that does not exist, with the message on the field."""

import datetime
import re

import pytest

from coso.core.text import fold
from coso.org.models import Unit, UnitLevel
from coso.people.models import Person, Planning, PostTitle, Term
from coso.people.picker import LIMIT

NOT_IN_LIST = "Không có người này trong danh sách được chọn."
AMBIGUOUS = "Có nhiều người mang họ tên này."


def _other_province():
    province = Unit.objects.add_root(
        create_kwargs=dict(name="Tỉnh đoàn Quảng Ngãi", level=UnitLevel.objects.get(code="tinh-doan"), code="t-qng")
    )
    province = Unit.objects.get(pk=province.pk)
    foreign = Person.objects.create(
        unit=province,
        family_name="Đinh",
        middle_name="Thị",
        given_name="Mai",
        sex="F",
        is_cadre=True,
        birth_date=datetime.date(1990, 1, 1),
    )
    return province, foreign


def _suggest(client, **params):
    response = client.get("/people/suggest/", params)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    return response.json()["people"]


def _cadres(unit, count, given="Trà"):
    Person.objects.bulk_create(
        Person(
            unit=unit,
            family_name="Nguyễn",
            middle_name="Văn",
            given_name=f"{given} {n:02d}",
            sex="M",
            is_cadre=True,
            search_text=fold(f"Nguyễn Văn {given} {n:02d}"),
            sort_key=f"{n:04d}",
        )
        for n in range(count)
    )


def test_suggest_matches_without_tone_marks_and_stays_in_scope(tree, client_for):
    _province, foreign = _other_province()
    people = _suggest(client_for("provincial_standing"), q="dinh thi mai")
    assert [p["name"] for p in people] == ["Đinh Thị Mai"]  # not the namesake of another province
    assert people[0]["id"] == tree.member_trason.pk and people[0]["id"] != foreign.pk
    assert "Chi đoàn thôn 1" in people[0]["detail"] and "2004" in people[0]["detail"]
    # Tone marks typed or not, upper case or not: the same answer.
    assert _suggest(client_for("provincial_standing"), q="ĐINH Thị mai") == people
    # Bắc Trà My's officer does not find Tam Kỳ's member; Tam Kỳ's officer does (the test is honest).
    assert _suggest(client_for("district_standing"), q="vo minh tam") == []
    assert [p["name"] for p in _suggest(client_for("district_standing_tamky"), q="vo minh tam")] == ["Võ Minh Tâm"]


def test_suggest_narrowed_to_cadres_and_subtrees(tree, client_for):
    client = client_for("provincial_standing")
    assert {p["name"] for p in _suggest(client, q="ho van")} == {"Hồ Văn Anh", "Hồ Văn Đông"}
    assert [p["name"] for p in _suggest(client, q="ho van", cadre="1")] == ["Hồ Văn Anh"]
    assert [p["name"] for p in _suggest(client, q="ho van", under=str(tree.trason.pk))] == ["Hồ Văn Đông"]
    assert [p["name"] for p in _suggest(client, q="ho van", unit=str(tree.bactramy.pk))] == ["Hồ Văn Anh"]
    # A subtree of another province (a real id) bounds the answer to nothing.
    province, _foreign = _other_province()
    assert _suggest(client, q="dinh", under=str(province.pk)) == []
    assert _suggest(client, q="dinh", unit=str(province.pk)) == []
    # Nothing typed, nothing suggested; a member finds no other member of another commune.
    assert _suggest(client, q="  ") == []
    member = client_for("member")
    assert _suggest(member, q="vo minh tam") == []


def test_suggest_needs_a_signed_in_user(tree, client):
    response = client.get("/people/suggest/", {"q": "mai"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_suggest_queries_do_not_grow_with_the_rows(
    tree, client_for, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for("provincial_standing")
    _cadres(tree.trason, 3)
    _suggest(client, q="nguyen van tra", under=str(tree.bactramy.pk))  # the session and scope, once
    with django_assert_max_num_queries(50) as few:
        assert len(_suggest(client, q="nguyen van tra", under=str(tree.bactramy.pk))) == 3
    _cadres(tree.trason, 60, given="Tra thêm")
    with django_assert_num_queries(len(few.captured_queries)):
        people = _suggest(client, q="nguyen van tra", under=str(tree.bactramy.pk))
    assert len(people) == LIMIT


# --------------------------------------------------------------------------- the planning form


def _planning_url(tree):
    return f"/cadrework/planning/add/?unit={tree.bactramy.pk}"


def _planning_post(tree, **person):
    return {"title": PostTitle.SECRETARY, "term": Term.objects.get(start_year=2022).pk, **person}


def test_planning_form_carries_no_option_per_person(
    tree, client_for, django_assert_num_queries, django_assert_max_num_queries
):
    client = client_for("district_standing")
    client.get(_planning_url(tree))
    with django_assert_max_num_queries(50) as before_queries:
        before = client.get(_planning_url(tree)).content.decode()
    _cadres(tree.trason, 40)
    with django_assert_num_queries(len(before_queries.captured_queries)):
        page = client.get(_planning_url(tree)).content.decode()
    assert page.count("<option") == before.count("<option")
    assert "Nguyễn Văn Trà 07" not in page and "Đinh Thị Mai" not in page
    assert re.search(r'<input type="text" name="person_text" id="id_person"[^>]*role="combobox"', page)
    assert 'data-person-picker data-suggest-url="/people/suggest/"' in page
    assert 'data-param-cadre="1"' in page and f'data-param-under="{tree.bactramy.pk}"' in page


def test_planning_form_refuses_another_provinces_person_like_a_missing_one(tree, client_for):
    _province, foreign = _other_province()
    client = client_for("district_standing")
    for value in (str(foreign.pk), "987654321", "abc"):
        response = client.post(_planning_url(tree), _planning_post(tree, person=value))
        assert response.status_code == 200
        assert response.context["form"].errors["person"][0].startswith(NOT_IN_LIST)
        assert '<div class="invalid-feedback d-block">' + NOT_IN_LIST in response.content.decode()
    # Another district's cadre of the same province is refused the same way.
    response = client.post(_planning_url(tree), _planning_post(tree, person=str(tree.tamky_secretary.pk)))
    assert response.context["form"].errors["person"][0].startswith(NOT_IN_LIST)
    assert not Planning.objects.exists()


def test_planning_form_takes_a_typed_name_without_script(tree, client_for):
    client = client_for("district_standing")
    # The full name, tone marks left out: one cadre of the district bears it.
    response = client.post(_planning_url(tree), _planning_post(tree, person_text="ho van anh"))
    assert response.status_code == 302
    assert Planning.objects.get().person == tree.btm_secretary
    # A name the district's cadres do not bear (a member, another district's cadre): refused.
    for typed in ("dinh thi mai", "Phạm Thị Ánh", "ho van"):
        response = client.post(_planning_url(tree), _planning_post(tree, person_text=typed))
        assert response.context["form"].errors["person"][0].startswith(NOT_IN_LIST), typed
        assert f'value="{typed}"' in response.content.decode()  # what was typed stays in the box
    # Two cadres of the same name: the page asks for a choice or a number.
    twin = Person.objects.create(
        unit=tree.trason,
        family_name="Hồ",
        middle_name="Văn",
        given_name="Anh",
        sex="M",
        is_cadre=True,
        national_id="049090001234",
    )
    response = client.post(
        _planning_url(tree), _planning_post(tree, person_text="Hồ Văn Anh", title="deputy_secretary")
    )
    assert response.context["form"].errors["person"][0].startswith(AMBIGUOUS)
    response = client.post(
        _planning_url(tree), _planning_post(tree, person_text="049090001234", title=PostTitle.DEPUTY_SECRETARY)
    )
    assert response.status_code == 302
    assert Planning.objects.get(title=PostTitle.DEPUTY_SECRETARY).person == twin


def test_planning_form_shows_the_chosen_person_again_after_an_error(tree, client_for):
    client = client_for("district_standing")
    response = client.post(_planning_url(tree), {"person": str(tree.btm_secretary.pk), "title": "secretary"})
    assert response.status_code == 200 and "term" in response.context["form"].errors
    page = response.content.decode()
    assert 'value="Hồ Văn Anh"' in page and f'value="{tree.btm_secretary.pk}" data-picker-id' in page


@pytest.mark.parametrize(
    "url",
    [
        lambda t: f"/cadrework/rotations/add/?unit={t.bactramy.pk}",
    ],
)
def test_other_cadre_forms_carry_no_option_per_person(tree, client_for, url):
    client = client_for("district_standing")
    _cadres(tree.bactramy, 5)
    page = client.get(url(tree)).content.decode()
    assert "Nguyễn Văn Trà 03" not in page
    assert "data-person-picker" in page and f'data-param-unit="{tree.bactramy.pk}"' in page


def test_the_picker_speaks_english_too(tree, client_for):
    from django.utils import translation

    from coso.people.picker import PersonPickerField

    field = PersonPickerField(queryset=Person.objects.none())
    with translation.override("en"):
        assert str(field.error_messages["invalid_choice"]).startswith("No such person among those you may choose.")
        assert str(field.error_messages["ambiguous"]).startswith("Several people bear this name.")
        assert str(field.widget.none_label) == "No one found."
        assert str(field.help_text).startswith("Type the full name")
