"""Members' assessments: self-assessment, the branch's evaluation (one member or the whole
branch), the base union's review, returns."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from coso.api.common import act_in_scope, caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.errors import DomainError
from coso.programme import services
from coso.programme.api.base import PeriodFilter, ReasonIn, _assessments, _label
from coso.programme.api.common import programme_or_404, round_or_404, router
from coso.programme.api.registrations import _filter, _registration
from coso.programme.models import (
    ItemStatus,
    Outcome,
    Rating,
)


class MarkOut(Schema):
    criterion_id: int
    title: str
    self_status: str
    self_points: int | None
    self_note: str
    branch_status: str
    branch_points: int | None
    branch_note: str


class AssessmentOut(Schema):
    id: int
    version: int
    registration_id: int
    member_id: int
    member_name: str
    round_id: int | None
    state: str
    state_label: str
    summary: str
    opinion: str
    result: str
    branch_comment: str
    base_comment: str
    recognition_id: int | None
    # Who gave the self-assessment: the member, the branch from a paper form, or nobody (the
    # branch evaluated directly where the programme allows it).
    self_on_behalf: bool
    direct_by_branch: bool
    items: list[MarkOut]

    @staticmethod
    def resolve_member_id(obj):
        return obj.registration.member_id

    @staticmethod
    def resolve_member_name(obj):
        return obj.registration.member.full_name

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)

    @staticmethod
    def resolve_items(obj):
        return [
            {
                "criterion_id": row.criterion_id,
                "title": row.criterion.title,
                "self_status": row.self_status,
                "self_points": row.self_points,
                "self_note": row.self_note,
                "branch_status": row.branch_status,
                "branch_points": row.branch_points,
                "branch_note": row.branch_note,
            }
            for row in obj.items.select_related("criterion")
        ]


class MarkIn(Input):
    criterion_id: Id
    status: ItemStatus | None = None
    points: int | None = Field(None, ge=0, le=1000)
    note: str | None = Field(None, max_length=2000)


def _marks(items):
    return {m.criterion_id: {"status": m.status or "", "points": m.points, "note": m.note} for m in items}


class SelfAssessmentIn(Input):
    round_id: Id | None = Field(None, description=gettext_lazy("Để trống: đánh giá cả năm."))
    items: list[MarkIn] = Field(..., max_length=100)
    summary: str | None = Field(None, max_length=5000)
    opinion: str | None = Field(None, max_length=5000)
    submit: bool = True
    version: Version | None = None


class EvaluateIn(Input):
    result: Outcome
    items: list[MarkIn] = Field([], max_length=100)
    comment: str = Field("", max_length=2000)
    version: Version | None = None


class DirectEvaluationIn(Input):
    round_id: Id | None = Field(None, description=gettext_lazy("Để trống: đánh giá cả năm."))
    result: Outcome
    items: list[MarkIn] = Field(..., max_length=100)
    comment: str = Field("", max_length=2000)
    version: Version | None = None


class MemberResultIn(Input):
    member_id: Id
    result: Outcome | None = None
    items: list[MarkIn] = Field([], max_length=100)
    comment: str = Field("", max_length=2000)


class BranchEvaluationIn(Input):
    branch_id: Id
    round_id: Id | None = None
    results: list[MemberResultIn] = Field(..., max_length=2000)


class SkippedOut(Schema):
    member_id: int
    member_name: str
    code: str
    message: str


class BulkOut(Schema):
    done: list[int]
    skipped: list[SkippedOut]


def _bulk(outcome):
    return {
        "done": [a.pk for a in outcome.done],
        "skipped": [
            {"member_id": s.member_id, "member_name": s.member_name, "code": s.code, "message": s.message}
            for s in outcome.skipped
        ],
    }


class ReviewIn(Input):
    rating: Rating
    comment: str = Field("", max_length=2000)
    version: Version | None = None


class BaseReviewIn(Input):
    base_id: Id
    round_id: Id | None = None
    member_ids: list[Id] | None = Field(None, max_length=5000)
    comment: str = Field("", max_length=2000)


# --------------------------------------------------------------------------- assessments


def _assessment(user, pk):
    return get_object_or_404(_assessments(user), pk=pk)


@router.get("/assessments", response=list[AssessmentOut], summary=gettext_lazy("Kết quả rèn luyện"))
@paginate(Pagination)
def list_assessments(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _filter(
        user,
        _assessments(user),
        filters,
        programme_field="registration__programme_id",
        unit_field="registration__member__unit",
    )
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return queryset.order_by("registration__member__sort_key", "round__number", "pk")


@router.get(
    "/assessments/{assessment_id}", response={200: AssessmentOut, **READ_ERRORS}, summary=gettext_lazy("Một kết quả")
)
def get_assessment(request, assessment_id: Id):
    return _assessment(caller(request), assessment_id)


@router.post(
    "/registrations/{registration_id}/self-assessment",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đoàn viên tự đánh giá"),
)
def self_assess(request, registration_id: Id, payload: SelfAssessmentIn):
    return _self_assessment(request, registration_id, payload, services.self_assess)


def _self_assessment(request, registration_id, payload, service):
    """The member's own self-assessment, or their paper form entered by the branch."""
    user = caller(request)
    registration = _registration(user, registration_id)
    assessment = service(
        actor=user,
        registration=registration,
        items=_marks(payload.items),
        round=round_or_404(user, payload.round_id, registration.programme_id),
        summary=payload.summary,
        opinion=payload.opinion,
        submit=payload.submit,
        version=payload.version,
    )
    return _assessment(user, assessment.pk)


