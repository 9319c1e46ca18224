"""What the base unions organised in a round (their reports, accepted or returned by the
district), the district's inspections, and the district's report on a round."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core.errors import DomainError
from coso.org.models import Unit, UnitLevel
from coso.programme import permissions, results, rules
from coso.programme.models import (
    BranchAssessment,
    Inspection,
    RoundReport,
)
from coso.programme.permissions import RECOGNISE, REVIEW
from coso.programme.services.common import _now, _raise, _require_in_programme, _round, _round_fact, _save, _step
from coso.programme.workflows import INSPECTION, ROUND_REPORT


@transaction.atomic
def record_round_report(
    *,
    actor,
    base,
    round,
    held_on,
    activities,
    participants,
    youth_participants=0,
    notes="",
    submit=True,
    version=None,
    now=None,
):
    """What the base union organised in a round (the day, the activities, who took part);
    sent to the district with ``submit``. Also the way to fix and resend a returned report."""
    now = _now(now)
    round = _round(round)
    programme = round.track.programme
    base = Unit.objects.get(pk=base.pk)
    permissions.require(actor, REVIEW, base)
    _require_in_programme(programme, base)
    report = RoundReport.objects.select_for_update(of=("self",)).filter(unit=base, round=round).first()
    created = report is None
    if not created and report.state not in RoundReport.EDITABLE:
        raise DomainError(
            "round_report_locked",
            _("Báo cáo đợt %(round_roman)s của %(base_name)s đang ở trạng thái «%(state)s», không sửa được.")
            % {"round_roman": round.roman, "base_name": base.name, "state": report.get_state_display()},
        )
    _raise(
        rules.round_report_violations(
            round_=_round_fact(round),
            held_on=held_on,
            activities=activities,
            participants=participants,
            youth_participants=youth_participants,
        )
    )
    if created:
        report = RoundReport(unit=base, round=round)
    report.held_on, report.activities, report.notes = held_on, activities.strip(), notes
    report.participants, report.youth_participants = participants, youth_participants
    if created:
        _save(report, actor, reason=gettext_noop("Báo cáo đợt"))
        ROUND_REPORT.start(report, actor=actor, now=now)
        version = None
    if submit:
        return _step(
            ROUND_REPORT,
            report,
            "submit",
            actor=actor,
            what=_("báo cáo đợt %(round_roman)s") % {"round_roman": round.roman},
            now=now,
            version=version,
            submitted_at=now,
        )
    return report if created else _save(report, actor, version, reason=gettext_noop("Sửa báo cáo đợt"))


def _locked_report(report):
    return RoundReport.objects.select_for_update(of=("self",)).select_related("unit", "round").get(pk=report.pk)


@transaction.atomic
def accept_round_report(*, actor, report, comment="", version=None, now=None):
    report = _locked_report(report)
    permissions.require(actor, RECOGNISE, report.unit)
    return _step(
        ROUND_REPORT,
        report,
        "accept",
        actor=actor,
        what=_("báo cáo đợt %(round_roman)s") % {"round_roman": report.round.roman},
        now=_now(now),
        comment=comment,
        version=version,
        district_comment=comment,
    )


@transaction.atomic
def return_round_report(*, actor, report, reason, version=None, now=None):
    report = _locked_report(report)
    permissions.require(actor, RECOGNISE, report.unit)
    _raise(rules.reason_violations(reason))
    return _step(
        ROUND_REPORT,
        report,
        "return",
        actor=actor,
        what=_("báo cáo đợt %(round_roman)s") % {"round_roman": report.round.roman},
        now=_now(now),
        comment=reason.strip(),
        version=version,
        district_comment=reason.strip(),
    )


@transaction.atomic
def record_inspection(
    *,
    actor,
    district,
    round,
    unit,
    inspected_on,
    findings,
    recommendations="",
    rating="",
    inspectors=(),
    conclude=True,
    inspection=None,
    version=None,
    now=None,
):
    """After a round the district inspects a unit in its area: findings, recommendations, a
    rating. ``inspection`` (a draft) to edit; ``conclude`` closes it."""
    now = _now(now)
    round = _round(round)
    district = Unit.objects.get(pk=district.pk)
    unit = Unit.objects.get(pk=unit.pk)
    permissions.require(actor, RECOGNISE, district)
    _require_in_programme(round.track.programme, unit)
    _raise(
        rules.inspection_violations(
            round_=_round_fact(round),
            inspected_on=inspected_on,
            findings=findings,
            unit_in_district=unit.path.startswith(district.path) and unit.pk != district.pk,
            unit_name=unit.name,
            district_name=district.name,
            rating=rating,
        )
    )
    if inspection is None:
        record = Inspection(district=district, round=round, unit=unit)
        created = True
    else:
        record = Inspection.objects.select_for_update(of=("self",)).get(pk=inspection.pk)
        created = False
        if record.state not in Inspection.EDITABLE:
            raise DomainError("inspection_locked", _("Biên bản kiểm tra đã kết luận, không sửa được."))
    record.unit, record.inspected_on, record.findings = unit, inspected_on, findings.strip()
    record.recommendations, record.rating = recommendations, rating
    _save(record, actor, None if created else version, reason=gettext_noop("Ghi kết quả kiểm tra"))
    if created:
        INSPECTION.start(record, actor=actor, now=now)
    record.inspectors.set(list(inspectors))
    if conclude:
        _step(INSPECTION, record, "conclude", actor=actor, now=now)
    return record


def compile_round_report(*, district, round, actor=None):
    """The district's report on a round to its Standing Committee, from the records: the
    base unions' reports, participation (registered → recognised), results, completion per
    criterion, per branch and target group, the inspections. A constant number of queries.

    Results (levels, items done, partly, not done) are the RECOGNISED ones only: a member the
    branch evaluated but the base union has not reviewed, nor the district recognised, is not
    in them; ``waiting_branch``, ``waiting_base`` and ``waiting_district`` say, apart, how many
    assessments still wait at each step."""
    round = _round(round)
    district = Unit.objects.get(pk=district.pk)
    if actor is not None:
        permissions.require_view(actor, district)
    programme = round.track.programme
    part = results.participation(programme=programme, unit=district, round=round, counted=results.RECOGNISED_ONLY)
    bases = list(Unit.objects.filter(path__startswith=district.path, level__kind=UnitLevel.Kind.BASE).order_by("path"))
    per_base = results.by_units(
        programme=programme, unit=district, targets=bases, cell_map=part["cells"], units=part["units"]
    )
    reports = {r.unit_id: r for r in RoundReport.objects.filter(round=round, unit__path__startswith=district.path)}
    inspections = {}
    for inspection in Inspection.objects.filter(round=round, unit__path__startswith=district.path).order_by(
        "inspected_on", "id"
    ):
        inspections.setdefault(inspection.unit_id, []).append(
            {
                "inspected_on": inspection.inspected_on,
                "rating": inspection.rating,
                "findings": inspection.findings,
                "recommendations": inspection.recommendations,
                "state": inspection.state,
            }
        )
    branch_states = {}
    for state in BranchAssessment.objects.filter(round=round, branch__path__startswith=district.path).values_list(
        "state", flat=True
    ):
        branch_states[state] = branch_states.get(state, 0) + 1
    base_rows = []
    for base in bases:
        row = results.with_rates({"unit_id": base.pk, "name": base.name, **per_base.get(base.pk, results.blank())})
        report = reports.get(base.pk)
        row["report"] = (
            {
                "id": report.pk,
                "state": report.state,
                "held_on": report.held_on,
                "activities": report.activities,
                "participants": report.participants,
                "youth_participants": report.youth_participants,
                "notes": report.notes,
            }
            if report
            else None
        )
        row["inspections"] = inspections.get(base.pk, [])
        base_rows.append(row)
    counted = [r for r in reports.values() if r.state in RoundReport.COUNTED]
    total = dict(part["total"])
    total.update(
        base_units=len(bases),
        base_units_reported=len(counted),
        participants=sum(r.participants for r in counted),
        youth_participants=sum(r.youth_participants for r in counted),
        inspections=sum(len(v) for v in inspections.values()),
        branch_assessments=branch_states,
    )
    return {
        "programme": {
            "id": programme.pk,
            "name": programme.name,
            "document_number": programme.document_number,
            "year": programme.year,
        },
        "district": {"id": district.pk, "name": district.name},
        "round": {
            "id": round.pk,
            "number": round.number,
            "roman": round.roman,
            "theme": round.theme,
            "starts_on": round.starts_on,
            "ends_on": round.ends_on,
            "track": round.track.name,
        },
        "total": total,
        "base_units": base_rows,
        "by_branch": [{k: v for k, v in row.items() if k != "path"} for row in part["by_branch"]],
        "by_target_group": part["by_target_group"],
        "criteria": results.criterion_completion(
            programme=programme, unit=district, round=round, counted=results.RECOGNISED_ONLY
        ),
    }
