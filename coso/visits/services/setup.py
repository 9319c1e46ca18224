"""An organisation's setup of visits: the yearly policy, the ranking rule, the days without visits."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core import dates
from coso.visits import permissions, rules
from coso.visits.models import (
    BlackoutDay,
    RankingRule,
    VisitPolicy,
)
from coso.visits.rules import Violation
from coso.visits.services._common import POLICY_FIELDS, RANKING_FIELDS, _locked, _raise, _save

# --------------------------------------------------------------------------- policy


@transaction.atomic
def save_visit_policy(*, actor, owner, year, version=None, **values):
    """Create or edit the policy of ``owner`` for ``year`` (fields: ``POLICY_FIELDS``)."""
    dates.require_year_in_window(year=year)
    permissions.require_manage(actor, owner)
    policy = VisitPolicy.objects.select_for_update(of=("self",)).filter(owner=owner, year=year).first() or VisitPolicy(
        owner=owner, year=year
    )
    for key, value in values.items():
        if key in POLICY_FIELDS:
            setattr(policy, key, value)
    _raise(rules.check_policy_values({key: getattr(policy, key) for key in POLICY_FIELDS}))
    return _save(policy, actor, version, reason=gettext_noop("Sửa quy định đi cơ sở"))


@transaction.atomic
def save_ranking_rule(*, actor, owner, year, version=None, **values):
    dates.require_year_in_window(year=year)
    permissions.require_manage(actor, owner)
    rule = RankingRule.objects.select_for_update(of=("self",)).filter(owner=owner, year=year).first() or RankingRule(
        owner=owner, year=year
    )
    for key, value in values.items():
        if key in RANKING_FIELDS:
            setattr(rule, key, value)
    return _save(rule, actor, version, reason=gettext_noop("Sửa cách tính điểm"))


def _blackout_violations(*, owner, date, reason, note, exclude_pk=None):
    violations = []
    if message := dates.window_message(date):
        return [Violation("date_out_of_window", message, "date")]
    if reason not in BlackoutDay.Reason.values:
        violations.append(
            Violation(
                "invalid_reason", _("Hãy chọn lý do: họp chi bộ, họp cơ quan, họp các đoàn thể hoặc khác."), "reason"
            )
        )
    if reason == BlackoutDay.Reason.OTHER and not (note or "").strip():
        violations.append(Violation("note_required", _("Hãy ghi lý do của ngày không đi cơ sở."), "note"))
    if BlackoutDay.objects.filter(owner=owner, date=date, reason=reason).exclude(pk=exclude_pk).exists():
        violations.append(
            Violation(
                "blackout_exists",
                _("Ngày %(date)s đã có trong danh sách ngày không đi cơ sở.") % {"date": rules.fmt(date)},
                "date",
            )
        )
    return violations


@transaction.atomic
def add_blackout_day(*, actor, owner, date, reason, note=""):
    permissions.require_manage(actor, owner)
    _raise(_blackout_violations(owner=owner, date=date, reason=reason, note=note))
    day = BlackoutDay(owner=owner, date=date, reason=reason, note=note.strip(), created_by=actor)
    return _save(day, actor)


@transaction.atomic
def update_blackout_day(*, actor, blackout_day, version, **fields):
    """Move a day without visits to another date, or change its reason or note (``version``
    checked). Trips already recorded on the new date stay: the rule refuses new ones."""
    day = _locked(BlackoutDay, blackout_day, related=("owner",))
    permissions.require_manage(actor, day.owner)
    for key in ("date", "reason", "note"):
        if fields.get(key) is not None:
            setattr(day, key, fields[key].strip() if key == "note" else fields[key])
    _raise(_blackout_violations(owner=day.owner, date=day.date, reason=day.reason, note=day.note, exclude_pk=day.pk))
    return _save(day, actor, version, reason=gettext_noop("Sửa ngày không đi cơ sở"))


@transaction.atomic
def remove_blackout_day(*, actor, blackout_day):
    permissions.require_manage(actor, blackout_day.owner)
    blackout_day._history_user = actor
    blackout_day.delete()
