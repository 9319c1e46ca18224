"""The API of the members' programme "Rèn luyện và hành động", mounted at /api/programme/
(``coso/api/api.py``): programmes with their tracks, rounds and criteria; registrations (for
oneself or, by the branch committee, for a member), self-assessments, the branch's
evaluation (one member or the whole branch), the branch's own assessment, the base union's
review, the district's recognition, round reports, inspections and results.

Reads go through the models' ``visible_to`` scopes, writes through ``coso.programme.services``
(the same rules as the pages). Out of scope is a 404 (as missing); a rule broken is a 400
with every violation; a capability missing on a visible record is a 403; a stale
``version`` is a 409. Every route has a case in ``SCOPE_MATRIX`` (``coso/api/matrix.py``).
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate

from coso.accounts import scoping
from coso.api.common import caller, visible_unit_or_404
from coso.api.matrix import LIST, ScopeCase
from coso.api.pagination import Pagination
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id, Input, Version
from coso.core.dates import InputDate, InputYear
from coso.core.errors import DomainError
from coso.programme import api_setup, permissions, results, services
from coso.programme.api_common import (
    API,
    CriterionOut,
    ProgrammeOut,
    btm_programme,
    programme_or_404,
    round_or_404,
    router,
    tamky,
    visible_programmes,
)
from coso.programme.models import (
    Assessment,
    BranchAssessment,
    Criterion,
    Inspection,
    ItemStatus,
    Outcome,
    Rating,
    Recognition,
    Registration,
    RoundReport,
)

# --------------------------------------------------------------------------- look-ups


def _person(user, pk):
    return get_object_or_404(scoping.visible_people(user).select_related("unit"), pk=pk)


def _registrations(user):
    return Registration.objects.visible_to(user).select_related("member__unit", "track", "target_group")


def _assessments(user):
    return Assessment.objects.visible_to(user).select_related("registration__member", "round")


def _branch_assessments(user):
    return BranchAssessment.objects.visible_to(user).select_related("branch", "round")


def _reports(user):
    return RoundReport.objects.visible_to(user).select_related("unit", "round")


def _inspections(user):
    return Inspection.objects.visible_to(user).select_related("unit", "district", "round")


def _recognitions(user):
    return permissions.visible(user, Recognition.objects.select_related("unit", "round"), unit_field="unit")


# --------------------------------------------------------------------------- schemas


def _label(obj, name="state"):
    return str(getattr(obj, f"get_{name}_display")())


class ItemOut(Schema):
    criterion_id: int
    code: str
    kind: str
    title: str
    commitment: str
    points: int | None


class RegistrationOut(Schema):
    id: int
    version: int
    programme_id: int
    member_id: int
    member_name: str
    unit_id: int
    track_id: int
    target_group: str
    state: str
    state_label: str
    signed_on: datetime.date | None
    on_behalf: bool
    submitted_at: datetime.datetime | None
    items: list[ItemOut]

    @staticmethod
    def resolve_member_name(obj):
        return obj.member.full_name

    @staticmethod
    def resolve_unit_id(obj):
        return obj.member.unit_id

    @staticmethod
    def resolve_target_group(obj):
        return obj.target_group.code

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)

    @staticmethod
    def resolve_items(obj):
        return [
            {
                "criterion_id": i.criterion_id,
                "code": i.criterion.code,
                "kind": i.criterion.kind,
                "title": i.criterion.title,
                "commitment": i.commitment,
                "points": i.points,
            }
            for i in obj.items.select_related("criterion")
        ]


class ItemIn(Input):
    criterion_id: Id
    commitment: str = Field(..., max_length=2000)
    points: int | None = Field(None, ge=0, le=1000)


class RegistrationIn(Input):
    programme_id: Id
    member_id: Id | None = Field(
        None, description=gettext_lazy("Để trống: đoàn viên tự đăng ký; có: chi đoàn nhập thay.")
    )
    items: list[ItemIn] = Field(..., max_length=100)
    signed_on: InputDate | None = None
    track_id: Id | None = None
    submit: bool = False


class RegistrationItemsIn(Input):
    version: Version
    items: list[ItemIn] = Field(..., max_length=100)
    signed_on: InputDate | None = None


class SubmitIn(Input):
    version: Version | None = None
    signed_on: InputDate | None = None


class ReasonIn(Input):
    reason: str = Field(..., max_length=2000)
    version: Version | None = None


class CommentIn(Input):
    comment: str = Field("", max_length=2000)
    version: Version | None = None


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


class ReviewIn(Input):
    rating: Rating
    comment: str = Field("", max_length=2000)
    version: Version | None = None


class BaseReviewIn(Input):
    base_id: Id
    round_id: Id | None = None
    member_ids: list[Id] | None = Field(None, max_length=5000)
    comment: str = Field("", max_length=2000)


class RecognitionIn(Input):
    base_id: Id
    round_id: Id | None = None
    number: str = Field("", max_length=60)
    decided_on: InputDate | None = None
    comment: str = Field("", max_length=2000)


class RecognitionOut(Schema):
    id: int
    programme_id: int
    round_id: int | None
    unit_id: int
    unit_name: str
    number: str
    decided_on: datetime.date
    comment: str
    members_recognised: int
    branches_recognised: int
    members_pending: int

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name


class RoundReportOut(Schema):
    id: int
    version: int
    unit_id: int
    unit_name: str
    round_id: int
    state: str
    state_label: str
    held_on: datetime.date
    activities: str
    participants: int
    youth_participants: int
    notes: str
    district_comment: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)


class RoundReportIn(Input):
    base_id: Id
    held_on: InputDate
    activities: str = Field(..., max_length=5000)
    participants: int = Field(..., ge=0, le=10**7)
    youth_participants: int = Field(0, ge=0, le=10**7)
    notes: str = Field("", max_length=5000)
    submit: bool = True
    version: Version | None = None


class InspectionOut(Schema):
    id: int
    version: int
    district_id: int
    unit_id: int
    unit_name: str
    round_id: int
    state: str
    state_label: str
    inspected_on: datetime.date
    findings: str
    recommendations: str
    rating: str

    @staticmethod
    def resolve_unit_name(obj):
        return obj.unit.name

    @staticmethod
    def resolve_state_label(obj):
        return _label(obj)


class InspectionIn(Input):
    district_id: Id
    unit_id: Id
    inspected_on: InputDate
    findings: str = Field(..., max_length=5000)
    recommendations: str = Field("", max_length=5000)
    rating: Rating | None = None
    inspector_ids: list[Id] = Field([], max_length=50)
    conclude: bool = True


class ProgrammeFilter(Schema):
    year: InputYear | None = Field(None, ge=2000, le=2100)


class CriterionFilter(Schema):
    kind: Literal[tuple(Criterion.Kind.values)] | None = None
    target_group: str | None = Field(
        None, max_length=40, description=gettext_lazy("Mã đối tượng; kèm các tiêu chí chung.")
    )


class RecordFilter(Schema):
    programme: Id | None = None
    unit: Id | None = Field(None, description=gettext_lazy("Đơn vị (và các đơn vị trực thuộc)."))
    state: str | None = Field(None, max_length=20)


class PeriodFilter(RecordFilter):
    round: Id | None = Field(None, description=gettext_lazy("Đợt; để trống: mọi đợt."))


class ResultsQuery(Schema):
    programme: Id
    unit: Id
    round: Id | None = None


# --------------------------------------------------------------------------- programmes


@router.get("/programmes", response=list[ProgrammeOut], summary=gettext_lazy("Các chương trình"))
@paginate(Pagination)
def list_programmes(request, filters: Query[ProgrammeFilter]):
    programmes = visible_programmes(caller(request))
    if filters.year:
        programmes = programmes.filter(year=filters.year)
    return programmes.order_by("-year", "name", "pk")


@router.get(
    "/programmes/{programme_id}", response={200: ProgrammeOut, **READ_ERRORS}, summary=gettext_lazy("Một chương trình")
)
def get_programme(request, programme_id: Id):
    return programme_or_404(caller(request), programme_id)


@router.get(
    "/programmes/{programme_id}/criteria",
    response={200: list[CriterionOut], **READ_ERRORS},
    summary=gettext_lazy("Tiêu chí"),
)
def list_criteria(request, programme_id: Id, filters: Query[CriterionFilter]):
    programme = programme_or_404(caller(request), programme_id)
    criteria = programme.criteria.select_related("target_group")
    if filters.kind:
        criteria = criteria.filter(kind=filters.kind)
    if filters.target_group:
        from django.db.models import Q

        criteria = criteria.filter(Q(target_group__isnull=True) | Q(target_group__code=filters.target_group))
    return list(criteria.order_by("kind", "order", "code"))


# --------------------------------------------------------------------------- registrations


def _in_unit(user, queryset, unit_id, field):
    if not unit_id:
        return queryset
    unit = scoping.visible_units(user).filter(pk=unit_id).first()
    return queryset.filter(**{f"{field}__path__startswith": unit.path}) if unit else queryset.none()


def _filter(user, queryset, filters, *, programme_field, unit_field):
    if filters.programme:
        queryset = queryset.filter(**{programme_field: filters.programme})
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    return _in_unit(user, queryset, filters.unit, unit_field)


def _registration(user, pk):
    return get_object_or_404(_registrations(user), pk=pk)


def _items(items):
    return [{"criterion": i.criterion_id, "commitment": i.commitment, "points": i.points} for i in items]


@router.get("/registrations", response=list[RegistrationOut], summary=gettext_lazy("Phiếu đăng ký"))
@paginate(Pagination)
def list_registrations(request, filters: Query[RecordFilter]):
    user = caller(request)
    queryset = _filter(user, _registrations(user), filters, programme_field="programme_id", unit_field="member__unit")
    return queryset.order_by("member__sort_key", "pk")


@router.get(
    "/registrations/{registration_id}",
    response={200: RegistrationOut, **READ_ERRORS},
    summary=gettext_lazy("Một phiếu"),
)
def get_registration(request, registration_id: Id):
    return _registration(caller(request), registration_id)


@router.post("/registrations", response={201: RegistrationOut, **WRITE_ERRORS}, summary=gettext_lazy("Đăng ký"))
def create_registration(request, payload: RegistrationIn):
    user = caller(request)
    programme = programme_or_404(user, payload.programme_id)
    track = None
    if payload.track_id:
        track = get_object_or_404(programme.tracks.all(), pk=payload.track_id)
    common = dict(
        actor=user,
        programme=programme,
        items=_items(payload.items),
        track=track,
        signed_on=payload.signed_on,
        submit=payload.submit,
    )
    if payload.member_id is None or payload.member_id == getattr(user, "person_id", None):
        registration = services.register(**common)
    else:
        registration = services.register_on_behalf(member=_person(user, payload.member_id), **common)
    return Status(201, _registration(user, registration.pk))


@router.put(
    "/registrations/{registration_id}/items",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Sửa nội dung đăng ký"),
)
def update_registration(request, registration_id: Id, payload: RegistrationItemsIn):
    user = caller(request)
    registration = _registration(user, registration_id)
    services.update_registration(
        actor=user,
        registration=registration,
        items=_items(payload.items),
        version=payload.version,
        signed_on=payload.signed_on,
    )
    return _registration(user, registration.pk)


@router.post(
    "/registrations/{registration_id}/submit",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ký, gửi phiếu"),
)
def submit_registration(request, registration_id: Id, payload: SubmitIn):
    user = caller(request)
    registration = _registration(user, registration_id)
    services.submit_registration(
        actor=user, registration=registration, signed_on=payload.signed_on, version=payload.version
    )
    return _registration(user, registration.pk)


@router.post(
    "/registrations/{registration_id}/return",
    response={200: RegistrationOut, **WRITE_ERRORS},
    summary=gettext_lazy("Trả lại phiếu"),
)
def return_registration(request, registration_id: Id, payload: ReasonIn):
    user = caller(request)
    registration = _registration(user, registration_id)
    services.return_registration(actor=user, registration=registration, reason=payload.reason, version=payload.version)
    return _registration(user, registration.pk)


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
    user = caller(request)
    registration = _registration(user, registration_id)
    assessment = services.self_assess(
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
    assessment = _assessment(user, assessment_id)
    services.return_assessment(actor=user, assessment=assessment, reason=payload.reason, version=payload.version)
    return _assessment(user, assessment.pk)


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
    record = _branch_assessment(user, branch_assessment_id)
    services.review_branch_assessment(
        actor=user, branch_assessment=record, rating=payload.rating, comment=payload.comment, version=payload.version
    )
    return _branch_assessment(user, record.pk)


@router.post(
    "/branch-assessments/{branch_assessment_id}/return",
    response={200: BranchAssessmentOut, **WRITE_ERRORS},
    summary=gettext_lazy("Trả lại bản tự đánh giá"),
)
def return_branch_assessment(request, branch_assessment_id: Id, payload: ReasonIn):
    user = caller(request)
    record = _branch_assessment(user, branch_assessment_id)
    services.return_branch_assessment(
        actor=user, branch_assessment=record, reason=payload.reason, version=payload.version
    )
    return _branch_assessment(user, record.pk)


# --------------------------------------------------------------------------- recognition


@router.get("/recognitions", response=list[RecognitionOut], summary=gettext_lazy("Công nhận kết quả"))
@paginate(Pagination)
def list_recognitions(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _recognitions(user)
    if filters.programme:
        queryset = queryset.filter(programme_id=filters.programme)
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return _in_unit(user, queryset, filters.unit, "unit").order_by("-decided_on", "-pk")


@router.post(
    "/programmes/{programme_id}/recognitions",
    response={201: RecognitionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ban Thường vụ công nhận kết quả của một Đoàn cơ sở"),
)
def recognise(request, programme_id: Id, payload: RecognitionIn):
    user = caller(request)
    programme = programme_or_404(user, programme_id)
    recognition = services.district_recognise(
        actor=user,
        programme=programme,
        base=visible_unit_or_404(user, payload.base_id),
        round=round_or_404(user, payload.round_id, programme),
        number=payload.number,
        decided_on=payload.decided_on,
        comment=payload.comment,
    )
    return Status(201, get_object_or_404(_recognitions(user), pk=recognition.pk))


# --------------------------------------------------------------------------- rounds: reports, inspections


def _report(user, pk):
    return get_object_or_404(_reports(user), pk=pk)


@router.get("/round-reports", response=list[RoundReportOut], summary=gettext_lazy("Báo cáo đợt của Đoàn cơ sở"))
@paginate(Pagination)
def list_round_reports(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _filter(user, _reports(user), filters, programme_field="round__track__programme_id", unit_field="unit")
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return queryset.order_by("round__number", "unit__sort_key", "pk")


@router.post(
    "/rounds/{round_id}/reports",
    response={200: RoundReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Báo cáo đợt, gửi cấp trên"),
)
def record_round_report(request, round_id: Id, payload: RoundReportIn):
    user = caller(request)
    report = services.record_round_report(
        actor=user,
        base=visible_unit_or_404(user, payload.base_id),
        round=round_or_404(user, round_id),
        held_on=payload.held_on,
        activities=payload.activities,
        participants=payload.participants,
        youth_participants=payload.youth_participants,
        notes=payload.notes,
        submit=payload.submit,
        version=payload.version,
    )
    return _report(user, report.pk)


@router.post(
    "/round-reports/{report_id}/accept",
    response={200: RoundReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Tiếp nhận báo cáo"),
)
def accept_round_report(request, report_id: Id, payload: CommentIn):
    user = caller(request)
    report = _report(user, report_id)
    services.accept_round_report(actor=user, report=report, comment=payload.comment, version=payload.version)
    return _report(user, report.pk)


@router.post(
    "/round-reports/{report_id}/return",
    response={200: RoundReportOut, **WRITE_ERRORS},
    summary=gettext_lazy("Trả lại báo cáo"),
)
def return_round_report(request, report_id: Id, payload: ReasonIn):
    user = caller(request)
    report = _report(user, report_id)
    services.return_round_report(actor=user, report=report, reason=payload.reason, version=payload.version)
    return _report(user, report.pk)


@router.get("/inspections", response=list[InspectionOut], summary=gettext_lazy("Kiểm tra sau đợt"))
@paginate(Pagination)
def list_inspections(request, filters: Query[PeriodFilter]):
    user = caller(request)
    queryset = _filter(
        user, _inspections(user), filters, programme_field="round__track__programme_id", unit_field="unit"
    )
    if filters.round:
        queryset = queryset.filter(round_id=filters.round)
    return queryset.order_by("round__number", "inspected_on", "pk")


@router.post(
    "/rounds/{round_id}/inspections",
    response={201: InspectionOut, **WRITE_ERRORS},
    summary=gettext_lazy("Ghi kết quả kiểm tra"),
)
def record_inspection(request, round_id: Id, payload: InspectionIn):
    user = caller(request)
    round_ = round_or_404(user, round_id)
    inspectors = [_person(user, pk) for pk in payload.inspector_ids]
    inspection = services.record_inspection(
        actor=user,
        district=visible_unit_or_404(user, payload.district_id),
        round=round_,
        unit=visible_unit_or_404(user, payload.unit_id),
        inspected_on=payload.inspected_on,
        findings=payload.findings,
        recommendations=payload.recommendations,
        rating=payload.rating or "",
        inspectors=inspectors,
        conclude=payload.conclude,
    )
    return Status(201, get_object_or_404(_inspections(user), pk=inspection.pk))


def _plain(value):
    """Rates as numbers, dates as ISO text: what JSON carries."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@router.get(
    "/rounds/{round_id}/compiled-report",
    response={200: dict, **READ_ERRORS},
    summary=gettext_lazy("Báo cáo tổng hợp đợt gửi Ban Thường vụ"),
)
def compiled_report(request, round_id: Id, district: Id):
    user = caller(request)
    round_ = round_or_404(user, round_id)
    unit = visible_unit_or_404(user, district)
    return _plain(services.compile_round_report(district=unit, round=round_, actor=user))


