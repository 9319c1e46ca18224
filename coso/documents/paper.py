"""Official papers of the Youth Union in the Vietnamese administrative format.

Every paper the system produces (decisions, introduction letters, plans, monthly and
6-monthly reports, evaluation and registration forms) is a :class:`Paper`, rendered to
.docx by :func:`render_docx` and to PDF by :func:`render_pdf`. Pure Python: no request,
no settings, no database.

The format is Decree 30/2020/NĐ-CP, Appendix I, as adapted by the union's guidance
29-HD/TWĐTN-VP:

* A4 portrait; margins 20 mm top and bottom, 30 mm left, 15 mm right.
* Times New Roman everywhere (ascii, hAnsi, cs and eastAsia slots, theme fonts removed),
  language vi-VN. LibreOffice on Debian substitutes the metric-compatible
  "Liberation Serif" (fonts-liberation2 carries the Vietnamese letters), so the PDF has
  the same line breaks as Word on the officials' machines.
* Header: a borderless 2-column table. Left: the parent body, the issuing body in bold
  capitals, "***", then "Số: 14-KH/TĐTN". Right: "ĐOÀN TNCS HỒ CHÍ MINH" bold and
  underlined, then the place and date in italics with a zero-padded day and month
  ("Quảng Nam, ngày 25 tháng 02 năm 2013"), on the same row as "Số:".
* The kind ("KẾ HOẠCH") in bold capitals and the summary in bold, both centred. A paper
  without a kind is a letter (công văn): its "V/v …" summary goes under "Số:" instead.
* Body 14 pt (13 with ``font_size=13``), justified, first-line indent 1.27 cm; headings
  bold and kept with the next paragraph; tables with borders and a bold header row
  repeated on every page.
* Closing: a borderless 2-column table kept on one page. Left: "Nơi nhận:" bold italic
  12 pt and the recipients in 11 pt ("- Như trên;" … "- Lưu: VT, TCKT."), or a second
  signature (e.g. the branch's confirmation on a registration form). Right: the
  signature block ("TM. BAN THƯỜNG VỤ", "BÍ THƯ", room to sign, the name), all bold.
* Page numbers at the top centre from page 2: a PAGE field in the default header, and
  an empty first-page header ("different first page").

Why python-docx and not docxtpl: the layout is the same for every kind of paper and
only the blocks of the body change, which is code's job rather than a Word template's;
building it in code keeps every measurement above in one readable place and needs no
binary file in the repository. A feature whose paper is mostly fixed wording made in
Word by officials can still use docxtpl (installed) and :func:`docx_to_pdf` for its PDF.
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from coso.documents import converter
from coso.documents.errors import DocumentError
from coso.documents.libreoffice import PDF_TIMEOUT, PDF_TIMEOUT_PER_EXTRA, soffice_path

logger = logging.getLogger(__name__)

__all__ = [
    "BulletList",
    "DocumentError",
    "Heading",
    "PageBreak",
    "Paper",
    "Paragraph",
    "Run",
    "Signature",
    "Table",
    "date_line",
    "docx_to_pdf",
    "number_line",
    "docxs_to_pdfs",
    "pdf_available",
    "render_docx",
    "render_pdf",
    "render_pdfs",
]

# --- The format, in one place -------------------------------------------------------------

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
HEADER_DISTANCE = Mm(10)  # the page number sits in the top margin
TEXT_WIDTH_MM = 210 - 30 - 15  # 165 mm
FIRST_LINE_INDENT = Cm(1.27)
BODY_SIZE = 14
HEADER_LEFT_MM, HEADER_RIGHT_MM = 80, TEXT_WIDTH_MM - 80  # header table columns
CLOSING_LEFT_MM, CLOSING_RIGHT_MM = 85, TEXT_WIDTH_MM - 85  # recipients | signature
LAYOUT_CELL_MARGIN_MM = 1  # inside the borderless header and closing tables
DATE_LINE_LONG = 37  # characters: a longer place and date line is set in 13 pt, not 14
UNION_NAME = "ĐOÀN TNCS HỒ CHÍ MINH"
ADDRESSEE_INDENT_CM, ADDRESSEE_LABEL_CM = 2.0, 2.15  # "Kính gửi:" block; the width of "Kính gửi: "
TABLE_CELL_MARGIN_MM = 1.2  # left and right inside a body table's cells
SIGNATURE_ROOM_LINES = 4  # blank lines left for the hand signature and the seal

MIME_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MIME_PDF = "application/pdf"

INSTALL_HINT = gettext_lazy(
    "Cài LibreOffice: chạy scripts/install-system-deps.sh (apt-get install libreoffice-writer-nogui)."
)


# --- The paper and its blocks ------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph with its own emphasis: ``Paragraph([Run("Đối tượng 1:", italic=True), " …"])``."""

    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False


