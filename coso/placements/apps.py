from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "coso.placements"
    label = "placements"
    verbose_name = "Đào tạo thực tế tại cơ sở"

    def ready(self):
        from coso.core import attention
        from coso.placements.attention import placements_attention

        attention.register(placements_attention)
