"""The branch's own assessment: self-assessed, reviewed by the base union, returned."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema
from ninja.pagination import paginate

from coso.api.common import act_in_scope, caller, visible_unit_or_404
from coso.api.pagination import Pagination
from coso.api.schemas import WRITE_ERRORS, Id, Input, Version
from coso.programme import services
from coso.programme.api.assessments import ReviewIn
from coso.programme.api.base import PeriodFilter, ReasonIn, _branch_assessments, _label
from coso.programme.api.common import programme_or_404, round_or_404, router
from coso.programme.api.registrations import _filter
from coso.programme.models import (
    Rating,
)


class BranchAssessmentOut(Schema):
    id: int
    version: int
    programme_id: int
    branch_id: int
    branch_name: str
    round_id: int | None
    state: str
    state_label: str
    rating: str
    summary: str
    strengths: str
    weaknesses: str
    base_rating: str
    base_comment: str

    @staticmethod
    def resolve_branch_name(obj):
        return obj.branch.name

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)


class BranchAssessmentIn(Input):
    branch_id: Id
    round_id: Id | None = None
    rating: Rating | None = None
    summary: str = Field("", max_length=5000)
    strengths: str = Field("", max_length=5000)
    weaknesses: str = Field("", max_length=5000)
    submit: bool = True
    version: Version | None = None


# --------------------------------------------------------------------------- the branch's own assessment


def _branch_assessment(user, pk):
    return get_object_or_404(_branch_assessments(user), pk=pk)


@router.get("/branch-assessments", response=list[BranchAssessmentOut], summary=gettext_lazy("Chi đoàn tự đánh giá"))
@paginate(Pagination)
def list_branch_assessments(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _filter(user, _branch_assessments(user), filters, programme_field="programme_id", unit_field="branch")
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return queryset.order_by("branch__sort_key", "round__number", "pk")


@router.post(
    "/programmes/{programme_id}/branch-assessments",
    response={200: BranchAssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Chi đoàn tự đánh giá, gửi Đoàn cơ sở"),
)
def branch_self_assess(request, programme_id: Id, payload: BranchAssessmentIn):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    record = services.branch_self_assess(
        actor=user,
        branch=visible_unit_or_404(user, payload.branch_id),
        programme=programme,
        round=round_or_404(user, payload.round_id, programme),
        rating=payload.rating or "",
        summary=payload.summary,
        strengths=payload.strengths,
        weaknesses=payload.weaknesses,
        submit=payload.submit,
        version=payload.version,
    )
    return _branch_assessment(user, record.pk)


@router.post(
    "/branch-assessments/{branch_assessment_id}/review",
    response={200: BranchAssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Đoàn cơ sở đánh giá chi đoàn"),
)
def review_branch_assessment(request, branch_assessment_id: Id, payload: ReviewIn):
    user = caller(request)
    return act_in_scope(
        _branch_assessments(user),
        branch_assessment_id,
        lambda record: services.review_branch_assessment(
            actor=user,
            branch_assessment=record,
            rating=payload.rating,
            comment=payload.comment,
            version=payload.version,
        ),
    )


@router.post(
    "/branch-assessments/{branch_assessment_id}/return",
    response={200: BranchAssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Trả lại bản tự đánh giá"),
)
def return_branch_assessment(request, branch_assessment_id: Id, payload: ReasonIn):
    user = caller(request)
    return act_in_scope(
        _branch_assessments(user),
        branch_assessment_id,
        lambda record: services.return_branch_assessment(
            actor=user, branch_assessment=record, reason=payload.reason, version=payload.version
        ),
    )
