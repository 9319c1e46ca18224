"""Writes of a year's list: the candidates (every rule checked at once), the local party
committee's agreement, the proposal, its return and the Standing Committee's decision, which
creates the placements with their schedule and checklist."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.placements import permissions, rules
from coso.placements.models import (
    Candidate,
    ChecklistItem,
    HostEvaluation,
    Placement,
    PlacementReport,
    YearlyList,
)
from coso.placements.services._common import _begin, _raise
from coso.placements.workflows import PLACEMENT, YEARLY_LIST


@transaction.atomic
def create_yearly_list(*, actor, plan, year):
    dates.require_year_in_window(year=year)
    permissions.require(permissions.can_manage(actor, plan))
    if not plan.start_year <= year <= plan.end_year:
        raise DomainError(
            "year_out_of_plan",
            _("Năm %(year)s nằm ngoài giai đoạn %(start)s–%(end)s của kế hoạch.")
            % {"year": year, "start": plan.start_year, "end": plan.end_year},
        )
    if YearlyList.objects.filter(plan=plan, year=year).exists():
        raise DomainError("list_exists", _("Kế hoạch đã có danh sách năm %(year)s.") % {"year": year})
    return YearlyList.objects.create(plan=plan, year=year)


def _candidate_violations(yearly_list, person, group, host, host_title, start_date, count):
    plan = yearly_list.plan
    facts = rules.load_facts([person], plan)[person.pk]
    result = rules.eligibility(person, plan, start_date, facts)
    violations = []
    if not result.proposable:
        violations += [(code, message, "person") for code, message in result.violations()]
    elif result.group != group:
        violations.append(
            (
                "wrong_group",
                _("Cán bộ thuộc đối tượng %(actual)s, không phải đối tượng %(group)s.")
                % {"actual": result.group, "group": group},
                "group",
            )
        )
    violations += rules.host_violations(plan, group, host, host_title)
    violations += rules.start_window_violations(plan, start_date, yearly_list.year)
    violations += rules.cap_violations(plan, yearly_list.year, count)
    return violations


@transaction.atomic
def add_candidate(*, actor, yearly_list, person, group, host, host_title, start_date, note="", months=None):
    """TCKT adds a cadre to a draft (or returned) list, for ``months`` (the plan's minimum when
    not given; never less). Every rule is checked at once."""
    dates.require_in_window(start_date=start_date)
    yearly_list = YearlyList.objects.select_for_update().select_related("plan__owner").get(pk=yearly_list.pk)
    permissions.require(permissions.can_manage(actor, yearly_list.plan))
    violations = []
    if yearly_list.state not in (YearlyList.State.DRAFT, YearlyList.State.RETURNED):
        violations.append(("list_not_editable", _("Danh sách đã đề xuất hoặc đã quyết định: không thể thêm cán bộ.")))
    if yearly_list.candidates.filter(person=person).exists():
        violations.append(
            ("already_listed", _("%(person)s đã có trong danh sách.") % {"person": person.full_name}, "person")
        )
    if Placement.objects.filter(person=person, plan=yearly_list.plan).exclude(state=Placement.State.CANCELLED).exists():
        violations.append(
            (
                "already_placed",
                _("%(person)s đã được cử đi đào tạo thực tế theo kế hoạch này.") % {"person": person.full_name},
                "person",
            )
        )
    count = yearly_list.candidates.count() + 1
    violations += _candidate_violations(yearly_list, person, group, host, host_title, start_date, count)
    months = yearly_list.plan.min_months if months is None else months
    violations += rules.length_violations(yearly_list.plan, months)
    _raise(violations)
    return Candidate.objects.create(
        yearly_list=yearly_list,
        person=person,
        group=group,
        host=host,
        host_title=host_title,
        start_date=start_date,
        months=months,
        note=note,
    )


@transaction.atomic
def remove_candidate(*, actor, candidate):
    yearly_list = YearlyList.objects.select_for_update().get(pk=candidate.yearly_list_id)
    permissions.require(permissions.can_manage(actor, yearly_list.plan))
    if yearly_list.state not in (YearlyList.State.DRAFT, YearlyList.State.RETURNED):
        raise DomainError("list_not_editable", _("Danh sách đã đề xuất hoặc đã quyết định: không thể bớt cán bộ."))
    candidate.delete()


@transaction.atomic
def record_party_agreement(*, actor, candidate, agreed_on, document):
    """Group 1: the host's party committee agreed (date and document)."""
    dates.require_in_window(agreed_on=agreed_on)
    candidate = Candidate.objects.select_related("yearly_list__plan").get(pk=candidate.pk)
    permissions.require(permissions.can_manage(actor, candidate.yearly_list.plan))
    violations = []
    if not agreed_on:
        violations.append(("agreement_date_required", _("Phải ghi ngày cấp ủy địa phương thống nhất.")))
    if not (document or "").strip():
        violations.append(("agreement_document_required", _("Phải ghi số, ký hiệu văn bản thống nhất của cấp ủy.")))
    _raise(violations)
    candidate.party_agreement_date = agreed_on
    candidate.party_agreement_document = document.strip()
    candidate.save()
    return candidate


