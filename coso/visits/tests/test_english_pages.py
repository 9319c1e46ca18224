"""Issue 15 point 10 on the pages: in English mode a refused trip shows each rule's English
message next to its field on the visit form (over the monthly cap, on a public holiday or a
day without visits, in a month already reported, in the future), what was typed stays, and
the coverage summary, the report states and the progress items read English. Only the data
(names of people and units, what users wrote) stays as written."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from coso.visits import services
from coso.visits.models import BlackoutDay, Visit, VisitForm
from tests.test_english_mode import VIETNAMESE, page_text

from .conftest import D

pytestmark = pytest.mark.django_db

DATA = ["Nguyễn Văn Quy", "Thành đoàn Tam Kỳ", "Huyện đoàn Bắc Trà My", "Đoàn xã Trà Sơn", "Đoàn phường An Mỹ"]


def _without_data(text):
    for value in DATA:
        text = text.replace(value, "")
    return text


@pytest.fixture
def english(client_for):
    def make(role):
        client = client_for(role)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


def _post(unit, start, end=None):
    return {
        "unit": unit.pk,
        "start_date": start,
        "end_date": end or start,
        "form": VisitForm.SITUATION,
        "content": "Typed text that must stay",
        "findings": "",
        "problems": "",
        "proposals": "",
    }


def _field_error(body, field):
    """The error texts shown under the form's ``field`` (in its own block, not at the top)."""
    blocks = [b for b in body.split('<div class="mb-3">') if f'name="{field}"' in b.split("</label>", 1)[-1][:400]]
    assert blocks, f"no {field} on the form"
    errors = re.findall(r'<div class="invalid-feedback d-block">(.*?)</div>', blocks[0], re.S)
    assert errors, f"no error next to {field}"
    text = " ".join(errors)
    assert not VIETNAMESE.findall(_without_data(text)), text
    return text


def _refused(client, data):
    response = client.post("/visits/trips/add/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Typed text that must stay" in body
    return body


def test_refusals_on_the_visit_form_are_english_next_to_their_field(qn, go, english):
    client = english("movement_cadre")
    # over the monthly cap: 2 days a month in Tam Kỳ (not mountainous), 2 already recorded
    go(qn.anmy, D(2013, 3, 12), D(2013, 3, 13))
    body = _refused(client, _post(qn.anmy, "14/03/2013"))
    assert "Over the limit" in _field_error(body, "end_date")
    # a public holiday (Reunification Day) and an organisation's day without visits
    body = _refused(client, _post(qn.anmy, "30/04/2013"))
    assert "public holiday" in _field_error(body, "start_date")
    services.add_blackout_day(actor=qn.manager, owner=qn.province, date=D(2013, 5, 8), reason=BlackoutDay.Reason.AGENCY)
    body = _refused(client, _post(qn.anmy, "08/05/2013"))
    assert "(a no-visit day)" in _field_error(body, "start_date")
    # a month already reported
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report)
    body = _refused(client, _post(qn.tamky, "20/03/2013"))
    assert "visits of that month" in _field_error(body, "start_date")
    # the future
    soon = timezone.localdate() + datetime.timedelta(days=3)
    body = _refused(client, _post(qn.anmy, f"{soon:%d/%m/%Y}"))
    assert "after today" in _field_error(body, "end_date")
    assert Visit.objects.filter(cadre=qn.movement_cadre).count() == 1


def test_coverage_summary_report_states_and_progress_items_in_english(qn, go, english):
    go(qn.trason, D(2013, 3, 12))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    services.submit_report(actor=qn.cadre_user, report=report)
    manager = english("provincial_standing")
    coverage = page_text(manager.get(f"/visits/coverage/?unit={qn.province.pk}&year=2013").content.decode())
    assert "grassroots days" in coverage
    detail = page_text(english("movement_cadre").get(f"/visits/reports/{report.pk}/").content.decode())
    assert "Submitted, awaiting grassroots confirmation" in detail
    home = english("movement_cadre").get("/visits/").content.decode()
    assert 'data-testid="progress"' in home
    progress = page_text(home.split('data-testid="progress"', 1)[1].split("</section>", 1)[0])
    assert not VIETNAMESE.findall(_without_data(progress)), progress
