"""Emulation clusters and their meetings."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core import dates
from coso.core.errors import ConflictError
from coso.org.models import Cluster, UnitLevel
from coso.people.models import Body, Post
from coso.visits import permissions, rules
from coso.visits.models import (
    Assignment,
    ClusterMeeting,
    MonthlyReport,
)
from coso.visits.rules import Violation
from coso.visits.services._common import MEETING_DAYS, _locked, _raise, _save

# --------------------------------------------------------------------------- cluster meetings


def working_day_on_or_before(day):
    holidays = rules.public_holidays(day - datetime.timedelta(days=14), day)
    while day.weekday() >= 5 or day in holidays:
        day -= datetime.timedelta(days=1)
    return day


@transaction.atomic
def schedule_cluster_meetings(*, actor, cluster):
    """The five meetings of a cluster's year with default dates (end of March, June and
    September, the year-end inspection on 10 December and the year-end meeting mid-December,
    moved back to a working day). Idempotent: existing meetings are kept as they are."""
    cluster = Cluster.objects.select_related("owner").get(pk=cluster.pk)
    permissions.require_manage_cluster(actor, cluster)
    existing = {m.kind: m for m in cluster.meetings.all()}
    meetings = []
    for kind, (month, day) in MEETING_DAYS.items():
        meeting = existing.get(kind)
        if meeting is None:
            scheduled = working_day_on_or_before(datetime.date(cluster.year, month, day))
            meeting = _save(ClusterMeeting(cluster=cluster, kind=kind, scheduled_on=scheduled), actor)
        meetings.append(meeting)
    return sorted(meetings, key=lambda m: m.scheduled_on)


@transaction.atomic
def update_cluster_meeting(*, actor, meeting, version, **fields):
    """Reschedule, or record that a meeting was held, with its minutes (text and/or file)."""
    meeting = _locked(ClusterMeeting, meeting, related=("cluster__owner",))
    permissions.require_manage_cluster(actor, meeting.cluster)
    for key in ("scheduled_on", "held_on", "host_unit", "minutes_text", "minutes_file"):
        if key in fields:
            setattr(meeting, key, fields[key])
    year = meeting.cluster.year
    violations = []
    for key, label in (("scheduled_on", _("Ngày dự kiến")), ("held_on", _("Ngày tổ chức"))):
        value = getattr(meeting, key)
        if value and value.year != year:
            violations.append(
                Violation(
                    "wrong_year",
                    _("%(label)s (%(date)s) phải trong năm %(year)s.")
                    % {"label": label, "date": rules.fmt(value), "year": year},
                    key,
                )
            )
    if meeting.host_unit_id and not meeting.cluster.units.filter(pk=meeting.host_unit_id).exists():
        violations.append(
            Violation(
                "host_outside_cluster",
                _("%(unit)s không thuộc %(cluster)s.")
                % {"unit": meeting.host_unit.name, "cluster": meeting.cluster.name},
                "host_unit",
            )
        )
    _raise(violations)
    return _save(meeting, actor, version, reason=gettext_noop("Cập nhật giao ban cụm"))


# --------------------------------------------------------------------------- emulation clusters

CLUSTER_BODIES = (Body.STANDING, Body.STANDING_OFFICERS)


def cluster_violations(*, owner, year, name, units, leader, deputy, exclude_pk=None):
    """Every rule a cluster breaks: a name, district-level units of the organiser (each in one
    cluster a year), a leader and a deputy, different, both in its Standing Committee that year."""
    violations = []
    if not (name or "").strip():
        violations.append(Violation("name_required", _("Hãy ghi tên cụm."), "name"))
    elif Cluster.objects.filter(owner=owner, year=year, name=name.strip()).exclude(pk=exclude_pk).exists():
        violations.append(
            Violation(
                "cluster_exists",
                _("%(owner)s đã có cụm «%(name)s» năm %(year)s.")
                % {"owner": owner.name, "name": name.strip(), "year": year},
                "name",
            )
        )
    if not units:
        violations.append(Violation("units_required", _("Hãy chọn các đơn vị trong cụm."), "units"))
    for unit in units:
        if not unit.path.startswith(owner.path) or unit.pk == owner.pk or unit.level.kind != UnitLevel.Kind.DISTRICT:
            violations.append(
                Violation(
                    "unit_not_district",
                    _("%(unit)s không phải đơn vị cấp huyện thuộc %(owner)s.")
                    % {"unit": unit.name, "owner": owner.name},
                    "units",
                )
            )
    taken = (
        Cluster.objects.filter(owner=owner, year=year, units__in=[u.pk for u in units])
        .exclude(pk=exclude_pk)
        .values_list("units__name", "name")
    )
    for unit_name, cluster_name in taken:
        violations.append(
            Violation(
                "unit_in_other_cluster",
                _("%(unit)s đã thuộc %(cluster)s năm %(year)s.")
                % {"unit": unit_name, "cluster": cluster_name, "year": year},
                "units",
            )
        )
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    for person, field, label in ((leader, "leader", _("Cụm trưởng")), (deputy, "deputy", _("Cụm phó"))):
        if person is None:
            violations.append(Violation(f"{field}_required", _("Hãy chọn %(role)s.") % {"role": label.lower()}, field))
            continue
        standing = (
            Post.objects.filter(person=person, unit=owner, body__in=CLUSTER_BODIES, start_date__lte=last)
            .exclude(end_date__lt=first)
            .exists()
        )
        if not standing:
            violations.append(
                Violation(
                    f"{field}_not_standing",
                    _(
                        "%(role)s phải là Ủy viên Ban Thường vụ %(owner)s năm %(year)s; %(person)s không giữ "
                        "chức vụ nào trong Ban Thường vụ."
                    )
                    % {"role": label, "owner": owner.name, "year": year, "person": person.full_name},
                    field,
                )
            )
    if leader is not None and deputy is not None and leader.pk == deputy.pk:
        violations.append(
            Violation("same_leader_deputy", _("Cụm trưởng và cụm phó phải là hai người khác nhau."), "deputy")
        )
    return violations


@transaction.atomic
def save_cluster(*, actor, owner=None, year=None, name, units, leader, deputy, cluster=None, version=None):
    """Create a cluster of ``owner`` for ``year``, or edit ``cluster`` (``version`` checked):
    name, member units, leader and deputy. The organiser's visits managers do it. A unit taken
    out of the cluster ends the cluster leader's and deputy's assignments on it (today, or
    the cluster's last day if its year is over), so no duty points at a unit outside it."""
    dates.require_year_in_window(year=year)
    removed = []
    if cluster is not None:
        cluster = _locked(Cluster, cluster, related=("owner",))
        owner, year = cluster.owner, cluster.year
    permissions.require_manage(actor, owner)
    units = list(units)
    _raise(
        cluster_violations(
            owner=owner,
            year=year,
            name=name,
            units=units,
            leader=leader,
            deputy=deputy,
            exclude_pk=cluster.pk if cluster else None,
        )
    )
    if cluster is None:
        cluster = Cluster(owner=owner, year=year)
    else:
        removed = sorted(set(cluster.units.values_list("pk", flat=True)) - {u.pk for u in units})
    cluster.name, cluster.leader, cluster.deputy = name.strip(), leader, deputy
    _save(
        cluster,
        actor,
        version,
        reason=gettext_noop("Lập cụm thi đua") if cluster.pk is None else gettext_noop("Sửa cụm thi đua"),
    )
    cluster.units.set(units)
    if removed:
        last = min(timezone.localdate(), datetime.date(year, 12, 31))
        for assignment in Assignment.objects.filter(cluster=cluster, unit_id__in=removed, valid_to__isnull=True):
            assignment.valid_to = max(last, assignment.valid_from)
            _save(
                assignment,
                actor,
                assignment.version,
                reason=gettext_noop("Đơn vị ra khỏi %(cluster)s") % {"cluster": cluster.name},
            )
    return cluster


def cluster_delete_violations(cluster):
    """Why a cluster cannot be deleted: it was used (assignments under it, a meeting held, a
    monthly report of its year reviewed by its leader or deputy). Such a cluster stays, as
    the record of its year; the next year gets its own clusters."""
    violations = []
    if cluster.visit_assignments.exists():
        violations.append(
            Violation(
                "cluster_has_assignments",
                _("%(cluster)s đã có phân công cụm trưởng, cụm phó theo quyết định: không xoá được cụm.")
                % {"cluster": cluster.name},
                "cluster",
            )
        )
    if cluster.meetings.filter(held_on__isnull=False).exists():
        violations.append(
            Violation(
                "cluster_has_meetings", _("%(cluster)s đã tổ chức giao ban cụm.") % {"cluster": cluster.name}, "cluster"
            )
        )
    leaders = [pk for pk in (cluster.leader_id, cluster.deputy_id) if pk]
    if (
        leaders
        and MonthlyReport.objects.filter(year=cluster.year, reviewed_by__person_id__in=leaders)
        .filter(cadre__visit_assignments__unit__in=cluster.units.all())
        .exists()
    ):
        violations.append(
            Violation(
                "cluster_has_reports",
                _("Cụm trưởng, cụm phó của %(cluster)s đã xem xét báo cáo tháng năm %(year)s.")
                % {"cluster": cluster.name, "year": cluster.year},
                "cluster",
            )
        )
    return violations


@transaction.atomic
def delete_cluster(*, actor, cluster, version=None):
    """Delete a cluster made by mistake, with its meetings not yet held (``version`` checked).
    Refused, naming why, once the cluster was used (:func:`cluster_delete_violations`)."""
    cluster = _locked(Cluster, cluster, related=("owner",))
    permissions.require_manage(actor, cluster.owner)
    if version is not None and int(version) != cluster.version:
        raise ConflictError()
    _raise(cluster_delete_violations(cluster))
    for meeting in cluster.meetings.all():
        meeting._history_user = actor
        meeting.delete()
    cluster._history_user = actor
    cluster._change_reason = gettext_noop("Xoá cụm thi đua")
    cluster.delete()