@router.get("/results", response={200: dict, **READ_ERRORS}, summary=gettext_lazy("Kết quả theo đơn vị"))
def get_results(request, query: Query[ResultsQuery]):
    user = caller(request)
    programme = programme_or_404(user, query.programme)
    unit = visible_unit_or_404(user, query.unit)
    round_ = round_or_404(user, query.round, programme)
    part = results.participation(programme=programme, unit=unit, round=round_, user=user)
    return _plain(
        {
            "total": part["total"],
            "by_branch": [{k: v for k, v in row.items() if k != "path"} for row in part["by_branch"]],
            "by_target_group": part["by_target_group"],
            "criteria": results.criterion_completion(programme=programme, unit=unit, round=round_, user=user),
        }
    )


# --------------------------------------------------------------------------- scope matrix


def _items_body(t):
    x = tamky(t)
    return [{"criterion_id": x.criteria[code].pk, "commitment": "Cam kết"} for code in x.codes]


def _marks_body(t):
    x = tamky(t)
    return [{"criterion_id": x.criteria[code].pk, "status": "done"} for code in x.codes]


SCOPE_MATRIX = [
    ScopeCase("GET", "/programme/programmes", lambda t: f"{API}/programmes?year={tamky(t).programme.year}", kind=LIST),
    ScopeCase("GET", "/programme/programmes/{programme_id}", lambda t: f"{API}/programmes/{tamky(t).programme.pk}"),
    ScopeCase(
        "GET",
        "/programme/programmes/{programme_id}/criteria",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/criteria",
    ),
    ScopeCase(
        "GET", "/programme/registrations", lambda t: f"{API}/registrations?programme={tamky(t).programme.pk}", kind=LIST
    ),
    ScopeCase(
        "GET", "/programme/registrations", lambda t: f"{API}/registrations?unit={tamky(t) and t.anmy.pk}", kind=LIST
    ),
    ScopeCase(
        "GET",
        "/programme/registrations/{registration_id}",
        lambda t: f"{API}/registrations/{tamky(t).registration.pk}",
    ),
    # Registering a Tam Kỳ member on Tam Kỳ's programme: nobody of either side may.
    ScopeCase(
        "POST",
        "/programme/registrations",
        lambda t: f"{API}/registrations",
        lambda t: {
            "programme_id": tamky(t).programme.pk,
            "member_id": tamky(t).member.pk,
            "items": _items_body(t),
            "signed_on": "2014-03-20",
        },
        control=False,
    ),
    # A Tam Kỳ member on the caller's own programme.
    ScopeCase(
        "POST",
        "/programme/registrations",
        lambda t: f"{API}/registrations",
        lambda t: {
            "programme_id": btm_programme(t).pk,
            "member_id": tamky(t).member.pk,
            "items": _items_body(t),
            "signed_on": "2014-03-20",
        },
        control=False,
    ),
    ScopeCase(
        "PUT",
        "/programme/registrations/{registration_id}/items",
        lambda t: f"{API}/registrations/{tamky(t).registration.pk}/items",
        lambda t: {"version": tamky(t).registration.version, "items": _items_body(t)},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/registrations/{registration_id}/submit",
        lambda t: f"{API}/registrations/{tamky(t).registration.pk}/submit",
        lambda t: {},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/registrations/{registration_id}/return",
        lambda t: f"{API}/registrations/{tamky(t).registration.pk}/return",
        lambda t: {"reason": "Chưa đúng đối tượng"},
        control=False,
    ),
    ScopeCase("GET", "/programme/assessments", lambda t: f"{API}/assessments?round={tamky(t).round.pk}", kind=LIST),
    ScopeCase("GET", "/programme/assessments/{assessment_id}", lambda t: f"{API}/assessments/{tamky(t).assessment.pk}"),
    ScopeCase(
        "POST",
        "/programme/registrations/{registration_id}/self-assessment",
        lambda t: f"{API}/registrations/{tamky(t).registration.pk}/self-assessment",
        lambda t: {"round_id": tamky(t).round.pk, "items": _marks_body(t)},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/assessments/{assessment_id}/evaluate",
        lambda t: f"{API}/assessments/{tamky(t).assessment.pk}/evaluate",
        lambda t: {"result": "good"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/assessments/{assessment_id}/return",
        lambda t: f"{API}/assessments/{tamky(t).assessment.pk}/return",
        lambda t: {"reason": "Bổ sung"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/branch-evaluations",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/branch-evaluations",
        lambda t: {
            "branch_id": t.branch_anmy.pk,
            "round_id": tamky(t).round.pk,
            "results": [{"member_id": tamky(t).member.pk, "result": "good"}],
        },
        control=False,
    ),
    # The caller's own programme, a Tam Kỳ branch.
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/branch-evaluations",
        lambda t: f"{API}/programmes/{btm_programme(t).pk}/branch-evaluations",
        lambda t: {"branch_id": tamky(t) and t.branch_anmy.pk, "results": []},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/base-reviews",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/base-reviews",
        lambda t: {"base_id": t.anmy.pk, "round_id": tamky(t).round.pk},
        control=False,
    ),
    ScopeCase(
        "GET",
        "/programme/branch-assessments",
        lambda t: f"{API}/branch-assessments?programme={tamky(t).programme.pk}",
        kind=LIST,
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/branch-assessments",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/branch-assessments",
        lambda t: {"branch_id": t.branch_anmy.pk, "rating": "good", "summary": "Tốt"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/branch-assessments/{branch_assessment_id}/review",
        lambda t: f"{API}/branch-assessments/{tamky(t).branch_assessment.pk}/review",
        lambda t: {"rating": "good"},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/branch-assessments/{branch_assessment_id}/return",
        lambda t: f"{API}/branch-assessments/{tamky(t).branch_assessment.pk}/return",
        lambda t: {"reason": "Bổ sung"},
        control=False,
    ),
    ScopeCase(
        "GET", "/programme/recognitions", lambda t: f"{API}/recognitions?programme={tamky(t).programme.pk}", kind=LIST
    ),
    ScopeCase(
        "POST",
        "/programme/programmes/{programme_id}/recognitions",
        lambda t: f"{API}/programmes/{tamky(t).programme.pk}/recognitions",
        lambda t: {"base_id": t.anmy.pk, "round_id": tamky(t).round.pk},
        control=False,
    ),
    ScopeCase("GET", "/programme/round-reports", lambda t: f"{API}/round-reports?round={tamky(t).round.pk}", kind=LIST),
    ScopeCase(
        "POST",
        "/programme/rounds/{round_id}/reports",
        lambda t: f"{API}/rounds/{tamky(t).round.pk}/reports",
        lambda t: {"base_id": t.anmy.pk, "held_on": "2014-03-26", "activities": "Ra quân", "participants": 10},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/round-reports/{report_id}/accept",
        lambda t: f"{API}/round-reports/{tamky(t).report.pk}/accept",
        lambda t: {"comment": "Tiếp nhận"},
    ),
    ScopeCase(
        "POST",
        "/programme/round-reports/{report_id}/return",
        lambda t: f"{API}/round-reports/{tamky(t).report.pk}/return",
        lambda t: {"reason": "Bổ sung số liệu"},
    ),
    ScopeCase("GET", "/programme/inspections", lambda t: f"{API}/inspections?round={tamky(t).round.pk}", kind=LIST),
    ScopeCase(
        "POST",
        "/programme/rounds/{round_id}/inspections",
        lambda t: f"{API}/rounds/{tamky(t).round.pk}/inspections",
        lambda t: {
            "district_id": t.tamky.pk,
            "unit_id": t.anmy.pk,
            "inspected_on": "2014-04-03",
            "findings": "Đúng kế hoạch",
        },
    ),
    ScopeCase(
        "GET",
        "/programme/rounds/{round_id}/compiled-report",
        lambda t: f"{API}/rounds/{tamky(t).round.pk}/compiled-report?district={t.tamky.pk}",
    ),
    ScopeCase(
        "GET",
        "/programme/results",
        lambda t: f"{API}/results?programme={tamky(t).programme.pk}&unit={t.tamky.pk}&round={tamky(t).round.pk}",
    ),
]

# The set-up edits and the helpers of base units (``api_setup.py``), on the same router.
router.add_router("", api_setup.router)
SCOPE_MATRIX += api_setup.SCOPE_MATRIX
