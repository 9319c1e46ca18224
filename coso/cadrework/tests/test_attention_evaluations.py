"""The home page's "N cán bộ … chưa được đánh giá, xếp loại năm Y" counts the cadres under each
granted unit (a province or a district by the persons' own ancestor columns, issue 9) that have
no evaluation of last year: one fewer after an evaluation, never a cadre of another province."""

import html

from django.utils import timezone

from coso.cadrework import services
from coso.org.models import Unit
from coso.people.models import Person
from tests.builders import _level, person


def _line(n, unit, year):
    return f"{n} cán bộ của {unit.name} chưa được đánh giá, xếp loại năm {year}"


def _home(client):
    return html.unescape(client.get("/").content.decode())


def test_the_cadres_left_to_evaluate_in_a_province_and_a_district(tree, client_for):
    year = timezone.localdate().year - 1
    other = Unit.objects.add_root(create_kwargs=dict(name="Tỉnh đoàn Tây Ninh", level=_level("tinh-doan"), code="x-tn"))
    person(other, "Nguyễn Văn Lạ", is_cadre=True)
    person(tree.trason, "Lê Văn Mới", is_cadre=True)
    grants = (("provincial_standing", tree.province), ("district_standing", tree.bactramy))
    before = {
        role: Person.objects.filter(unit__path__startswith=unit.path, is_cadre=True).count() for role, unit in grants
    }
    assert before["district_standing"] >= 2
    for role, unit in grants:
        assert _line(before[role], unit, year) in _home(client_for(role))

    services.evaluate(actor=None, person=tree.btm_secretary, year=year, level=services.evaluation_levels(year)[0])
    for role, unit in grants:
        assert _line(before[role] - 1, unit, year) in _home(client_for(role))
