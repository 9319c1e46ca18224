"""The visits set-up's API, mounted inside the visits router (``coso/visits/api/__init__.py`` adds
``router`` and the matrix): the set-up's one ``router`` and its scoped look-ups, shared by its
resources: ``setup_clusters`` (emulation clusters), ``setup_calendar`` (the policy of an
organisation for a year, blackout days), ``setup_assignments`` (assignment decisions and
assignments, with reassignment); the scope matrix in ``setup_matrix``. The same services and
scopes as the management pages. Its operation ids stay ``coso_visits_api_setup_*``
(``coso/api/api.py``)."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router

from coso.accounts import scoping
from coso.api.common import visible_units
from coso.core.errors import DomainError
from coso.org.models import Cluster

router = Router()


def _person(user, pk, field):
    if pk is None:
        return None
    person = scoping.visible_people(user).filter(pk=pk).first()
    if person is None:
        raise DomainError("unknown_person", _("Không tìm thấy người này trong phạm vi của bạn."), field=field)
    return person


def _clusters(user):
    return Cluster.objects.filter(owner__in=visible_units(user).values("pk")).prefetch_related("units")


def _units(user, ids):
    units = list(visible_units(user).select_related("level").filter(pk__in=ids))
    if len(units) != len(set(ids)):
        raise Http404
    return units
