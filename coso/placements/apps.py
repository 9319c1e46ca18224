from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "coso.placements"
    label = "placements"
    verbose_name = _("Đào tạo thực tế tại cơ sở")

    def ready(self):
        from coso.core import attention
        from coso.placements.attention import placements_attention

        attention.register(placements_attention)
        import coso.placements.papers  # noqa: F401  (registers the field-training papers with the register)
        from coso.accounts import scoping

        scoping.register_area_predicate("placements", _on_placement)


def _on_placement(user):
    """A cadre sent on field training works in the area (their reports), whatever their role."""
    from coso.placements.models import Placement

    return bool(getattr(user, "person_id", None)) and Placement.objects.filter(person_id=user.person_id).exists()
