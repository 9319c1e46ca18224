from django.urls import path

from coso.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("template/<str:kind>/", views.template, name="template"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/errors.xlsx", views.errors_xlsx, name="errors_xlsx"),
    path("<int:pk>/commit/", views.commit, name="commit"),
]
