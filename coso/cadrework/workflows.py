"""The source pool's workflow (nguồn cán bộ), declared for the engine of
``coso/core/workflow.py`` (diagram in ``docs/workflows.md``): the stages a source may move on
to from each stage. The user picks the next stage; each arrow is named for where it leads."""

from django.utils.translation import gettext_lazy as _

from coso.accounts import scoping
from coso.cadrework.models import SourcePoolEntry, SourceStageChange
from coso.core.workflow import Transition, Workflow


def _edit_people(actor, entry):
    if actor is not None:  # the demo and data fixes run without an actor
        scoping.require(actor, scoping.EDIT_PEOPLE, entry.unit)


S = SourcePoolEntry.Stage
SOURCE = Workflow(
    "cadrework.source",
    model=SourcePoolEntry,
    field="stage",
    states=S,
    log=SourceStageChange,
    related=("unit",),
    illegal_code="bad_transition",
    illegal_message=_("Không thể chuyển từ “{source}” sang “{target}”."),
    illegal_field=None,
    transitions=[
        Transition(
            "to_hs_union_cadre", _("làm cán bộ Đoàn THPT"), [S.IN_POOL], S.HIGH_SCHOOL_UNION_CADRE, allowed=_edit_people
        ),
        Transition(
            "to_uni_union_cadre",
            _("làm cán bộ Đoàn – Hội đại học, cao đẳng"),
            [S.IN_POOL, S.HIGH_SCHOOL_UNION_CADRE],
            S.UNIVERSITY_UNION_CADRE,
            allowed=_edit_people,
        ),
        Transition(
            "to_base_union_cadre",
            _("làm cán bộ Đoàn cơ sở"),
            [S.IN_POOL, S.HIGH_SCHOOL_UNION_CADRE, S.UNIVERSITY_UNION_CADRE],
            S.BASE_UNION_CADRE,
            allowed=_edit_people,
        ),
        Transition(
            "leave",
            _("rời nguồn"),
            [S.IN_POOL, S.HIGH_SCHOOL_UNION_CADRE, S.UNIVERSITY_UNION_CADRE, S.BASE_UNION_CADRE],
            S.LEFT,
            allowed=_edit_people,
        ),
    ],
)
