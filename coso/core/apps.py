from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coso.core"
    verbose_name = "Cơ Sở"
