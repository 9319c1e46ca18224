"""Template helpers every app shares."""

from django import template
from django.utils.translation import gettext as _

from coso.core.history import stored_text

register = template.Library()


@register.filter
def stored(text):
    """A change reason or step comment the system stored in Vietnamese, in the reader's
    language (``coso.core.history.stored_text``)."""
    return stored_text(text)


@register.filter
def who(user):
    """The name of the account that did a step; a deleted account (``by`` emptied by
    ``on_delete=SET_NULL``) reads "người dùng đã xoá" instead of breaking the page."""
    if user is None or user == "":
        return _("người dùng đã xoá")
    return getattr(user, "display_name", "") or getattr(user, "username", "") or _("người dùng đã xoá")
