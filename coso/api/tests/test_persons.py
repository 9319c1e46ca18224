"""/api/persons/ and /api/members/: people in scope, Vietnamese order and search, sensitive data."""

import datetime

import pytest

from coso.people.models import Body, Child, Person, Post, PostTitle, Pregnancy


@pytest.fixture
def btm(api_as):
    return api_as("district_standing")


@pytest.fixture
def province(api_as):
    return api_as("provincial_standing")


def full_names(response):
    assert response.status_code == 200, response.content
    return [item["full_name"] for item in response.json()["items"]]


# ---- lists ---------------------------------------------------------------------------------


def test_sorted_by_given_name_in_vietnamese_order(tree, province):
    given = [item["given_name"] for item in province.get("/api/persons/").json()["items"]]
    assert given == ["Anh", "Ánh", "Bình", "Đông", "Hồng", "Mai", "Quy", "Tâm"]


def test_search_ignores_tone_marks(tree, province):
    assert full_names(province.get("/api/persons/?q=nguyen+van+quy")) == ["Nguyễn Văn Quy"]
    assert full_names(province.get("/api/persons/?q=NGUYỄN+quy")) == ["Nguyễn Văn Quy"]
    assert full_names(province.get("/api/persons/?q=ho+van")) == ["Hồ Văn Anh", "Hồ Văn Đông"]


def test_search_stays_in_scope(tree, btm):
    assert full_names(btm.get("/api/persons/?q=nguyen+van+quy")) == []


def test_filters(tree, btm):
    assert full_names(btm.get(f"/api/persons/?unit={tree.branch_trason.pk}")) == ["Hồ Văn Đông", "Đinh Thị Mai"]
    assert full_names(btm.get("/api/persons/?is_cadre=true")) == ["Hồ Văn Anh"]
    assert full_names(btm.get("/api/persons/?is_cadre=false&q=mai")) == ["Đinh Thị Mai"]


def test_list_row(tree, btm):
    [row] = btm.get("/api/persons/?q=dinh+thi+mai").json()["items"]
    assert row["birth_date"] == "2004-04-04"
    assert row["unit"] == {"id": tree.branch_trason.pk, "name": "Chi đoàn thôn 1"}
    assert row["target_group"]["code"] == "dia-ban-dan-cu"
    assert row["version"] == 1


def test_members_list(tree, api_as):
    Person.objects.filter(pk=tree.btm_secretary.pk).update(is_member=False)
    btm = api_as("district_standing")
    assert full_names(btm.get("/api/members/")) == ["Hồ Văn Đông", "Đinh Thị Mai"]
    assert full_names(btm.get("/api/members/?target_group=dia-ban-dan-cu&q=dong")) == ["Hồ Văn Đông"]
    assert full_names(btm.get("/api/members/?target_group=hoc-sinh")) == []
    assert full_names(btm.get(f"/api/members/?unit={tree.tragiang.pk}")) == []


def test_branch_secretary_sees_their_branch_members(tree, api_as):
    branch = api_as("branch_officer")
    assert full_names(branch.get("/api/members/")) == ["Hồ Văn Đông", "Đinh Thị Mai"]


def test_a_member_sees_only_themselves(tree, api_as):
    member = api_as("member")
    assert full_names(member.get("/api/persons/")) == ["Đinh Thị Mai"]
    assert member.get(f"/api/persons/{tree.member_trason2.pk}").status_code == 404


# ---- one person ----------------------------------------------------------------------------


@pytest.fixture
def with_sensitive(tree):
    Child.objects.create(person=tree.tamky_secretary, birth_date=datetime.date(2025, 3, 9))
    Pregnancy.objects.create(
        person=tree.tamky_secretary, start_date=datetime.date(2024, 6, 1), end_date=datetime.date(2025, 3, 9)
    )
    Child.objects.create(person=tree.btm_secretary, birth_date=datetime.date(2024, 1, 2))
    return tree


