"""The cadre-work API's router and the helpers its resources share (scoped look-ups: 404 outside scope)."""

from contextlib import contextmanager

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Router

from coso.accounts import scoping
from coso.api.common import visible_unit_or_404
from coso.cadrework import permissions
from coso.core.errors import DomainError

router = Router(tags=[gettext_lazy("Công tác cán bộ")])


# --------------------------------------------------------------------------- helpers


def _plan_or_404(user, pk):
    return get_object_or_404(permissions.plans(user), pk=pk)


def _result_out(r):
    return {
        "indicator_id": r.indicator.pk,
        "name": r.name,
        "unit_id": r.unit.pk,
        "year": r.year,
        "population_count": r.population_count,
        "achieved_count": r.achieved_count,
        "percent": None if r.percent is None else float(r.percent),
        "target_kind": r.target_kind,
        "target_value": r.target_value,
        "met": r.met,
        "shortfall": r.shortfall,
    }


def _who(rows):
    """People (or sources) behind a number: both have ``full_name`` and ``unit``."""
    return [{"id": o.pk, "name": o.full_name, "unit_id": o.unit_id, "unit_name": o.unit.name} for o in rows]


def _unit_in_plan(user, plan, pk):
    if pk is None:
        return permissions.plan_unit(user, plan)
    unit = visible_unit_or_404(user, pk)
    if not unit.path.startswith(plan.owner.path):
        raise scoping.OutOfScope(_("Đơn vị không thuộc phạm vi của kế hoạch."))
    return unit


@contextmanager
def _api_fields(**renamed):
    """Name each refusal's field as the API's payload does: the services name the pages' form
    fields (``person``, ``param_level``); here ``person_id``, ``params.level``."""
    try:
        yield
    except DomainError as error:

        def rename(field):
            if field and field.startswith("param_"):
                return f"params.{field.removeprefix('param_')}"
            return renamed.get(field, field)

        error.field = rename(error.field)
        error.violation_fields = [rename(field) for field in error.violation_fields]
        raise
