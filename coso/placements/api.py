"""The API of field-training placements, mounted at /api/placements/ (``coso/api/api.py``):
plans and their rules, eligibility, yearly lists and their transitions, placements, tasks,
reports, host evaluations, checklist and the compiled report. Reads go through the pages'
scoped querysets (``coso.placements.views``), writes through ``coso.placements.services``.

Out of scope is a 404 (as missing); not allowed is a 403; a rule broken is a 400 with every
violation; a stale ``version`` is a 409. Every route has a case in ``SCOPE_MATRIX``
(``coso/api/matrix.py`` explains them).
"""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from coso.api.common import caller, visible_unit_or_404
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate, InputYear
from coso.core.errors import DomainError
from coso.org.models import ClassificationLevel
from coso.people.models import PostTitle
from coso.placements import selectors, services
from coso.placements.models import Candidate, ChecklistItem, PlacementTask
from coso.placements.views import (
    _agency_cadres,
    _evaluations,
    _hosts,
    _reports,
    default_start,
    visible_lists,
    visible_placements,
    visible_plans,
)

router = Router(tags=[gettext_lazy("Đào tạo thực tế tại cơ sở")])


# --------------------------------------------------------------------------- schemas


class GroupOut(Schema):
    version: int
    group: int
    name: str
    requires_executive_full_time: bool
    requires_department_staff: bool
    planned_titles: list[str]
    host_titles: list[str]
    needs_party_agreement: bool


class PlacementPlanOut(Schema):
    id: int
    version: int
    owner_id: int
    owner_name: str
    name: str
    number: str
    issued_on: datetime.date | None
    start_year: int
    end_year: int
    min_months: int
    start_window_months: list[int]
    yearly_cap: int
    age_limit: int
    child_months_limit: int
    evaluation_years: int
    evaluation_max_rank: int
    report_interval_months: int
    reminder_days: int
    groups: list[GroupOut] = []

    @staticmethod
    def resolve_owner_name(obj):
        return obj.owner.name

    @staticmethod
    def resolve_groups(obj):
        return list(obj.group_rules.all())


class PlanPatchIn(Input):
    version: Version
    name: str | None = Field(None, min_length=1, max_length=255)
    number: str | None = Field(None, max_length=60)
    issued_on: InputDate | None = None
    start_year: int | None = Field(None, ge=2000, le=2100)
    end_year: int | None = Field(None, ge=2000, le=2100)
    min_months: int | None = Field(None, ge=1, le=60)
    start_window_months: list[int] | None = None
    yearly_cap: int | None = Field(None, ge=1, le=100)
    age_limit: int | None = Field(None, ge=18, le=70)
    child_months_limit: int | None = Field(None, ge=0, le=120)
    evaluation_years: int | None = Field(None, ge=0, le=10)
    evaluation_max_rank: int | None = Field(None, ge=1, le=4)
    report_interval_months: int | None = Field(None, ge=1, le=24)
    reminder_days: int | None = Field(None, ge=0, le=60)


class PlacementPlanIn(Input):
    owner_id: Id
    name: str = Field(..., max_length=255)
    number: str = Field("", max_length=60)
    issued_on: InputDate | None = None
    start_year: int = Field(..., ge=2000, le=2100)
    end_year: int = Field(..., ge=2000, le=2100)
    with_default_groups: bool = Field(True, description=gettext_lazy("Hai đối tượng theo kế hoạch mẫu (seed 002)."))
    min_months: int | None = Field(None, ge=1, le=60)
    start_window_months: list[int] | None = None
    yearly_cap: int | None = Field(None, ge=1, le=100)
    age_limit: int | None = Field(None, ge=18, le=70)
    child_months_limit: int | None = Field(None, ge=0, le=120)
    evaluation_years: int | None = Field(None, ge=0, le=10)
    evaluation_max_rank: int | None = Field(None, ge=1, le=4)
    report_interval_months: int | None = Field(None, ge=1, le=24)
    reminder_days: int | None = Field(None, ge=0, le=60)


class ReasonOut(Schema):
    code: str
    message: str
    passed: bool


