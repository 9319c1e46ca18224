"""The API of field-training placements, mounted at /api/placements/ (``coso/api/api.py``):
one module per resource (plans, yearly lists, placements, reports and evaluations) on the one
``router`` of ``common``; shapes in ``schemas``; the scope matrix in ``probes``. Reads go
through the pages' scoped querysets (``coso.placements.views``), writes through
``coso.placements.services``; refusals are mapped by ``coso/api/api.py``'s handlers.

Out of scope is a 404 (as missing); not allowed is a 403; a rule broken is a 400 with every
violation; a stale ``version`` is a 409. Every route has a case in ``SCOPE_MATRIX``
(``coso/api/matrix.py`` explains them).
"""

# The resources register their routes on ``router`` in this order (the OpenAPI document's order).
# isort: off
from coso.placements.api import plans  # noqa: F401
from coso.placements.api import lists  # noqa: F401
from coso.placements.api import placements  # noqa: F401
from coso.placements.api import reports  # noqa: F401

# isort: on
from coso.placements.api.common import router
from coso.placements.api.probes import SCOPE_MATRIX

__all__ = ["SCOPE_MATRIX", "router"]
