from django.urls import path

from coso.imports import views, views_exports

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("template/<str:kind>/", views.template, name="template"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/errors.xlsx", views.errors_xlsx, name="errors_xlsx"),
    path("<int:pk>/commit/", views.commit, name="commit"),
    path("exports/<int:pk>/", views_exports.export_detail, name="export_detail"),
    path("exports/<int:pk>/progress/", views_exports.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", views_exports.export_download, name="export_download"),
]
