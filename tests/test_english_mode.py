"""Issue 15 point 10: in English mode every page of the menu, and the pages the home page's
items open, are English, for several demo roles. Each page is rendered in English and its text (text nodes, and the title, aria-label,
placeholder and alt attributes; not scripts, styles or data islands) is searched for letters
only Vietnamese uses (ă â đ ê ô ơ ư and the tone marks), after removing the data: the text
values stored in the database (names of units and people, plans, criteria, documents' numbers,
what users wrote). What is left is an untranslated interface string."""

import re
import unicodedata
from html import unescape

import pytest
from django.apps import apps
from django.db import models

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "tinhdoan.quangnam",
    "canbo.quangnam",
    "cumtruong.quangnam",
    "huyendoan.bactramy",
    "chidoan.trason",
    "doanvien.trason",
    "tanphu",
    "quan8",
    "tckt.tayninh",
    "canbo.tayninh",
    "huyendoan.tanbien",
    "chidoan.quan8",
    "coso.quan8",
]
# The language's own name in the switcher; the product's name; the official symbols of the kinds
# of papers (Decree 30/2020 and the Youth Union's rules: they are part of every paper's number,
# "15-QĐ/TĐTN", in any language).
ALLOWED = ["Tiếng Việt", "Cơ Sở"]
SYMBOLS = ["PĐK", "QĐ"]  # removed after the data, which holds whole numbers such as "116-QĐ/TĐTN"
VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def _vietnamese_letters():
    letters = set("ăâđêôơưĂÂĐÊÔƠƯ")
    for vowel in VOWELS + VOWELS.upper():
        for tone in TONES:
            letters.add(unicodedata.normalize("NFC", vowel + tone))
    return "".join(sorted(letters))


VIETNAMESE = re.compile(f"[{_vietnamese_letters()}]")
WORD = re.compile(rf"[\w{_vietnamese_letters()}]*[{_vietnamese_letters()}][\w{_vietnamese_letters()}]*")


def data_strings():
    """Every text value in the project's tables that has a Vietnamese letter, longest first."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("coso.") or model._meta.proxy:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        for field in fields:
            for value in model._default_manager.values_list(field, flat=True).distinct():
                if value and VIETNAMESE.search(value):
                    found.add(value.strip())
                    found.update(part.strip() for part in re.split(r"[\n|;]", value) if len(part.strip()) >= 4)
    # people's full names, as pages write them
    Person = apps.get_model("people", "Person")
    for family, middle, given in Person.objects.values_list("family_name", "middle_name", "given_name"):
        found.add(" ".join(p for p in (family, middle, given) if p))
    return sorted((s for s in found if len(s) >= 2), key=len, reverse=True)


def page_text(html):
    """What a reader reads or hears: text nodes and the attributes read out or shown."""
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S | re.I)
    attributes = re.findall(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"', html)
    text = re.sub(r"<[^>]+>", " ", html)
    return unescape(" ".join([text, *attributes]))


def _without_truncated_data(text, data):
    """A long value shortened by the page ("Kế hoạch công tác cán bộ … năm …") is data too."""
    out, last = [], 0
    for m in re.finditer("…", text):
        before = text[last : m.start()]
        for k in range(min(len(before), 150), 7, -1):
            candidate = before[-k:].lstrip()
            if len(candidate) >= 8 and any(v.startswith(candidate) for v in data):
                before = before[: len(before) - k]
                break
        out.append(before)
        last = m.end()
    out.append(text[last:])
    return " ".join(out)


def untranslated(text, data):
    """The runs of Vietnamese words left once the data and the allowed names are removed."""
    for allowed in ALLOWED:
        text = text.replace(allowed, " ")
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    for symbol in SYMBOLS:
        text = text.replace(symbol, " ")
    text = _without_truncated_data(re.sub(r"\s+", " ", text), data)
    runs = []
    for m in WORD.finditer(text):
        if runs and m.start() - runs[-1][1] <= 30:
            runs[-1][1] = m.end()
        else:
            runs.append([m.start(), m.end()])
    return [text[max(0, a - 15) : b + 15].strip() for a, b in runs]


def menu_links(html):
    nav = re.search(r'id="mainnav".*?</nav>', html, re.S)
    region = nav.group(0) if nav else html
    hrefs = re.findall(r'<a class="(?:nav-link|dropdown-item)[^"]*" href="(/[^"]*)"', region)
    return [h for h in dict.fromkeys(hrefs) if not h.startswith(("/admin/", "/logout", "/i18n/"))]


def attention_links(html, limit=6):
    """The pages the home page's items open (where to act), a few per role."""
    block = re.search(r'data-testid="attention".*?</ul>', html, re.S)
    hrefs = re.findall(r'<a href="(/[^"]*)"', block.group(0)) if block else []
    return list(dict.fromkeys(unescape(h) for h in hrefs))[:limit]


@pytest.fixture(scope="module")
def data(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return data_strings()


@pytest.mark.parametrize("username", ROLES)
def test_every_menu_page_is_english_for_each_role(demo, db, client, data, username):
    from coso.accounts.models import User

    client.force_login(User.objects.get(username=username))
    client.cookies.load({"django_language": "en"})
    home = client.get("/")
    assert home.status_code == 200 and 'lang="en"' in home.content.decode()
    pages = ["/", *menu_links(home.content.decode()), *attention_links(home.content.decode())]
    assert len(pages) >= 2, pages
    found = {}
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        left = untranslated(page_text(response.content.decode()), data)
        if left:
            found[url] = left
    assert not found, "\n".join(f"{url}:\n  " + "\n  ".join(dict.fromkeys(v)) for url, v in found.items())
