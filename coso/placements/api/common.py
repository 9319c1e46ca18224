"""The placements API's router and its scoped look-ups (a record outside the caller's scope is a 404)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Router

from coso.placements.models import Candidate
from coso.placements.views import (
    _evaluations,
    _reports,
    visible_lists,
    visible_placements,
    visible_plans,
)

router = Router(tags=[gettext_lazy("Đào tạo thực tế tại cơ sở")])


# --------------------------------------------------------------------------- look-ups


def _plan(user, pk):
    return get_object_or_404(visible_plans(user), pk=pk)


def _list(user, pk):
    return get_object_or_404(visible_lists(user), pk=pk)


def _placement(user, pk):
    return get_object_or_404(visible_placements(user), pk=pk)


def _candidate(ylist, pk):
    return get_object_or_404(
        Candidate.objects.select_related("person", "yearly_list__plan__owner"), yearly_list=ylist, pk=pk
    )


def _report(user, pk):
    return get_object_or_404(_reports(user), pk=pk)


def _evaluation(user, pk):
    return get_object_or_404(_evaluations(user), pk=pk)