@router.post(
    "/registrations/{registration_id}/paper-self-assessment",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Chi đoàn nhập phiếu tự đánh giá giấy của đoàn viên"),
    description=gettext_lazy(
        "Đoàn viên không có tài khoản hoặc tự đánh giá trên giấy: cùng quy định như đoàn viên tự đánh giá, "
        "ghi nhận là chi đoàn nhập từ phiếu giấy (ai nhập, lúc nào)."
    ),
)
def paper_self_assess(request, registration_id: Id, payload: SelfAssessmentIn):
    return _self_assessment(request, registration_id, payload, services.self_assess_on_behalf)


@router.post(
    "/registrations/{registration_id}/direct-evaluation",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Chi đoàn đánh giá trực tiếp một đoàn viên chưa tự đánh giá"),
    description=gettext_lazy(
        "Chỉ khi chương trình cho phép chi đoàn đánh giá trực tiếp; mọi tiêu chí đã đăng ký và kết quả "
        "đều do chi đoàn cho, ghi nhận là chi đoàn đánh giá trực tiếp."
    ),
)
def evaluate_directly(request, registration_id: Id, payload: DirectEvaluationIn):
    user = caller(request)
    registration = _registration(user, registration_id)
    assessment = services.branch_evaluate_directly(
        actor=user,
        registration=registration,
        round=round_or_404(user, payload.round_id, registration.programme_id),
        result=payload.result,
        items=_marks(payload.items),
        comment=payload.comment,
        version=payload.version,
    )
    return _assessment(user, assessment.pk)


@router.post(
    "/assessments/{assessment_id}/evaluate",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Chi đoàn đánh giá một đoàn viên"),
)
def evaluate(request, assessment_id: Id, payload: EvaluateIn):
    user = caller(request)
    assessment = _assessment(user, assessment_id)
    services.branch_evaluate(
        actor=user,
        assessment=assessment,
        result=payload.result,
        items=_marks(payload.items),
        comment=payload.comment,
        version=payload.version,
    )
    return _assessment(user, assessment.pk)


@router.post(
    "/assessments/{assessment_id}/return",
    response={200: AssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Trả lại kết quả một bước"),
)
def return_assessment(request, assessment_id: Id, payload: ReasonIn):
    user = caller(request)
    return act_in_scope(
        _assessments(user),
        assessment_id,
        lambda assessment: services.return_assessment(
            actor=user, assessment=assessment, reason=payload.reason, version=payload.version
        ),
    )


@router.post(
    "/programmes/{programme_id}/branch-evaluations",
    response={200: BulkOut, **WRITE_ERRORS},
    summary=gettext_lazy("Chi đoàn đánh giá cả chi đoàn"),
)
def evaluate_branch(request, programme_id: Id, payload: BranchEvaluationIn):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    branch = visible_unit_or_404(user, payload.branch_id)
    entries = {}
    for entry in payload.results:
        if entry.member_id in entries:
            raise DomainError(
                "duplicate_member",
                _("Đoàn viên mã số %(member_id)s có hai kết quả trong yêu cầu.") % {"member_id": entry.member_id},
                field="results",
            )
        entries[entry.member_id] = {
            "result": entry.result or "",
            "items": _marks(entry.items),
            "comment": entry.comment,
        }
    outcome = services.branch_evaluate_many(
        actor=user,
        branch=branch,
        programme=programme,
        results=entries,
        round=round_or_404(user, payload.round_id, programme),
    )
    return _bulk(outcome)


@router.post(
    "/programmes/{programme_id}/base-reviews",
    response={200: BulkOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đoàn cơ sở xem xét kết quả"),
)
def base_review(request, programme_id: Id, payload: BaseReviewIn):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    outcome = services.base_review(
        actor=user,
        programme=programme,
        base=visible_unit_or_404(user, payload.base_id),
        round=round_or_404(user, payload.round_id, programme),
        members=payload.member_ids,
        comment=payload.comment,
    )
    return _bulk(outcome)
