from django.apps import AppConfig


class CadreworkConfig(AppConfig):
    name = "coso.cadrework"
    label = "cadrework"
    verbose_name = "Công tác cán bộ"
