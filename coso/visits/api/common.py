"""The visits API's router and its scoped look-ups (404 outside scope)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Router

from coso.accounts import scoping
from coso.visits.models import (
    GoodPractice,
    MonthlyReport,
    QuarterPlan,
    Visit,
)

router = Router(tags=[gettext_lazy("Đi cơ sở")])


# --------------------------------------------------------------------------- look-ups


def _person_or_404(user, pk):
    return get_object_or_404(scoping.visible_people(user).select_related("unit"), pk=pk)


def _plans(user):
    return QuarterPlan.objects.visible_to(user).select_related("cadre")


def _visits(user):
    return Visit.objects.visible_to(user).select_related("cadre", "unit").prefetch_related("photos")


def _reports(user):
    return MonthlyReport.objects.visible_to(user).select_related("cadre__unit")


def _practices(user):
    return GoodPractice.objects.visible_to(user).select_related("unit", "reported_by")
