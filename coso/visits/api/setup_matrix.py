"""The visits set-up's scope matrix (``tests/test_api_scope_matrix.py``): every route of
``setup_clusters``, ``setup_calendar`` and ``setup_assignments``, probed on Tam Kỳ's records."""

import datetime

from coso.api.matrix import LIST, ScopeCase
from coso.org.models import Cluster
from coso.visits.models import Assignment, AssignmentDecision, BlackoutDay


def _tamky_decision(t):
    if getattr(t, "_visits_setup_tamky", None) is None:
        decision = AssignmentDecision.objects.create(
            owner=t.tamky, number="02-QĐ/TĐ", decided_on=datetime.date(2013, 1, 5)
        )
        assignment = Assignment.objects.create(
            decision=decision, cadre=t.tamky_secretary, unit=t.tamky, valid_from=datetime.date(2013, 1, 5)
        )
        day = BlackoutDay.objects.create(owner=t.tamky, date=datetime.date(2013, 4, 2), reason="agency")
        cluster = Cluster.objects.create(owner=t.tamky, year=2013, name="Cụm phường Tam Kỳ")
        t._visits_setup_tamky = (decision, assignment, day, cluster)
    return t._visits_setup_tamky


SCOPE_MATRIX = [
    ScopeCase(
        "GET",
        "/visits/clusters",
        lambda t: f"/api/visits/clusters?owner={_tamky_decision(t)[3].owner_id}&year=2013",
        kind=LIST,
    ),
    ScopeCase(
        "POST",
        "/visits/clusters",
        lambda t: "/api/visits/clusters",
        lambda t: {"owner_id": t.tamky.pk, "year": 2014, "name": "Cụm mới", "unit_ids": [t.anmy.pk]},
        control=False,  # Tam Kỳ has no district-level units to put in a cluster
    ),
    ScopeCase(
        "PATCH",
        "/visits/clusters/{cluster_id}",
        lambda t: f"/api/visits/clusters/{_tamky_decision(t)[3].pk}",
        lambda t: {"version": _tamky_decision(t)[3].version, "name": "Cụm đổi tên"},
        control=False,
    ),
    ScopeCase("DELETE", "/visits/clusters/{cluster_id}", lambda t: f"/api/visits/clusters/{_tamky_decision(t)[3].pk}"),
    ScopeCase("GET", "/visits/policies/{owner_id}/{year}", lambda t: f"/api/visits/policies/{t.tamky.pk}/2013"),
    ScopeCase(
        "PUT",
        "/visits/policies/{owner_id}/{year}",
        lambda t: f"/api/visits/policies/{t.tamky.pk}/2013",
        lambda t: {"yearly_minimum_days": 30},
    ),
    ScopeCase("GET", "/visits/blackout-days", lambda t: f"/api/visits/blackout-days?owner={t.tamky.pk}"),
    ScopeCase(
        "POST",
        "/visits/blackout-days",
        lambda t: "/api/visits/blackout-days",
        lambda t: {"owner_id": t.tamky.pk, "date": "2013-04-09", "reason": "agency"},
    ),
    ScopeCase(
        "PATCH",
        "/visits/blackout-days/{day_id}",
        lambda t: f"/api/visits/blackout-days/{_tamky_decision(t)[2].pk}",
        lambda t: {"version": _tamky_decision(t)[2].version, "date": "2013-04-03"},
    ),
    ScopeCase(
        "DELETE", "/visits/blackout-days/{day_id}", lambda t: f"/api/visits/blackout-days/{_tamky_decision(t)[2].pk}"
    ),
    ScopeCase(
        "GET", "/visits/decisions", lambda t: f"/api/visits/decisions?owner={_tamky_decision(t)[0].owner_id}", kind=LIST
    ),
    ScopeCase(
        "POST",
        "/visits/decisions",
        lambda t: "/api/visits/decisions",
        lambda t: {"owner_id": t.tamky.pk, "number": "09-QĐ/TĐ", "decided_on": "2013-02-01"},
    ),
    ScopeCase(
        "PATCH",
        "/visits/decisions/{decision_id}",
        lambda t: f"/api/visits/decisions/{_tamky_decision(t)[0].pk}",
        lambda t: {"version": _tamky_decision(t)[0].version, "note": "Trích yếu mới"},
    ),
    ScopeCase(
        "GET",
        "/visits/assignments",
        lambda t: f"/api/visits/assignments?cadre={_tamky_decision(t)[1].cadre_id}",
        kind=LIST,
    ),
    ScopeCase(
        "POST",
        "/visits/decisions/{decision_id}/assignments",
        lambda t: f"/api/visits/decisions/{_tamky_decision(t)[0].pk}/assignments",
        lambda t: {"cadre_id": t.tamky_secretary.pk, "unit_ids": [t.anmy.pk], "valid_from": "2013-02-01"},
    ),
    ScopeCase(
        "POST",
        "/visits/assignments/{assignment_id}/reassign",
        lambda t: f"/api/visits/assignments/{_tamky_decision(t)[1].pk}/reassign",
        lambda t: {"decision_id": _tamky_decision(t)[0].pk, "valid_from": "2013-03-01", "unit_id": t.anmy.pk},
    ),
]