@dataclass(frozen=True)
class Heading:
    """A bold heading; ``text`` carries its own numbering ("I. MỤC ĐÍCH", "1. Mục đích", "a) …").

    Level 1 and 2 are bold, level 3 bold italic; all keep with the next paragraph."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph, justified with a first-line indent unless ``indent=False``.

    ``text`` is a string (a newline is a line break) or a sequence of strings and
    :class:`Run`. ``align`` is "justify", "left", "center" or "right"."""

    text: str | Sequence[str | Run]
    bold: bool = False
    italic: bool = False
    indent: bool = True
    align: str = "justify"


@dataclass(frozen=True)
class Table:
    """A bordered table: a bold header row (repeated on every page) and rows of cells.

    ``widths`` are relative column widths (e.g. ``[1, 5, 3]``), scaled to the text width;
    equal columns when omitted. Cells may be any value (``str()``) or a :class:`Run`."""

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float] | None = None


@dataclass(frozen=True)
class BulletList:
    """Items as the seeds write them: indented paragraphs starting with "- "."""

    items: Sequence[str | Sequence[str | Run]]


@dataclass(frozen=True)
class PageBreak:
    """Start a new page (e.g. between an evaluation form and its annex)."""


Block = Heading | Paragraph | Table | BulletList | PageBreak


@dataclass(frozen=True)
class Signature:
    """A signature block: "TM. BAN THƯỜNG VỤ" / "BÍ THƯ" / (room) / name, all bold.

    ``note`` is an italic line under the title, e.g. "(Ký, ghi rõ họ tên)" on forms."""

    on_behalf: str
    title: str
    name: str
    note: str = ""


@dataclass
class Paper:
    parent_body: str  # "BCH TỈNH ĐOÀN QUẢNG NAM" (may be "")
    issuing_body: str  # "BAN THƯỜNG VỤ" or "TỈNH ĐOÀN QUẢNG NAM"
    number: str  # "14-KH/TĐTN"; a draft: "" with ``symbol``, or "-KH/TĐTN"
    place: str  # "Quảng Nam"
    date: datetime.date
    kind: str  # "KẾ HOẠCH"; "" for a letter (công văn), whose summary is "V/v …"
    summary: str  # "Tổ chức đi cơ sở xây dựng phong trào năm 2013"
    body: list[Block]
    recipients: list[str]  # ["Như trên", "Lưu: VT, TCKT"]
    signer_on_behalf: str  # "TM. BAN THƯỜNG VỤ", "KT. BÍ THƯ", or ""
    signer_title: str  # "BÍ THƯ", "PHÓ BÍ THƯ"
    signer_name: str
    # Optional extras.
    symbol: str = ""  # "KH/TĐTN" when ``number`` holds only the running number (or nothing)
    signer_note: str = ""  # "(Ký, ghi rõ họ tên)"
    countersignature: Signature | None = None  # bottom-left, e.g. "XÁC NHẬN CỦA BCH CHI ĐOÀN"
    addressee: Sequence[str] = ()  # "Kính gửi: …" under the title (letters, introduction letters)
    font_size: float = BODY_SIZE  # 13 or 14
    # A form that should fit one page: tables one point smaller, tighter spacing, less room to sign.
    compact: bool = False
    # Not yet issued through the register: "Số: …-KH/TĐTN" and "DỰ THẢO" at the top of page 1.
    draft: bool = False

    @property
    def title(self) -> str:
        return " ".join(part for part in (self.kind.strip(), self.summary.strip()) if part)


