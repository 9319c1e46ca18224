"""The API of the members' programme («Rèn luyện và hành động»), mounted at /api/programme/
(``coso/api/api.py``), one module per resource: ``programmes`` (and their criteria),
``registrations``, ``assessments`` (members'), ``branch`` (the branch's own assessment),
``recognition``, ``rounds`` (reports, inspections, the compiled report, results) and ``setup``
(set-up edits and helpers, on a router mounted inside the programme's). ``common`` holds the one
router, the look-ups and the programme's schemas; ``base`` the querysets and shared inputs;
``matrix``, ``matrix_setup`` and ``matrix_common`` the ``SCOPE_MATRIX`` and its records.

Out of scope is a 404 (as missing); not allowed is a 403; a rule broken is a 400 with every
violation; a stale ``version`` is a 409 (the handlers of ``coso/api/api.py``).
"""

# The resources register their routes on the router when imported, in this order (the
# set-up's creations on the programme's router first, as when it was imported by api.py).
from coso.programme.api import setup  # noqa: I001
from coso.programme.api import programmes  # noqa: F401
from coso.programme.api import registrations  # noqa: F401
from coso.programme.api import assessments  # noqa: F401
from coso.programme.api import branch  # noqa: F401
from coso.programme.api import recognition  # noqa: F401
from coso.programme.api import rounds  # noqa: F401
from coso.programme.api import matrix, matrix_setup
from coso.programme.api.common import router
from coso.programme.api.matrix_common import tamky

# The set-up edits and the helpers of base units, on the same router.
router.add_router("", setup.router)
SCOPE_MATRIX = matrix.SCOPE_MATRIX + matrix_setup.SCOPE_MATRIX

__all__ = ["SCOPE_MATRIX", "router", "tamky"]
