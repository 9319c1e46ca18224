"""Mounted at /users/: accounts and roles managed within the officer's subtree."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from coso.accounts import users_views as views

app_name = "users"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("export.xlsx", views.account_export, name="export"),
    path("add/", views.account_create, name="create"),
    path("password/", login_required(views.OwnPasswordChangeView.as_view()), name="password"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/grant/", views.grant_add, name="grant"),
    path("<int:pk>/reset-password/", views.password_reset, name="reset_password"),
    path("<int:pk>/active/", views.set_active, name="set_active"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="revoke"),
]
