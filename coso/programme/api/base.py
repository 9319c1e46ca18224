"""The scoped querysets of the programme's records (out of scope: 404, as missing), the state's
label, and the inputs and filters several resources share."""

from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from ninja import Field, Schema

from coso.accounts import scoping
from coso.api.schemas import Id, Input, Version
from coso.core.dates import PlanYear
from coso.programme import permissions
from coso.programme.models import (
    Assessment,
    BranchAssessment,
    Criterion,
    Inspection,
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


class ReasonIn(Input):
    reason: str = Field(..., max_length=2000)
    version: Version | None = None


class CommentIn(Input):
    comment: str = Field("", max_length=2000)
    version: Version | None = None


class ProgrammeFilter(Schema):
    year: PlanYear | None = None


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
