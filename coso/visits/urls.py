from django.urls import path

from coso.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.home, name="home"),
    path("trips/", views.visit_list, name="visit_list"),
    path("trips/export.xlsx", views.visit_export, name="visit_export"),
    path("trips/add/", views.visit_add, name="visit_add"),
    path("trips/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("trips/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("plans/add/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/planned/add/", views.planned_add, name="planned_add"),
    path("plans/planned/<int:pk>/remove/", views.planned_remove, name="planned_remove"),
    path("plans/<int:pk>/<slug:action>/", views.plan_action, name="plan_action"),
    path("reports/add/", views.report_create, name="report_create"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/<slug:action>/", views.report_action, name="report_action"),
    path("practices/", views.practices, name="practices"),
    path("practices/<int:pk>/mark/", views.practice_mark, name="practice_mark"),
    path("coverage/", views.coverage, name="coverage"),
    path("coverage/export.xlsx", views.coverage_export, name="coverage_export"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/export.xlsx", views.ranking_export, name="ranking_export"),
]
