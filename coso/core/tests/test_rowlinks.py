"""A list's links written from one reverse are the links ``reverse`` gives row by row."""

import pytest
from django.urls import reverse

from coso.core.rowlinks import ID, row_link


@pytest.mark.parametrize("pk", [1, 7, 918273645, 123456789012])
def test_a_row_link_is_what_reverse_gives(pk):
    assert row_link("visits:assignment_detail", ID)(pk) == reverse("visits:assignment_detail", args=[pk])
    for fmt in ("docx", "pdf"):
        assert row_link("visits_feeds:letter", ID, fmt)(pk) == reverse("visits_feeds:letter", args=[pk, fmt])


def test_a_row_link_names_exactly_one_id():
    with pytest.raises(ValueError):
        row_link("visits_feeds:letter", 3, "pdf")
    with pytest.raises(ValueError):
        row_link("visits_feeds:letter", ID, ID)
