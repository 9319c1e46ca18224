"""Who may do what in field training, built only on :mod:`coso.accounts.scoping`.

* manage (TCKT): create plans, propose the yearly list, record agreements and exceptions,
  accept or return reports and evaluations, keep the checklist: VIEW_SENSITIVE and
  EDIT_PEOPLE over the plan's owner (TCKT officer, provincial standing, admin).
* decide (Standing Committee): DECIDE_PLACEMENTS over the plan's owner (provincial standing,
  admin).
* host: EDIT_UNITS over the host district (its standing officers; the province above it).
* the cadre: writes their own reports (user.person is the placed person).
"""

from django.utils.translation import gettext as _

from coso.accounts import scoping
from coso.core.errors import OutOfScope


def can_manage(user, plan):
    return scoping.can(user, scoping.VIEW_SENSITIVE, plan.owner) and scoping.can(user, scoping.EDIT_PEOPLE, plan.owner)


def can_decide(user, plan):
    return scoping.can(user, scoping.DECIDE_PLACEMENTS, plan.owner)


def can_host(user, placement):
    return scoping.can(user, scoping.EDIT_UNITS, placement.host)


def is_the_cadre(user, placement):
    return bool(getattr(user, "person_id", None)) and user.person_id == placement.person_id


def can_view_sensitive(user, person):
    return scoping.can_view_sensitive(user, person)


def require(allowed):
    if not allowed:
        raise OutOfScope(_("Bạn không có quyền thực hiện thao tác này."))
