import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from coso.core.text import ALPHABET, fold, name_sort_key, split_full_name

TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
VIETNAMESE_LETTERS = ALPHABET + "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


def sort_names(names):
    return sorted(names, key=lambda n: name_sort_key(*split_full_name(n)))


def test_fold_removes_tones_marks_and_case():
    assert fold("Nguyễn Văn Quy") == "nguyen van quy"
    assert fold("ĐẶNG Thị Ánh") == "dang thi anh"
    assert fold("  Trà   Sơn ") == "tra son"


def test_people_sorted_by_given_name_first():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Văn Anh"]
    assert sort_names(names) == ["Trần Thị An", "Lê Văn Anh", "Nguyễn Văn Bình"]


def test_vietnamese_letter_order_not_ascii():
    # d < đ < e, and ơ after ô after o, whatever ASCII or the database collation says.
    assert sort_names(["A Đức", "A Dũng", "A Em"]) == ["A Dũng", "A Đức", "A Em"]
    assert sort_names(["A Ơn", "A Ôn", "A On"]) == ["A On", "A Ôn", "A Ơn"]
    assert sort_names(["A Út", "A Uyên", "A Ưng"]) == ["A Út", "A Uyên", "A Ưng"]


def test_tones_only_break_ties_between_equal_letters():
    # "Anh" and "Ánh" share letters: the tone decides; "Ánh" still comes before "Bình".
    assert sort_names(["A Bình", "A Ánh", "A Anh"]) == ["A Anh", "A Ánh", "A Bình"]
    # Tones never outrank letters: "Ánh" before "Anhb…" would be wrong the other way round.
    assert sort_names(["A Ánh", "A An"]) == ["A An", "A Ánh"]


def test_same_given_name_sorted_by_family_then_middle():
    names = ["Trần Văn An", "Lê Thị An", "Lê Minh An"]
    assert sort_names(names) == ["Lê Minh An", "Lê Thị An", "Trần Văn An"]


def test_sort_key_is_digits_only_so_every_collation_agrees():
    assert name_sort_key("Nguyễn", "Thị Ngọc", "Ánh").isdigit()


words = st.text(alphabet=VIETNAMESE_LETTERS, min_size=1, max_size=8)


def reference_letters(word):
    """Independent reference: the alphabet positions of a word's letters, tones dropped."""
    out = []
    for char in word.lower():
        kept = "".join(c for c in unicodedata.normalize("NFD", char) if c not in TONES)
        out.append(ALPHABET.index(unicodedata.normalize("NFC", kept)))
    return out


@given(words, words)
def test_given_names_with_different_letters_follow_the_alphabet(first, second):
    a, b = reference_letters(first), reference_letters(second)
    if a == b:
        return
    key_a = name_sort_key("Nguyễn", "Văn", first)
    key_b = name_sort_key("Nguyễn", "Văn", second)
    assert (key_a < key_b) == (a < b)


@given(words)
def test_fold_is_idempotent_and_ascii(word):
    folded = fold(word)
    assert fold(folded) == folded
    assert folded.isascii()


@given(words, words)
def test_prefix_sorts_first(word, suffix):
    assert name_sort_key("A", "", word) < name_sort_key("A", "", word + suffix)
