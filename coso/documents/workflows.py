"""The register's workflow on the engine (coso/core/workflow.py): a number is given when a
paper is issued (the line is created "issued" by ``services.issue_paper``) and may be
cancelled, with a reason, by whoever may issue papers of the issuing unit. A cancelled
number is final: it stays in the book and is never given again."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coso.accounts import scoping
from coso.core.workflow import Transition, Workflow
from coso.documents.models import IssuedPaper

S = IssuedPaper.State


def may_issue(actor, line):
    scoping.require(actor, scoping.ISSUE_PAPERS, line.unit)
    return True


ISSUED_PAPER = Workflow(
    "documents.issued_paper",
    model=IssuedPaper,
    what=lambda line: _("số %(symbol)s") % {"symbol": line.symbol},
    title=gettext_lazy("số trong sổ đăng ký văn bản đi"),
    related=("unit",),
    transitions=[
        Transition(
            "cancel",
            gettext_lazy("hủy số"),
            [S.ISSUED],
            S.CANCELLED,
            allowed=may_issue,
            comment_required=True,
            comment_message=gettext_lazy("Hãy ghi lý do hủy số."),
        ),
    ],
)
