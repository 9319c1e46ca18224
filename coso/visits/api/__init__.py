"""The API of grassroots visits, mounted at /api/visits/ (``coso/api/api.py``): one module per
resource (plans, trips, monthly reports, good practices, dashboards) on the one ``router`` of
``common``; the set-up (clusters, policy, blackout days, decisions, assignments) in ``setup``
on a router of its own mounted inside it; shapes in ``schemas``; the scope matrix in
``probes`` (and ``setup``). Refusals are mapped by ``coso/api/api.py``'s handlers.
"""

# The resources register their routes on ``router`` in this order (the OpenAPI document's order).
# isort: off
from coso.visits.api import plans  # noqa: F401
from coso.visits.api import trips  # noqa: F401
from coso.visits.api import reports  # noqa: F401
from coso.visits.api import practices  # noqa: F401
from coso.visits.api import dashboards  # noqa: F401

# isort: on
from coso.visits.api import probes, setup
from coso.visits.api.common import router

router.add_router("", setup.router)
SCOPE_MATRIX = [*probes.SCOPE_MATRIX, *setup.SCOPE_MATRIX]

__all__ = ["SCOPE_MATRIX", "router"]
