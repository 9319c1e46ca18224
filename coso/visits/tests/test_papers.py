"""The visits' papers: what the .docx says, one PDF, and the scope (404 outside it)."""

import datetime
import io

import pytest
from django.urls import include, path
from docx import Document

import coso.urls
from coso.documents.paper import pdf_available
from coso.visits import services

D = datetime.date

# /visits/feeds/ is mounted in coso/urls.py by its owner; the tests mount it themselves.
urlpatterns = [path("visits/feeds/", include("coso.visits.urls_feeds"))] + list(coso.urls.urlpatterns)
pytestmark = pytest.mark.urls(__name__)


def docx_text(response):
    assert response.status_code == 200, response.content[:500]
    document = Document(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture
def month(qn, go):
    go(qn.anmy, D(2013, 3, 7), findings="Chi đoàn sinh hoạt đều")
    go(qn.trason, D(2013, 3, 12))
    report = services.draft_monthly_report(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, month=3)
    plan = services.create_plan(actor=qn.cadre_user, cadre=qn.movement_cadre, year=2013, quarter=2)
    services.add_planned_visit(
        actor=qn.cadre_user,
        plan=plan,
        unit=qn.trason,
        start_date=D(2013, 4, 9),
        end_date=D(2013, 4, 9),
        form="khao_sat",
    )
    qn.report, qn.plan = report, plan
    return qn


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_decision_and_letters(month, as_user):
    client = as_user(month.manager)
    text = docx_text(client.get(f"/visits/feeds/decision/{month.decision.pk}.docx"))
    assert "QUYẾT ĐỊNH" in text and "Số: …-QĐ/TĐTN" in text  # a draft until the register numbers it
    assert "Nguyễn Văn Quy" in text and "Thành đoàn Tam Kỳ" in text and "Huyện đoàn Bắc Trà My" in text
    text = docx_text(client.get(f"/visits/feeds/letter/{month.assignments[0].pk}.docx"))
    assert "GIẤY GIỚI THIỆU" in text and "Nguyễn Văn Quy" in text


def test_plan_report_and_cluster(month, as_user):
    client = as_user(month.cadre_user)
    text = docx_text(client.get(f"/visits/feeds/plan/{month.plan.pk}.docx"))
    assert "KẾ HOẠCH" in text and "quý II năm 2013" in text and "Trà Sơn" in text
    text = docx_text(client.get(f"/visits/feeds/report/{month.report.pk}.docx"))
    assert "BÁO CÁO" in text and "tháng 03 năm 2013" in text and "Đoàn phường An Mỹ" in text
    client = as_user(month.manager)
    text = docx_text(client.get(f"/visits/feeds/cluster/{month.cluster.pk}/2013/3.docx"))
    assert "Cụm 1" in text and "Nguyễn Văn Quy" in text and "Chi đoàn sinh hoạt đều" in text


def test_out_of_scope_is_404(month, as_user):
    client = as_user(month.users["district_standing_tamky"])
    assert client.get(f"/visits/feeds/decision/{month.decision.pk}.docx").status_code == 404
    assert client.get(f"/visits/feeds/plan/{month.plan.pk}.docx").status_code == 404
    assert client.get(f"/visits/feeds/letter/{month.assignments[0].pk}.docx").status_code == 404
    assert client.get(f"/visits/feeds/cluster/{month.cluster.pk}/2013/3.docx").status_code == 404
    client = as_user(month.users["member"])
    assert client.get(f"/visits/feeds/report/{month.report.pk}.docx").status_code == 404


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) is not installed: no PDF")
def test_a_report_as_pdf(month, as_user):
    response = as_user(month.cadre_user).get(f"/visits/feeds/report/{month.report.pk}.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_papers_stay_vietnamese_when_the_page_is_in_english(month, as_user):
    """Issue 15 point 10: the rules' words are translated on the pages, never in an official
    paper (coso/documents/services.build renders every paper in Vietnamese)."""
    client = as_user(month.cadre_user)
    client.cookies.load({"django_language": "en"})
    text = docx_text(client.get(f"/visits/feeds/plan/{month.plan.pk}.docx"))
    assert "KẾ HOẠCH" in text and "ngày 09/04/2013" in text and "on 09/04/2013" not in text
    page = client.get(f"/visits/plans/{month.plan.pk}/").content.decode()
    assert 'lang="en"' in page
