from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "coso.programme"
    label = "programme"
    verbose_name = "Chương trình Rèn luyện và hành động"