class EligibilityOut(Schema):
    person_id: int
    person_name: str
    eligible: bool
    proposable: bool
    group: int | None
    reasons: list[ReasonOut]


class EligibilityQuery(Schema):
    start: InputDate | None = Field(None, description=gettext_lazy("Ngày bắt đầu dự kiến (mặc định: đầu quý I)."))
    q: str = Field("", max_length=100, description=gettext_lazy("Tìm theo tên, không dấu."))


class ExceptionIn(Input):
    person_id: Id
    reason: str = Field(..., max_length=2000)
    decision_number: str = Field(..., min_length=1, max_length=60)
    decision_date: InputDate


class ExceptionOut(Schema):
    id: int
    person_id: int
    reason: str
    decision_number: str
    decision_date: datetime.date | None


class CandidateOut(Schema):
    id: int
    version: int
    person_id: int
    person_name: str
    group: int
    host_id: int
    host_name: str
    host_title: str
    start_date: datetime.date
    months: int
    party_agreement_date: datetime.date | None
    party_agreement_document: str
    note: str

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_host_name(obj):
        return obj.host.name


class ListOut(Schema):
    id: int
    version: int
    plan_id: int
    year: int
    state: str
    state_label: str
    decision_number: str
    decision_date: datetime.date | None
    signer: str
    candidates: list[CandidateOut] = []

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_candidates(obj):
        return list(obj.candidates.select_related("person", "host"))


class ListIn(Input):
    year: int = Field(..., ge=2000, le=2100)


class CandidateIn(Input):
    person_id: Id
    group: int = Field(..., ge=1, le=9)
    host_id: Id
    host_title: PostTitle
    start_date: InputDate
    months: int | None = Field(
        None,
        ge=1,
        le=60,
        description=gettext_lazy(
            "Thời gian đào tạo thực tế (tháng); mặc định và tối thiểu: thời gian tối thiểu của kế hoạch."
        ),
    )
    note: str = Field("", max_length=500)


class AgreementIn(Input):
    agreed_on: InputDate | None = None
    document: str = Field("", max_length=120)


class PlacementStepIn(Input):
    comment: str = Field("", max_length=2000)


class DecideIn(Input):
    decision_number: str = Field("", max_length=60)
    decision_date: InputDate | None = None
    signer: str = Field("", max_length=80)
    signer_title: str = Field("BÍ THƯ", max_length=40)
    comment: str = Field("", max_length=2000)


class TaskOut(Schema):
    id: int
    title: str
    description: str
    assigned_on: datetime.date
    due_date: datetime.date | None
    done_on: datetime.date | None


class TaskIn(Input):
    title: str = Field(..., max_length=255)
    description: str = ""
    assigned_on: InputDate
    due_date: InputDate | None = None


class TaskDoneIn(Input):
    done_on: InputDate


class PlacementRoundOut(Schema):
    id: int
    version: int
    kind: str
    sequence: int
    due_date: datetime.date
    state: str
    state_label: str
    submitted_on: datetime.date | None
    late: bool = False

    @staticmethod
    def resolve_state_label(obj):
        return str(obj.get_state_display())

    @staticmethod
    def resolve_late(obj):
        return obj.state in ("draft", "returned") and obj.due_date < timezone.localdate()


class PlacementReportOut(PlacementRoundOut):
    placement_id: int
    contributions: str
    problems: str
    proposals: str


class ReportIn(Input):
    version: Version
    contributions: str = ""
    problems: str = ""
    proposals: str = ""


class PlacementEvaluationOut(PlacementRoundOut):
    placement_id: int
    strengths: str
    weaknesses: str
    comment: str
    level_code: str | None

    @staticmethod
    def resolve_level_code(obj):
        return obj.level.code if obj.level_id else None


class PlacementEvaluationIn(Input):
    version: Version
    strengths: str = ""
    weaknesses: str = ""
    comment: str = ""
    level_code: str | None = Field(None, description=gettext_lazy("Mã xếp loại cán bộ: HTXSNV, HTTNV, HTNV, KHTNV."))


