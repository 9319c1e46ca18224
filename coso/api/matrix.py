"""The scope matrix: for every route, a request that aims at data of another district.

Each router module keeps its ``SCOPE_MATRIX`` next to its routes. The tests
(``coso/api/tests/test_scope_matrix.py``) send each request as the district officer of
Bắc Trà My against the test tree's Tam Kỳ, and fail when a route of the API has no case.
``url`` and ``body`` take the test tree (``tests/builders.py``) and return the request.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

OBJECT = "object"  # a record of the other district: 404 (not visible) or 403, never data
LIST = "list"  # a list filtered towards the other district: no rows (or 404)
SELF = "self"  # about the caller only: 200, nothing of the other district


@dataclass(frozen=True)
class ScopeCase:
    method: str
    route: str  # as declared, with the router's prefix: "/units/{unit_id}"
    url: Callable[[Any], str]
    body: Callable[[Any], dict] | None = None
    kind: str = OBJECT
    # The same request by the other district's own officer succeeds: proof that the case
    # aims at real data. False for requests mixing both districts (nobody may send them).
    control: bool = True

    def __str__(self):
        return f"{self.method} {self.route}"