DRAFT_MARK = "DỰ THẢO"
DRAFT_NUMBER = "…"  # the number of a paper not yet issued


def number_line(number: str, symbol: str = "", *, draft: bool = False) -> str:
    """``"Số: 14-KH/TĐTN"``; a draft without its running number keeps a blank to fill by hand.

    ``("14-KH/TĐTN")`` and ``("14", "KH/TĐTN")`` give "Số: 14-KH/TĐTN"; ``("", "KH/TĐTN")``
    and ``("-KH/TĐTN")`` give "Số:" + six no-break spaces + "-KH/TĐTN"; a draft of the register
    (``draft=True``) gives "Số: …-KH/TĐTN".
    """
    number, symbol = number.strip(), symbol.strip().lstrip("-")
    if draft and not number:
        return f"Số: {DRAFT_NUMBER}-{symbol}" if symbol else f"Số: {DRAFT_NUMBER}"
    if "-" in number:
        running, _, rest = number.partition("-")
        running, symbol = running.strip(), rest.strip()
    else:
        running = number
    blank = "\u00a0" * 6  # a place to write the number on a signed draft
    if not symbol:
        return f"Số: {running}" if running else f"Số:{blank}"
    return f"Số: {running}-{symbol}" if running else f"Số:{blank}-{symbol}"


def date_line(place: str, date: datetime.date) -> str:
    """``"Quảng Nam, ngày 25 tháng 02 năm 2013"`` (day and month always two digits)."""
    return f"{place.strip()}, ngày {date.day:02d} tháng {date.month:02d} năm {date.year}"


def recipient_lines(recipients: Sequence[str]) -> list[str]:
    """ "- Như trên;" … "- Lưu: VT, TCKT." whatever punctuation the caller used."""
    items = [r.strip().lstrip("-–").strip().rstrip(";.,").strip() for r in recipients]
    items = [i for i in items if i]
    return [f"- {item}{'.' if n == len(items) - 1 else ';'}" for n, item in enumerate(items)]


# --- .docx ----------------------------------------------------------------------------------


def render_docx(paper: Paper) -> bytes:
    """The paper as a .docx file (bytes)."""
    doc = Document()
    _setup_styles(doc, paper.font_size, compact=paper.compact)
    _setup_page(doc, draft=paper.draft)
    _set_properties(doc, paper)
    # The default template starts with one empty paragraph: drop it, the header table comes first.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    _header(doc, paper)
    _title(doc, paper)
    for block in paper.body:
        _block(doc, block, paper.font_size - (1 if paper.compact else 0))
    _closing(doc, paper)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _setup_page(doc, *, draft: bool = False) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = HEADER_DISTANCE
    section.gutter = 0
    # Page numbers from page 2: the first page has its own (empty) header.
    section.different_first_page_header_footer = True
    first = section.first_page_header
    first.is_linked_to_previous = False
    first.paragraphs[0].style = doc.styles["Normal"]
    if draft:
        # A paper not yet issued says so where nobody can miss it, outside the body.
        mark = first.paragraphs[0]
        _plain(mark, WD_ALIGN_PARAGRAPH.RIGHT)
        run = mark.add_run(DRAFT_MARK)
        run.font.bold = True
        run.font.size = Pt(12)
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    _plain(p, WD_ALIGN_PARAGRAPH.CENTER)
    _page_field(p, size=BODY_SIZE - 1)


