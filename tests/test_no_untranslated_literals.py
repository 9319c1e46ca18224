"""Issue 15 point 10, statically: no Vietnamese text in the code that English mode cannot translate.

Every ``coso/**/*.py`` outside tests and migrations is parsed with ``ast``. A string constant
holding a letter only Vietnamese uses (ă â đ ê ô ơ ư or a tone mark, also when written
decomposed, NFD) fails the test unless it is

- a docstring;
- inside a gettext call (``_``, ``gettext``, ``gettext_lazy``, ``ngettext``, ``pgettext``, their
  lazy forms, ``gettext_noop``): it is in the catalogue, English mode translates it;
- data, listed below with the reason: modules that are Vietnamese by nature (official papers,
  seed data from the source documents), the Vietnamese headers and sheet names of the files an
  import reads (named constants, per module), the product's and the language's own names;
- in a file of ``PENDING``: files whose owners are translating them now. Each owner removes its
  files when they are clean; the test fails when a listed file is already clean, so the list
  only shrinks.

A failure prints ``file:line: text`` for each string to mark.
"""

import ast
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "coso"

# Marks only Vietnamese uses in this project's texts: breve (ă), circumflex (â ê ô), horn (ơ ư)
# and the five tones (huyền, sắc, hỏi, ngã, nặng), as NFD splits them; đ has no decomposition.
MARKS = set("\u0306\u0302\u031b\u0300\u0301\u0303\u0309\u0323")
LETTERS = set("đĐ")

GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

# Whole modules whose text is Vietnamese by nature.
EXEMPT_MODULES = {
    # official papers: their text is Vietnamese by law (Decree 30/2020), in any interface language
    "coso/cadrework/papers.py": "official papers (Vietnamese by law)",
    "coso/placements/papers.py": "official papers (Vietnamese by law)",
    "coso/programme/papers.py": "official papers (Vietnamese by law)",
    "coso/visits/papers.py": "official papers (Vietnamese by law)",
    "coso/documents/samples.py": "the sample papers, copied from the Youth Union's own documents",
    # the demo: data written into the database, shown like any user's data
    "coso/core/demo.py": "demo data",
    "coso/cadrework/demo.py": "demo data",
    "coso/placements/demo.py": "demo data",
    "coso/programme/demo.py": "demo data",
    "coso/visits/demo.py": "demo data",
    # seed data from the source documents (levels, sectors, criteria, kinds): stored rows
    "coso/org/defaults.py": "seed data from the source documents",
    "coso/people/defaults.py": "seed data from the source documents",
    "coso/programme/defaults.py": "seed data from the source documents",
    "coso/visits/defaults.py": "seed data from the source documents",
    "coso/cadrework/setup.py": "seed data from the source documents (seed 004's plan and indicator table)",
    # Vietnamese text processing: the alphabet and the tone marks are what it works on
    "coso/core/text.py": "the Vietnamese alphabet and tone marks (sort and search keys)",
    "coso/imports/fastkeys.py": "the fast path of core/text.py's search keys (đ folded to d)",
}

