"""The visits API's ``SCOPE_MATRIX`` (``coso/api/matrix.py``) and the records it probes."""

import datetime

from coso.api.matrix import LIST, ScopeCase
from coso.visits.models import (
    GoodPractice,
    MonthlyReport,
    PlannedVisit,
    QuarterPlan,
    Visit,
    VisitForm,
)

# --------------------------------------------------------------------------- scope matrix


def tamky(t):
    """Visit records of a Tam Kỳ person (Võ Minh Tâm, not the Tam Kỳ officer, who may not
    confirm their own report) in the test tree, made once per tree:
    a follow assignment, a Q1 2013 plan with one planned trip, two visits to An Mỹ in March 2013
    (the second left out of the report), the March report submitted, and a good practice."""
    if getattr(t, "_visits_tamky", None):
        return t._visits_tamky
    from types import SimpleNamespace

    from coso.visits.models import Assignment, AssignmentDecision, HostConfirmation, ReportVisit

    d = datetime.date
    cadre = t.member_anmy
    decision = AssignmentDecision.objects.create(owner=t.tamky, number="01-QĐ/TĐ", decided_on=d(2013, 1, 2))
    Assignment.objects.create(decision=decision, cadre=cadre, unit=t.tamky, valid_from=d(2013, 1, 2))
    plan = QuarterPlan.objects.create(cadre=cadre, year=2013, quarter=1, note="Kế hoạch quý I")
    planned = PlannedVisit.objects.create(
        plan=plan, unit=t.anmy, start_date=d(2013, 3, 12), end_date=d(2013, 3, 12), form=VisitForm.SITUATION
    )
    visit = Visit.objects.create(
        cadre=cadre, unit=t.anmy, start_date=d(2013, 3, 12), end_date=d(2013, 3, 12), form=VisitForm.SITUATION
    )
    spare = Visit.objects.create(
        cadre=cadre, unit=t.anmy, start_date=d(2013, 4, 9), end_date=d(2013, 4, 9), form=VisitForm.SITUATION
    )
    report = MonthlyReport.objects.create(
        cadre=cadre, year=2013, month=3, state=MonthlyReport.State.SUBMITTED, due_date=d(2013, 3, 31), total_days=1
    )
    ReportVisit.objects.create(report=report, visit=visit, days_in_month=1, host=t.tamky)
    HostConfirmation.objects.create(report=report, district=t.tamky)
    practice = GoodPractice.objects.create(
        title="Chợ phiên thanh niên", unit=t.anmy, visit=visit, reported_by=cadre, reported_on=d(2013, 3, 12)
    )
    t._visits_tamky = SimpleNamespace(
        cadre=cadre, plan=plan, planned=planned, visit=visit, spare=spare, report=report, practice=practice
    )
    return t._visits_tamky


def _step(t):
    return {"comment": "Đồng ý"}