def _set_fonts(rpr, name: str = FONT) -> None:
    """Explicit fonts in all four slots, without the theme attributes that would override them."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANGUAGE)


def _setup_styles(doc, size: float, *, compact: bool = False) -> None:
    styles = doc.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr_default)
    _set_lang(rpr_default)

    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(size)
    _set_fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = FIRST_LINE_INDENT
    pf.space_before, pf.space_after = Pt(0), Pt(2 if compact else 6)
    pf.line_spacing = 1.0
    pf.widow_control = True

    def add(name, *, bold=None, italic=None, size_pt=None, indent=None, align=None, before=None, after=None):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        if bold is not None:
            style.font.bold = bold
        if italic is not None:
            style.font.italic = italic
        if size_pt is not None:
            style.font.size = Pt(size_pt)
        f = style.paragraph_format
        if indent is not None:
            f.first_line_indent = indent
        if align is not None:
            f.alignment = align
        if before is not None:
            f.space_before = Pt(before)
        if after is not None:
            f.space_after = Pt(after)
        return style

    for level in (1, 2, 3):
        style = add(f"Paper Heading {level}", bold=True, italic=level == 3, before=6 if level == 1 else 0)
        style.paragraph_format.keep_with_next = True
        outline = OxmlElement("w:outlineLvl")  # shows in Word's navigation pane
        outline.set(qn("w:val"), str(level - 1))
        style.element.get_or_add_pPr().append(outline)
    add("Paper Plain", indent=Cm(0), align=WD_ALIGN_PARAGRAPH.CENTER, before=0, after=0)
    add(
        "Paper Table",
        size_pt=size - (2 if compact else 1),
        indent=Cm(0),
        align=WD_ALIGN_PARAGRAPH.LEFT,
        before=0 if compact else 2,
        after=0 if compact else 2,
    )
    add("Paper Recipients", size_pt=11, indent=Cm(0), align=WD_ALIGN_PARAGRAPH.LEFT, before=0, after=0)


def _set_properties(doc, paper: Paper) -> None:
    props = doc.core_properties
    props.title = paper.title
    props.subject = paper.summary
    props.author = props.last_modified_by = paper.issuing_body or paper.parent_body
    props.language = LANGUAGE
    props.keywords = number_line(paper.number, paper.symbol, draft=paper.draft)
    props.comments = ""
    stamp = datetime.datetime.combine(paper.date, datetime.time(8, 0))
    props.created = props.modified = stamp
    props.revision = 1


def _plain(p, align=WD_ALIGN_PARAGRAPH.CENTER, style="Paper Plain"):
    p.style = style
    p.paragraph_format.alignment = align
    return p


def _runs(p, content, *, bold=False, italic=False, underline=False, size=None):
    """Add ``content`` (a string with newlines, or strings and Runs) to paragraph ``p``."""
    parts = [content] if isinstance(content, str | Run) else list(content)
    for part in parts:
        run_spec = part if isinstance(part, Run) else Run(str(part))
        lines = run_spec.text.split("\n")
        for n, line in enumerate(lines):
            run = p.add_run(line)
            if bold or run_spec.bold:
                run.font.bold = True
            if italic or run_spec.italic:
                run.font.italic = True
            if underline or run_spec.underline:
                run.font.underline = True
            if size is not None:
                run.font.size = Pt(size)
            if n < len(lines) - 1:
                run.add_break(WD_BREAK.LINE)
    return p


def _page_field(p, size) -> None:
    """A PAGE field (the number shown until the field is updated is 2: it is never on page 1)."""

    def run_with(child, text=None):
        run = p.add_run(text)
        run.font.size = Pt(size)
        if child is not None:
            run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    run_with(None, "2")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


_TBLPR_ORDER = [
    "tblStyle",
    "tblpPr",
    "tblOverlap",
    "bidiVisual",
    "tblStyleRowBandSize",
    "tblStyleColBandSize",
    "tblW",
    "jc",
    "tblCellSpacing",
    "tblInd",
    "tblBorders",
    "shd",
    "tblLayout",
    "tblCellMar",
    "tblLook",
    "tblCaption",
    "tblDescription",
]  # the schema's order: Word refuses a file whose table properties are out of order


def _tblpr_set(tbl_pr, element) -> None:
    """Put ``element`` into ``w:tblPr`` in schema order, replacing one of the same name."""
    tag = element.tag
    old = tbl_pr.find(tag)
    if old is not None:
        tbl_pr.remove(old)
    rank = _TBLPR_ORDER.index(tag.split("}")[1])
    for n, child in enumerate(tbl_pr):
        name = child.tag.split("}")[1]
        if name in _TBLPR_ORDER and _TBLPR_ORDER.index(name) > rank:
            tbl_pr.insert(n, element)
            return
    tbl_pr.append(element)


def _table_layout(table, widths_mm: Sequence[float], *, borders: bool, cell_margin_mm: float | None = None) -> None:
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_w = OxmlElement("w:tblW")
    tbl_w.set(qn("w:w"), str(int(sum(Mm(w).twips for w in widths_mm))))
    tbl_w.set(qn("w:type"), "dxa")
    _tblpr_set(tbl_pr, tbl_w)
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        if borders:
            el.set(qn("w:val"), "single")
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        else:
            el.set(qn("w:val"), "nil")
        edges.append(el)
    _tblpr_set(tbl_pr, edges)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    _tblpr_set(tbl_pr, layout)
    if cell_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(int(Mm(cell_margin_mm).twips)))
            el.set(qn("w:type"), "dxa")
            margins.append(el)
        _tblpr_set(tbl_pr, margins)
    for n, width in enumerate(widths_mm):
        table.columns[n].width = Mm(width)
        for cell in table.columns[n].cells:
            cell.width = Mm(width)


def _cant_split(row, header=False) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _cell_lines(cell, lines) -> None:
    """Fill a cell with centred lines: (text, {bold, italic, underline, size, before})."""
    first = True
    for text, fmt in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _plain(p)
        if fmt.get("before"):
            p.paragraph_format.space_before = Pt(fmt["before"])
        if fmt.get("align") is not None:
            p.paragraph_format.alignment = fmt["align"]
        _runs(
            p,
            text,
            bold=fmt.get("bold", False),
            italic=fmt.get("italic", False),
            underline=fmt.get("underline", False),
            size=fmt.get("size"),
        )


def _header(doc, paper: Paper) -> None:
    table = doc.add_table(rows=2, cols=2)
    _table_layout(table, [HEADER_LEFT_MM, HEADER_RIGHT_MM], borders=False, cell_margin_mm=LAYOUT_CELL_MARGIN_MM)
    left_top = []
    if paper.parent_body.strip():
        left_top.append((paper.parent_body.strip(), {"size": 14}))
    left_top.append((paper.issuing_body.strip().upper(), {"bold": True, "size": 14}))
    left_top.append(("***", {"size": 14}))
    _cell_lines(table.cell(0, 0), left_top)
    _cell_lines(table.cell(0, 1), [(UNION_NAME, {"bold": True, "underline": True, "size": 15})])
    left_bottom = [(number_line(paper.number, paper.symbol, draft=paper.draft), {"size": 14})]
    if not paper.kind.strip() and paper.summary.strip():
        # A letter (công văn): "V/v …" under the number, 12 pt.
        left_bottom.append((paper.summary.strip(), {"size": 12, "before": 3}))
    _cell_lines(table.cell(1, 0), left_bottom)
    when = date_line(paper.place, paper.date)
    _cell_lines(table.cell(1, 1), [(when, {"italic": True, "size": 14 if len(when) <= DATE_LINE_LONG else 13})])
    for row in table.rows:
        _cant_split(row)


def _title(doc, paper: Paper) -> None:
    if paper.kind.strip():
        p = _plain(doc.add_paragraph())
        p.paragraph_format.space_before = Pt(10 if paper.compact else 18)
        p.paragraph_format.keep_with_next = True
        _runs(p, paper.kind.strip().upper(), bold=True, size=15)
        if paper.summary.strip():
            p = _plain(doc.add_paragraph())
            p.paragraph_format.keep_with_next = True
            _runs(p, paper.summary.strip(), bold=True, size=14)
    addressees = [a.strip().rstrip(";.,") for a in paper.addressee if a.strip()]
    if len(addressees) == 1:
        p = _plain(doc.add_paragraph())
        p.paragraph_format.space_before = Pt(12)
        p.paragraph_format.keep_with_next = True
        _runs(p, f"Kính gửi: {addressees[0]}.", size=paper.font_size)
    elif addressees:
        for n, name in enumerate(addressees):
            p = _plain(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT)
            p.paragraph_format.keep_with_next = True
            p.paragraph_format.left_indent = Cm(ADDRESSEE_INDENT_CM + (0 if n == 0 else ADDRESSEE_LABEL_CM))
            if n == 0:
                p.paragraph_format.space_before = Pt(12)
            end = "." if n == len(addressees) - 1 else ";"
            _runs(p, ("Kính gửi: " if n == 0 else "") + f"- {name}{end}", size=paper.font_size)
    # Room between the title (or the header of a letter) and the body.
    p = _plain(doc.add_paragraph())
    p.paragraph_format.space_after = Pt(6)
    p.paragraph_format.keep_with_next = True


_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}


def _block(doc, block, size: float) -> None:
    if isinstance(block, Heading):
        level = min(max(int(block.level), 1), 3)
        _runs(doc.add_paragraph(style=f"Paper Heading {level}"), block.text)
    elif isinstance(block, Paragraph):
        p = doc.add_paragraph()
        if not block.indent:
            p.paragraph_format.first_line_indent = Cm(0)
        if block.align not in _ALIGN:
            raise DocumentError("bad_align", _("Căn lề không hợp lệ: %(align)r") % {"align": block.align})
        if block.align != "justify":
            p.paragraph_format.alignment = _ALIGN[block.align]
        _runs(p, block.text, bold=block.bold, italic=block.italic)
    elif isinstance(block, BulletList):
        for item in block.items:
            p = doc.add_paragraph()
            parts = [item] if isinstance(item, str | Run) else list(item)
            if parts and isinstance(parts[0], str):
                parts[0] = "- " + parts[0].lstrip().removeprefix("- ").lstrip()
            else:
                parts.insert(0, "- ")
            _runs(p, parts)
    elif isinstance(block, Table):
        _body_table(doc, block, size)
    elif isinstance(block, PageBreak):
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        raise DocumentError("bad_block", _("Khối nội dung không hợp lệ: %(kind)s") % {"kind": type(block).__name__})


# Average advance of a character in Times New Roman, in em: digits and most lower case
# letters about 0.5, capitals about 0.7, bold about 5 % wider. Enough to keep "STT" and a
# date "01/03/2013" on one line; the estimate errs on the wide side.
_NARROW = set("ijlrtfI.,;:!'()/-|")
_WIDE = set("mwMW")


def text_width_mm(text: str, size: float, *, bold: bool = False) -> float:
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.3
        elif ch in _WIDE:
            em += 0.85
        elif ch.isupper():
            em += 0.7
        else:
            em += 0.5
    width = em * size * 25.4 / 72
    return width * (1.07 if bold else 1.0)


def _unbreakable(text: str) -> str:
    """The longest run a line can never break inside: a word, a number, a date."""
    return max(str(text).replace("\n", " ").split(" "), key=len, default="")


def column_widths(block: Table, weights: Sequence[float], size: float) -> list[float]:
    """Column widths (mm) from the relative weights, but never narrower than a column's longest
    word (header in bold), number or date, so "STT" and "01/03/2013" never wrap. The extra
    width a column needs is taken from the others in proportion to what they have left."""
    cols = len(weights)
    total = TEXT_WIDTH_MM - 1  # slightly narrower than the text so the outer borders stay inside
    padding = 2 * TABLE_CELL_MARGIN_MM + 0.8
    cell_size = size - 1
    minimum = [0.0] * cols
    for c in range(cols):
        texts = [(block.headers[c] if c < len(block.headers) else "", True)]
        texts += [((r[c].text if isinstance(r[c], Run) else r[c]) if c < len(r) else "", False) for r in block.rows]
        for text, bold in texts:
            if text is None:
                continue
            word = _unbreakable(text)
            minimum[c] = max(minimum[c], text_width_mm(word, cell_size, bold=bold) + padding)
    widths = [w * total / sum(weights) for w in weights]
    if sum(minimum) >= total:  # cannot honour them all: share in proportion to the minimums
        return [m * total / sum(minimum) for m in minimum]
    for _round in range(cols):
        short = [c for c in range(cols) if widths[c] < minimum[c] - 0.01]
        if not short:
            break
        need = sum(minimum[c] - widths[c] for c in short)
        for c in short:
            widths[c] = minimum[c]
        spare = {c: widths[c] - minimum[c] for c in range(cols) if c not in short and widths[c] > minimum[c]}
        room = sum(spare.values())
        for c, extra in spare.items():
            widths[c] -= need * extra / room
    return widths


def _body_table(doc, block: Table, size: float = BODY_SIZE) -> None:
    cols = len(block.headers) or max((len(r) for r in block.rows), default=0)
    if cols == 0:
        return
    weights = list(block.widths) if block.widths else [1] * cols
    if len(weights) != cols or any(w <= 0 for w in weights):
        raise DocumentError("bad_table", _("Độ rộng cột phải là số dương, mỗi cột một số."))
    widths = column_widths(block, weights, size)
    table = doc.add_table(rows=(1 if block.headers else 0) + len(block.rows), cols=cols)
    _table_layout(table, widths, borders=True, cell_margin_mm=TABLE_CELL_MARGIN_MM)
    r = 0
    if block.headers:
        row = table.rows[0]
        _cant_split(row, header=True)
        for c, text in enumerate(block.headers):
            p = row.cells[c].paragraphs[0]
            p.style = "Paper Table"
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(p, str(text), bold=True)
        r = 1
    for values in block.rows:
        row = table.rows[r]
        _cant_split(row)
        for c in range(cols):
            value = values[c] if c < len(values) else ""
            p = row.cells[c].paragraphs[0]
            p.style = "Paper Table"
            if isinstance(value, int | float) and not isinstance(value, bool):
                p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _runs(p, value if isinstance(value, Run) else ("" if value is None else str(value)))
        r += 1
    # A table directly followed by another block needs a little air.
    spacer = doc.add_paragraph(style="Paper Plain")
    spacer.paragraph_format.space_after = Pt(3)


NAME_LINE = "……………………………"


def _signature_lines(on_behalf, title, name, note="", room=SIGNATURE_ROOM_LINES):
    lines = []
    if on_behalf.strip():
        lines.append((on_behalf.strip(), {"bold": True, "size": 14}))
    if title.strip():
        lines.append((title.strip(), {"bold": True, "size": 14}))
    if note.strip():
        lines.append((note.strip(), {"italic": True, "size": 13}))
    lines.extend(("", {"size": 14}) for _ in range(room))
    # No name recorded: a line to write it by hand, never an empty block.
    lines.append((name.strip(), {"bold": True, "size": 14}) if name.strip() else (NAME_LINE, {"size": 14}))
    return lines


def _closing(doc, paper: Paper) -> None:
    spacer = _plain(doc.add_paragraph())
    spacer.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=2)
    _table_layout(table, [CLOSING_LEFT_MM, CLOSING_RIGHT_MM], borders=False, cell_margin_mm=LAYOUT_CELL_MARGIN_MM)
    _cant_split(table.rows[0])
    left = []
    room = SIGNATURE_ROOM_LINES - 2 if paper.compact else SIGNATURE_ROOM_LINES
    counter = paper.countersignature
    if counter is not None:
        left.extend(_signature_lines(counter.on_behalf, counter.title, counter.name, counter.note, room))
    lines = recipient_lines(paper.recipients)
    if lines:
        left_align = {"align": WD_ALIGN_PARAGRAPH.LEFT}
        left.append(
            ("Nơi nhận:", {"bold": True, "italic": True, "size": 12, "before": 12 if counter else 0} | left_align)
        )
        left.extend((line, {"size": 11} | left_align) for line in lines)
    if left:
        _cell_lines(table.cell(0, 0), left)
        for p in table.cell(0, 0).paragraphs:
            if p.text.startswith("- "):
                p.style = "Paper Recipients"  # 11 pt; a wrapped line hangs under the text, not the dash
                p.paragraph_format.left_indent = Mm(2.5)
                p.paragraph_format.first_line_indent = -Mm(2.5)
    right = _signature_lines(paper.signer_on_behalf, paper.signer_title, paper.signer_name, paper.signer_note, room)
    _cell_lines(table.cell(0, 1), right)


# --- PDF ----------------------------------------------------------------------------------


def pdf_available() -> bool:
    """True when LibreOffice is installed, so :func:`render_pdf` can work."""
    return soffice_path() is not None


def render_pdf(paper: Paper, *, timeout: float | None = None) -> bytes:
    """The paper as PDF: :func:`render_docx`, converted by LibreOffice headless."""
    return docx_to_pdf(render_docx(paper), timeout=timeout)


def render_pdfs(papers: Sequence[Paper], *, timeout: float | None = None) -> list[bytes]:
    """Many papers as PDFs in one LibreOffice run (its start-up is paid once), in order."""
    return docxs_to_pdfs([render_docx(paper) for paper in papers], timeout=timeout)


def docx_to_pdf(docx: bytes, *, timeout: float | None = None) -> bytes:
    """Convert .docx bytes (from :func:`render_docx`, or a docxtpl template) to PDF bytes."""
    return docxs_to_pdfs([docx], timeout=timeout)[0]


def docxs_to_pdfs(docxs: Sequence[bytes], *, timeout: float | None = None) -> list[bytes]:
    """Convert .docx files to PDF, in order: through the long-lived converter when one runs
    (coso/documents/converter.py: no LibreOffice start-up to pay), else in one new LibreOffice
    (:func:`convert_once`). A converter that stops answering midway leaves the rest to that."""
    if not docxs:
        return []
    each = PDF_TIMEOUT if timeout is None else timeout
    pdfs: list[bytes] = []
    try:
        for docx in docxs:
            pdfs.append(converter.convert(docx, timeout=each)[0])
    except converter.ConverterUnavailable as error:
        if converter.socket_path():
            logger.warning("PDF converter unavailable (%s): starting LibreOffice for this conversion", error)
        pdfs.extend(convert_once(docxs[len(pdfs) :], timeout=timeout))
    return pdfs


def convert_once(docxs: Sequence[bytes], *, timeout: float | None = None) -> list[bytes]:
    """Convert .docx files to PDF with one ``soffice --headless --convert-to pdf`` run.

    Each call has its own LibreOffice profile (``-env:UserInstallation``) in its own
    temporary directory, so calls in parallel (threads, web workers, test processes)
    never share a profile or its lock; the directory is removed afterwards. Raises
    :class:`DocumentError` when LibreOffice is missing, fails, or exceeds ``timeout``
    (by default 120 s plus 20 s per further document); the process group is killed then.
    """
    if not docxs:
        return []
    soffice = soffice_path()
    if soffice is None:
        raise DocumentError(
            "pdf_unavailable",
            _("Không tạo được PDF: máy chủ chưa có LibreOffice (soffice). %(hint)s") % {"hint": INSTALL_HINT},
        )
    if timeout is None:
        timeout = PDF_TIMEOUT + PDF_TIMEOUT_PER_EXTRA * (len(docxs) - 1)
    with tempfile.TemporaryDirectory(prefix="coso-pdf-") as tmp:
        work = Path(tmp)
        sources = []
        for n, data in enumerate(docxs):
            source = work / f"paper-{n:04d}.docx"
            source.write_bytes(data)
            sources.append(source)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--nodefault",
            "--nofirststartwizard",
            "--nolockcheck",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work / "out"),
            *map(str, sources),
        ]
        env = {**os.environ, "HOME": str(work), "SAL_USE_VCLPLUGIN": "svp"}
        # Its own process group, so a timeout kills soffice.bin too, not just the wrapper script.
        proc = subprocess.Popen(
            command,
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise DocumentError(
                "pdf_timeout",
                _("LibreOffice không chuyển xong PDF sau %(seconds)s giây.") % {"seconds": f"{timeout:.0f}"},
            ) from None
        targets = [work / "out" / (source.stem + ".pdf") for source in sources]
        missing = [t.name for t in targets if not t.exists()]
        if proc.returncode != 0 or missing:
            detail = (err or out or b"").decode("utf-8", "replace").strip()[-500:]
            raise DocumentError(
                "pdf_failed",
                (
                    _("LibreOffice không chuyển được sang PDF (mã %(returncode)s). %(detail)s")
                    % {"returncode": proc.returncode, "detail": detail}
                ).strip(),
            )
        pdfs = [t.read_bytes() for t in targets]
    if not all(pdf.startswith(b"%PDF") for pdf in pdfs):
        raise DocumentError("pdf_failed", _("LibreOffice trả về một tệp không phải PDF."))
    return pdfs


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