def test_sensitive_fields_are_absent_for_a_district_officer(with_sensitive, btm, api_as):
    tree = with_sensitive
    for client, person in ((btm, tree.btm_secretary), (api_as("district_standing_tamky"), tree.tamky_secretary)):
        response = client.get(f"/api/persons/{person.pk}")
        assert response.status_code == 200
        body = response.json()
        assert "children" not in body and "pregnancies" not in body
        assert "2024-01-02" not in response.content.decode() and "2025-03-09" not in response.content.decode()
        assert body["party_status"] == "none"


def test_sensitive_fields_are_visible_for_the_tckt_officer(with_sensitive, api_as):
    tree = with_sensitive
    body = api_as("tckt_officer").get(f"/api/persons/{tree.tamky_secretary.pk}").json()
    assert body["children"] == [{"birth_date": "2025-03-09"}]
    assert body["pregnancies"] == [{"start_date": "2024-06-01", "end_date": "2025-03-09"}]
    assert api_as("tckt_officer").get(f"/api/persons/{tree.member_anmy.pk}").json()["children"] == []


def test_create(tree, btm):
    response = btm.post(
        "/api/persons/",
        {
            "unit_id": tree.branch_trason.pk,
            "family_name": "Nguyễn",
            "middle_name": " Thị  Thu ",
            "given_name": "Hà",
            "sex": "F",
            "birth_date": "2005-05-05",
            "joined_union_on": "2020-03-26",
            "target_group": "dia-ban-dan-cu",
            "email": "ha@example.vn",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Nguyễn Thị Thu Hà"
    assert body["unit"]["id"] == tree.branch_trason.pk
    assert body["is_member"] is True and body["version"] == 1
    assert "children" not in body
    assert full_names(btm.get("/api/persons/?q=nguyen+thi+thu+ha")) == ["Nguyễn Thị Thu Hà"]


def test_create_breaking_rules_is_400_with_every_violation(tree, btm):
    response = btm.post(
        "/api/persons/",
        {
            "unit_id": tree.branch_trason.pk,
            "family_name": " ",
            "given_name": "Hà",
            "sex": "F",
            "birth_date": "2005-05-05",
            "joined_union_on": "2001-01-01",
            "party_joined_on": "2024-01-01",
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "required" and body["field"] == "family_name"
    assert body["message"] == "Họ không được để trống."
    assert [v["code"] for v in body["violations"]] == [
        "required",
        "joined_before_birth",
        "party_date_without_membership",
    ]
    assert "Ngày vào Đoàn không thể trước ngày sinh." in [v["message"] for v in body["violations"]]


def test_create_with_a_bad_email_is_422(tree, btm):
    response = btm.post(
        "/api/persons/",
        {
            "unit_id": tree.branch_trason.pk,
            "family_name": "Lê",
            "given_name": "Na",
            "sex": "F",
            "email": "not-an-email",
        },
    )
    assert response.status_code == 422
    assert "Địa chỉ thư điện tử không hợp lệ." in response.json()["violations"][0]["message"]


def test_create_with_a_department_of_another_district_is_404(tree, btm):
    response = btm.post(
        "/api/persons/",
        {
            "unit_id": tree.bactramy.pk,
            "family_name": "Lê",
            "given_name": "Na",
            "sex": "F",
            "department_id": tree.tckt.pk,
        },
    )
    assert response.status_code == 404


def test_patch(tree, btm):
    url = f"/api/persons/{tree.member_trason.pk}"
    response = btm.patch(
        url,
        {
            "version": tree.member_trason.version,
            "job_title": "Nông dân",
            "unit_id": tree.tragiang.pk,
            "target_group": None,
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["job_title"] == "Nông dân"
    assert body["unit"]["id"] == tree.tragiang.pk
    assert body["target_group"] is None
    assert body["given_name"] == "Mai"
    assert body["version"] == tree.member_trason.version + 1


def test_patch_with_a_stale_version_is_409(tree, btm):
    url = f"/api/persons/{tree.member_trason.pk}"
    version = btm.get(url).json()["version"]
    assert btm.patch(url, {"version": version, "phone": "0905000001"}).status_code == 200
    response = btm.patch(url, {"version": version, "phone": "0905000002"})
    assert response.status_code == 409
    assert response.json()["message"].startswith("Bản ghi đã được người khác sửa")
    assert Person.objects.get(pk=tree.member_trason.pk).phone == "0905000001"


def test_patch_breaking_a_rule_is_400(tree, btm):
    response = btm.patch(
        f"/api/persons/{tree.member_trason.pk}", {"version": tree.member_trason.version, "is_member": False}
    )
    assert response.status_code == 400
    assert response.json()["message"] == "Người này phải là cán bộ, đoàn viên hoặc cả hai."


def test_view_only_role_cannot_edit_people(tree, api_as):
    response = api_as("movement_cadre").patch(
        f"/api/persons/{tree.member_trason.pk}", {"version": tree.member_trason.version, "phone": "1"}
    )
    assert response.status_code == 403


def test_person_history(tree, btm):
    url = f"/api/persons/{tree.member_trason.pk}"
    btm.patch(url, {"version": tree.member_trason.version, "phone": "0905000001", "birth_date": "2004-04-05"})
    latest = btm.get(url + "/history").json()["items"][0]
    assert latest["who"]["username"] == "huyendoan.btm"
    changes = {change["field"]: (change["old"], change["new"]) for change in latest["changes"]}
    assert changes == {"phone": ("", "0905000001"), "birth_date": ("2004-04-04", "2004-04-05")}


def test_posts_current_first_and_only_in_scope(tree, btm):
    Post.objects.create(
        person=tree.member_trason2,
        unit=tree.branch_trason,
        body=Body.EXECUTIVE,
        title=PostTitle.SECRETARY,
        start_date=datetime.date(2023, 1, 1),
    )
    Post.objects.create(
        person=tree.member_trason2,
        unit=tree.trason,
        body=Body.EXECUTIVE,
        title=PostTitle.EXECUTIVE_MEMBER,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2022, 12, 31),
    )
    Post.objects.create(
        person=tree.member_trason2,
        unit=tree.anmy,
        body=Body.EXECUTIVE,
        title=PostTitle.EXECUTIVE_MEMBER,
        start_date=datetime.date(2018, 1, 1),
        end_date=datetime.date(2019, 12, 31),
    )
    posts = btm.get(f"/api/persons/{tree.member_trason2.pk}/posts").json()
    assert [(p["unit"]["name"], p["title_label"], p["end_date"]) for p in posts] == [
        ("Chi đoàn thôn 1", "Bí thư", None),
        ("Đoàn xã Trà Sơn", "Ủy viên Ban Chấp hành", "2022-12-31"),
    ]
    assert posts[0]["body"] == "bch" and posts[0]["body_label"] == "Ban Chấp hành"


def test_own_posts_are_all_shown(tree, btm):
    Post.objects.create(
        person=tree.btm_secretary,
        unit=tree.province,
        body=Body.EXECUTIVE,
        title=PostTitle.EXECUTIVE_MEMBER,
        term=tree.term,
        start_date=datetime.date(2022, 10, 1),
    )
    posts = btm.get(f"/api/persons/{tree.btm_secretary.pk}/posts").json()
    assert {p["unit"]["name"] for p in posts} == {"Huyện đoàn Bắc Trà My", "Tỉnh đoàn Quảng Nam"}
    assert posts[0]["term"] == {"id": tree.term.pk, "start_year": 2022, "end_year": 2027}


def test_me(tree, btm, api_as):
    body = btm.get("/api/me").json()
    assert body["username"] == "huyendoan.btm"
    assert body["display_name"] == "Hồ Văn Anh"
    assert body["person_id"] == tree.btm_secretary.pk
    assert body["is_system_admin"] is False
    assert body["roles"] == [
        {
            "role": "district_standing",
            "role_label": "Thường trực Huyện đoàn",
            "unit": {"id": tree.bactramy.pk, "name": "Huyện đoàn Bắc Trà My"},
            "valid_from": "2000-01-01",
            "valid_to": None,
        }
    ]
    assert [unit["name"] for unit in body["scope_units"]] == ["Huyện đoàn Bắc Trà My"]
    admin = api_as("admin").get("/api/me").json()
    assert admin["is_system_admin"] is True
    assert [unit["name"] for unit in admin["scope_units"]] == ["Tỉnh đoàn Quảng Nam"]
