"""Issue 15 point 10: in English mode a placement's eligibility refusal is English, next to the
field it is about (the cadre, the start date), and what was typed stays."""

import re

import pytest
from django.conf import settings

from coso.people.models import PostTitle
from coso.placements import services

from .conftest import make_cadre

pytestmark = pytest.mark.django_db


def field_block(html, name):
    """The form group of field ``name``: its label, its input and the errors shown under it."""
    match = re.search(
        rf'<div class="mb-3">\s*<label class="form-label" for="id_{name}">.*?</div>\s*(?=<div class="mb-3">|<button|</form>)',
        html,
        re.S,
    )
    assert match, f"no form group for {name}"
    return re.sub(r"\s+", " ", match.group(0))


def test_an_eligibility_refusal_is_english_and_next_to_its_fields(world, tree, client_for):
    ylist = services.create_yearly_list(actor=tree.users["tckt_officer"], plan=world.plan, year=2020)
    outsider = make_cadre(
        tree, "Phan Văn Tâm", group=2, on_payroll=False, evaluations={2017: "HTTNV", 2018: "HTTNV", 2019: "HTTNV"}
    )
    client = client_for("tckt_officer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/placements/lists/{ylist.pk}/candidates/add/",
        {
            "person": outsider.pk,
            "group": 2,
            "host": tree.tamky.pk,
            "host_title": PostTitle.STANDING_MEMBER,
            "start_date": "01/05/2020",
        },
    )
    assert response.status_code == 200 and not ylist.candidates.exists()
    html = response.content.decode()
    person = field_block(html, "person")
    assert "Not yet recruited to the payroll of the Provincial Youth Union&#x27;s agency." in person
    start = field_block(html, "start_date")
    assert "The start date 01/05/2020 is not in the first quarter" in start and 'value="01/05/2020"' in start
    assert "biên chế" not in html and "quý I" not in html
