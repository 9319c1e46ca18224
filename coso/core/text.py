"""Vietnamese text: tone-free search keys and given-name-first sort keys.

Both are stored in plain columns so that search and sorting behave the same on SQLite
and PostgreSQL, whatever collation the database has.
"""

import unicodedata

# Vietnamese alphabet order; tones are a second level, compared only between equal letters.
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
# Tone order follows Unicode CLDR's Vietnamese collation: none, huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Letters outside the Vietnamese alphabet (f, j, w, z, digits) still need a place.
_EXTRA = "fjwz0123456789"
_LETTER_CODE = {letter: f"{index + 10:02d}" for index, letter in enumerate(ALPHABET + _EXTRA)}
_WORD_END = "00"


def _split_letter(char):
    """Return the base Vietnamese letter (keeping ă â ê ô ơ ư đ) and its tone level."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for part in decomposed:
        if part in TONE_MARKS:
            tone = TONE_MARKS[part]
        else:
            kept.append(part)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def fold(text):
    """Lower-case, without tone or vowel marks, đ as d, spaces collapsed: the search key."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(stripped.lower().split())


def word_key(word):
    """Digits-only key of one word: letters first level, then tones as second level."""
    letters = []
    tones = []
    for char in word.lower():
        base, tone = _split_letter(char)
        code = _LETTER_CODE.get(base)
        if code is None:
            continue
        letters.append(code)
        tones.append(str(tone))
    return "".join(letters), "".join(tones)


def name_sort_key(family_name, middle_name, given_name):
    """Sort key ordering people by given name, then family name, then middle name.

    Each word's letters are encoded as two digits in Vietnamese alphabet order and end with
    ``00`` so that a shorter word sorts before its extensions ("An" before "Anh"); the tone
    digits come after all the letters, so tones only break ties between equal spellings.
    """
    words = [given_name or "", family_name or "", middle_name or ""]
    letter_parts = []
    tone_parts = []
    for word in words:
        letters, tones = word_key(word)
        letter_parts.append(letters + _WORD_END)
        tone_parts.append(tones + "9")
    return ("".join(letter_parts) + "".join(tone_parts))[:255]


def vietnamese_key(text):
    """Sort key for any single label (unit names and the like) in Vietnamese order."""
    letter_parts = []
    tone_parts = []
    for word in (text or "").split():
        letters, tones = word_key(word)
        letter_parts.append(letters + _WORD_END)
        tone_parts.append(tones + "9")
    return "".join(letter_parts) + "".join(tone_parts)


def split_full_name(full_name):
    """'Nguyễn Văn Quy' -> ('Nguyễn', 'Văn', 'Quy'); one word is a given name alone."""
    words = (full_name or "").split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]
