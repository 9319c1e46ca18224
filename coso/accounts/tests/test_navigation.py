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