def _list_violations(yearly_list, *, deciding):
    plan = yearly_list.plan
    candidates = list(yearly_list.candidates.select_related("person", "host__level"))
    violations = []
    if not candidates:
        violations.append(("list_empty", _("Danh sách chưa có cán bộ nào.")))
    violations += rules.cap_violations(plan, yearly_list.year, len(candidates))
    facts = rules.load_facts([c.person for c in candidates], plan)
    pr = rules.plan_rules(plan)
    for c in candidates:
        result = rules.eligibility(c.person, pr, c.start_date, facts[c.person_id])
        if not result.proposable:
            violations += [(code, f"{c.person.full_name}: {msg}") for code, msg in result.violations()]
        violations += rules.start_window_violations(pr, c.start_date, yearly_list.year)
        group = pr.group(c.group)
        if (
            deciding
            and group
            and group.needs_party_agreement
            and not (c.party_agreement_date and c.party_agreement_document)
        ):
            violations.append(
                (
                    "party_agreement_missing",
                    _(
                        "%(person)s (đối tượng %(group)s): chưa có sự thống nhất của cấp ủy địa phương "
                        "nơi đến (%(host)s)."
                    )
                    % {"person": c.person.full_name, "group": c.group, "host": c.host.name},
                )
            )
    return candidates, violations


@transaction.atomic
def propose(*, actor, yearly_list, comment=""):
    yearly_list = _begin(YEARLY_LIST, yearly_list, "propose", actor)
    _candidates, violations = _list_violations(yearly_list, deciding=False)
    _raise(violations)
    return transition(YEARLY_LIST, yearly_list, "propose", actor=actor, check=False, locked=True, comment=comment)


@transaction.atomic
def return_list(*, actor, yearly_list, comment):
    yearly_list = _begin(YEARLY_LIST, yearly_list, "return", actor)
    return transition(YEARLY_LIST, yearly_list, "return", actor=actor, check=False, locked=True, comment=comment)


@transaction.atomic
def decide(*, actor, yearly_list, decision_number, decision_date, signer, comment=""):
    """The Standing Committee's decision: the placements are created with their schedule and checklist."""
    yearly_list = _begin(YEARLY_LIST, yearly_list, "decide", actor)
    plan = yearly_list.plan
    candidates, violations = _list_violations(yearly_list, deciding=True)
    if not (decision_number or "").strip():
        violations.append(("decision_number_required", _("Phải ghi số quyết định.")))
    if not decision_date:
        violations.append(("decision_date_required", _("Phải ghi ngày quyết định.")))
    if not (signer or "").strip():
        violations.append(("signer_required", _("Phải ghi người ký quyết định.")))
    _raise(violations)
    transition(
        YEARLY_LIST,
        yearly_list,
        "decide",
        actor=actor,
        check=False,
        locked=True,
        comment=comment,
        changes={"decision_number": decision_number.strip(), "decision_date": decision_date, "signer": signer.strip()},
    )
    for c in candidates:
        planned_end = rules.add_months(c.start_date, c.months)
        placement = Placement.objects.create(
            person=c.person,
            plan=plan,
            candidate=c,
            year=yearly_list.year,
            group=c.group,
            host=c.host,
            host_title=c.host_title,
            start_date=c.start_date,
            planned_end=planned_end,
        )
        # The step log's comment is part of the record, kept in Vietnamese whatever the page's language.
        comment = gettext_noop("Quyết định %(number)s") % {"number": yearly_list.decision_number}
        PLACEMENT.start(placement, actor=actor, comment=comment)
        for kind, seq, due in rules.schedule(c.start_date, planned_end, plan.report_interval_months):
            PlacementReport.objects.create(placement=placement, kind=kind, sequence=seq, due_date=due)
            HostEvaluation.objects.create(placement=placement, kind=kind, sequence=seq, due_date=due)
        ChecklistItem.objects.bulk_create(ChecklistItem(placement=placement, item=i) for i in ChecklistItem.Item.values)
    return yearly_list
