"""The English catalogue (locale/en/LC_MESSAGES/django.po and its compiled .mo) is complete and current.

Python's own tools only (no polib, no GNU gettext at test time): the .po is read by a small
parser below and the committed .mo by ``gettext.GNUTranslations``. When a test fails, run
``scripts/update-translations.sh``, translate the new entries, and commit both files.
"""

import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LC_MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"

# %(name)s / %(n)d and positional %s / %d; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?\d*(?:\.\d+)?[sdifr]")


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def where(self):
        return f"{PO_PATH.name}:{self.line} {self.msgid!r}"

    def translations(self):
        return list(self.msgstr_plural.values()) if self.msgid_plural is not None else [self.msgstr]


def _unquote(text, path, number):
    """A PO string literal ("...", C escapes) as text."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"{path}:{number}: expected a quoted string, got {text!r}")
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), "\\" + m.group(1)), text[1:-1])


def read_po(path):
    """The live (not obsolete) entries of a .po file, the header entry (msgid "") first."""
    entries, entry, target = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):  # blank, or an obsolete entry (not compiled)
            continue
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if entry is None or (starts_entry and target is not None and target.startswith("msgstr")):
            entry, target = Entry(line=number), None
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            if target is None:
                raise ValueError(f"{path}:{number}: a string continues no keyword")
            keyword, value, append = target, _unquote(line, path, number), True
        else:
            keyword, _, rest = line.partition(" ")
            value, append = _unquote(rest, path, number), False
        if keyword == "msgctxt":
            entry.msgctxt = (entry.msgctxt if append else "") + value
        elif keyword == "msgid":
            entry.msgid = (entry.msgid if append else "") + value
            entry.line = entry.line if append else number
        elif keyword == "msgid_plural":
            entry.msgid_plural = (entry.msgid_plural if append else "") + value
        elif keyword == "msgstr":
            entry.msgstr = (entry.msgstr if append else "") + value
        elif m := re.fullmatch(r"msgstr\[(\d+)\]", keyword):
            index = int(m.group(1))
            entry.msgstr_plural[index] = (entry.msgstr_plural[index] if append else "") + value
        else:
            raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
        target = keyword
    return entries


@pytest.fixture(scope="module")
def po_entries():
    assert PO_PATH.is_file(), f"{PO_PATH} is missing: run scripts/update-translations.sh"
    entries = read_po(PO_PATH)
    assert entries and entries[0].msgid == "", "the .po has no header entry"
    return entries


@pytest.fixture(scope="module")
def messages(po_entries):
    return [e for e in po_entries if e.msgid != ""]


def test_po_has_a_usable_header(po_entries):
    header = po_entries[0]
    assert "fuzzy" not in header.flags, "fuzzy header: msgfmt would drop it (and Plural-Forms) from the .mo"
    assert "charset=UTF-8" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr
    assert "Language: en" in header.msgstr


def test_po_has_many_messages(messages):
    # Catches an accidental empty catalogue (e.g. makemessages run from the wrong directory).
    assert len(messages) > 100


def test_every_message_is_translated_and_none_is_fuzzy(messages):
    fuzzy = [e.where for e in messages if "fuzzy" in e.flags]
    untranslated = [e.where for e in messages if not all(t.strip() for t in e.translations())]
    report = []
    if untranslated:
        report += [f"{len(untranslated)} untranslated entries:", *untranslated]
    if fuzzy:
        report += [f"{len(fuzzy)} fuzzy entries (check them, then drop '#, fuzzy'):", *fuzzy]
    assert not report, "\n".join(report)


def test_plural_messages_have_both_english_forms(messages):
    wrong = [e.where for e in messages if e.msgid_plural is not None and sorted(e.msgstr_plural) != [0, 1]]
    assert not wrong, "plural entries need exactly msgstr[0] and msgstr[1]:\n" + "\n".join(wrong)


def test_translations_keep_the_placeholders(messages):
    """No placeholder may be invented (a KeyError at run time); a singular may drop the count."""
    wrong = []
    for e in messages:
        if e.msgid_plural is None:
            if e.msgstr and sorted(PLACEHOLDER.findall(e.msgstr)) != sorted(PLACEHOLDER.findall(e.msgid)):
                wrong.append(f"{e.where} -> {e.msgstr!r}")
            continue
        allowed = set(PLACEHOLDER.findall(e.msgid)) | set(PLACEHOLDER.findall(e.msgid_plural))
        for index, text in e.msgstr_plural.items():
            if not text:  # untranslated: reported by the test above
                continue
            used = set(PLACEHOLDER.findall(text))
            if not used <= allowed or (index > 0 and used != set(PLACEHOLDER.findall(e.msgid_plural))):
                wrong.append(f"{e.where} [{index}] -> {text!r}")
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


class _Missing(gettext.NullTranslations):
    """Fallback that records every lookup the compiled catalogue could not answer."""

    def __init__(self):
        super().__init__()
        self.missed = []

    def gettext(self, message):
        self.missed.append(message)
        return message

    def ngettext(self, msgid1, msgid2, n):
        self.missed.append(msgid1)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context, message):
        self.missed.append(f"{context}|{message}")
        return message

    def npgettext(self, context, msgid1, msgid2, n):
        self.missed.append(f"{context}|{msgid1}")
        return msgid1 if n == 1 else msgid2


def test_compiled_mo_is_current(messages):
    """Every .po message is in the committed .mo with the same translation (a stale .mo fails)."""
    assert MO_PATH.is_file(), f"{MO_PATH} is missing: run scripts/update-translations.sh"
    with MO_PATH.open("rb") as fp:
        catalogue = gettext.GNUTranslations(fp)
    missing = _Missing()
    catalogue.add_fallback(missing)
    assert catalogue.info().get("plural-forms") == "nplurals=2; plural=(n != 1);"
    stale = []
    for e in messages:
        if e.msgid_plural is None:
            if e.msgctxt is None:
                got = catalogue.gettext(e.msgid)
            else:
                got = catalogue.pgettext(e.msgctxt, e.msgid)
            if got != e.msgstr:
                stale.append(f"{e.where}: .mo has {got!r}, .po has {e.msgstr!r}")
            continue
        for n, index in ((1, 0), (2, 1)):
            if e.msgctxt is None:
                got = catalogue.ngettext(e.msgid, e.msgid_plural, n)
            else:
                got = catalogue.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
            if got != e.msgstr_plural.get(index):
                stale.append(f"{e.where} [{index}]: .mo has {got!r}, .po has {e.msgstr_plural.get(index)!r}")
    assert not missing.missed, f"{len(missing.missed)} messages are not in the .mo (recompile):\n" + "\n".join(
        map(repr, dict.fromkeys(missing.missed))
    )
    assert not stale, "the .mo differs from the .po (run compilemessages):\n" + "\n".join(stale)


def test_django_uses_the_english_catalogue():
    with translation.override("en"):
        assert translation.gettext("Đăng nhập") == "Sign in"
        assert translation.ngettext("%(n)s người", "%(n)s người", 1) % {"n": 1} == "1 person"
        assert translation.ngettext("%(n)s người", "%(n)s người", 3) % {"n": 3} == "3 people"
    with translation.override("vi"):
        assert translation.gettext("Đăng nhập") == "Đăng nhập"


# No database: the anonymous login page reads none (and the test stays fast).
def test_login_page_is_vietnamese_by_default(client):
    response = client.get("/login/")
    assert response.status_code == 200
    assert re.search(r'<html[^>]*\blang="vi"', response.text)
    assert "Đăng nhập Cơ Sở" in response.text
    assert "Sign in" not in response.text


def test_login_page_in_english_after_choosing_it(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    response = client.get("/login/")
    assert response.status_code == 200
    assert re.search(r'<html[^>]*\blang="en"', response.text)
    assert "Sign in to Cơ Sở" in response.text
    assert "Sign in" in response.text
    assert "Đăng nhập" not in response.text

    client.post("/i18n/setlang/", {"language": "vi", "next": "/login/"})
    assert "Đăng nhập Cơ Sở" in client.get("/login/").text
