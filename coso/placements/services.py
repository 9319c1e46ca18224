"""Writes of field training. Keyword-only arguments, one transaction each, every rule checked
and every violation reported together (``DomainError.violations``), each step logged."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coso.core import dates
from coso.core.errors import DomainError
from coso.core.workflow import transition
from coso.people.models import PostTitle
from coso.placements import permissions, rules
from coso.placements.models import (
    Candidate,
    CaseException,
    ChecklistItem,
    HostEvaluation,
    Kind,
    Placement,
    PlacementPlan,
    PlacementReport,
    PlacementTask,
    TargetGroupRule,
    YearlyList,
)
from coso.placements.workflows import EVALUATION, PLACEMENT, REPORT, YEARLY_LIST

DEFAULT_GROUPS = [
    dict(
        group=1,
        name="Ủy viên BCH chuyên trách tại cơ quan Tỉnh đoàn, trong quy hoạch chức danh cao hơn",
        requires_executive_full_time=True,
        planned_titles=None,  # models.default_group1_planned_titles
        host_titles=[PostTitle.DEPUTY_SECRETARY],
        needs_party_agreement=True,
    ),
    dict(
        group=2,
        name="Cán bộ các ban, trong quy hoạch Phó trưởng ban trở lên",
        requires_department_staff=True,
        planned_titles=None,
        host_titles=[PostTitle.STANDING_MEMBER, PostTitle.EXECUTIVE_MEMBER],
        needs_party_agreement=False,
    ),
]


def _raise(violations):
    if violations:
        raise DomainError(violations[0][0], " ".join(v[1] for v in violations), violations=list(violations))


def _begin(workflow, obj, action, actor):
    """Lock ``obj``, check who may take ``action`` and that its state allows it (before the
    rules of the step, which :func:`transition` does not know)."""
    obj = workflow.lock(obj)
    workflow.require(action, actor, obj)
    workflow.check_state(obj, action)
    return obj


@transaction.atomic
def create_plan(
    *, actor, owner, name, start_year, end_year, number="", issued_on=None, with_default_groups=True, **rules_data
):
    """A plan of ``owner`` (a provincial union) with the seed's defaults unless given."""
    from coso.org.models import UnitLevel
    from coso.placements import models as m

    plan = PlacementPlan(
        owner=owner, name=name, number=number, issued_on=issued_on, start_year=start_year, end_year=end_year
    )
    permissions.require(permissions.can_manage(actor, plan))
    _set_plan_fields(plan, rules_data)
    violations = []
    if owner.level.kind != UnitLevel.Kind.PROVINCE:
        violations.append(("owner_not_province", _("Kế hoạch đào tạo thực tế do Tỉnh đoàn (cấp tỉnh) ban hành.")))
    _raise(violations + _plan_violations(plan))
    plan._history_user = actor
    plan.save()
    if with_default_groups:
        for data in DEFAULT_GROUPS:
            data = dict(data)
            if data["planned_titles"] is None:
                data["planned_titles"] = (
                    m.default_group1_planned_titles() if data["group"] == 1 else m.default_group2_planned_titles()
                )
            rule = TargetGroupRule(plan=plan, **data)
            rule._history_user = actor
            rule.save()
    return plan


PLAN_FIELDS = (
    "name",
    "number",
    "issued_on",
    "start_year",
    "end_year",
    "min_months",
    "start_window_months",
    "yearly_cap",
    "age_limit",
    "child_months_limit",
    "evaluation_years",
    "evaluation_max_rank",
    "report_interval_months",
    "reminder_days",
)


def _set_plan_fields(plan, data):
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise DomainError(
            "unknown_field", _("Không có quy định «%(fields)s».") % {"fields": ", ".join(sorted(unknown))}
        )
    for key, value in data.items():
        setattr(plan, key, value)


def _plan_violations(plan):
    """The rules a plan's fields keep, whether it is being created or edited (one path for
    the pages, the API and the import)."""
    violations = []
    if not (plan.name or "").strip():
        violations.append(("name_required", _("Tên kế hoạch không được để trống."), "name"))
    if plan.end_year < plan.start_year:
        violations.append(("years", _("Năm kết thúc phải sau năm bắt đầu."), "end_year"))
    months = plan.start_window_months or []
    if not months or any(not isinstance(m, int) or not 1 <= m <= 12 for m in months):
        violations.append(("start_window", _("Các tháng được bắt đầu phải từ 1 đến 12."), "start_window_months"))
    if plan.min_months < 1 or plan.report_interval_months < 1:
        violations.append(("months", _("Thời gian tối thiểu và kỳ báo cáo phải từ 1 tháng trở lên."), "min_months"))
    if plan.yearly_cap < 1:
        violations.append(("yearly_cap", _("Số cán bộ tối đa mỗi năm phải từ 1 trở lên."), "yearly_cap"))
    if plan.pk and plan.yearly_lists.exclude(year__gte=plan.start_year, year__lte=plan.end_year).exists():
        violations.append(("years_lists", _("Đã có danh sách năm nằm ngoài giai đoạn mới của kế hoạch."), "start_year"))
    return violations


