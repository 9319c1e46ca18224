"""Helpers of base units (issue 5 item 3): the district's committee members and cadres who help
its base unions carry the programme.

The grassroots-visit assignments (``visits.Assignment``, by decision of the Standing Committee)
are reused as they are: a cadre following a base union in the programme's period helps it. The
district adds a programme :class:`~coso.programme.models.Helper` only where nobody follows the
unit. Reads here; every write here goes through :func:`add_helper` / :func:`remove_helper`.
"""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from coso.core import dates
from coso.core.errors import ConflictError
from coso.org.models import Unit, UnitLevel
from coso.people.models import Person, Post
from coso.programme import permissions, rules
from coso.programme.models import Helper, Programme
from coso.programme.permissions import MANAGE
from coso.programme.services.common import _raise, _save

MAX_UNITS = 500


def period(programme):
    """The programme's period: its tracks' dates, else its calendar year."""
    tracks = list(programme.tracks.all())
    if not tracks:
        return datetime.date(programme.year, 1, 1), datetime.date(programme.year, 12, 31)
    return min(t.starts_on for t in tracks), max(t.ends_on for t in tracks)


def base_units(programme):
    return Unit.objects.filter(
        path__startswith=programme.owner.path, level__kind=UnitLevel.Kind.BASE, is_active=True
    ).order_by("sort_key")


def followers(programme, units):
    """``{unit id: [visits.Assignment]}``: cadres following each unit in the programme's period."""
    from coso.visits.models import Assignment

    starts, ends = period(programme)
    rows = (
        Assignment.objects.filter(unit__in=units, valid_from__lte=ends)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=starts))
        .select_related("cadre", "decision")
        .order_by("cadre__sort_key")
    )
    out = {}
    for row in rows:
        out.setdefault(row.unit_id, []).append(row)
    return out


def helpers_by_unit(programme, units):
    """``[{"unit", "followers", "helpers"}]`` for ``units``, in a fixed number of queries."""
    units = list(units[:MAX_UNITS]) if hasattr(units, "query") else list(units)
    follow = followers(programme, units)
    helping = {}
    for helper in Helper.objects.filter(programme=programme, unit__in=units).select_related("person"):
        helping.setdefault(helper.unit_id, []).append(helper)
    return [{"unit": u, "followers": follow.get(u.pk, []), "helpers": helping.get(u.pk, [])} for u in units]


def candidates(programme):
    """Who may help: the district's cadres, and those holding a post in its committees."""
    starts, _ends = period(programme)
    owner = programme.owner
    # Two short lists of ids, then the persons: one OR across the posts' join made PostgreSQL
    # read and sort every person of the country (3.2 s at national scale).
    cadres = Person.objects.filter(unit=owner, is_cadre=True).values_list("pk", flat=True)
    holders = (
        Post.objects.filter(unit=owner)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=starts))
        .values_list("person_id", flat=True)
    )
    return Person.objects.filter(pk__in=sorted({*cadres, *holders})).order_by("sort_key", "id")


@transaction.atomic
def add_helper(*, actor, programme, unit, person, task="", assigned_on=None):
    dates.require_in_window(assigned_on=assigned_on)
    programme = Programme.objects.select_related("owner").get(pk=programme.pk)
    permissions.require(actor, MANAGE, programme.owner)
    unit_is_base = base_units(programme).filter(pk=unit.pk).exists()
    _raise(
        rules.helper_violations(
            unit_name=unit.name,
            unit_is_base=unit_is_base,
            person_name=person.full_name,
            person_is_candidate=candidates(programme).filter(pk=person.pk).exists(),
            district_name=programme.owner.name,
            followers=[a.cadre.full_name for a in followers(programme, [unit]).get(unit.pk, [])]
            if unit_is_base
            else [],
            already=Helper.objects.filter(programme=programme, unit=unit, person=person).exists(),
        )
    )
    helper = Helper(
        programme=programme,
        unit=unit,
        person=person,
        task=(task or "").strip(),
        assigned_on=assigned_on or timezone.localdate(),
        assigned_by=actor,
    )
    return _save(helper, actor)


@transaction.atomic
def remove_helper(*, actor, helper, version):
    helper = Helper.objects.select_for_update(of=("self",)).select_related("programme__owner").get(pk=helper.pk)
    permissions.require(actor, MANAGE, helper.programme.owner)
    if version is not None and version != helper.version:
        raise ConflictError()
    helper._history_user = actor
    helper.delete()