SCOPE_MATRIX = [
    ScopeCase("GET", "/visits/plans", lambda t: f"/api/visits/plans?cadre={tamky(t).cadre.pk}", kind=LIST),
    ScopeCase("GET", "/visits/plans/{plan_id}", lambda t: f"/api/visits/plans/{tamky(t).plan.pk}"),
    ScopeCase(
        "POST",
        "/visits/plans",
        lambda t: "/api/visits/plans",
        lambda t: {"cadre_id": tamky(t).cadre.pk, "year": 2013, "quarter": 2},
    ),
    ScopeCase(
        "POST",
        "/visits/plans/{plan_id}/visits",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/visits",
        lambda t: {"unit_id": t.anmy.pk, "start_date": "2013-03-19", "form": "khao_sat"},
    ),
    ScopeCase(
        "DELETE",
        "/visits/plans/{plan_id}/visits/{planned_visit_id}",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/visits/{tamky(t).planned.pk}",
    ),
    ScopeCase(
        "POST", "/visits/plans/{plan_id}/submit", lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/submit", _step
    ),
    # Approving and returning need a submitted plan: the refusal is checked, not the control.
    ScopeCase(
        "POST",
        "/visits/plans/{plan_id}/approve",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/approve",
        _step,
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/plans/{plan_id}/return",
        lambda t: f"/api/visits/plans/{tamky(t).plan.pk}/return",
        lambda t: {"comment": "Bổ sung"},
        control=False,
    ),
    ScopeCase("GET", "/visits/visits", lambda t: f"/api/visits/visits?unit={tamky(t) and t.tamky.pk}", kind=LIST),
    ScopeCase("GET", "/visits/visits", lambda t: f"/api/visits/visits?cadre={tamky(t).cadre.pk}", kind=LIST),
    ScopeCase(
        "GET", "/visits/visits", lambda t: f"/api/visits/visits?month=2013-03&unit={tamky(t) and t.anmy.pk}", kind=LIST
    ),
    ScopeCase("GET", "/visits/visits/{visit_id}", lambda t: f"/api/visits/visits/{tamky(t).visit.pk}"),
    ScopeCase(
        "POST",
        "/visits/visits",
        lambda t: "/api/visits/visits",
        lambda t: {"cadre_id": tamky(t).cadre.pk, "unit_id": t.anmy.pk, "start_date": "2013-04-16", "form": "khao_sat"},
    ),
    # Their own cadre going to a unit of the other district.
    ScopeCase(
        "POST",
        "/visits/visits",
        lambda t: "/api/visits/visits",
        lambda t: {
            "cadre_id": t.btm_secretary.pk,
            "unit_id": t.anmy.pk,
            "start_date": "2013-03-14",
            "form": "khao_sat",
        },
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/visits/{visit_id}/photos",
        lambda t: f"/api/visits/visits/{tamky(t).visit.pk}/photos",
        lambda t: {"content_base64": "/9j/4AAQSkZJRgABAQ=="},
    ),
    ScopeCase(
        "PATCH",
        "/visits/visits/{visit_id}",
        lambda t: f"/api/visits/visits/{tamky(t).spare.pk}",
        lambda t: {"version": tamky(t).spare.version, "content": "Sửa"},
    ),
    ScopeCase("DELETE", "/visits/visits/{visit_id}", lambda t: f"/api/visits/visits/{tamky(t).spare.pk}"),
    ScopeCase("GET", "/visits/reports", lambda t: f"/api/visits/reports?cadre={tamky(t).cadre.pk}", kind=LIST),
    ScopeCase("GET", "/visits/reports/{report_id}", lambda t: f"/api/visits/reports/{tamky(t).report.pk}"),
    ScopeCase(
        "POST",
        "/visits/reports/draft",
        lambda t: "/api/visits/reports/draft",
        lambda t: {"cadre_id": tamky(t).cadre.pk, "year": 2013, "month": 4},
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/submit",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/submit",
        _step,
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/host-confirm",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/host-confirm",
        lambda t: {"district_id": t.tamky.pk},
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/host-return",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/host-return",
        lambda t: {"district_id": t.tamky.pk, "comment": "Chưa đúng"},
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/review",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/review",
        _step,
        control=False,
    ),
    ScopeCase(
        "POST",
        "/visits/reports/{report_id}/return",
        lambda t: f"/api/visits/reports/{tamky(t).report.pk}/return",
        lambda t: {"comment": "Bổ sung"},
        control=False,
    ),
    ScopeCase("GET", "/visits/practices", lambda t: f"/api/visits/practices?unit={tamky(t) and t.anmy.pk}", kind=LIST),
    ScopeCase(
        "POST",
        "/visits/practices",
        lambda t: "/api/visits/practices",
        lambda t: {
            "cadre_id": tamky(t).cadre.pk,
            "unit_id": t.anmy.pk,
            "title": "Mô hình",
            "reported_on": "2013-03-20",
        },
    ),
    ScopeCase(
        "POST",
        "/visits/practices/{practice_id}/replicate",
        lambda t: f"/api/visits/practices/{tamky(t).practice.pk}/replicate",
        lambda t: {"to_replicate": True},
        control=False,
    ),
    ScopeCase("GET", "/visits/progress/{cadre_id}", lambda t: f"/api/visits/progress/{tamky(t).cadre.pk}?year=2013"),
    ScopeCase("GET", "/visits/coverage", lambda t: f"/api/visits/coverage?unit={tamky(t) and t.tamky.pk}&year=2013"),
    ScopeCase(
        "GET", "/visits/ranking", lambda t: f"/api/visits/ranking?unit={tamky(t) and t.tamky.pk}&year=2013&month=3"
    ),
]