@transaction.atomic
def update_plan(*, actor, plan, version, **data):
    """Edit a plan's rules (optimistic locking: ``version`` is the one the editor opened)."""
    plan = PlacementPlan.objects.select_for_update().select_related("owner").get(pk=plan.pk)
    permissions.require(permissions.can_manage(actor, plan))
    _set_plan_fields(plan, data)
    _raise(_plan_violations(plan))
    plan._history_user = actor
    plan.save_checked(version)
    return plan


@transaction.atomic
def record_exception(*, actor, plan, person, reason, decision_number="", decision_date=None):
    """A case-by-case decision for a promising cadre outside the planning."""
    permissions.require(permissions.can_manage(actor, plan))
    if not (reason or "").strip():
        raise DomainError("reason_required", _("Phải ghi rõ lý do xem xét trường hợp cụ thể."), field="reason")
    exc, _created = CaseException.objects.update_or_create(
        plan=plan,
        person=person,
        defaults=dict(
            reason=reason.strip(), decision_number=decision_number, decision_date=decision_date, recorded_by=actor
        ),
    )
    return exc


@transaction.atomic
def create_yearly_list(*, actor, plan, year):
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


# --- During the placement ------------------------------------------------------------------


def _placement(placement):
    return Placement.objects.select_related("plan__owner", "host", "person").get(pk=placement.pk)


def _require_active(placement):
    if placement.state != Placement.State.ACTIVE:
        raise DomainError("placement_not_active", _("Đợt đào tạo thực tế đã kết thúc hoặc đã hủy."))


@transaction.atomic
def assign_task(*, actor, placement, title, assigned_on, description="", due_date=None):
    placement = _placement(placement)
    permissions.require(permissions.can_host(actor, placement))
    _require_active(placement)
    if not (title or "").strip():
        raise DomainError("title_required", _("Phải ghi nhiệm vụ được giao."))
    return PlacementTask.objects.create(
        placement=placement,
        title=title.strip(),
        description=description,
        assigned_on=assigned_on,
        due_date=due_date,
        assigned_by=actor,
    )


@transaction.atomic
def complete_task(*, actor, task, done_on):
    placement = _placement(task.placement)
    permissions.require(permissions.can_host(actor, placement) or permissions.is_the_cadre(actor, placement))
    task.done_on = done_on
    task.save()
    return task


@transaction.atomic
def save_report(*, actor, report, version, contributions, problems, proposals):
    report = PlacementReport.objects.select_for_update().get(pk=report.pk)
    placement = _placement(report.placement)
    permissions.require(permissions.is_the_cadre(actor, placement) or permissions.can_manage(actor, placement.plan))
    if report.state not in (PlacementReport.State.DRAFT, PlacementReport.State.RETURNED):
        raise DomainError("report_locked", _("Báo cáo đã nộp: không thể sửa."))
    report.contributions, report.problems, report.proposals = contributions, problems, proposals
    report.save_checked(version)
    return report


@transaction.atomic
def submit_report(*, actor, report, on=None):
    report = _begin(REPORT, report, "submit", actor)
    violations = []
    if not report.contributions.strip():
        violations.append(("contributions_required", _("Báo cáo phải nêu những việc đã tham gia, đóng góp.")))
    if not report.problems.strip():
        violations.append(("problems_required", _("Báo cáo phải nêu khó khăn, vướng mắc ở cơ sở.")))
    if not report.proposals.strip():
        violations.append(("proposals_required", _("Báo cáo phải nêu đề xuất, kiến nghị.")))
    _raise(violations)
    return transition(
        REPORT,
        report,
        "submit",
        actor=actor,
        check=False,
        locked=True,
        changes={"submitted_on": on or timezone.localdate()},
    )


def _review(workflow, obj, actor, action, comment):
    obj = _begin(workflow, obj, action, actor)
    return transition(workflow, obj, action, actor=actor, check=False, locked=True, comment=comment)


