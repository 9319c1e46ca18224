"""Every paper the system issues, walked one by one on the demo's data.

For each kind of paper: its record's page links its .docx and its PDF; it is issued through
the register and takes a number; and its .docx passes what a clerk checks before signing
(:func:`clerk_check`). A new paper route that no kind declares fails
``test_every_paper_route_is_a_kind``; a new kind inherits all the checks below.
"""

import io
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.text.paragraph import Paragraph as DocxParagraph

from coso.documents import kinds, services
from coso.documents.paper import NAME_LINE
from coso.documents.templatetags.papers import month_keys
from coso.documents.tests.helpers import needs_poppler, needs_soffice, pdf_text
from coso.placements.models import HostEvaluation, PlacementReport, YearlyList
from coso.programme.models import Registration, RoundReport
from coso.visits.models import MonthlyReport, QuarterPlan

pytestmark = pytest.mark.django_db

NOT_KINDS = {"documents:sample", "documents:issued_file"}  # the fixed sample; the register's own file
DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
NUMBER_LINE = re.compile(r"^Số: \d+-[^\s/]+/[^\s]+$")
DATE_LINE = re.compile(r"^[^,]+, ngày \d{2} tháng \d{2} năm \d{4}$")
# Internal states of the workflows a paper comes from: never printed in the paper.
STATE_LABELS = {
    str(label)
    for model in (QuarterPlan, MonthlyReport, PlacementReport, HostEvaluation, YearlyList, RoundReport)
    for _value, label in model.State.choices
} | {"Trạng thái:", "Dự thảo", "DỰ THẢO"}
if hasattr(Registration, "State"):
    STATE_LABELS |= {str(label) for _value, label in Registration.State.choices}
WITHOUT_RECIPIENTS = {"programme.registration"}  # a member's signed form: signatures, no distribution


