"""Writes of a field-training plan: its rules (created with the seed's defaults, edited with
optimistic locking) and its target groups."""

from django.db import transaction
from django.utils.translation import gettext as _

from coso.core import dates
from coso.core.errors import DomainError
from coso.people.models import PostTitle
from coso.placements import permissions
from coso.placements.models import (
    Candidate,
    PlacementPlan,
    TargetGroupRule,
    YearlyList,
)
from coso.placements.services._common import _raise

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
    far = [(f, m) for f in ("start_year", "end_year") if (m := dates.year_message(getattr(plan, f)))]
    far += [("issued_on", m)] if (m := dates.window_message(plan.issued_on)) else []
    violations += [("year_out_of_window" if f != "issued_on" else "date_out_of_window", m, f) for f, m in far]
    if far:
        return violations
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
