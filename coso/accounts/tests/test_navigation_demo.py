"""The menu of the demo's logins (issue 15 point 5): each sees the areas they work in."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    page = client.get(reverse("home")).content.decode()
    return page.split('id="mainnav"')[1].split('role="search"')[0]


def test_the_cadre_on_field_training_sees_field_training_not_cadre_work(demo, client):
    menu = _menu(client, "canbo.tayninh")
    assert reverse("placements:home") in menu
    assert reverse("cadrework:home") not in menu


def test_the_branch_secretary_of_quan8_sees_the_programme_not_visits(demo, client):
    menu = _menu(client, "chidoan.quan8")
    assert reverse("programme:home") in menu
    assert "Đi cơ sở" not in menu and "Công tác cán bộ" not in menu
