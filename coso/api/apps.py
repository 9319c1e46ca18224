from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "coso.api"
    label = "api"
    verbose_name = "API"
