"""The import computes search and sort keys its own fast way: always the same as Person.save."""

from hypothesis import given, settings
from hypothesis import strategies as st

from coso.core.text import fold, name_sort_key
from coso.imports.fastkeys import fast_fold, fast_name_sort_key, search_text

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
letters = st.sampled_from(VIETNAMESE + VIETNAMESE.upper() + "  \t0123456789@.+-" + "ßø陳\u0302\u0301")
names = st.text(letters, max_size=30)


@settings(max_examples=400, deadline=None)
@given(names)
def test_fast_fold_is_fold(text):
    assert fast_fold(text) == fold(text)


@settings(max_examples=400, deadline=None)
@given(names, names, names)
def test_fast_name_sort_key_is_name_sort_key(family, middle, given_name):
    assert fast_name_sort_key(family, middle, given_name) == name_sort_key(family, middle, given_name)


@settings(max_examples=300, deadline=None)
@given(names, names, names, st.text(letters, max_size=15), st.text(letters, max_size=20))
def test_search_text_is_what_person_save_stores(family, middle, given_name, phone, email):
    full_name = " ".join(p for p in (family, middle, given_name) if p)
    assert search_text(family, middle, given_name, phone, email) == fold(f"{full_name} {phone} {email}")[:255]
