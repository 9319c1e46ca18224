"""The scope matrix of the programme API (``coso/api/matrix.py``): one case per route, aimed at
the test tree's Tam Kỳ; the set-up's cases are in ``matrix_setup``."""

from coso.api.matrix import LIST, ScopeCase
from coso.programme.api.matrix_common import API, btm_programme, tamky

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
        "/programme/registrations/{registration_id}/paper-self-assessment",
        lambda t: f"{API}/registrations/{tamky(t).registration.pk}/paper-self-assessment",
        lambda t: {"round_id": tamky(t).round.pk, "items": _marks_body(t)},
        control=False,
    ),
    ScopeCase(
        "POST",
        "/programme/registrations/{registration_id}/direct-evaluation",
        lambda t: f"{API}/registrations/{tamky(t).registration.pk}/direct-evaluation",
        lambda t: {"round_id": tamky(t).round.pk, "result": "good", "items": _marks_body(t)},
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
