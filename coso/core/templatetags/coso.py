"""Template helpers every app shares."""

from django import template
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
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


@register.filter(needs_autoescape=True)
def pairs(items, separator="; ", autoescape=True):
    """``[(label, number)…]`` as "label number; label number": what a loop over the pairs in the
    template prints, in one call (a province's coverage page lists thousands of them, and the
    template loop took half of its time)."""
    escape = conditional_escape if autoescape else str
    return mark_safe(
        escape(separator).join(f"{escape(label)} {escape(formats.localize(number))}" for label, number in items)
    )
