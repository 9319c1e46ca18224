"""The cadre's reports and the host's evaluations, and their steps."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.api.common import caller
from coso.api.schemas import READ_ERRORS, WRITE_ERRORS, Id
from coso.core.errors import DomainError
from coso.org.models import ClassificationLevel
from coso.placements import services
from coso.placements.api.common import _evaluation, _report, router
from coso.placements.api.schemas import (
    PlacementEvaluationIn,
    PlacementEvaluationOut,
    PlacementReportOut,
    PlacementStepIn,
    ReportIn,
)

# --------------------------------------------------------------------------- reports and evaluations


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
