"""Issue 11 point 1: a monthly report covering two host districts is read per part.

Nguyễn Văn Quy's March report has a trip to An Mỹ (host: Tam Kỳ) and two to Bắc Trà My's
units. Tam Kỳ's standing officer sees the header, the An Mỹ line and Tam Kỳ's confirmation, and
nothing of Bắc Trà My (unit names, its comment, its return reason) on the page, in the API or in
the paper; the cadre and the provincial officers see everything.
"""

import io
import json

import pytest
from docx import Document

from coso.visits import services

from .conftest import D, at

BTM_SECRETS = ["Bắc Trà My", "Trà Giang", "Chi đoàn thôn 1", "không sinh hoạt", "Sai ngày ở Trà Giang"]
TAMKY_PART = ["Đoàn phường An Mỹ", "Thành đoàn Tam Kỳ", "Đồng chí Quy nhiệt tình"]


@pytest.fixture
def shared(qn, go):
    go(qn.anmy, D(2013, 3, 7), D(2013, 3, 8))
    go(qn.branch_trason, D(2013, 3, 12))
    go(qn.tragiang, D(2013, 3, 30), D(2013, 4, 1))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    report = services.submit_report(actor=qn.cadre_user, report=report, now=at(2013, 3, 29))
    services.host_confirm(
        actor=qn.users["district_standing_tamky"], report=report, district=qn.tamky, comment="Đồng chí Quy nhiệt tình"
    )
    services.host_return(
        actor=qn.users["district_standing"],
        report=report,
        district=qn.bactramy,
        comment="Ngày 12/03 chi đoàn không sinh hoạt. Sai ngày ở Trà Giang",
    )
    qn.report = report
    return qn


def _docx_text(response):
    assert response.status_code == 200, response.content[:300]
    document = Document(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _readings(client, report):
    page = client.get(f"/visits/reports/{report.pk}/")
    assert page.status_code == 200
    one = client.get(f"/api/visits/reports/{report.pk}")
    listed = client.get("/api/visits/reports?year=2013&month=3")
    assert one.status_code == 200 and listed.status_code == 200
    paper = _docx_text(client.get(f"/visits/feeds/report/{report.pk}.docx"))
    return {
        "page": page.content.decode(),
        "api": json.dumps(one.json(), ensure_ascii=False),
        "api list": json.dumps(listed.json(), ensure_ascii=False),
        "paper": paper,
    }


def test_a_host_district_reads_only_its_own_part_everywhere(shared, client):
    client.force_login(shared.users["district_standing_tamky"])
    for where, text in _readings(client, shared.report).items():
        for secret in BTM_SECRETS:
            assert secret not in text, f"{secret!r} in the {where}"
        assert "Nguyễn Văn Quy" in text, where  # the header
        for own in TAMKY_PART:
            assert own in text, f"{own!r} missing from the {where}"
    data = client.get(f"/api/visits/reports/{shared.report.pk}").json()
    assert [line["unit_name"] for line in data["lines"]] == ["Đoàn phường An Mỹ"]
    assert [h["district_name"] for h in data["hosts"]] == ["Thành đoàn Tam Kỳ"]
    assert data["total_days"] == 2  # its own days, not the report's 5


def test_the_other_host_reads_its_own_part_and_not_tam_kys(shared, client):
    client.force_login(shared.users["district_standing"])
    for where, text in _readings(client, shared.report).items():
        assert "An Mỹ" not in text and "Đồng chí Quy nhiệt tình" not in text, where
        assert "Trà Giang" in text, where


@pytest.mark.parametrize("who", ["movement_cadre", "provincial_standing", "tckt_officer"])
def test_the_cadre_and_the_leaders_read_everything(shared, client, who):
    client.force_login(shared.users[who])
    for where, text in _readings(client, shared.report).items():
        for part in TAMKY_PART + ["Huyện đoàn Bắc Trà My", "Đoàn xã Trà Giang", "không sinh hoạt"]:
            assert part in text, f"{part!r} missing from the {where} for {who}"
