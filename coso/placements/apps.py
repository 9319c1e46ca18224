from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "coso.placements"
    label = "placements"
    verbose_name = "Đào tạo thực tế tại cơ sở"
