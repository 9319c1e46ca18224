from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "coso.people"
    label = "people"
    verbose_name = "Cán bộ, đoàn viên"
