from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "coso.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"
