"""The API of cadre work, mounted at /api/cadrework/ (``coso/api/api.py``): one module per
resource (plans and indicators, sources, courses, rotations and seats, planning, evaluations)
on the one ``router`` of ``common``; shapes in ``schemas``; the scope matrix in ``probes``.
Writes go through ``coso.cadrework.services``; refusals are mapped by ``coso/api/api.py``'s
handlers (404 outside scope, 400 a rule, 409 a stale ``version``).
"""

# The resources register their routes on ``router`` in this order (the OpenAPI document's order).
# isort: off
from coso.cadrework.api import plans  # noqa: F401
from coso.cadrework.api import sources  # noqa: F401
from coso.cadrework.api import courses  # noqa: F401
from coso.cadrework.api import rotations  # noqa: F401
from coso.cadrework.api import planning  # noqa: F401
from coso.cadrework.api import evaluations  # noqa: F401

# isort: on
from coso.cadrework.api.common import router
from coso.cadrework.api.probes import SCOPE_MATRIX, tamky

__all__ = ["SCOPE_MATRIX", "router", "tamky"]
