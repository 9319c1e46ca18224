from django.urls import path, register_converter

from coso.placements import feeds, views


class FormatConverter:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "placementfmt")

app_name = "placements"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/groups/add/", views.group_add, name="group_add"),
    path("plans/<int:pk>/groups/<int:group>/edit/", views.group_edit, name="group_edit"),
    path("plans/<int:pk>/lists/add/", views.list_create, name="list_create"),
    path("plans/<int:pk>/exceptions/add/", views.exception_add, name="exception_add"),
    path("plans/<int:pk>/eligibility/", views.eligibility, name="eligibility"),
    path("plans/<int:pk>/eligibility.xlsx", views.eligibility_export, name="eligibility_export"),
    path("plans/<int:pk>/report/", views.compiled, name="compiled"),
    path("plans/<int:pk>/report.xlsx", views.compiled_export, name="compiled_export"),
    path("plans/<int:pk>/report.<placementfmt:fmt>", feeds.compiled, name="compiled_paper"),
    path("lists/<int:pk>/", views.list_detail, name="list_detail"),
    path("lists/<int:pk>/candidates/add/", views.candidate_add, name="candidate_add"),
    path("lists/<int:pk>/decision.<placementfmt:fmt>", feeds.decision, name="decision_paper"),
    path("lists/<int:pk>/<slug:action>/", views.list_action, name="list_action"),
    path("candidates/<int:pk>/remove/", views.candidate_remove, name="candidate_remove"),
    path("candidates/<int:pk>/agreement/", views.candidate_agreement, name="candidate_agreement"),
    path("placements/<int:pk>/", views.placement_detail, name="placement_detail"),
    path("placements/<int:pk>/tasks/add/", views.task_add, name="task_add"),
    path("placements/<int:pk>/checklist/", views.checklist_mark, name="checklist_mark"),
    path("placements/<int:pk>/finish/", views.placement_finish, name="placement_finish"),
    path("placements/<int:pk>/cancel/", views.placement_cancel, name="placement_cancel"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/paper.<placementfmt:fmt>", feeds.report, name="report_paper"),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/form.<placementfmt:fmt>", feeds.evaluation_form, name="evaluation_paper"),
    path("evaluations/<int:pk>/<slug:action>/", views.evaluation_action, name="evaluation_action"),
]