def _paper_routes():
    names = set()

    def walk(patterns, namespace):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern) and "fmt>" in str(p.pattern) and p.name:
                names.add(f"{namespace}:{p.name}" if namespace else p.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_paper_route_is_a_kind():
    assert _paper_routes() - NOT_KINDS == {k.route for k in kinds.all_kinds()}


def _key(kind, obj):
    if kind.code == "visits.cluster":
        return "2013-03" if obj.year == 2013 else month_keys(obj.year)[0]
    if kind.code == "programme.district_round":
        return str(obj.track.programme.owner_id)
    if kind.code == "cadrework.results":
        return f"{obj.owner_id}-{obj.year}"
    return ""


def _sample(kind, admin):
    """A record of the kind from the demo, ready to be issued when possible."""
    rows = list(kind.records(admin).order_by("pk")[:50])
    assert rows, f"the demo has no {kind.code}"
    for obj in rows:
        key = _key(kind, obj)
        if not kind.not_ready or not kind.not_ready(obj, key):
            return obj, key
    return rows[0], _key(kind, rows[0])


def _runs_size(paragraph):
    sizes = {r.font.size.pt for r in paragraph.runs if r.font.size is not None and r.text.strip()}
    if not sizes:
        style = paragraph.style
        while style is not None and style.font.size is None:
            style = style.base_style
        sizes = {style.font.size.pt} if style is not None else set()
    return sizes


def _all_bold(paragraph):
    return all(r.font.bold or (paragraph.style.font.bold) for r in paragraph.runs if r.text.strip())


def clerk_check(content, *, issued, kind_code):
    """What a clerk checks on a paper before it is signed; returns the problems found."""
    problems = []
    doc = Document(io.BytesIO(content))
    section = doc.sections[0]

    def near(value, mm):
        return abs(value - Mm(mm)) < Mm(0.5)

    if not (near(section.page_width, 210) and near(section.page_height, 297)):
        problems.append("not A4 portrait")
    if not (near(section.top_margin, 20) and near(section.bottom_margin, 20)):
        problems.append("top/bottom margins not 20 mm")
    if not (Mm(29.5) < section.left_margin < Mm(35.5) and Mm(14.5) < section.right_margin < Mm(20.5)):
        problems.append("left/right margins outside 30–35 / 15–20 mm")
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs if r.font.name}
    fonts |= {doc.styles["Normal"].font.name}
    if fonts != {"Times New Roman"}:
        problems.append(f"fonts {fonts}")

    header, closing = doc.tables[0], doc.tables[-1]
    union = header.cell(0, 1).paragraphs[0]
    if union.text != "ĐOÀN TNCS HỒ CHÍ MINH" or not all(r.font.bold and r.font.underline for r in union.runs):
        problems.append("union name not bold underlined at the top right")
    body_lines = [p for p in header.cell(0, 0).paragraphs if p.text.strip()]
    issuer = [p for p in body_lines if p.text != "***"][-1]
    if issuer.text != issuer.text.upper() or not all(r.font.bold for r in issuer.runs):
        problems.append("issuing body not in bold capitals")
    number = header.cell(1, 0).paragraphs[0].text
    if issued and not NUMBER_LINE.match(number):
        problems.append(f"number line {number!r}")
    if not issued and "…" not in number:
        problems.append(f"a draft without its blank number: {number!r}")
    when = header.cell(1, 1).paragraphs[0]
    if not DATE_LINE.match(when.text) or not all(r.font.italic for r in when.runs):
        problems.append(f"place and date {when.text!r} not italic dd/mm")

    paragraphs = [p for p in doc.paragraphs if p.text.strip()]
    kind_line = paragraphs[0]
    if kind_line.text != kind_line.text.upper() or not all(r.font.bold for r in kind_line.runs):
        problems.append("kind not in bold capitals")
    if _runs_size(kind_line) != {15.0}:
        problems.append(f"kind size {_runs_size(kind_line)}")
    headings = [p for p in paragraphs if p.style.name.startswith("Paper Heading")]
    for p in headings:
        if not _all_bold(p):
            problems.append(f"heading not bold: {p.text!r}")
    body = [p for p in paragraphs[1:] if p.style.name == "Normal"]
    for p in body:
        if not _runs_size(p) <= {13.0, 14.0}:
            problems.append(f"body size {_runs_size(p)} in {p.text[:40]!r}")
    # No empty section: a heading is followed by something before the next heading at its level.
    sequence = []
    elements = list(doc.element.body.iterchildren())
    for el in elements:
        if el.tag == qn("w:p"):
            p = DocxParagraph(el, doc)
            if p.text.strip():
                name = p.style.name
                sequence.append((int(name[-1]) if name.startswith("Paper Heading") else None, p.text))
        elif el.tag == qn("w:tbl"):
            sequence.append((None, "<closing>" if el is closing._tbl else "<table>"))
    for n, (level, text) in enumerate(sequence):
        if level is None:
            continue
        nxt = sequence[n + 1] if n + 1 < len(sequence) else (None, "<closing>")
        if nxt[1] == "<closing>" or (nxt[0] is not None and nxt[0] <= level):
            problems.append(f"empty section under {text!r}")
    texts = [p.text.strip() for p in paragraphs if len(p.text.strip()) > 20]
    repeated = {t for t in texts if texts.count(t) > 1}
    if repeated:
        problems.append(f"repeated paragraphs {sorted(repeated)}")
    everything = [p.text for p in paragraphs] + [c.text for t in doc.tables[1:-1] for row in t.rows for c in row.cells]
    joined = "\n".join(everything)
    for label in STATE_LABELS:
        if label and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", joined):
            problems.append(f"state label {label!r} in the paper")
    for found in DATE.findall(joined):
        if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", found):
            problems.append(f"date {found!r} not dd/mm/yyyy")
    for table in doc.tables[1:-1]:
        if len(table.rows) < 2:
            problems.append(f"a table without rows: {[c.text for c in table.rows[0].cells]}")
        for c, column in enumerate(table.columns):
            head = table.cell(0, c).text
            width = column.width
            if width is not None and width < Mm({"STT": 11, "TT": 9}.get(head, 0)):
                problems.append(f"{head} column {width.mm:.1f} mm wraps")
            if any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", table.cell(r, c).text) for r in range(len(table.rows))):
                if width is not None and width < Mm(22):
                    problems.append(f"date column {head!r} {width.mm:.1f} mm wraps")

    left = [p for p in closing.cell(0, 0).paragraphs if p.text.strip()]
    right = [p for p in closing.cell(0, 1).paragraphs if p.text.strip()]
    if kind_code not in WITHOUT_RECIPIENTS:
        heads = [p for p in left if p.text == "Nơi nhận:"]
        if not heads or not all(r.font.bold and r.font.italic for r in heads[0].runs) or _runs_size(heads[0]) != {12.0}:
            problems.append("«Nơi nhận:» missing or not bold italic 12 pt")
        recipients = [p for p in left if p.text.startswith("- ")]
        if not recipients or not recipients[-1].text.startswith("- Lưu"):
            problems.append("recipients do not end with «- Lưu»")
        if any(_runs_size(p) != {11.0} for p in recipients):
            problems.append("recipients not 11 pt")
    if not right or not (all(r.font.bold for r in right[-1].runs) or right[-1].text == NAME_LINE):
        problems.append("signature block without the signer's name in bold (or a line to write it)")
    return problems


@pytest.fixture
def admin(demo):
    from coso.accounts.models import User

    return User.objects.filter(is_superuser=True).order_by("pk").first()


