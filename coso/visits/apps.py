from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "coso.visits"
    label = "visits"
    verbose_name = "Đi cơ sở"
