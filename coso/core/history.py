"""Readable change history of a record (simple_history), shared by every detail page."""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_KIND = {"+": gettext_lazy("Tạo mới"), "~": gettext_lazy("Sửa"), "-": gettext_lazy("Xoá")}
HIDDEN_FIELDS = {"version", "updated_at", "created_at", "search_text", "sort_key", "path", "depth", "numchild"}


def _display(model, field_name, value):
    try:
        field = model._meta.get_field(field_name)
    except FieldDoesNotExist:  # a field removed since: show the raw value
        return value
    if value in (None, ""):
        return "—"
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, datetime.datetime):  # a moment: in Vietnam's time, as every page shows
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return value


ARROW = " → "


def stored_text(text):
    """A text the system stored with a record (a change reason, a step's comment) in the
    reader's language. Such texts are written in Vietnamese whoever acts — a record does not
    change with its author's language — and translated when shown: an exact catalogue entry,
    or a transition "A → B" part by part; anything else (what a user typed, a text with names
    filled in) is shown as stored."""
    if not text:
        return ""
    if ARROW in text:
        return ARROW.join(_(part) if part else part for part in text.split(ARROW))
    return _(text)


def history_entries(obj, limit=50):
    """Newest first: who, when, what kind of change, and each changed field with old → new."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    model = type(obj)
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                label = model._meta.get_field(change.field).verbose_name
                changes.append(
                    (label, _display(model, change.field, change.old), _display(model, change.field, change.new))
                )
        user = record.history_user
        entries.append(
            {
                "when": record.history_date,
                "who": getattr(user, "display_name", None) or (user.username if user else _("hệ thống")),
                "kind": _KIND.get(record.history_type, record.history_type),
                "is_creation": record.history_type == "+",
                "changes": changes,
                "reason": stored_text(record.history_change_reason),
            }
        )
    return entries
