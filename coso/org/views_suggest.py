"""The unit picker's search (``org:suggest``): at most 20 units the signed-in user may see."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from coso.accounts import scoping
from coso.org.picker import parse_ids, parse_kinds, suggestions


@login_required
@require_GET
def suggest(request):
    capability = request.GET.get("cap") or None
    if capability not in scoping.ALL:
        capability = None
    units = suggestions(
        request.user,
        request.GET.get("q", ""),
        under=parse_ids(request.GET.get("under")),
        capability=capability,
        kinds=parse_kinds(request.GET.get("kind")),
        include_inactive=request.GET.get("all") == "1",
    )
    response = JsonResponse({"units": units})
    response["Cache-Control"] = "private, no-store"
    return response
