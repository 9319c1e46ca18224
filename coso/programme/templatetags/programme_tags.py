"""Template helpers of the programme pages: what a link leads to must open for the viewer."""

from django import template

from coso.programme import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def sees_results(context, programme):
    """``{% sees_results programme as flag %}``: the results page opens for the viewer."""
    request = context.get("request")
    return bool(request is not None and permissions.can_see_results(request.user, programme))
