"""The one pagination of the API's lists: ``limit`` and ``offset``, both bounded."""

from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10**9


class Pagination(LimitOffsetPagination):
    """``{"items": [...], "count": N}``; ``limit`` 50 by default, at most 500."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description=gettext_lazy("Số dòng mỗi trang (tối đa 500)."))
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description=gettext_lazy("Bỏ qua bao nhiêu dòng đầu."))

    def __init__(self, **kwargs):
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
