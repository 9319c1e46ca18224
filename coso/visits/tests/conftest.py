"""Fixtures of the visits tests, on top of the shared small tree (tests/builders.py)."""

import datetime

import pytest
from django.utils import timezone

from coso.org.models import ClassificationLevel, Unit, UnitClassification, UnitLevel
from coso.visits import services
from coso.visits.defaults import QUANG_NAM_2013
from coso.visits.models import VisitForm

D = datetime.date


def at(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


@pytest.fixture
def qn(tree):
    """The tree with plan 14 KH/TĐTN's policy for 2013 and decision 15-QĐ/TĐTN assigning
    Nguyễn Văn Quy to follow Tam Kỳ and Bắc Trà My from 01/03/2013."""
    manager = tree.users["provincial_standing"]
    tree.manager = manager
    tree.cadre_user = tree.users["movement_cadre"]
    tree.policy = services.save_visit_policy(actor=manager, owner=tree.province, year=2013, **QUANG_NAM_2013)
    tree.decision = services.record_decision(
        actor=manager, owner=tree.province, number="15-QĐ/TĐTN", decided_on=D(2013, 2, 28), signer=tree.secretary
    )
    tree.assignments = services.assign(
        actor=manager,
        decision=tree.decision,
        cadre=tree.movement_cadre,
        units=[tree.tamky, tree.bactramy],
        valid_from=D(2013, 3, 1),
    )
    return tree


@pytest.fixture
def go(qn):
    """Record a visit of Nguyễn Văn Quy: ``go(unit, start, end=None, **fields)``."""

    def record(unit, start, end=None, *, cadre=None, actor=None, form=VisitForm.SITUATION, **fields):
        return services.record_visit(
            actor=actor or qn.cadre_user,
            cadre=cadre or qn.movement_cadre,
            unit=unit,
            start_date=start,
            end_date=end or start,
            form=form,
            content=fields.pop("content", "Nắm tình hình"),
            **fields,
        )

    return record


def add_base_unit(parent, name, level_code="doan-co-so"):
    parent = Unit.objects.get(pk=parent.pk)
    unit = Unit.objects.add_child(parent, dict(name=name, level=UnitLevel.objects.get(code=level_code)))
    return Unit.objects.get(pk=unit.pk)


def classify(unit, year, code, scheme="to-chuc-truoc-2023"):
    level = ClassificationLevel.objects.get(scheme__code=scheme, code=code)
    return UnitClassification.objects.update_or_create(unit=unit, year=year, defaults={"level": level})[0]
