"""The low-rated base units a cadre supports each year (``WEAK_UNIT_SELECTION``)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.visits import permissions, selectors
from coso.visits.models import (
    VisitPolicy,
    WeakUnitPick,
    WeakUnitSelection,
)
from coso.visits.rules import Violation
from coso.visits.services._common import _cadre, _raise, _save
from coso.visits.workflows import (
    WEAK_UNIT_SELECTION,
)

# --------------------------------------------------------------------------- weak units


@transaction.atomic
def propose_weak_units(*, actor, cadre, district, year):
    """Propose the N base units of ``district`` with the lowest classification of ``year - 1``
    (worst first, ties by name, unclassified units last). Proposing again refreshes the list
    while it is only proposed."""
    dates.require_year_in_window(year=year)
    cadre = _cadre(cadre)
    permissions.require_act_for_cadre(actor, cadre)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    follows = [
        c
        for c in selectors.covers_for(cadre, first, last)
        if district.path.startswith(c.path) or c.path.startswith(district.path)
    ]
    if not follows:
        raise DomainError(
            "not_following",
            _("Đồng chí %(cadre)s không được phân công theo dõi %(district)s trong năm %(year)s.")
            % {"cadre": cadre.full_name, "district": district.name, "year": year},
            field="district",
        )
    policy = VisitPolicy.for_unit(cadre.unit, year)
    selection = (
        WeakUnitSelection.objects.select_for_update(of=("self",))
        .filter(cadre=cadre, district=district, year=year)
        .first()
    )
    if selection is not None and selection.state != WeakUnitSelection.State.PROPOSED:
        raise DomainError(
            "illegal_transition",
            _(
                "Danh sách đơn vị xếp loại thấp năm %(year)s của %(district)s đã được thống nhất, "
                "không đề xuất lại được."
            )
            % {"year": year, "district": district.name},
        )
    candidates = selectors.weak_unit_candidates(district, year)[: policy.weak_units_to_pick]
    if selection is None:
        selection = _save(WeakUnitSelection(cadre=cadre, district=district, year=year), actor)
    else:
        _save(selection, actor, reason=gettext_noop("Đề xuất lại"))
    _set_picks(selection, [(unit_id, level_id) for unit_id, _name, level_id, _rank in candidates])
    return selection


def _set_picks(selection, picks):
    selection.picks.all().delete()
    WeakUnitPick.objects.bulk_create(
        WeakUnitPick(selection=selection, unit_id=unit_id, position=index, previous_level_id=level_id)
        for index, (unit_id, level_id) in enumerate(picks, start=1)
    )


@transaction.atomic
def confirm_weak_units(*, actor, selection, units=None, version=None, now=None):
    """Confirm the list agreed with the district's standing officers (optionally another
    choice of ``units``: base units of the district, at least the policy's number)."""
    selection = WEAK_UNIT_SELECTION.lock(selection)
    WEAK_UNIT_SELECTION.require("confirm", actor, selection)
    if units is not None:
        policy = VisitPolicy.for_unit(selection.cadre.unit, selection.year)
        candidates = {
            unit_id: level_id
            for unit_id, _n, level_id, _r in selectors.weak_unit_candidates(selection.district, selection.year)
        }
        violations = [
            Violation(
                "not_a_base_unit",
                _("%(unit)s không phải Đoàn cơ sở trực thuộc %(district)s.")
                % {"unit": unit.name, "district": selection.district.name},
                "units",
            )
            for unit in units
            if unit.pk not in candidates
        ]
        needed = min(policy.weak_units_to_pick, len(candidates))
        if len({u.pk for u in units}) < needed:
            violations.append(
                Violation(
                    "too_few_units",
                    _("Phải chọn ít nhất %(needed)s đơn vị (đã chọn %(chosen)s).")
                    % {"needed": needed, "chosen": len(units)},
                    "units",
                )
            )
        _raise(violations)
        _set_picks(selection, [(unit.pk, candidates[unit.pk]) for unit in dict.fromkeys(units)])
    now = now or timezone.now()
    return transition(
        WEAK_UNIT_SELECTION,
        selection,
        "confirm",
        actor=actor,
        check=False,
        locked=True,
        now=now,
        version=version,
        changes={"confirmed_at": now, "confirmed_by": actor},
    )