# Module-level constants (by name) that are data, per module: what the assignment holds is
# exempt (and what a function of that name holds: a builder of test records). Messages in the same modules are still checked.
DATA_NAMES = {
    # the default title under the signer of a field-training decision: the paper's own words
    "coso/placements/models.py": {"SIGNER_TITLE"},
    # the programme API's scope matrices: the records each case builds, the bodies it sends
    "coso/programme/api/matrix.py": {"SCOPE_MATRIX", "_items_body"},
    "coso/programme/api/matrix_common.py": {"tamky"},
    "coso/programme/api/matrix_setup.py": {"SCOPE_MATRIX", "_tk_points_group"},
    # the words a yes/no column accepts and writes in the import template (Vietnamese files)
    "coso/imports/columns.py": {"YES_NO"},
    # the kinds of records and of discipline a records file may name in its cells
    "coso/imports/records.py": {"RECORD_KINDS", "DISCIPLINE_ALIASES"},
    # the national tree's data: the official types of administrative units, the names of their
    # unions, the mountainous districts of the seeds (the builder's messages are still checked)
    "coso/org/treebuilder.py": {
        "DEFAULT_MOUNTAINOUS_DISTRICTS",
        "PROVINCE_TYPES",
        "DISTRICT_TYPES",
        "COMMUNE_TYPES",
        "PROVINCE_UNION",
        "DISTRICT_UNION",
        "COMMUNE_UNION",
        "DEFAULT_PROVINCE_TYPE",
        "DEFAULT_PROVINCE_UNION",
        "DEFAULT_DISTRICT_UNION",
        "DEFAULT_COMMUNE_UNION",
    },
    # the issuing body's abbreviation in a paper's number (15-QĐ/TĐTN), from the body's name
    "coso/documents/services.py": {"ISSUER_CODES"},
    # the sheets of the visits' import template, found by these names in the files users fill
    # and the headers of a phone's outbox and of the template's list sheets (OUTBOX_HEADERS…)
    "coso/visits/visit_import.py": {
        "DATA_SHEET",
        "CADRES_SHEET",
        "FORMS_SHEET",
        "HELP_SHEET",
        "OUTBOX_HEADERS",
        "CADRES_HEADERS",
        "FORMS_HEADERS",
    },
    # the calendar's product identifier (RFC 5545 PRODID), not a text anyone reads
    "coso/visits/calendar.py": {"PRODID"},
    # the sheets of the registration import template
    # (and the words its «Loại» column holds, written by the template and read back)
    "coso/programme/registration_import.py": {"DATA_SHEET", "LISTS_SHEET", "HELP_SHEET", "KIND_LABELS"},
    # the seed's two target groups of a field-training plan, written as rows the organisation edits
    "coso/placements/services/plans.py": {"DEFAULT_GROUPS"},
    # training levels as users' records and imports write them (matched, not shown)
    "coso/cadrework/indicators.py": {"INTERMEDIATE_LEVELS", "ADVANCED_LEVELS"},
    # the API's scope matrices: the probes' request bodies and the builders (module-level
    # functions, named here too) of the records they probe, written in the test database
    "coso/cadrework/api/probes.py": {"SCOPE_MATRIX", "tamky"},
    "coso/placements/api/probes.py": {"SCOPE_MATRIX", "tamky"},
    "coso/visits/api/probes.py": {"SCOPE_MATRIX", "tamky", "_step"},
    "coso/visits/api/setup_matrix.py": {"SCOPE_MATRIX", "_tamky_decision"},
    "coso/api/people.py": {"SCOPE_MATRIX"},
    "coso/api/reference.py": {"SCOPE_MATRIX", "_tamky_department"},
    "coso/api/units.py": {"SCOPE_MATRIX"},
    "coso/api/records.py": {"SAMPLE"},
}

# Calls whose arguments are a file format: the position (after the callee) and keyword
# arguments listed are exempt. ``Column``: a Vietnamese import column's header, the other
# names it is recognised by, the values of its drop-down and the example row of the template:
# what users' files hold. Its ``help`` (shown on the page and in the template) is translated.
DATA_CALLS = {
    "Column": ({1, 3}, {"header", "example", "aliases", "choices"}),
}

# String values that are data, per module: the words of the official paper itself.
DATA_VALUES = {
    # the fixed words of an official paper's layout (Decree 30/2020): Vietnamese in any language;
    # paper.py's messages to the user are still checked
    "coso/documents/paper.py": {
        "ĐOÀN TNCS HỒ CHÍ MINH",
        "DỰ THẢO",
        "Số: ",
        "Số:",
        ", ngày ",
        " tháng ",
        " năm ",
        "Kính gửi: ",
        "Nơi nhận:",
    },
    # the default issuing body's abbreviation in a paper's number ("ĐTN", as in ISSUER_CODES)
    "coso/documents/services.py": {"ĐTN"},
    # the national motto on the probe paper the converter renders to check LibreOffice
    "coso/documents/converter.py": {"Cộng hoà xã hội chủ nghĩa Việt Nam"},
    # the signer's title printed on a field-training decision (an official paper) by default
    "coso/placements/api/schemas.py": {"BÍ THƯ"},
    # the file name of the sample plan (a paper's own number: 14-KH/TĐTN)
    "coso/documents/views.py": {"ke-hoach-14-KH-TĐTN-2013-mau"},
}

