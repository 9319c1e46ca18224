"""The member's registration form paper: what the .docx says, one PDF, and who may print it."""

import io

import pytest
from django.urls import reverse
from docx import Document

from coso.documents.paper import pdf_available
from coso.people.models import Body, Post, PostTitle
from tests.builders import person

from .conftest import D


def docx_text(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    document = Document(io.BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def url(registration, fmt="docx"):
    return reverse("programme_files:registration_paper", args=[registration.pk, fmt])


@pytest.fixture
def secretary(registered):
    chief = person(registered.branch_trason, "Nguyễn Văn Hải", birth=(1998, 6, 1))
    Post.objects.create(
        person=chief,
        unit=registered.branch_trason,
        body=Body.EXECUTIVE,
        title=PostTitle.SECRETARY,
        term=registered.term,
        start_date=D(2013, 1, 1),
    )
    return chief


def test_the_form_carries_the_member_the_items_and_both_signatures(registered, secretary, client_for):
    registration = registered.reg1
    text = docx_text(client_for("member").get(url(registration)))
    assert "PHIẾU ĐĂNG KÝ" in text
    assert "ĐOÀN XÃ TRÀ SƠN" in text and "BCH CHI ĐOÀN THÔN 1" in text
    assert "Họ và tên: Đinh Thị Mai" in text
    assert "Chi đoàn thôn 1, Đoàn xã Trà Sơn" in text
    assert "Đối tượng: Thanh niên địa bàn dân cư" in text
    assert "Trà Sơn, ngày 20 tháng 03 năm 2014" in text
    assert "I. NỘI DUNG RÈN LUYỆN (5 tiêu chí)" in text and "II. NỘI DUNG HÀNH ĐỘNG (5 tiêu chí)" in text
    for item in registration.items.select_related("criterion"):
        assert f"{item.criterion.code}. {item.criterion.title}" in text
        assert item.commitment in text
    assert "NGƯỜI ĐĂNG KÝ" in text and "XÁC NHẬN CỦA BCH CHI ĐOÀN" in text
    assert "Nguyễn Văn Hải" in text  # the branch secretary signs the confirmation


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("member", 200),
        ("branch_officer", 200),
        ("base_officer", 200),
        ("district_standing", 200),
        ("member2", 404),  # another member of the same branch
        ("branch_officer_anmy", 404),
        ("district_standing_tamky", 404),
    ],
)
def test_who_may_print_the_form(registered, client_for, role, status):
    response = client_for(role).get(url(registered.reg1))
    assert response.status_code == status


def test_an_unknown_format_is_not_a_route(registered, client_for):
    response = client_for("member").get(f"/programme/files/registration/{registered.reg1.pk}.odt")
    assert response.status_code == 404


def test_anonymous_users_go_to_the_login(registered, client):
    response = client.get(url(registered.reg1))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) is not installed: no PDF")
def test_the_pdf(registered, client_for):
    response = client_for("member").get(url(registered.reg1, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
