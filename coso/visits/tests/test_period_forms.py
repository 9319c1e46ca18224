"""Issue 15 point 6: a filter form shows the period and the organisation being displayed
(never an empty year and "Tháng 1" while the page shows this month)."""

import re

from django.urls import reverse
from django.utils import timezone


def _selected(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_ranking_and_coverage_forms_show_the_period_displayed(tree, client_for):
    client = client_for("provincial_standing")
    today = timezone.localdate()
    ranking = client.get(reverse("visits:ranking")).content.decode()
    assert re.search(rf'name="year" value="{today.year}"', ranking)
    assert _selected(ranking, "month") == [str(today.month)]
    # The organisation shown: the unit picker's hidden id and its text (issue 9: no select of units).
    assert re.search(rf'type="hidden" name="unit" id="[^"]*" value="{tree.province.pk}"', ranking)
    assert 'name="unit_text" id="id_unit" value="Tỉnh đoàn Quảng Nam"' in ranking
    coverage = client.get(reverse("visits:coverage")).content.decode()
    assert re.search(rf'name="year" value="{today.year}"', coverage)
    # asked for another year, the form keeps it
    page = client.get(reverse("visits:coverage"), {"year": 2013}).content.decode()
    assert 'name="year" value="2013"' in page
