"""The API of the members' programme "Rèn luyện và hành động", mounted at /api/programme/ (``coso/api/api.py``).

Every route has a case in ``SCOPE_MATRIX`` (``coso/api/matrix.py`` explains them).
"""

from ninja import Router

router = Router(tags=["programme"])

SCOPE_MATRIX = []