@pytest.mark.parametrize("code", sorted(k.code for k in kinds.all_kinds()))
def test_every_paper_is_linked_issued_and_laid_out(admin, code):
    kind = kinds.get(code)
    obj, key = _sample(kind, admin)
    client = Client()
    client.force_login(admin)
    page = client.get(kind.record_url(obj, key))
    assert page.status_code == 200, kind.record_url(obj, key)
    html = page.content.decode()
    for fmt in ("docx", "pdf"):
        assert f'href="{kind.url(obj, key, fmt)}"'.replace("&", "&amp;") in html, (code, fmt)

    draft = client.get(kind.url(obj, key, "docx"))
    assert draft.status_code == 200
    assert clerk_check(draft.content, issued=False, kind_code=code) == []

    if kind.not_ready and kind.not_ready(obj, key):
        pytest.skip(f"the demo's {code} is not ready to issue: {kind.not_ready(obj, key)}")
    line = services.issue_paper(actor=admin, kind_code=code, obj=obj, key=key)
    issued = client.get(kind.url(obj, key, "docx"))
    assert issued.content == bytes(line.docx)
    assert clerk_check(issued.content, issued=True, kind_code=code) == []
    assert f"Số {line.symbol}" in client.get(kind.record_url(obj, key)).content.decode()


@pytest.fixture(scope="module")
def pdf_converter():
    """One long-lived converter for the module's PDFs (coso/documents/converter.py), when this
    machine can run one; else each PDF starts its own LibreOffice."""
    import os
    import shutil
    import tempfile

    from coso.documents import converter

    folder = tempfile.mkdtemp(prefix="coso-conv-")
    path = os.path.join(folder, "p.sock")
    try:
        converter.start(path=path)
    except converter.ConverterUnavailable:
        path = ""
    yield path
    if path:
        converter.stop(path=path)
    shutil.rmtree(folder, ignore_errors=True)


def _flat(text):
    return " ".join(text.split())


@needs_soffice
@needs_poppler
@pytest.mark.slow
@pytest.mark.parametrize("code", sorted(k.code for k in kinds.all_kinds()))
def test_every_paper_as_pdf_says_what_its_docx_says(admin, code, pdf_converter, settings):
    """Each paper's PDF (the draft, then the issued one) is a real PDF whose text is the paper's."""
    settings.PDF_CONVERTER_SOCKET = pdf_converter
    kind = kinds.get(code)
    obj, key = _sample(kind, admin)
    client = Client()
    client.force_login(admin)
    docx = client.get(kind.url(obj, key, "docx")).content
    response = client.get(kind.url(obj, key, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf", code
    text = _flat(pdf_text(response.content))
    paragraphs = [_flat(p.text) for p in Document(io.BytesIO(docx)).paragraphs if len(p.text.strip()) > 25]
    assert paragraphs, code
    for paragraph in paragraphs[:12]:
        assert paragraph[:40] in text, (code, paragraph)
    if kind.not_ready and kind.not_ready(obj, key):
        return
    line = services.issue_paper(actor=admin, kind_code=code, obj=obj, key=key)
    issued = client.get(kind.url(obj, key, "pdf"))
    assert issued.status_code == 200 and issued.content.startswith(b"%PDF")
    assert f"Số: {line.number}-" in _flat(pdf_text(issued.content)), code


@pytest.mark.parametrize("code", ["placements.report", "placements.evaluation"])
def test_the_field_training_papers_exist_for_every_period(admin, code):
    """Issue 14 point 5: the cadre's own report and the host's evaluation are papers for each
    6-month period and for the end, each laid out as a clerk checks and issued with a number."""
    kind = kinds.get(code)
    rows = list(kind.records(admin).order_by("pk"))
    placement = rows[0].placement
    periods = [row for row in rows if row.placement_id == placement.pk]
    assert {row.kind for row in periods} >= {"six_month", "final"}, code
    client = Client()
    client.force_login(admin)
    for row in periods:
        page = client.get(kind.record_url(row, "")).content.decode()
        assert f'href="{kind.url(row, "", "docx")}"' in page, (code, row.pk)
        docx = client.get(kind.url(row, "", "docx")).content
        assert clerk_check(docx, issued=False, kind_code=code) == [], (code, row.kind)
        text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
        expected = {"placements.report": {"final": "khi kết thúc", "six_month": f"định kỳ 6 tháng lần {row.sequence}"}}
        if code in expected:
            assert expected[code][row.kind] in text, (row.kind, text[:300])
        else:
            assert f"kỳ nhận xét: {row.get_kind_display()} (lần {row.sequence}" in text
        if not (kind.not_ready and kind.not_ready(row, "")):
            line = services.issue_paper(actor=admin, kind_code=code, obj=row, key="")
            issued = client.get(kind.url(row, "", "docx")).content
            assert clerk_check(issued, issued=True, kind_code=code) == [], (code, row.kind, line.symbol)
