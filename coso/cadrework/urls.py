from django.urls import path

from coso.cadrework import views, views_pages, views_plans

app_name = "cadrework"
urlpatterns = [
    path("", views.home, name="home"),
    path("export.xlsx", views.export, name="export"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/export.xlsx", views.indicator_export, name="indicator_export"),
    path("plans/<int:pk>/paper.<slug:fmt>", views.plan_paper, name="plan_paper"),
    path("plans/<int:pk>/results.<slug:fmt>", views.results_paper, name="results_paper"),
    path("plans/add/", views_plans.plan_add, name="plan_add"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/indicators/add/", views_plans.indicator_add, name="indicator_add"),
    path("plans/<int:pk>/submit/", views_plans.submission_add, name="submission_add"),
    path("indicators/<int:pk>/edit/", views_plans.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/move/", views_plans.indicator_move, name="indicator_move"),
    path("indicators/<int:pk>/remove/", views_plans.indicator_remove, name="indicator_remove"),
    path("bodies/", views_pages.bodies, name="bodies"),
    path("bodies/seats/", views_pages.seats_set, name="seats_set"),
    path("planning/", views_pages.planning, name="planning"),
    path("planning/add/", views_pages.planning_add, name="planning_add"),
    path("planning/<int:pk>/remove/", views_pages.planning_remove, name="planning_remove"),
    path("sources/", views_pages.sources, name="sources"),
    path("sources/add/", views_pages.source_add, name="source_add"),
    path("sources/<int:pk>/advance/", views_pages.source_advance, name="source_advance"),
    path("courses/", views_pages.courses, name="courses"),
    path("courses/add/", views_pages.course_add, name="course_add"),
    path("courses/<int:pk>/", views_pages.course_detail, name="course_detail"),
    path("courses/<int:pk>/enroll/", views_pages.course_enroll, name="course_enroll"),
    path("enrollments/<int:pk>/attendance/", views_pages.enrollment_attendance, name="enrollment_attendance"),
    path("enrollments/<int:pk>/complete/", views_pages.enrollment_complete, name="enrollment_complete"),
    path("rotations/", views_pages.rotations, name="rotations"),
    path("rotations/add/", views_pages.rotation_add, name="rotation_add"),
    path("evaluations/", views_pages.evaluations, name="evaluations"),
    path("evaluations/<int:person_pk>/<int:year>/", views_pages.evaluation_edit, name="evaluation_edit"),
]