class ChecklistOut(Schema):
    item: str
    label: str
    done: bool
    done_on: datetime.date | None

    @staticmethod
    def resolve_label(obj):
        return str(obj.get_item_display())


class ChecklistIn(Input):
    item: ChecklistItem.Item
    done: bool = True
    done_on: InputDate | None = None


class FinishIn(Input):
    actual_end: InputDate
    early_reason: str = Field(
        "", max_length=2000, description=gettext_lazy("Bắt buộc khi kết thúc trước ngày dự kiến.")
    )
    comment: str = ""


class CancelIn(Input):
    reason: str
    on: InputDate


class GroupIn(Input):
    name: str
    requires_executive_full_time: bool = False
    requires_department_staff: bool = False
    planned_titles: list[str]
    host_titles: list[str]
    needs_party_agreement: bool = False


class GroupPatchIn(Input):
    version: int
    name: str | None = None
    requires_executive_full_time: bool | None = None
    requires_department_staff: bool | None = None
    planned_titles: list[str] | None = None
    host_titles: list[str] | None = None
    needs_party_agreement: bool | None = None


class PlacementOut(Schema):
    id: int
    version: int
    plan_id: int
    year: int
    person_id: int
    person_name: str
    group: int
    host_id: int
    host_name: str
    host_title: str
    start_date: datetime.date
    planned_end: datetime.date
    actual_end: datetime.date | None
    state: str
    cancel_reason: str
    early_end_reason: str
    tasks: list[TaskOut] = []
    reports: list[PlacementRoundOut] = []
    evaluations: list[PlacementRoundOut] = []
    checklist: list[ChecklistOut] = []

    @staticmethod
    def resolve_person_name(obj):
        return obj.person.full_name

    @staticmethod
    def resolve_host_name(obj):
        return obj.host.name

    @staticmethod
    def resolve_tasks(obj):
        return list(obj.tasks.all())

    @staticmethod
    def resolve_reports(obj):
        return list(obj.reports.all())

    @staticmethod
    def resolve_evaluations(obj):
        return list(obj.evaluations.all())

    @staticmethod
    def resolve_checklist(obj):
        return list(obj.checklist.all())


class PlacementFilter(Schema):
    plan: Id | None = None
    year: int | None = None
    host: Id | None = Field(None, description=gettext_lazy("Nơi đến (đơn vị cấp huyện)."))
    state: str | None = None


class CompiledRowOut(Schema):
    placement_id: int
    person: str
    group: int
    host: str
    host_title: str
    year: int
    decision: str
    start_date: datetime.date
    planned_end: datetime.date
    state: str
    reports_accepted: int
    reports_total: int
    levels: list[str]


class CompiledOut(Schema):
    plan: str
    year: int | None
    count: int
    placements: list[CompiledRowOut]
    problems: list[str]
    proposals: list[str]


# --------------------------------------------------------------------------- look-ups


def _plan(user, pk):
    return get_object_or_404(visible_plans(user), pk=pk)


def _list(user, pk):
    return get_object_or_404(visible_lists(user), pk=pk)


def _placement(user, pk):
    return get_object_or_404(visible_placements(user), pk=pk)


