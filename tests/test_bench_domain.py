"""bench/domain.py (the domain step of bench/generate.py) on the small test tree: the records
it writes keep the rules the pages rely on (caps, report lines, confirmations, one registration
per member, the seed's indicators), and the database keeps numbering rows after it."""

import datetime
import random
from collections import defaultdict

import pytest

from bench import domain
from coso.cadrework.models import CadrePlan
from coso.cadrework.setup import TAN_PHU_2023_INDICATORS
from coso.org.models import Unit
from coso.people.models import Person
from coso.programme.models import Assessment, Registration
from coso.visits.models import Assignment, HostConfirmation, MonthlyReport, ReportVisit, Visit

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def generated(tree):
    domain.add_domain(rng=random.Random(7), today=TODAY, years=2, programme_share=1.0)
    return tree


@pytest.mark.django_db
def test_every_upper_cadre_follows_units_and_visits_within_the_caps(generated):
    t = generated
    upper = set(
        Person.objects.filter(is_cadre=True, unit__in=[t.province, t.tamky, t.bactramy]).values_list("pk", flat=True)
    )
    assert set(Assignment.objects.values_list("cadre_id", flat=True)) >= upper
    visits = list(Visit.objects.values("pk", "cadre_id", "start_date", "end_date", "unit__path"))
    assert visits and {v["cadre_id"] for v in visits} <= upper
    assert all(datetime.date(2025, 1, 1) <= v["start_date"] <= v["end_date"] <= TODAY for v in visits)

    lines = {line.visit_id: line for line in ReportVisit.objects.select_related("host", "report")}
    assert set(lines) == {v["pk"] for v in visits}  # every visit in exactly one monthly report
    days = defaultdict(int)
    for visit in visits:
        line = lines[visit["pk"]]
        assert line.days_in_month == (visit["end_date"] - visit["start_date"]).days + 1
        assert (line.report.year, line.report.month) == (visit["start_date"].year, visit["start_date"].month)
        days[(visit["cadre_id"], line.host_id, line.report.year, line.report.month)] += line.days_in_month
    caps = {t.bactramy.pk: 3, t.tamky.pk: 2}
    assert all(total <= caps.get(host, 2) for (_c, host, _y, _m), total in days.items())

    for report in MonthlyReport.objects.prefetch_related("lines", "host_confirmations"):
        assert report.total_days == sum(line.days_in_month for line in report.lines.all())
        hosts = {c.district_id for c in report.host_confirmations.all()}
        if report.state == MonthlyReport.State.DRAFT:
            assert not hosts
        else:
            assert hosts == {line.host_id for line in report.lines.all()}
    confirmed = HostConfirmation.objects.filter(report__state=MonthlyReport.State.REVIEWED)
    assert not confirmed.exclude(state=HostConfirmation.State.CONFIRMED).exists()


@pytest.mark.django_db
def test_programme_registers_every_member_and_kpi_plans_carry_the_seed_indicators(generated):
    members = set(
        Person.objects.filter(unit__level__kind="branch", is_member=True, is_cadre=False).values_list("pk", flat=True)
    )
    registrations = Registration.objects.filter(programme__year=2026)
    assert set(registrations.values_list("member_id", flat=True)) == members
    assert all(r.items.count() == 10 for r in registrations)
    for assessment in Assessment.objects.filter(registration__programme__year=2026).select_related("round"):
        assert assessment.round.ends_on < TODAY
        assert assessment.items.count() == 10

    owners = set(Unit.objects.filter(level__kind__in=["province", "district"]).values_list("pk", flat=True))
    plans = CadrePlan.objects.filter(year=2026)
    assert set(plans.values_list("owner_id", flat=True)) == owners
    assert all(plan.indicators.count() == len(TAN_PHU_2023_INDICATORS) for plan in plans)


@pytest.mark.django_db
def test_rows_added_afterwards_get_new_ids(generated):
    t = generated
    last = Visit.objects.order_by("-pk").first()
    visit = Visit.objects.create(
        cadre=last.cadre, unit=t.anmy, start_date=TODAY, end_date=TODAY, form="khao_sat", content="thêm sau"
    )
    assert visit.pk > last.pk
