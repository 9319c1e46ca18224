"""The API of planning, training, evaluation and KPI targets, mounted at /api/cadrework/ (``coso/api/api.py``).

Every route has a case in ``SCOPE_MATRIX`` (``coso/api/matrix.py`` explains them).
"""

from ninja import Router

router = Router(tags=["cadrework"])

SCOPE_MATRIX = []
