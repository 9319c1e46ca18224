"""Field-training plans: their rules, target groups, eligibility, exceptions and the compiled report."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id
from coso.core.dates import InputYear
from coso.placements import selectors, services
from coso.placements.api.common import _plan, router
from coso.placements.api.schemas import (
    CompiledOut,
    CompiledRowOut,
    EligibilityOut,
    EligibilityQuery,
    ExceptionIn,
    ExceptionOut,
    GroupIn,
    GroupOut,
    GroupPatchIn,
    PlacementPlanIn,
    PlacementPlanOut,
    PlanPatchIn,
)
from coso.placements.views import (
    _agency_cadres,
    default_start,
    visible_plans,
)

# --------------------------------------------------------------------------- plans


@router.get("/plans", response=list[PlacementPlanOut], summary=gettext_lazy("Kế hoạch cử cán bộ đi đào tạo thực tế"))
@paginate(Pagination)
def list_plans(request, owner: Id | None = None):
    plans = visible_plans(caller(request)).prefetch_related("group_rules")
    if owner:
        plans = plans.filter(owner_id=owner)
    return plans.order_by("-start_year", "name", "pk")


@router.post(
    "/plans", response={201: PlacementPlanOut, **WRITE_ERRORS}, summary=gettext_lazy("Lập kế hoạch (Tỉnh đoàn)")
)
def create_plan(request, payload: PlacementPlanIn):
    user = caller(request)
    data = payload.dict(exclude_none=True)
    owner = visible_unit_or_404(user, data.pop("owner_id"))
    plan = services.create_plan(actor=user, owner=owner, **data)
    return Status(201, _plan(user, plan.pk))


@router.get(
    "/plans/{plan_id}",
    response={200: PlacementPlanOut, **READ_ERRORS},
    summary=gettext_lazy("Một kế hoạch và các quy định"),
)
def get_plan(request, plan_id: Id):
    return _plan(caller(request), plan_id)


@router.patch(
    "/plans/{plan_id}",
    response={200: PlacementPlanOut, **WRITE_ERRORS},
    summary=gettext_lazy("Sửa quy định của kế hoạch"),
)
def patch_plan(request, plan_id: Id, payload: PlanPatchIn):
    user = caller(request)
    plan = _plan(user, plan_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version")
    services.update_plan(actor=user, plan=plan, version=version, **data)
    return _plan(user, plan_id)


@router.post(
    "/plans/{plan_id}/groups",
    response={201: GroupOut, **WRITE_ERRORS},
    summary=gettext_lazy("Thêm đối tượng của kế hoạch"),
)
def add_group(request, plan_id: Id, payload: GroupIn):
    user = caller(request)
    return Status(201, services.add_group_rule(actor=user, plan=_plan(user, plan_id), **payload.dict()))


@router.patch(
    "/plans/{plan_id}/groups/{group}",
    response={200: GroupOut, **WRITE_ERRORS},
    summary=gettext_lazy("Sửa đối tượng: vị trí hiện tại, quy hoạch, vị trí tại cơ sở, sự thống nhất của cấp ủy"),
)
def patch_group(request, plan_id: Id, group: int, payload: GroupPatchIn):
    user = caller(request)
    rule = get_object_or_404(_plan(user, plan_id).group_rules.all(), group=group)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    version = data.pop("version")
    return services.update_group_rule(actor=user, rule=rule, version=version, **data)


@router.get(
    "/plans/{plan_id}/eligibility",
    response={200: list[EligibilityOut], **READ_ERRORS},
    summary=gettext_lazy("Điều kiện của từng cán bộ cơ quan (đủ hay chưa, đối tượng, mọi lý do)"),
)
def get_eligibility(request, plan_id: Id, query: Query[EligibilityQuery]):
    user = caller(request)
    plan = _plan(user, plan_id)
    people = _agency_cadres(plan)
    if query.q:
        people = people.search(query.q)
    start = query.start or default_start(plan)
    return [
        {
            "person_id": p.pk,
            "person_name": p.full_name,
            "eligible": r.eligible,
            "proposable": r.proposable,
            "group": r.group,
            "reasons": [{"code": x.code, "message": x.message, "passed": x.passed} for x in r.reasons],
        }
        for p, r in selectors.eligibility_list(actor=user, plan=plan, start_date=start, people=people)
    ]


@router.post(
    "/plans/{plan_id}/exceptions",
    response={201: ExceptionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi trường hợp xem xét cụ thể (lý do và văn bản của Ban Thường vụ)"),
)
def add_exception(request, plan_id: Id, payload: ExceptionIn):
    user = caller(request)
    plan = _plan(user, plan_id)
    person = get_object_or_404(_agency_cadres(plan), pk=payload.person_id)
    exc = services.record_exception(
        actor=user,
        plan=plan,
        person=person,
        reason=payload.reason,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
    )
    return Status(201, exc)


@router.get(
    "/plans/{plan_id}/report", response={200: CompiledOut, **READ_ERRORS}, summary=gettext_lazy("Báo cáo tổng hợp")
)
def get_compiled(request, plan_id: Id, year: InputYear | None = None):
    plan = _plan(caller(request), plan_id)
    report = selectors.compiled_report(plan=plan, year=year)
    rows = [
        dict(
            {k: row[k] for k in CompiledRowOut.model_fields if k in row},
            placement_id=row["placement"].pk,
            reports_accepted=sum(r["state"] == _("Đã tiếp nhận") for r in row["reports"]),
            reports_total=len(row["reports"]),
            levels=[e["level"] for e in row["evaluations"] if e["level"]],
        )
        for row in report["placements"]
    ]
    return dict(report, placements=rows)
