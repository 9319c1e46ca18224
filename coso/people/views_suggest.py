"""The person picker's search (``people:suggest``): at most 20 persons the signed-in user may see."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from coso.org.picker import parse_ids
from coso.people.picker import suggestions


@login_required
@require_GET
def suggest(request):
    people = suggestions(
        request.user,
        request.GET.get("q", ""),
        cadres=request.GET.get("cadre") == "1",
        under=parse_ids(request.GET.get("under")),
        units=parse_ids(request.GET.get("unit")),
    )
    response = JsonResponse({"people": people})
    response["Cache-Control"] = "private, no-store"
    return response
