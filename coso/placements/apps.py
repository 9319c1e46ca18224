from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "coso.placements"
    label = "placements"
    verbose_name = "Đào tạo thực tế tại cơ sở"

    def ready(self):
        from coso.core import attention
        from coso.placements.attention import placements_attention

        attention.register(placements_attention)
        import coso.placements.papers  # noqa: F401  (registers the field-training papers with the register)
