"""The register of outgoing papers (sổ đăng ký văn bản đi): numbers per issuing body and year,
per type where the office's rule says so, never reused; the paper kept as issued; the book
listed, filtered and exported; scoped like everything else.

This module is also the scope matrix of the ``documents`` namespace: every route of it is
requested below from outside its scope (tests/test_every_namespace_has_a_scope_matrix.py).
"""

import datetime
import io
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from coso.core.errors import DomainError
from coso.documents import services
from coso.documents.models import IssuedPaper, NumberingRule
from coso.documents.paper import pdf_available
from coso.visits import services as visits

D = datetime.date
FOREIGN = "district_standing_tamky"


def text_of(content):
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    first = document.sections[0].first_page_header
    return "\n".join(parts), "\n".join(p.text for p in first.paragraphs)


@pytest.fixture
def qn(tree):
    """Decision 15-QĐ/TĐTN of the province assigning Nguyễn Văn Quy to Tam Kỳ and Bắc Trà My."""
    manager = tree.users["provincial_standing"]
    tree.manager = manager
    tree.decision = visits.record_decision(
        actor=manager, owner=tree.province, number="15-QĐ/TĐTN", decided_on=D(2013, 2, 28), signer=tree.secretary
    )
    tree.assignments = visits.assign(
        actor=manager,
        decision=tree.decision,
        cadre=tree.movement_cadre,
        units=[tree.tamky, tree.bactramy],
        valid_from=D(2013, 3, 1),
    )
    return tree


ISSUED_ON = D(2026, 3, 2)


def issue(t, code, obj, on=ISSUED_ON, actor=None):
    return services.issue_paper(actor=actor or t.manager, kind_code=code, obj=obj, on=on)


def test_a_draft_says_so_and_has_no_number(qn, client):
    client.force_login(qn.manager)
    response = client.get(f"/visits/feeds/letter/{qn.assignments[0].pk}.docx")
    assert response.status_code == 200
    body, first_header = text_of(response.content)
    assert "Số: …-GGT/TĐTN" in body
    assert first_header == "DỰ THẢO"
    assert "du-thao" in response["Content-Disposition"]


def test_one_sequence_per_body_and_year_then_per_type_by_rule(qn):
    first = issue(qn, "visits.letter", qn.assignments[0])
    second = issue(qn, "visits.letter", qn.assignments[1])
    decision = issue(qn, "visits.decision", qn.decision)
    assert [first.symbol, second.symbol, decision.symbol] == ["1-GGT/TĐTN", "2-GGT/TĐTN", "3-QĐ/TĐTN"]
    # The decision record now carries its number, and the letters cite it.
    qn.decision.refresh_from_db()
    assert qn.decision.number == "3-QĐ/TĐTN"
    # Another year starts again at 1; another office has its own book.
    services.cancel_number(actor=qn.manager, issued=first, reason="Ghi nhầm năm")
    again = issue(qn, "visits.letter", qn.assignments[0], on=D(2027, 1, 5))
    assert again.symbol == "1-GGT/TĐTN" and again.year == 2027
    # The office decides that decisions have their own sequence.
    NumberingRule.objects.create(unit=qn.province, separate_types="QĐ")
    services.cancel_number(actor=qn.manager, issued=decision, reason="Ban hành lại")
    assert issue(qn, "visits.decision", qn.decision, on=D(2027, 1, 6)).symbol == "1-QĐ/TĐTN"
    services.cancel_number(actor=qn.manager, issued=second, reason="Đổi đơn vị")
    assert issue(qn, "visits.letter", qn.assignments[1], on=D(2027, 1, 6)).symbol == "2-GGT/TĐTN"


def test_issued_paper_keeps_its_number_and_content(qn, client):
    line = issue(qn, "visits.letter", qn.assignments[0])
    client.force_login(qn.manager)
    url = f"/visits/feeds/letter/{qn.assignments[0].pk}.docx"
    body, first_header = text_of(client.get(url).content)
    assert "Số: 1-GGT/TĐTN" in body and "Nguyễn Văn Quy" in body
    assert first_header == ""  # no draft mark once issued
    assert "ngày 02 tháng 03 năm 2026" in body
    # The data change later: the issued paper does not.
    person = qn.movement_cadre
    person.job_title = "Phó Trưởng Ban Phong trào"
    person.save()
    served = client.get(url).content
    assert served == bytes(IssuedPaper.objects.get(pk=line.pk).docx)
    assert "Phó Trưởng Ban Phong trào" not in text_of(served)[0]
    # The other letter, still a draft, shows today's data.
    assert (
        "Phó Trưởng Ban Phong trào"
        in text_of(client.get(f"/visits/feeds/letter/{qn.assignments[1].pk}.docx").content)[0]
    )


