"""The API of grassroots visits, mounted at /api/visits/ (``coso/api/api.py``): one module per
resource (plans, trips, monthly reports, good practices, dashboards) on the one ``router`` of
``common``; the set-up (clusters, policy and blackout days, decisions and assignments) in
``setup_clusters``, ``setup_calendar`` and ``setup_assignments`` on the router of ``setup``,
mounted inside it; shapes in ``schemas``; the scope matrix in ``probes`` (and ``setup_matrix``). Refusals are mapped by ``coso/api/api.py``'s handlers.
"""

# The resources register their routes on ``router`` in this order (the OpenAPI document's order).
# isort: off
from coso.visits.api import plans  # noqa: F401
from coso.visits.api import trips  # noqa: F401
from coso.visits.api import reports  # noqa: F401
from coso.visits.api import practices  # noqa: F401
from coso.visits.api import dashboards  # noqa: F401

from coso.visits.api import setup_clusters  # noqa: F401
from coso.visits.api import setup_calendar  # noqa: F401
from coso.visits.api import setup_assignments  # noqa: F401

# isort: on
from coso.visits.api import probes, setup, setup_matrix
from coso.visits.api.common import router

router.add_router("", setup.router)
SCOPE_MATRIX = [*probes.SCOPE_MATRIX, *setup_matrix.SCOPE_MATRIX]

__all__ = ["SCOPE_MATRIX", "router"]
