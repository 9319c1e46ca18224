"""The menu offers each user the areas they can use."""

from django.urls import reverse


def _menu(client):
    page = client.get(reverse("home")).content.decode()
    return page.split('id="mainnav"')[1].split('role="search"')[0]


def test_a_member_sees_the_programme_but_not_the_officers_work_areas(tree, client_for):
    menu = _menu(client_for("member"))
    assert reverse("programme:home") in menu
    for name in ("visits:home", "placements:home", "cadrework:home", "imports:list", "users:list"):
        assert reverse(name) not in menu, name


def test_a_district_officer_sees_every_area_and_the_accounts(tree, client_for):
    menu = _menu(client_for("district_standing"))
    for name in ("visits:home", "placements:home", "cadrework:home", "programme:home", "imports:list", "users:list"):
        assert reverse(name) in menu, name


def test_a_movement_cadre_does_not_manage_accounts(tree, client_for):
    menu = _menu(client_for("movement_cadre"))
    assert reverse("visits:home") in menu
    assert reverse("users:list") not in menu


def test_the_visits_import_is_offered_only_to_who_may_record_visits(tree, client_for):
    link = reverse("visits:import_start")
    assert link in client_for("movement_cadre").get(reverse("visits:home")).content.decode()
    assert link not in client_for("branch_officer").get(reverse("visits:home")).content.decode()


def test_a_branch_secretary_sees_only_the_areas_a_branch_works_in(tree, client_for):
    """Issue 15 point 5: no "Đi cơ sở" nor "Công tác cán bộ" for a branch secretary."""
    menu = _menu(client_for("branch_officer"))
    for name in ("programme:home", "imports:list", "people:list", "org:tree"):
        assert reverse(name) in menu, name
    for name in ("visits:home", "cadrework:home", "placements:home", "users:list"):
        assert reverse(name) not in menu, name
    assert "Đi cơ sở" not in menu and "Công tác cán bộ" not in menu


def test_a_base_officer_has_visits_and_cadre_work_but_no_field_training(tree, client_for):
    menu = _menu(client_for("base_officer"))
    for name in ("visits:home", "cadrework:home", "programme:home", "imports:list"):
        assert reverse(name) in menu, name
    assert reverse("placements:home") not in menu


def test_the_menu_areas_cost_no_query_per_area(tree, client_for, django_assert_max_num_queries):
    from coso.accounts import scoping

    user = tree.users["branch_officer"]
    scoping.forget(user)
    scoping.areas(user)
    with django_assert_max_num_queries(0):
        scoping.areas(user)


def test_add_person_is_reachable_from_the_people_list_itself(tree, client_for):
    page = client_for("branch_officer").get(reverse("people:list")).content.decode()
    assert 'data-testid="add-person"' in page
    assert reverse("people:create") in page
    page = client_for("member").get(reverse("people:list")).content.decode()
    assert 'data-testid="add-person"' not in page
