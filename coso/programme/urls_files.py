"""Mounted at /programme/files/ (namespace ``programme_files``): the registration form paper
(.docx or PDF) and the import of a branch's registrations from .xlsx (template, upload,
preview with every bad row, failed rows, all-or-nothing commit)."""

from django.urls import path, register_converter

from coso.programme import files


class PaperFormat:
    regex = "docx|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(PaperFormat, "programmepaper")

app_name = "programme_files"
urlpatterns = [
    path("registration/<int:pk>.<programmepaper:fmt>", files.registration_paper, name="registration_paper"),
    path("round-reports/<int:pk>/", files.round_report_detail, name="round_report_detail"),
    path("round-reports/<int:pk>.<programmepaper:fmt>", files.round_report_paper, name="round_report_paper"),
    path(
        "rounds/<int:round_pk>/district/<int:unit_pk>.<programmepaper:fmt>",
        files.district_round_paper,
        name="district_round_paper",
    ),
    path("import/", files.import_start, name="import_start"),
    path("import/<int:programme>/<int:branch>/", files.import_upload, name="import_upload"),
    path("import/<int:programme>/<int:branch>/template.xlsx", files.import_template, name="import_template"),
    path("import/<int:programme>/<int:branch>/<str:token>/", files.import_preview, name="import_preview"),
    path("import/<int:programme>/<int:branch>/<str:token>/errors.xlsx", files.import_errors, name="import_errors"),
    path("import/<int:programme>/<int:branch>/<str:token>/commit/", files.import_commit, name="import_commit"),
]
