"""The API of field-training placements, mounted at /api/placements/ (``coso/api/api.py``).

Every route has a case in ``SCOPE_MATRIX`` (``coso/api/matrix.py`` explains them).
"""

from ninja import Router

router = Router(tags=["placements"])

SCOPE_MATRIX = []
