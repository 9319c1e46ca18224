"""Domain errors: every refusal carries a stable code and a message in Vietnamese."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule was broken. ``violations`` lists every (code, message) found, not just the first.

    A violation may be given as (code, message, field) to name its own field; without one it
    belongs to ``field``. ``violation_fields`` keeps the field of each violation, in order.
    """

    def __init__(self, code, message, *, violations=None, field=None):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.field = field
        rows = violations or [(code, self.message)]
        self.violations = [(row[0], row[1]) for row in rows]
        self.violation_fields = [(row[2] if len(row) > 2 else None) or field for row in rows]

    def __str__(self):
        return self.message


class ConflictError(DomainError):
    """Someone else saved the record after it was opened: nothing was overwritten."""

    def __init__(self, message=None):
        super().__init__(
            "conflict",
            message
            or _(
                "Bản ghi đã được người khác sửa sau khi bạn mở. Không có gì bị ghi đè: "
                "hãy tải lại trang để xem bản mới nhất rồi sửa lại."
            ),
        )


class OutOfScope(PermissionDenied):
    """The user has no role over the unit concerned."""