# Whole string values allowed anywhere.
ALLOWED_VALUES = {
    "Cơ Sở": "the product's name",
    "Tiếng Việt": "the language's own name in the language switcher",
}

# Files being translated now by their owners. Each owner removes its files when they are
# clean (the test fails when a listed file is clean, so the list only shrinks).
PENDING: set[str] = set()


def is_vietnamese(text):
    return any(c in LETTERS for c in text) or any(c in MARKS for c in unicodedata.normalize("NFD", text))


def _callee(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _subtree(node):
    return {id(sub) for sub in ast.walk(node)}


def untranslated(source, relative):
    """(line, text) of every string constant of the module that English mode cannot translate."""
    tree = ast.parse(source, filename=relative)
    skipped = set()
    data_names = DATA_NAMES.get(relative, set())
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skipped.add(id(first.value))
        if isinstance(node, ast.Call):
            name = _callee(node.func)
            if name in GETTEXT:
                skipped |= _subtree(node)
            elif name in DATA_CALLS:
                positions, keywords = DATA_CALLS[name]
                for index, arg in enumerate(node.args):
                    if index in positions:
                        skipped |= _subtree(arg)
                for keyword in node.keywords:
                    if keyword.arg in keywords:
                        skipped |= _subtree(keyword.value)
        if isinstance(node, ast.Assign | ast.AnnAssign) and data_names:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in data_names for t in targets):
                skipped |= _subtree(node)
        if isinstance(node, ast.FunctionDef) and node.name in data_names:
            skipped |= _subtree(node)
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped
            and node.value.strip() not in ALLOWED_VALUES
            and node.value not in DATA_VALUES.get(relative, ())
            and is_vietnamese(node.value)
        ):
            found.append((node.lineno, node.value))
    return sorted(found)


def modules():
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path, path.relative_to(ROOT).as_posix()


def test_no_vietnamese_literal_outside_gettext():
    offending = []
    for path, relative in modules():
        if relative in EXEMPT_MODULES or relative in PENDING:
            continue
        for line, text in untranslated(path.read_text(encoding="utf-8"), relative):
            offending.append(f"{relative}:{line}: {text[:100]!r}")
    assert not offending, (
        "Vietnamese text outside gettext (mark it with _() / gettext_lazy(), or, if it is data, "
        "list it in this test with the reason):\n" + "\n".join(offending)
    )


def test_pending_files_still_have_work_and_exist():
    """The list only shrinks: a clean file leaves PENDING, and the guard then keeps it clean."""
    clean = []
    for relative in sorted(PENDING):
        path = ROOT / relative
        if not path.exists() or not untranslated(path.read_text(encoding="utf-8"), relative):
            clean.append(relative)
    assert not clean, "These PENDING files are clean (or gone): remove them from PENDING:\n" + "\n".join(clean)


def test_exemptions_name_existing_modules():
    missing = [relative for relative in [*EXEMPT_MODULES, *DATA_NAMES, *DATA_VALUES] if not (ROOT / relative).exists()]
    assert not missing, f"Exemptions for modules that no longer exist: {missing}"


def test_the_guard_sees_what_it_must():
    source = '''
"""Tài liệu."""
from django.utils.translation import gettext as _
def f():
    """Hàm."""
    a = _("Đã lưu.")
    b = "Chưa dịch"
    c = "ok"
    d = "Chu\u031ba"
'''
    found = untranslated(source, "probe.py")
    assert [line for line, _text in found] == [7, 9]
