from django.urls import path

from coso.programme import views, views_helpers, views_member, views_review, views_setup

app_name = "programme"
urlpatterns = [
    path("", views.home, name="home"),
    path("add/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/add/<slug:what>/", views.programme_add, name="add"),
    path("<int:pk>/direct-evaluation/", views.direct_evaluation, name="direct_evaluation"),
    path("<int:pk>/helpers/", views_helpers.helpers_page, name="helpers"),
    path("rounds/<int:pk>/edit/", views_setup.round_edit, name="round_edit"),
    path("criteria/<int:pk>/edit/", views_setup.criterion_edit, name="criterion_edit"),
    path("criteria/<int:pk>/remove/", views_setup.criterion_remove, name="criterion_remove"),
    path("points-groups/<int:pk>/edit/", views_setup.points_group_edit, name="points_group_edit"),
    path("<int:pk>/register/", views_member.register, name="register"),
    path("<int:pk>/register/<int:member_pk>/", views_member.register_for, name="register_for"),
    path("registrations/<int:pk>/", views_member.registration_detail, name="registration"),
    path("registrations/<int:pk>/edit/", views_member.registration_edit, name="registration_edit"),
    path("registrations/<int:pk>/return/", views_member.registration_return, name="registration_return"),
    path("registrations/<int:pk>/assess/", views_member.self_assess, name="self_assess"),
    path("registrations/<int:pk>/evaluate/", views_member.evaluate_direct, name="evaluate_direct"),
    path("<int:pk>/branch/<int:unit_pk>/", views_review.branch, name="branch"),
    path("<int:pk>/base/<int:unit_pk>/", views_review.base, name="base"),
    path("<int:pk>/district/<int:unit_pk>/", views_review.district, name="district"),
    path("<int:pk>/district/<int:unit_pk>/rounds/<int:round_pk>/", views_review.round_report, name="round_report"),
    path("<int:pk>/results/", views.results_page, name="results"),
    path("<int:pk>/results/export.xlsx", views.results_export, name="results_export"),
]
