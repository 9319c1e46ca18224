"""Issue 15 point 10: in English mode a cadre-work refusal is English and shown next to the field
it is about, with what was typed kept."""

import re

import pytest
from django.conf import settings

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


def test_a_cadre_work_refusal_is_english_and_next_to_its_field(btm, client_for):
    client = client_for("district_standing")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        f"/cadrework/plans/{btm.plan.pk}/indicators/add/",
        {
            "name": "Wrong target",
            "population": "all_cadres_in_scope",
            "measure": "university_or_higher",
            "target_kind": "percent",
            "target_value": "120",
        },
    )
    assert response.status_code == 200 and btm.plan.indicators.count() == 2
    html = response.content.decode()
    target = field_block(html, "target_value")
    assert "A rate target cannot exceed 100%." in target and 'value="120"' in target
    assert "Chỉ tiêu tỷ lệ" not in html
