from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "coso.org"
    label = "org"
    verbose_name = "Tổ chức"