def _candidate(ylist, pk):
    return get_object_or_404(
        Candidate.objects.select_related("person", "yearly_list__plan__owner"), yearly_list=ylist, pk=pk
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


# --------------------------------------------------------------------------- yearly lists


@router.get(
    "/plans/{plan_id}/lists", response={200: list[ListOut], **READ_ERRORS}, summary=gettext_lazy("Danh sách các năm")
)
def plan_lists(request, plan_id: Id):
    plan = _plan(caller(request), plan_id)
    return list(plan.yearly_lists.order_by("year"))


@router.post(
    "/plans/{plan_id}/lists", response={201: ListOut, **WRITE_ERRORS}, summary=gettext_lazy("Lập danh sách năm")
)
def create_list(request, plan_id: Id, payload: ListIn):
    user = caller(request)
    ylist = services.create_yearly_list(actor=user, plan=_plan(user, plan_id), year=payload.year)
    return Status(201, ylist)


@router.get("/lists/{list_id}", response={200: ListOut, **READ_ERRORS}, summary=gettext_lazy("Một danh sách năm"))
def get_list(request, list_id: Id):
    return _list(caller(request), list_id)


@router.post(
    "/lists/{list_id}/candidates",
    response={201: ListOut, **WRITE_ERRORS},
    summary=gettext_lazy("TCKT đề xuất một cán bộ (mọi điều kiện, giới hạn số người, thời điểm bắt đầu)"),
)
def add_candidate(request, list_id: Id, payload: CandidateIn):
    user = caller(request)
    ylist = _list(user, list_id)
    plan = ylist.plan
    person = get_object_or_404(_agency_cadres(plan), pk=payload.person_id)
    host = _hosts(plan).filter(pk=payload.host_id).first()
    if host is None:
        raise DomainError("host_not_district", _("Nơi đến phải là Đoàn cấp huyện thuộc tỉnh."), field="host_id")
    services.add_candidate(
        actor=user,
        yearly_list=ylist,
        person=person,
        group=payload.group,
        host=host,
        host_title=payload.host_title,
        start_date=payload.start_date,
        months=payload.months,
        note=payload.note,
    )
    return Status(201, _list(user, list_id))


@router.delete(
    "/lists/{list_id}/candidates/{candidate_id}",
    response={200: ListOut, **WRITE_ERRORS},
    summary=gettext_lazy("Bỏ cán bộ đề xuất"),
)
def remove_candidate(request, list_id: Id, candidate_id: Id):
    user = caller(request)
    ylist = _list(user, list_id)
    services.remove_candidate(actor=user, candidate=_candidate(ylist, candidate_id))
    return _list(user, list_id)


@router.post(
    "/lists/{list_id}/candidates/{candidate_id}/agreement",
    response={200: ListOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi sự thống nhất của cấp ủy địa phương (đối tượng 1)"),
)
def record_agreement(request, list_id: Id, candidate_id: Id, payload: AgreementIn):
    user = caller(request)
    ylist = _list(user, list_id)
    services.record_party_agreement(
        actor=user, candidate=_candidate(ylist, candidate_id), agreed_on=payload.agreed_on, document=payload.document
    )
    return _list(user, list_id)


@router.post(
    "/lists/{list_id}/propose", response={200: ListOut, **WRITE_ERRORS}, summary=gettext_lazy("Trình Ban Thường vụ")
)
def propose(request, list_id: Id, payload: PlacementStepIn):
    user = caller(request)
    services.propose(actor=user, yearly_list=_list(user, list_id), comment=payload.comment)
    return _list(user, list_id)


@router.post(
    "/lists/{list_id}/return", response={200: ListOut, **WRITE_ERRORS}, summary=gettext_lazy("Ban Thường vụ trả lại")
)
def return_list(request, list_id: Id, payload: PlacementStepIn):
    user = caller(request)
    services.return_list(actor=user, yearly_list=_list(user, list_id), comment=payload.comment)
    return _list(user, list_id)


@router.post(
    "/lists/{list_id}/decide", response={200: ListOut, **WRITE_ERRORS}, summary=gettext_lazy("Ban Thường vụ quyết định")
)
def decide(request, list_id: Id, payload: DecideIn):
    user = caller(request)
    signer = f"{payload.signer.strip()}|{payload.signer_title.strip().upper()}" if payload.signer.strip() else ""
    services.decide(
        actor=user,
        yearly_list=_list(user, list_id),
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        signer=signer,
        comment=payload.comment,
    )
    return _list(user, list_id)


# --------------------------------------------------------------------------- placements


@router.get("/placements", response=list[PlacementOut], summary=gettext_lazy("Cán bộ đào tạo thực tế"))
@paginate(Pagination)
def list_placements(request, filters: Query[PlacementFilter]):
    qs = visible_placements(caller(request))
    if filters.plan:
        qs = qs.filter(plan_id=filters.plan)
    if filters.year:
        qs = qs.filter(year=filters.year)
    if filters.host:
        qs = qs.filter(host_id=filters.host)
    if filters.state:
        qs = qs.filter(state=filters.state)
    return qs.order_by("year", "person__sort_key", "pk")


@router.get(
    "/placements/{placement_id}",
    response={200: PlacementOut, **READ_ERRORS},
    summary=gettext_lazy("Một cán bộ đào tạo thực tế"),
)
def get_placement(request, placement_id: Id):
    return _placement(caller(request), placement_id)


@router.post(
    "/placements/{placement_id}/tasks",
    response={201: TaskOut, **WRITE_ERRORS},
    summary=gettext_lazy("Nơi đến giao nhiệm vụ"),
)
def add_task(request, placement_id: Id, payload: TaskIn):
    user = caller(request)
    task = services.assign_task(actor=user, placement=_placement(user, placement_id), **payload.dict())
    return Status(201, task)


@router.post(
    "/tasks/{task_id}/done", response={200: TaskOut, **WRITE_ERRORS}, summary=gettext_lazy("Ghi hoàn thành nhiệm vụ")
)
def task_done(request, task_id: Id, payload: TaskDoneIn):
    user = caller(request)
    task = get_object_or_404(
        PlacementTask.objects.filter(placement__in=visible_placements(user).values("pk")), pk=task_id
    )
    return services.complete_task(actor=user, task=task, done_on=payload.done_on)


@router.post(
    "/placements/{placement_id}/checklist",
    response={200: list[ChecklistOut], **WRITE_ERRORS},
    summary=gettext_lazy("Đánh dấu việc cần làm (chuyển sinh hoạt, đảng phí, quyết toán)"),
)
def mark_checklist(request, placement_id: Id, payload: ChecklistIn):
    user = caller(request)
    placement = _placement(user, placement_id)
    services.mark_checklist_item(
        actor=user, placement=placement, item=payload.item, done=payload.done, done_on=payload.done_on
    )
    return list(placement.checklist.all())


@router.post(
    "/placements/{placement_id}/finish",
    response={200: PlacementOut, **WRITE_ERRORS},
    summary=gettext_lazy("Kết thúc đợt đào tạo thực tế"),
)
def finish(request, placement_id: Id, payload: FinishIn):
    user = caller(request)
    services.finish_placement(
        actor=user,
        placement=_placement(user, placement_id),
        actual_end=payload.actual_end,
        early_reason=payload.early_reason,
        comment=payload.comment,
    )
    return _placement(user, placement_id)


@router.post(
    "/placements/{placement_id}/cancel",
    response={200: PlacementOut, **WRITE_ERRORS},
    summary=gettext_lazy("Hủy đợt đào tạo thực tế (lý do, ngày; TCKT hoặc Ban Thường vụ)"),
)
def cancel(request, placement_id: Id, payload: CancelIn):
    user = caller(request)
    services.cancel_placement(
        actor=user, placement=_placement(user, placement_id), reason=payload.reason, on=payload.on
    )
    return _placement(user, placement_id)


# --------------------------------------------------------------------------- reports and evaluations


def _report(user, pk):
    return get_object_or_404(_reports(user), pk=pk)


def _evaluation(user, pk):
    return get_object_or_404(_evaluations(user), pk=pk)


@router.get(
    "/reports/{report_id}",
    response={200: PlacementReportOut, **READ_ERRORS},
    summary=gettext_lazy("Một báo cáo của cán bộ"),
)
def get_report(request, report_id: Id):
    return _report(caller(request), report_id)


@router.patch(
    "/reports/{report_id}", response={200: PlacementReportOut, **WRITE_ERRORS}, summary=gettext_lazy("Viết báo cáo")
)
def patch_report(request, report_id: Id, payload: ReportIn):
    user = caller(request)
    return services.save_report(
        actor=user,
        report=_report(user, report_id),
        version=payload.version,
        contributions=payload.contributions,
        problems=payload.problems,
        proposals=payload.proposals,
    )


REPORT_STEPS = {
    "submit": lambda user, obj, c: services.submit_report(actor=user, report=obj),
    "accept": lambda user, obj, c: services.accept_report(actor=user, report=obj, comment=c),
    "return": lambda user, obj, c: services.return_report(actor=user, report=obj, comment=c),
}
EVALUATION_STEPS = {
    "submit": lambda user, obj, c: services.submit_evaluation(actor=user, evaluation=obj),
    "accept": lambda user, obj, c: services.accept_evaluation(actor=user, evaluation=obj, comment=c),
    "return": lambda user, obj, c: services.return_evaluation(actor=user, evaluation=obj, comment=c),
}


def _report_step(action):
    def view(request, report_id: Id, payload: PlacementStepIn):
        user = caller(request)
        REPORT_STEPS[action](user, _report(user, report_id), payload.comment)
        return _report(user, report_id)

    view.__name__ = f"report_{action}"
    return view


def _evaluation_step(action):
    def view(request, evaluation_id: Id, payload: PlacementStepIn):
        user = caller(request)
        EVALUATION_STEPS[action](user, _evaluation(user, evaluation_id), payload.comment)
        return _evaluation(user, evaluation_id)

    view.__name__ = f"evaluation_{action}"
    return view


for _action, _summary in (
    ("submit", gettext_lazy("Nộp báo cáo")),
    ("accept", gettext_lazy("TCKT tiếp nhận")),
    ("return", gettext_lazy("TCKT trả lại")),
):
    router.post(
        f"/reports/{{report_id}}/{_action}", response={200: PlacementReportOut, **WRITE_ERRORS}, summary=_summary
    )(_report_step(_action))


@router.get(
    "/evaluations/{evaluation_id}",
    response={200: PlacementEvaluationOut, **READ_ERRORS},
    summary=gettext_lazy("Một bản nhận xét"),
)
def get_evaluation(request, evaluation_id: Id):
    return _evaluation(caller(request), evaluation_id)


@router.patch(
    "/evaluations/{evaluation_id}",
    response={200: PlacementEvaluationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Nơi đến viết nhận xét"),
)
def patch_evaluation(request, evaluation_id: Id, payload: PlacementEvaluationIn):
    user = caller(request)
    level = None
    if payload.level_code:
        level = ClassificationLevel.objects.filter(scheme__code="can-bo", code=payload.level_code).first()
        if level is None:
            raise DomainError(
                "unknown_level", _("Không có xếp loại «%(code)s».") % {"code": payload.level_code}, field="level_code"
            )
    return services.save_evaluation(
        actor=user,
        evaluation=_evaluation(user, evaluation_id),
        version=payload.version,
        strengths=payload.strengths,
        weaknesses=payload.weaknesses,
        comment=payload.comment,
        level=level,
    )


for _action, _summary in (
    ("submit", gettext_lazy("Nơi đến gửi nhận xét")),
    ("accept", gettext_lazy("TCKT tiếp nhận")),
    ("return", gettext_lazy("TCKT trả lại")),
):
    router.post(
        f"/evaluations/{{evaluation_id}}/{_action}",
        response={200: PlacementEvaluationOut, **WRITE_ERRORS},
        summary=_summary,
    )(_evaluation_step(_action))


# --------------------------------------------------------------------------- scope matrix


def tamky(t):
    """A plan of the test tree's province with its 2013 list decided: Nguyễn Văn Quy (province)
    placed in Tam Kỳ with a task, his reports and Tam Kỳ's evaluations; made once per tree,
    with the ORM (no person or unit is created or changed)."""
    if getattr(t, "_placements_tamky", None):
        return t._placements_tamky
    from types import SimpleNamespace

    from coso.placements.models import (
        HostEvaluation,
        Placement,
        PlacementPlan,
        PlacementReport,
        TargetGroupRule,
        YearlyList,
    )

    d = datetime.date
    plan = PlacementPlan.objects.create(
        owner=t.province, name="Kế hoạch đào tạo thực tế 2013", start_year=2013, end_year=2017
    )
    TargetGroupRule.objects.create(plan=plan, group=2, name="Cán bộ các ban", host_titles=["standing_member"])
    ylist = YearlyList.objects.create(plan=plan, year=2013, state="decided", decision_number="5-QĐ/TĐTN")
    cand = Candidate.objects.create(
        yearly_list=ylist,
        person=t.movement_cadre,
        group=2,
        host=t.tamky,
        host_title="standing_member",
        start_date=d(2013, 2, 1),
    )
    placement = Placement.objects.create(
        person=t.movement_cadre,
        plan=plan,
        candidate=cand,
        year=2013,
        group=2,
        host=t.tamky,
        host_title="standing_member",
        start_date=d(2013, 2, 1),
        planned_end=d(2014, 2, 1),
    )
    report = PlacementReport.objects.create(placement=placement, kind="six_month", sequence=1, due_date=d(2013, 8, 1))
    evaluation = HostEvaluation.objects.create(
        placement=placement, kind="six_month", sequence=1, due_date=d(2013, 8, 1)
    )
    ChecklistItem.objects.bulk_create(ChecklistItem(placement=placement, item=i) for i in ChecklistItem.Item.values)
    task = PlacementTask.objects.create(placement=placement, title="Phụ trách phong trào", assigned_on=d(2013, 2, 5))
    t._placements_tamky = SimpleNamespace(
        plan=plan, ylist=ylist, candidate=cand, placement=placement, report=report, evaluation=evaluation, task=task
    )
    return t._placements_tamky


def _u(path):
    return lambda t: f"/api/placements{path(tamky(t))}"


# The plans, lists and candidates belong to the province: no district officer (Tam Kỳ's
# either) may reach them, so those cases have no control.
SCOPE_MATRIX = [
    ScopeCase(
        "POST",
        "/placements/plans",
        lambda t: "/api/placements/plans",
        lambda t: {"owner_id": t.tamky.pk, "name": "Kế hoạch", "start_year": 2023, "end_year": 2027},
        control=False,  # Tam Kỳ is not a provincial union: nobody there makes a plan
    ),
    ScopeCase(
        "GET",
        "/placements/plans",
        lambda t: f"/api/placements/plans?owner={tamky(t).plan.owner_id}",
        kind=LIST,
        control=False,
    ),
    ScopeCase("GET", "/placements/plans/{plan_id}", _u(lambda x: f"/plans/{x.plan.pk}"), control=False),
    ScopeCase(
        "PATCH",
        "/placements/plans/{plan_id}",
        _u(lambda x: f"/plans/{x.plan.pk}"),
        lambda t: {"version": tamky(t).plan.version, "yearly_cap": 9},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/plans/{plan_id}/groups",
        _u(lambda x: f"/plans/{x.plan.pk}/groups"),
        lambda t: {"name": "x", "planned_titles": ["secretary"], "host_titles": ["secretary"]},
        control=False,
    ),
    ScopeCase(
        "PATCH",
        "/placements/plans/{plan_id}/groups/{group}",
        _u(lambda x: f"/plans/{x.plan.pk}/groups/2"),
        lambda t: {"version": 1, "name": "Chiếm quyền"},
        control=False,
    ),
    ScopeCase(
        "GET", "/placements/plans/{plan_id}/eligibility", _u(lambda x: f"/plans/{x.plan.pk}/eligibility"), control=False
    ),
    ScopeCase(
        "POST",
        "/placements/plans/{plan_id}/exceptions",
        _u(lambda x: f"/plans/{x.plan.pk}/exceptions"),
        lambda t: {
            "person_id": t.movement_cadre.pk,
            "reason": "x",
            "decision_number": "1",
            "decision_date": "2013-01-01",
        },
        control=False,
    ),
    ScopeCase("GET", "/placements/plans/{plan_id}/report", _u(lambda x: f"/plans/{x.plan.pk}/report"), control=False),
    ScopeCase("GET", "/placements/plans/{plan_id}/lists", _u(lambda x: f"/plans/{x.plan.pk}/lists"), control=False),
    ScopeCase(
        "POST",
        "/placements/plans/{plan_id}/lists",
        _u(lambda x: f"/plans/{x.plan.pk}/lists"),
        lambda t: {"year": 2014},
        control=False,
    ),
    ScopeCase("GET", "/placements/lists/{list_id}", _u(lambda x: f"/lists/{x.ylist.pk}"), control=False),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/candidates",
        _u(lambda x: f"/lists/{x.ylist.pk}/candidates"),
        lambda t: {
            "person_id": t.movement_cadre.pk,
            "group": 2,
            "host_id": t.tamky.pk,
            "host_title": "standing_member",
            "start_date": "2013-02-01",
        },
        control=False,
    ),
    ScopeCase(
        "DELETE",
        "/placements/lists/{list_id}/candidates/{candidate_id}",
        _u(lambda x: f"/lists/{x.ylist.pk}/candidates/{x.candidate.pk}"),
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/candidates/{candidate_id}/agreement",
        _u(lambda x: f"/lists/{x.ylist.pk}/candidates/{x.candidate.pk}/agreement"),
        lambda t: {"agreed_on": "2013-01-20", "document": "1-CV/HU"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/propose",
        _u(lambda x: f"/lists/{x.ylist.pk}/propose"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/return",
        _u(lambda x: f"/lists/{x.ylist.pk}/return"),
        lambda t: {"comment": "x"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/lists/{list_id}/decide",
        _u(lambda x: f"/lists/{x.ylist.pk}/decide"),
        lambda t: {"decision_number": "1", "decision_date": "2013-01-01", "signer": "A"},
        control=False,
    ),
    # The placement hosted in Tam Kỳ: Tam Kỳ's officer (the host) reads it, assigns tasks,
    # writes and sends the evaluation; TCKT alone accepts, keeps the checklist, finishes.
    ScopeCase(
        "GET",
        "/placements/placements",
        lambda t: f"/api/placements/placements?host={tamky(t) and t.tamky.pk}",
        kind=LIST,
    ),
    ScopeCase("GET", "/placements/placements/{placement_id}", _u(lambda x: f"/placements/{x.placement.pk}")),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/tasks",
        _u(lambda x: f"/placements/{x.placement.pk}/tasks"),
        lambda t: {"title": "Dự đại hội chi đoàn", "assigned_on": "2013-03-01"},
    ),
    ScopeCase(
        "POST",
        "/placements/tasks/{task_id}/done",
        _u(lambda x: f"/tasks/{x.task.pk}/done"),
        lambda t: {"done_on": "2013-04-01"},
    ),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/checklist",
        _u(lambda x: f"/placements/{x.placement.pk}/checklist"),
        lambda t: {"item": "party_moved", "done_on": "2013-02-10"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/finish",
        _u(lambda x: f"/placements/{x.placement.pk}/finish"),
        lambda t: {"actual_end": "2014-02-01"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/placements/{placement_id}/cancel",
        _u(lambda x: f"/placements/{x.placement.pk}/cancel"),
        lambda t: {"reason": "Chiếm quyền", "on": "2013-06-01"},
        control=False,
    ),
    ScopeCase("GET", "/placements/reports/{report_id}", _u(lambda x: f"/reports/{x.report.pk}")),
    ScopeCase(
        "PATCH",
        "/placements/reports/{report_id}",
        _u(lambda x: f"/reports/{x.report.pk}"),
        lambda t: {"version": tamky(t).report.version, "contributions": "x"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/reports/{report_id}/submit",
        _u(lambda x: f"/reports/{x.report.pk}/submit"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/reports/{report_id}/accept",
        _u(lambda x: f"/reports/{x.report.pk}/accept"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/reports/{report_id}/return",
        _u(lambda x: f"/reports/{x.report.pk}/return"),
        lambda t: {"comment": "x"},
        control=False,
    ),
    ScopeCase("GET", "/placements/evaluations/{evaluation_id}", _u(lambda x: f"/evaluations/{x.evaluation.pk}")),
    ScopeCase(
        "PATCH",
        "/placements/evaluations/{evaluation_id}",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}"),
        lambda t: {"version": tamky(t).evaluation.version, "comment": "Tốt", "level_code": "HTTNV"},
    ),
    ScopeCase(
        "POST",
        "/placements/evaluations/{evaluation_id}/submit",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}/submit"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/evaluations/{evaluation_id}/accept",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}/accept"),
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/placements/evaluations/{evaluation_id}/return",
        _u(lambda x: f"/evaluations/{x.evaluation.pk}/return"),
        lambda t: {"comment": "x"},
        control=False,
    ),
]