@transaction.atomic
def accept_report(*, actor, report, comment=""):
    return _review(REPORT, report, actor, "accept", comment)


@transaction.atomic
def return_report(*, actor, report, comment):
    return _review(REPORT, report, actor, "return", comment)


@transaction.atomic
def save_evaluation(*, actor, evaluation, version, strengths, weaknesses, comment, level=None):
    evaluation = HostEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    placement = _placement(evaluation.placement)
    permissions.require(permissions.can_host(actor, placement))
    if evaluation.state not in (HostEvaluation.State.DRAFT, HostEvaluation.State.RETURNED):
        raise DomainError("evaluation_locked", _("Bản nhận xét đã gửi: không thể sửa."))
    evaluation.strengths, evaluation.weaknesses, evaluation.comment = strengths, weaknesses, comment
    evaluation.level, evaluation.evaluator = level, actor
    evaluation.save_checked(version)
    return evaluation


@transaction.atomic
def submit_evaluation(*, actor, evaluation, on=None):
    evaluation = _begin(EVALUATION, evaluation, "submit", actor)
    violations = []
    if not evaluation.comment.strip():
        violations.append(("comment_required", _("Bản nhận xét phải có nhận xét chung.")))
    if evaluation.level_id is None:
        violations.append(("level_required", _("Phải xếp loại mức độ hoàn thành nhiệm vụ.")))
    _raise(violations)
    return transition(
        EVALUATION,
        evaluation,
        "submit",
        actor=actor,
        check=False,
        locked=True,
        changes={"submitted_on": on or timezone.localdate(), "evaluator": actor},
    )


@transaction.atomic
def accept_evaluation(*, actor, evaluation, comment=""):
    return _review(EVALUATION, evaluation, actor, "accept", comment)


@transaction.atomic
def return_evaluation(*, actor, evaluation, comment):
    return _review(EVALUATION, evaluation, actor, "return", comment)


@transaction.atomic
def mark_checklist_item(*, actor, placement, item, done_on, done=True):
    placement = _placement(placement)
    permissions.require(permissions.can_manage(actor, placement.plan))
    if item not in ChecklistItem.Item.values:
        raise DomainError("unknown_item", _("Không có việc «%(item)s» trong danh mục.") % {"item": item})
    row = ChecklistItem.objects.select_for_update().get(placement=placement, item=item)
    if done and not done_on:
        raise DomainError("date_required", _("Phải ghi ngày hoàn thành."))
    row.done, row.done_on, row.done_by = done, (done_on if done else None), actor
    row.save()
    return row


@transaction.atomic
def finish_placement(*, actor, placement, actual_end, comment="", early_reason=""):
    """End a placement: the final report and evaluation accepted, the checklist complete, the
    length decided served. Ending before ``planned_end`` needs ``early_reason`` (kept, and shown
    in the compiled report); the periodic reports not yet due by then are not required."""
    placement = _begin(PLACEMENT, placement, "finish", actor)
    violations = []
    early_reason = (early_reason or "").strip()
    early = actual_end < placement.planned_end
    if early and not early_reason:
        violations.append(
            (
                "too_short",
                _(
                    "Thời gian đào tạo thực tế đã quyết định đến %(end)s (tối thiểu %(months)s tháng); "
                    "kết thúc sớm phải ghi rõ lý do."
                )
                % {"end": rules.fmt(placement.planned_end), "months": placement.plan.min_months},
                "early_reason",
            )
        )
    due = Q(kind=Kind.FINAL) | Q(due_date__lte=actual_end) if early else Q()
    if placement.reports.filter(due).exclude(state=PlacementReport.State.ACCEPTED).exists():
        violations.append(("reports_pending", _("Còn báo cáo chưa được tiếp nhận.")))
    if placement.evaluations.filter(due).exclude(state=HostEvaluation.State.ACCEPTED).exists():
        violations.append(("evaluations_pending", _("Còn bản nhận xét của nơi đến chưa được tiếp nhận.")))
    for row in placement.checklist.filter(done=False):
        violations.append(("checklist_" + row.item, _("Chưa xong: %(item)s.") % {"item": row.get_item_display()}))
    _raise(violations)
    return transition(
        PLACEMENT,
        placement,
        "finish",
        actor=actor,
        check=False,
        locked=True,
        comment=comment,
        changes={"actual_end": actual_end, "early_end_reason": early_reason if early else ""},
    )


