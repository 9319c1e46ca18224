"""Field training is «đào tạo thực tế» everywhere (issue 15 point 8), never «đi cơ sở», which is
the other programme (coso/visits). Every page, export, paper, message and home item of the
placements app is read as its users get it: the page's title and main content (the menu links
to the visits programme by its own name), the workbook's file and sheet names and cells, the
paper's paragraphs and tables, the admin's names and the e-mail subjects."""

import datetime
import io
import re

import pytest
from django.apps import apps
from docx import Document
from openpyxl import load_workbook

from coso.placements.attention import placements_attention
from coso.placements.tests.test_reminders import emails as emails
from coso.placements.tests.test_scope_matrix_pages import LIST_ROUTES, OBJECT_ROUTES
from coso.placements.tests.test_scope_matrix_pages import foreign as foreign

pytestmark = pytest.mark.django_db
OTHER_PROGRAMME = re.compile(r"đi\s+cơ\s+sở|di-co-so", re.IGNORECASE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _what_the_user_reads(response):
    """Everything of a response a user reads, as text; the menu of the base page left out."""
    kind = response.get("Content-Type", "")
    parts = [response.get("Content-Disposition", "")]
    if kind.startswith(XLSX):
        workbook = load_workbook(io.BytesIO(response.content), read_only=True)
        parts += [ws.title for ws in workbook]
        parts += [str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row if c]
    elif kind.startswith(DOCX):
        doc = Document(io.BytesIO(response.content))
        parts += [p.text for p in doc.paragraphs]
        parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
        parts += [doc.core_properties.title or "", doc.core_properties.subject or ""]
    else:
        html = response.content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        main = re.search(r"<main\b.*?</main>", html, re.S)
        assert title and main, "a page without <title> or <main>"
        parts += [title.group(1), main.group(0)]
    return "\n".join(parts)


def _assert_field_training(text, where):
    found = [text[max(0, m.start() - 60) : m.end() + 20] for m in OTHER_PROGRAMME.finditer(text)]
    assert not found, f"{where} calls field training «đi cơ sở»: {found}"


def _get_routes():
    routes = [(name, builder, owner) for name, (builder, post_only, owner) in OBJECT_ROUTES.items() if not post_only]
    routes += [(name, builder, owner) for name, builder in LIST_ROUTES.items() for owner in ("tckt_officer",)]
    return sorted(routes, key=lambda r: r[0])


def test_every_placements_page_export_and_paper_says_field_training(foreign, client_for):
    seen = set()
    for name, builder, owner in _get_routes():
        response = client_for(owner).get(builder(foreign))
        assert response.status_code == 200, name
        seen.add(response.get("Content-Type", "").split(";")[0])
        _assert_field_training(_what_the_user_reads(response), name)
    # The test is honest: pages, workbooks and papers were all read.
    assert {"text/html", f"{XLSX}.sheet", f"{DOCX}.document"} <= seen, seen


def test_messages_of_the_rules_say_field_training(foreign, client_for):
    tckt = client_for("tckt_officer")
    pk = foreign.p_binh.pk
    cancel = tckt.post(f"/placements/placements/{pk}/cancel/", {"reason": "", "on": "10/06/2019"})
    assert "Hủy đợt đào tạo thực tế phải ghi rõ lý do." in cancel.content.decode()
    finish = tckt.post(f"/placements/placements/{pk}/finish/", {"actual_end": "01/06/2019"})
    assert "Thời gian đào tạo thực tế" in finish.content.decode()
    for label, response in (("cancel", cancel), ("finish", finish)):
        _assert_field_training(_what_the_user_reads(response), label)
    done = tckt.post(f"/placements/placements/{pk}/cancel/", {"reason": "Ốm dài ngày", "on": "10/06/2019"}, follow=True)
    assert "Đã hủy đợt đào tạo thực tế." in done.content.decode()
    _assert_field_training(_what_the_user_reads(done), "after cancelling")


def test_home_items_admin_names_and_reminders_say_field_training(foreign):
    for user in list(foreign.tree.users.values()) + [foreign.an_user]:
        for item in placements_attention(user):
            _assert_field_training(item.title, f"home item of {user}")
    for model in apps.get_app_config("placements").get_models():
        names = f"{model._meta.verbose_name} {model._meta.verbose_name_plural}"
        _assert_field_training(names, f"admin name of {model.__name__}")
    assert str(apps.get_model("placements", "Placement")._meta.verbose_name) == "cán bộ đào tạo thực tế"


def test_reminder_subjects_say_field_training(emails, placement, mail_settings):
    from django.core import mail

    from coso.placements.reminders import send_reminders

    send_reminders(on=datetime.date(2019, 7, 8))
    assert mail.outbox, "no reminder sent: the test would prove nothing"
    for message in mail.outbox:
        assert message.subject.startswith("[Đào tạo thực tế]")
        _assert_field_training(message.subject + message.body, "reminder")
