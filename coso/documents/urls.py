from django.urls import path, register_converter

from coso.documents import views


class FormatConverter:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "docfmt")

app_name = "documents"
urlpatterns = [
    path("sample/<str:fmt>/", views.sample, name="sample"),
    path("register/", views.register, name="register"),
    path("register/export.xlsx", views.register_export, name="register_export"),
    path("register/<int:pk>.<docfmt:fmt>", views.issued_file, name="issued_file"),
    path("register/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("issue/<str:kind>/<int:pk>/", views.issue, name="issue"),
]