def test_a_paper_is_issued_once_and_a_cancelled_number_never_comes_back(qn):
    line = issue(qn, "visits.letter", qn.assignments[0])
    with pytest.raises(DomainError) as refused:
        issue(qn, "visits.letter", qn.assignments[0])
    assert refused.value.code == "paper_already_issued"
    with pytest.raises(DomainError) as refused:
        services.cancel_number(actor=qn.manager, issued=line, reason="  ")
    assert refused.value.code == "cancel_reason_required"
    services.cancel_number(actor=qn.manager, issued=line, reason="Sai chức vụ của cán bộ")
    line.refresh_from_db()
    assert line.state == IssuedPaper.State.CANCELLED and line.cancel_reason == "Sai chức vụ của cán bộ"
    again = issue(qn, "visits.letter", qn.assignments[0])
    assert again.number == 2  # 1 stays cancelled in the book
    assert list(IssuedPaper.objects.order_by("number").values_list("number", "state")) == [
        (1, "cancelled"),
        (2, "issued"),
    ]


def test_a_record_not_ready_is_refused(qn, tree):
    plan = visits.create_plan(actor=tree.users["movement_cadre"], cadre=tree.movement_cadre, year=2013, quarter=2)
    with pytest.raises(DomainError) as refused:
        issue(qn, "visits.plan", plan)
    assert refused.value.code == "paper_not_ready"


def test_the_page_issues_and_the_book_lists_filters_and_exports(qn, client):
    client.force_login(qn.manager)
    page = client.get(f"/visits/decisions/{qn.decision.pk}/").content.decode()
    assert f"/documents/issue/visits.decision/{qn.decision.pk}/" in page and "Dự thảo, chưa cấp số" in page
    response = client.post(
        f"/documents/issue/visits.decision/{qn.decision.pk}/", {"next": f"/visits/decisions/{qn.decision.pk}/"}
    )
    assert response.status_code == 302
    page = client.get(f"/visits/decisions/{qn.decision.pk}/").content.decode()
    assert "Số 1-QĐ/TĐTN" in page
    issue(qn, "visits.letter", qn.assignments[0])
    book = client.get("/documents/register/?doc_type=QĐ").content.decode()
    assert "1-QĐ/TĐTN" in book and "2-GGT/TĐTN" not in book
    book = client.get("/documents/register/").content.decode()
    assert "1-QĐ/TĐTN" in book and "2-GGT/TĐTN" in book and "Trần Thị Hồng" in book
    response = client.get("/documents/register/export.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Cơ quan ban hành", "Số", "Số, ký hiệu", "Ngày ban hành")
    assert {r[2] for r in rows[1:]} == {"1-QĐ/TĐTN", "2-GGT/TĐTN"}
    # The page issued the decision today; the letter was issued on ISSUED_ON.
    days = {r[3].date() if isinstance(r[3], datetime.datetime) else r[3] for r in rows[1:]}
    assert days == {timezone.localdate(), ISSUED_ON}


def test_the_book_lists_in_constant_queries(qn, client, django_assert_max_num_queries):
    for assignment in qn.assignments:
        issue(qn, "visits.letter", assignment)
    client.force_login(qn.manager)
    with django_assert_max_num_queries(12):
        assert client.get("/documents/register/").status_code == 200


def test_issuing_needs_the_right_over_the_issuing_body(qn, tree, client):
    """A movement cadre sees his letter but is not the office: 403, nothing numbered."""
    client.force_login(tree.users["movement_cadre"])
    response = client.post(f"/documents/issue/visits.letter/{qn.assignments[0].pk}/")
    assert response.status_code == 403
    assert not IssuedPaper.objects.exists()


# --------------------------------------------------------------------------- scope matrix
# Every route of the documents namespace, from outside its scope (a Tam Kỳ officer on the
# province's papers): 404, nothing shown, nothing changed.
OBJECT_ROUTES = {
    "documents:issue": (lambda t, line: f"/documents/issue/visits.decision/{t.decision.pk}/", "post"),
    "documents:cancel": (lambda t, line: f"/documents/register/{line.pk}/cancel/", "post"),
    "documents:issued_file": (lambda t, line: f"/documents/register/{line.pk}.docx", "get"),
}
LIST_ROUTES = {
    "documents:register": "/documents/register/?q=GGT",
    "documents:register_export": "/documents/register/export.xlsx",
}
SCOPE_FREE = {"documents:sample"}  # fixed content (seed 000), a login and no data


@pytest.mark.parametrize("route", sorted(OBJECT_ROUTES))
def test_foreign_register_objects_are_not_found(qn, client, route):
    line = issue(qn, "visits.letter", qn.assignments[0])
    client.force_login(qn.users[FOREIGN])
    build, method = OBJECT_ROUTES[route]
    response = getattr(client, method)(build(qn, line), {"reason": "Chiếm quyền"})
    assert response.status_code == 404
    line.refresh_from_db()
    assert line.state == IssuedPaper.State.ISSUED
    assert IssuedPaper.objects.count() == 1