@transaction.atomic
def cancel_placement(*, actor, placement, reason, on):
    """Cancel an active placement (TCKT, or the Standing Committee): the reason, who, the date
    it ends (``actual_end``); logged. A cancelled placement frees the cadre for a later list."""
    placement = _begin(PLACEMENT, placement, "cancel", actor)
    violations = []
    if not (reason or "").strip():
        violations.append(("reason_required", _("Hủy đợt đào tạo thực tế phải ghi rõ lý do."), "reason"))
    if not on:
        violations.append(("date_required", _("Phải ghi ngày hủy."), "on"))
    elif on > timezone.localdate():
        violations.append(("date_future", _("Ngày hủy không được sau ngày hôm nay."), "on"))
    _raise(violations)
    return transition(
        PLACEMENT,
        placement,
        "cancel",
        actor=actor,
        check=False,
        locked=True,
        comment=reason.strip(),
        changes={"actual_end": on, "cancel_reason": reason.strip(), "cancelled_by": actor},
    )


# --- Target groups of a plan ---------------------------------------------------------------

GROUP_FIELDS = (
    "name",
    "requires_executive_full_time",
    "requires_department_staff",
    "planned_titles",
    "host_titles",
    "needs_party_agreement",
)


def _group_violations(data):
    from coso.people.models import PostTitle as T

    violations = []
    if not (data.get("name") or "").strip():
        violations.append(("name_required", _("Phải ghi mô tả đối tượng."), "name"))
    if data.get("requires_executive_full_time") and data.get("requires_department_staff"):
        violations.append(
            (
                "position",
                _("Chỉ chọn một vị trí hiện tại: Ủy viên BCH chuyên trách hoặc cán bộ các ban."),
                "position",
            )
        )
    for key, missing, invalid in (
        ("planned_titles", _("Phải chọn ít nhất một chức danh quy hoạch."), _("Có chức danh quy hoạch không hợp lệ.")),
        ("host_titles", _("Phải chọn ít nhất một vị trí tại cơ sở."), _("Có vị trí tại cơ sở không hợp lệ.")),
    ):
        values = data.get(key) or []
        if not values:
            violations.append((key, missing, key))
        elif any(v not in T.values for v in values):
            violations.append((key, invalid, key))
    return violations


@transaction.atomic
def add_group_rule(*, actor, plan, **data):
    """A new target group of the plan (the next number)."""
    plan = PlacementPlan.objects.select_for_update().select_related("owner").get(pk=plan.pk)
    permissions.require(permissions.can_manage(actor, plan))
    unknown = set(data) - set(GROUP_FIELDS)
    if unknown:
        raise DomainError(
            "unknown_field", _("Không có điều kiện «%(fields)s».") % {"fields": ", ".join(sorted(unknown))}
        )
    _raise(_group_violations(data))
    number = max(plan.group_rules.values_list("group", flat=True), default=0) + 1
    data["name"] = data["name"].strip()
    rule = TargetGroupRule(plan=plan, group=number, **data)
    rule._history_user = actor
    rule.save()
    return rule


@transaction.atomic
def update_group_rule(*, actor, rule, version, **data):
    """Edit a target group: who qualifies, the planned titles accepted, the post at the host,
    the party agreement (optimistic locking: ``version`` is the one the editor opened)."""
    rule = TargetGroupRule.objects.select_for_update().select_related("plan__owner").get(pk=rule.pk)
    permissions.require(permissions.can_manage(actor, rule.plan))
    unknown = set(data) - set(GROUP_FIELDS)
    if unknown:
        raise DomainError(
            "unknown_field", _("Không có điều kiện «%(fields)s».") % {"fields": ", ".join(sorted(unknown))}
        )
    merged = {key: data.get(key, getattr(rule, key)) for key in GROUP_FIELDS}
    violations = _group_violations(merged)
    pending = (
        Candidate.objects.filter(yearly_list__plan=rule.plan, group=rule.group)
        .exclude(yearly_list__state=YearlyList.State.DECIDED)
        .exclude(host_title__in=merged["host_titles"] or [])
        .select_related("person", "yearly_list")
    )
    for c in pending:
        violations.append(
            (
                "host_titles",
                _(
                    "Danh sách năm %(year)s đã đề xuất %(person)s ở vị trí «%(title)s»: "
                    "giữ vị trí này hoặc sửa danh sách trước."
                )
                % {"year": c.yearly_list.year, "person": c.person.full_name, "title": c.get_host_title_display()},
                "host_titles",
            )
        )
    _raise(violations)
    for key, value in merged.items():
        setattr(rule, key, value.strip() if key == "name" else value)
    rule._history_user = actor
    rule.save_checked(version)
    return rule
