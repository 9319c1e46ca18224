"""What each page needs (issue 11): the one table, keyed by URL name, that says for every
route which capability and which scope it needs. ``AccessMiddleware`` reads it before any view.

    PUBLIC      no sign-in (the login page, the secret calendar address…)
    SIGNED_IN   any signed-in user; the page shows only the user's own rows (scoped selectors)
    page(area, capability)
                a page of a work area (``scoping.AREAS``) that names no record: a user who does
                not work in the area (and, when given, holds ``capability`` nowhere) gets 403,
                and the area is not in their menu
    obj(area, capability)
                a record named in the URL: the view finds it through the scoped selectors, so
                a record out of scope is answered exactly like a missing one (404); then the
                view checks ``capability`` over the record's unit (403). ``None``: the area's
                own rule for that record (its workflow, its cadre, its host)

A route missing here is refused (403) and fails ``coso/accounts/tests/test_access_table.py``.
Deciding costs no query: the grants are already loaded for the menu and cached on the user.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from coso.accounts import scoping

PUBLIC_KIND, SIGNED_IN_KIND, PAGE_KIND, OBJECT_KIND = "public", "signed_in", "page", "object"


@dataclass(frozen=True)
class Needs:
    kind: str
    area: str | None = None
    capability: str | None = None


def page(area, capability=None):
    return Needs(PAGE_KIND, area, capability)


def obj(area, capability=None):
    return Needs(OBJECT_KIND, area, capability)


PUBLIC = Needs(PUBLIC_KIND)
SIGNED_IN = Needs(SIGNED_IN_KIND)

ROUTES = {
    # project
    "service_worker": PUBLIC,  # sw.js
    "manifest": PUBLIC,  # manifest.webmanifest
    "set_language": PUBLIC,  # i18n/setlang/
    "home": SIGNED_IN,  #
    "login": PUBLIC,  # login/
    "logout": PUBLIC,  # logout/
    # users
    "users:list": page("accounts", scoping.MANAGE_USERS),  # users/
    "users:export": page("accounts", scoping.MANAGE_USERS),  # users/export.xlsx
    "users:create": page("accounts", scoping.MANAGE_USERS),  # users/add/
    "users:password": SIGNED_IN,  # users/password/
    "users:detail": obj("accounts", scoping.MANAGE_USERS),  # users/<int:pk>/
    "users:grant": obj("accounts", scoping.MANAGE_USERS),  # users/<int:pk>/grant/
    "users:reset_password": obj("accounts", scoping.MANAGE_USERS),  # users/<int:pk>/reset-password/
    "users:set_active": obj("accounts", scoping.MANAGE_USERS),  # users/<int:pk>/active/
    "users:revoke": obj("accounts", scoping.MANAGE_USERS),  # users/grants/<int:pk>/revoke/
    # org
    "org:tree": SIGNED_IN,  # units/
    "org:list": SIGNED_IN,  # units/list/
    "org:export": SIGNED_IN,  # units/list/export.xlsx
    "org:suggest": SIGNED_IN,  # units/suggest/
    "org:detail": obj(None, scoping.VIEW),  # units/<int:pk>/
    "org:children": obj(None, scoping.VIEW),  # units/<int:pk>/children/
    "org:edit": obj(None, scoping.EDIT_UNITS),  # units/<int:pk>/edit/
    "org:move": obj(None, scoping.EDIT_UNITS),  # units/<int:pk>/move/
    "org:merge": obj(None, scoping.EDIT_UNITS),  # units/<int:pk>/merge/
    "org:classify": obj(None, scoping.CLASSIFY),  # units/<int:pk>/classify/
    "org:create": obj(None, scoping.EDIT_UNITS),  # units/<int:parent_pk>/add/
    "org:departments": obj(None, scoping.EDIT_UNITS),  # units/<int:pk>/departments/
    "org:department_add": obj(None, scoping.EDIT_UNITS),  # units/<int:pk>/departments/add/
    "org:department_edit": obj(None, scoping.EDIT_UNITS),  # units/departments/<int:pk>/edit/
    # people
    "people:list": SIGNED_IN,  # people/
    "people:export": SIGNED_IN,  # people/export.xlsx
    "people:create": SIGNED_IN,  # people/add/
    "people:suggest": SIGNED_IN,  # people/suggest/
    "people:detail": obj(None, scoping.VIEW),  # people/<int:pk>/
    "people:edit": obj(None, scoping.EDIT_PEOPLE),  # people/<int:pk>/edit/
    "people:record_add": obj(None, scoping.EDIT_PEOPLE),  # people/<int:pk>/<slug:kind>/add/
    "people:record_edit": obj(None, scoping.EDIT_PEOPLE),  # people/<int:pk>/<slug:kind>/<int:record_pk>/edit/
    "people:record_delete": obj(None, scoping.EDIT_PEOPLE),  # people/<int:pk>/<slug:kind>/<int:record_pk>/delete/
    # imports
    "imports:list": page("imports", scoping.IMPORT),  # imports/
    "imports:template": page("imports", scoping.IMPORT),  # imports/template/<str:kind>/
    "imports:detail": obj("imports", scoping.IMPORT),  # imports/<int:pk>/
    "imports:progress": obj("imports", scoping.IMPORT),  # imports/<int:pk>/progress/
    "imports:errors_xlsx": obj("imports", scoping.IMPORT),  # imports/<int:pk>/errors.xlsx
    "imports:commit": obj("imports", scoping.IMPORT),  # imports/<int:pk>/commit/
    "imports:export_detail": SIGNED_IN,  # imports/exports/<int:pk>/ (the requester's own)
    "imports:export_progress": SIGNED_IN,  # imports/exports/<int:pk>/progress/
    "imports:export_download": SIGNED_IN,  # imports/exports/<int:pk>/download/
    # documents
    "documents:sample": SIGNED_IN,  # documents/sample/<str:fmt>/
    "documents:register": SIGNED_IN,  # documents/register/
    "documents:register_export": SIGNED_IN,  # documents/register/export.xlsx
    "documents:issued_file": obj(None),  # documents/register/<int:pk>.<docfmt:fmt>
    "documents:cancel": obj(None, scoping.ISSUE_PAPERS),  # documents/register/<int:pk>/cancel/
    "documents:issue": obj(None, scoping.ISSUE_PAPERS),  # documents/issue/<str:kind>/<int:pk>/
    # visits_feeds
    "visits_feeds:decision": obj("visits"),  # visits/feeds/decision/<int:pk>.<paperfmt:fmt>
    "visits_feeds:letter": obj("visits"),  # visits/feeds/letter/<int:pk>.<paperfmt:fmt>
    "visits_feeds:plan": obj("visits"),  # visits/feeds/plan/<int:pk>.<paperfmt:fmt>
    "visits_feeds:report": obj("visits"),  # visits/feeds/report/<int:pk>.<paperfmt:fmt>
    "visits_feeds:cluster": obj("visits"),  # visits/feeds/cluster/<int:pk>/<int:year>/<int:month>.<paperfmt:fmt>
    "visits_feeds:calendar_link": page("visits"),  # visits/feeds/calendar/
    "visits_feeds:calendar_regenerate": page("visits"),  # visits/feeds/calendar/regenerate/
    "visits_feeds:calendar": PUBLIC,  # visits/feeds/calendar/<slug:token>.ics
    # visits
    "visits:home": page("visits"),  # visits/
    "visits:visit_list": page("visits"),  # visits/trips/
    "visits:visit_export": page("visits"),  # visits/trips/export.xlsx
    "visits:visit_add": page("visits"),  # visits/trips/add/
    "visits:import_start": page("visits"),  # visits/trips/import/
    "visits:import_template": page("visits"),  # visits/trips/import/template.xlsx
    "visits:import_preview": obj("visits"),  # visits/trips/import/<str:token>/
    "visits:import_errors": obj("visits"),  # visits/trips/import/<str:token>/errors.xlsx
    "visits:import_commit": obj("visits"),  # visits/trips/import/<str:token>/commit/
    "visits:visit_detail": obj("visits"),  # visits/trips/<int:pk>/
    "visits:visit_edit": obj("visits"),  # visits/trips/<int:pk>/edit/
    "visits:visit_photo": obj("visits"),  # visits/trips/<int:pk>/photos/<int:photo>/
    "visits:offline": PUBLIC,  # visits/offline/ (the same for everyone: the service worker caches it)
    "visits:offline_context": SIGNED_IN,  # visits/offline/context/ (outbox.js asks on every page: own context)
    "visits:plan_create": page("visits"),  # visits/plans/add/
    "visits:plan_detail": obj("visits"),  # visits/plans/<int:pk>/
    "visits:planned_add": obj("visits"),  # visits/plans/<int:pk>/planned/add/
    "visits:planned_remove": obj("visits"),  # visits/plans/planned/<int:pk>/remove/
    "visits:plan_action": obj("visits"),  # visits/plans/<int:pk>/<slug:action>/
    "visits:report_create": page("visits"),  # visits/reports/add/
    "visits:report_detail": obj("visits"),  # visits/reports/<int:pk>/
    "visits:report_action": obj("visits"),  # visits/reports/<int:pk>/<slug:action>/
    "visits:practices": page("visits"),  # visits/practices/
    "visits:practices_export": page("visits"),  # visits/practices/export.xlsx
    "visits:practice_mark": obj("visits"),  # visits/practices/<int:pk>/mark/
    "visits:coverage": page("visits"),  # visits/coverage/
    "visits:coverage_export": page("visits"),  # visits/coverage/export.xlsx
    "visits:ranking": page("visits"),  # visits/ranking/
    "visits:ranking_export": page("visits"),  # visits/ranking/export.xlsx
    "visits:manage": page("visits"),  # visits/manage/
    "visits:assignments": obj("visits"),  # visits/org/<int:unit>/assignments/
    "visits:assignments_export": obj("visits"),  # visits/org/<int:unit>/assignments/export.xlsx
    "visits:policy": obj("visits"),  # visits/org/<int:unit>/policy/<int:year>/
    "visits:blackout": obj("visits"),  # visits/org/<int:unit>/blackout/<int:year>/
    "visits:ranking_rule": obj("visits"),  # visits/org/<int:unit>/ranking-rule/<int:year>/
    "visits:decision_detail": obj("visits"),  # visits/decisions/<int:pk>/
    "visits:assignment_detail": obj("visits"),  # visits/assignments/<int:pk>/
    "visits:assignment_action": obj("visits"),  # visits/assignments/<int:pk>/<slug:action>/
    "visits:blackout_remove": obj("visits"),  # visits/blackout/<int:pk>/remove/
    "visits:blackout_edit": obj("visits"),  # visits/blackout/<int:pk>/edit/
    "visits:decision_edit": obj("visits"),  # visits/decisions/<int:pk>/edit/
    "visits:weak_units": page("visits"),  # visits/weak-units/
    "visits:weak_units_export": page("visits"),  # visits/weak-units/export.xlsx
    "visits:weak_units_propose": page("visits"),  # visits/weak-units/propose/
    "visits:weak_unit_detail": obj("visits"),  # visits/weak-units/<int:pk>/
    "visits:clusters": page("visits"),  # visits/clusters/
    "visits:clusters_export": page("visits"),  # visits/clusters/export.xlsx
    "visits:cluster_detail": obj("visits"),  # visits/clusters/<int:pk>/
    "visits:cluster_edit": obj("visits"),  # visits/clusters/<int:pk>/edit/
    "visits:cluster_delete": obj("visits"),  # visits/clusters/<int:pk>/delete/
    "visits:cluster_add": obj("visits"),  # visits/org/<int:unit>/clusters/<int:year>/add/
    "visits:cluster_schedule": obj("visits"),  # visits/clusters/<int:pk>/schedule/
    "visits:meeting_edit": obj("visits"),  # visits/meetings/<int:pk>/
    "visits:meeting_minutes": obj("visits"),  # visits/meetings/<int:pk>/minutes/
    # programme_files
    "programme_files:registration_paper": obj(
        "programme"
    ),  # programme/files/registration/<int:pk>.<programmepaper:fmt>
    "programme_files:round_report_detail": obj("programme"),  # programme/files/round-reports/<int:pk>/
    "programme_files:round_report_paper": obj(
        "programme"
    ),  # programme/files/round-reports/<int:pk>.<programmepaper:fmt>
    "programme_files:district_round_paper": obj(
        "programme"
    ),  # programme/files/rounds/<int:round_pk>/district/<int:unit_pk>.<programmepaper:fmt>
    "programme_files:import_start": page("programme"),  # programme/files/import/
    "programme_files:import_upload": obj("programme"),  # programme/files/import/<int:programme>/<int:branch>/
    "programme_files:import_template": obj(
        "programme"
    ),  # programme/files/import/<int:programme>/<int:branch>/template.xlsx
    "programme_files:import_preview": obj(
        "programme"
    ),  # programme/files/import/<int:programme>/<int:branch>/<str:token>/
    "programme_files:import_errors": obj(
        "programme"
    ),  # programme/files/import/<int:programme>/<int:branch>/<str:token>/errors.xlsx
    "programme_files:import_commit": obj(
        "programme"
    ),  # programme/files/import/<int:programme>/<int:branch>/<str:token>/commit/
    # programme
    "programme:home": page("programme"),  # programme/
    "programme:create": page("programme", scoping.PROGRAMME_MANAGE),  # programme/add/
    "programme:detail": obj("programme"),  # programme/<int:pk>/
    "programme:add": obj("programme"),  # programme/<int:pk>/add/<slug:what>/
    "programme:direct_evaluation": obj("programme"),  # programme/<int:pk>/direct-evaluation/
    "programme:helpers": obj("programme"),  # programme/<int:pk>/helpers/
    "programme:round_edit": obj("programme"),  # programme/rounds/<int:pk>/edit/
    "programme:criterion_edit": obj("programme"),  # programme/criteria/<int:pk>/edit/
    "programme:criterion_remove": obj("programme"),  # programme/criteria/<int:pk>/remove/
    "programme:points_group_edit": obj("programme"),  # programme/points-groups/<int:pk>/edit/
    "programme:register": obj("programme"),  # programme/<int:pk>/register/
    "programme:register_for": obj("programme"),  # programme/<int:pk>/register/<int:member_pk>/
    "programme:registration": obj("programme"),  # programme/registrations/<int:pk>/
    "programme:registration_edit": obj("programme"),  # programme/registrations/<int:pk>/edit/
    "programme:registration_return": obj("programme"),  # programme/registrations/<int:pk>/return/
    "programme:self_assess": obj("programme"),  # programme/registrations/<int:pk>/assess/
    "programme:evaluate_direct": obj("programme"),  # programme/registrations/<int:pk>/evaluate/
    "programme:branch": obj("programme"),  # programme/<int:pk>/branch/<int:unit_pk>/
    "programme:base": obj("programme"),  # programme/<int:pk>/base/<int:unit_pk>/
    "programme:district": obj("programme"),  # programme/<int:pk>/district/<int:unit_pk>/
    "programme:round_report": obj("programme"),  # programme/<int:pk>/district/<int:unit_pk>/rounds/<int:round_pk>/
    "programme:results": obj("programme"),  # programme/<int:pk>/results/
    "programme:results_export": obj("programme"),  # programme/<int:pk>/results/export.xlsx
    # placements
    "placements:home": page("placements"),  # placements/
    "placements:plan_detail": obj("placements"),  # placements/plans/<int:pk>/
    "placements:plan_edit": obj("placements"),  # placements/plans/<int:pk>/edit/
    "placements:group_add": obj("placements"),  # placements/plans/<int:pk>/groups/add/
    "placements:group_edit": obj("placements"),  # placements/plans/<int:pk>/groups/<int:group>/edit/
    "placements:list_create": obj("placements"),  # placements/plans/<int:pk>/lists/add/
    "placements:exception_add": obj("placements"),  # placements/plans/<int:pk>/exceptions/add/
    "placements:eligibility": obj("placements"),  # placements/plans/<int:pk>/eligibility/
    "placements:eligibility_export": obj("placements"),  # placements/plans/<int:pk>/eligibility.xlsx
    "placements:compiled": obj("placements"),  # placements/plans/<int:pk>/report/
    "placements:compiled_export": obj("placements"),  # placements/plans/<int:pk>/report.xlsx
    "placements:compiled_paper": obj("placements"),  # placements/plans/<int:pk>/report.<placementfmt:fmt>
    "placements:list_detail": obj("placements"),  # placements/lists/<int:pk>/
    "placements:candidate_add": obj("placements"),  # placements/lists/<int:pk>/candidates/add/
    "placements:decision_paper": obj("placements"),  # placements/lists/<int:pk>/decision.<placementfmt:fmt>
    "placements:list_action": obj("placements"),  # placements/lists/<int:pk>/<slug:action>/
    "placements:candidate_remove": obj("placements"),  # placements/candidates/<int:pk>/remove/
    "placements:candidate_agreement": obj("placements"),  # placements/candidates/<int:pk>/agreement/
    "placements:placement_detail": obj("placements"),  # placements/placements/<int:pk>/
    "placements:task_add": obj("placements"),  # placements/placements/<int:pk>/tasks/add/
    "placements:checklist_mark": obj("placements"),  # placements/placements/<int:pk>/checklist/
    "placements:placement_finish": obj("placements"),  # placements/placements/<int:pk>/finish/
    "placements:placement_cancel": obj("placements"),  # placements/placements/<int:pk>/cancel/
    "placements:task_done": obj("placements"),  # placements/tasks/<int:pk>/done/
    "placements:report_detail": obj("placements"),  # placements/reports/<int:pk>/
    "placements:report_paper": obj("placements"),  # placements/reports/<int:pk>/paper.<placementfmt:fmt>
    "placements:report_action": obj("placements"),  # placements/reports/<int:pk>/<slug:action>/
    "placements:evaluation_detail": obj("placements"),  # placements/evaluations/<int:pk>/
    "placements:evaluation_paper": obj("placements"),  # placements/evaluations/<int:pk>/form.<placementfmt:fmt>
    "placements:evaluation_action": obj("placements"),  # placements/evaluations/<int:pk>/<slug:action>/
    # cadrework
    "cadrework:home": page("cadrework"),  # cadrework/
    "cadrework:export": page("cadrework"),  # cadrework/export.xlsx
    "cadrework:indicator": obj("cadrework"),  # cadrework/indicators/<int:pk>/
    "cadrework:indicator_export": obj("cadrework"),  # cadrework/indicators/<int:pk>/export.xlsx
    "cadrework:plan_paper": obj("cadrework"),  # cadrework/plans/<int:pk>/paper.<slug:fmt>
    "cadrework:results_paper": obj("cadrework"),  # cadrework/plans/<int:pk>/results.<slug:fmt>
    "cadrework:plan_add": page("cadrework"),  # cadrework/plans/add/
    "cadrework:plan_detail": obj("cadrework"),  # cadrework/plans/<int:pk>/
    "cadrework:plan_edit": obj("cadrework"),  # cadrework/plans/<int:pk>/edit/
    "cadrework:indicator_add": obj("cadrework"),  # cadrework/plans/<int:pk>/indicators/add/
    "cadrework:submission_add": obj("cadrework"),  # cadrework/plans/<int:pk>/submit/
    "cadrework:indicator_edit": obj("cadrework"),  # cadrework/indicators/<int:pk>/edit/
    "cadrework:indicator_move": obj("cadrework"),  # cadrework/indicators/<int:pk>/move/
    "cadrework:indicator_remove": obj("cadrework"),  # cadrework/indicators/<int:pk>/remove/
    "cadrework:bodies": page("cadrework"),  # cadrework/bodies/
    "cadrework:seats_set": page("cadrework"),  # cadrework/bodies/seats/
    "cadrework:planning": page("cadrework"),  # cadrework/planning/
    "cadrework:planning_add": page("cadrework"),  # cadrework/planning/add/
    "cadrework:planning_remove": obj("cadrework"),  # cadrework/planning/<int:pk>/remove/
    "cadrework:sources": page("cadrework"),  # cadrework/sources/
    "cadrework:sources_export": page("cadrework"),  # cadrework/sources/export.xlsx
    "cadrework:source_add": page("cadrework"),  # cadrework/sources/add/
    "cadrework:source_advance": obj("cadrework"),  # cadrework/sources/<int:pk>/advance/
    "cadrework:courses": page("cadrework"),  # cadrework/courses/
    "cadrework:courses_export": page("cadrework"),  # cadrework/courses/export.xlsx
    "cadrework:course_add": page("cadrework"),  # cadrework/courses/add/
    "cadrework:course_detail": obj("cadrework"),  # cadrework/courses/<int:pk>/
    "cadrework:course_enroll": obj("cadrework"),  # cadrework/courses/<int:pk>/enroll/
    "cadrework:enrollment_attendance": obj("cadrework"),  # cadrework/enrollments/<int:pk>/attendance/
    "cadrework:enrollment_complete": obj("cadrework"),  # cadrework/enrollments/<int:pk>/complete/
    "cadrework:rotations": page("cadrework"),  # cadrework/rotations/
    "cadrework:rotations_export": page("cadrework"),  # cadrework/rotations/export.xlsx
    "cadrework:rotation_add": page("cadrework"),  # cadrework/rotations/add/
    "cadrework:evaluations": page("cadrework"),  # cadrework/evaluations/
    "cadrework:evaluations_export": page("cadrework"),  # cadrework/evaluations/export.xlsx
    "cadrework:evaluation_edit": obj("cadrework"),  # cadrework/evaluations/<int:person_pk>/<int:year>/
    # bench (only with BENCH_VIEWS=1)
    "bench_floor": PUBLIC,  # bench/floor/
    "bench_floor_signed_in": SIGNED_IN,  # bench/floor/signed-in/
}
# Not pages of the project: the admin (its own permissions) and the API (its own table,
# ``coso/api/access.py``).
OWN_RULES = ("admin", "api")


def allowed(user, needs):
    """Whether a signed-in ``user`` may open a route that ``needs`` this (objects: the view decides)."""
    if needs.kind != PAGE_KIND:
        return True
    if not scoping.works_in(user, needs.area):
        return False
    return needs.capability is None or scoping.holds(user, needs.capability)


class AccessMiddleware:
    """Answers 403 for an area's page to a signed-in user who has no part in that area."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespaces[:1] and match.namespaces[0] in OWN_RULES:
            return None
        needs = ROUTES.get(match.view_name)
        if needs is not None and needs.kind != PAGE_KIND:
            return None  # nothing to decide before the view (public, own rows, or a record: 404)
        if not request.user.is_authenticated:
            return None  # the view sends the visitor to the login page
        if needs is None or not allowed(request.user, needs):
            raise PermissionDenied
        return None