@pytest.mark.parametrize("route", sorted(LIST_ROUTES))
def test_foreign_register_lines_are_never_listed(qn, client, route):
    issue(qn, "visits.letter", qn.assignments[0])
    client.force_login(qn.users[FOREIGN])
    response = client.get(LIST_ROUTES[route])
    assert response.status_code == 200
    if route.endswith("export"):
        rows = list(load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(values_only=True))
        assert len(rows) == 1  # the header only
    else:
        assert "GGT/TĐTN" not in response.content.decode()


def test_the_sample_is_scope_free(client, tree):
    client.force_login(tree.users[FOREIGN])
    assert client.get("/documents/sample/docx/").status_code == 200


def test_every_documents_route_is_in_the_matrix():
    from django.urls import get_resolver

    sub = get_resolver().namespace_dict["documents"][1]
    names = {f"documents:{name}" for name in sub.reverse_dict if isinstance(name, str)}
    assert names == set(OBJECT_ROUTES) | set(LIST_ROUTES) | SCOPE_FREE


# --------------------------------------------------------------------------- PDF


def test_no_pdf_possible_the_page_says_so_and_serves_the_right_docx(qn, client, monkeypatch):
    monkeypatch.setenv("SOFFICE", "/nonexistent/soffice")
    client.force_login(qn.manager)
    response = client.get(f"/visits/feeds/letter/{qn.assignments[1].pk}.pdf")
    assert response.status_code == 503
    page = response.content.decode()
    assert "Chưa tạo được PDF" in page and "LibreOffice" in page
    assert f'href="/visits/feeds/letter/{qn.assignments[1].pk}.docx"' in page
    assert "sample" not in page
    record = client.get(f"/visits/assignments/{qn.assignments[1].pk}/").content.decode()
    assert "chưa tạo được PDF" in record


@pytest.mark.skipif(not pdf_available(), reason="LibreOffice (soffice) is not installed")
def test_pdf_converted_once_when_issued_and_served_as_stored(qn, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        line = issue(qn, "visits.letter", qn.assignments[0])
    line.refresh_from_db()
    assert bytes(line.pdf).startswith(b"%PDF")
    client.force_login(qn.manager)
    response = client.get(f"/visits/feeds/letter/{qn.assignments[0].pk}.pdf")
    assert response.status_code == 200
    assert response.content == bytes(line.pdf)  # the stored file, no new conversion


# --------------------------------------------------------------------------- concurrency


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_never_share_a_number(committed_tree, django_db_blocker):
    """Eight papers of one office issued at the same instant, each in its own connection and
    transaction: eight different numbers, 1 to 8. The data are the session's committed small
    tree; what the test writes is committed too, and removed at the end."""
    from coso.accounts import scoping
    from coso.documents import kinds
    from coso.documents.models import NumberCounter
    from coso.documents.paper import Paper, Paragraph
    from coso.org.models import Unit

    t = committed_tree
    manager = t.users["provincial_standing"]

    def build(unit, key):
        return Paper(
            parent_body="BCH TỈNH ĐOÀN QUẢNG NAM",
            issuing_body="BAN THƯỜNG VỤ",
            number="",
            place="Quảng Nam",
            date=D(2026, 3, 2),
            kind="GIẤY GIỚI THIỆU",
            summary="",
            body=[Paragraph(f"Giới thiệu đến {unit.name}.")],
            recipients=["Như trên", "Lưu: VT"],
            signer_on_behalf="TM. BAN THƯỜNG VỤ",
            signer_title="BÍ THƯ",
            signer_name="Trần Thị Hồng",
        )

    kinds.register(
        kinds.PaperKind(
            code="tests.concurrent",
            label="Giấy thử",
            doc_type="GGT",
            route="documents:sample",
            records=lambda user: Unit.objects.all(),
            build=build,
            issuer=lambda unit, key: t.province,
            record_url=lambda unit, key: "/",
        )
    )
    with django_db_blocker.unblock():
        units = list(Unit.objects.filter(path__startswith=t.province.path))
        assert len(units) >= 8
        scoping.can(manager, scoping.ISSUE_PAPERS, t.province)  # grants read once, before the threads
        barrier = threading.Barrier(len(units))
        results, errors = [], []

        def work(unit):
            try:
                barrier.wait(timeout=30)
                line = services.issue_paper(actor=manager, kind_code="tests.concurrent", obj=unit, on=D(2026, 3, 2))
                results.append(line.number)
            except Exception as error:  # reported below
                errors.append(repr(error))
            finally:
                connections.close_all()

        try:
            threads = [threading.Thread(target=work, args=(u,)) for u in units]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert not errors
            assert sorted(results) == list(range(1, len(units) + 1))
            assert IssuedPaper.objects.filter(kind="tests.concurrent").count() == len(units)
        finally:
            IssuedPaper.objects.filter(kind="tests.concurrent").delete()
            NumberCounter.objects.filter(unit=t.province).delete()
            kinds._KINDS.pop("tests.concurrent", None)
