"""Yearly lists: candidates, the local committee's agreement, propose, return, decide."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Status

from coso.api.common import caller
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id
from coso.core.errors import DomainError
from coso.placements import services
from coso.placements.api.common import _candidate, _list, _plan, router
from coso.placements.api.schemas import AgreementIn, CandidateIn, DecideIn, ListIn, ListOut, PlacementStepIn
from coso.placements.views import (
    _agency_cadres,
    _hosts,
)

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
