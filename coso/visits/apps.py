from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "coso.visits"
    label = "visits"
    verbose_name = _("Đi cơ sở")

    def ready(self):
        from coso.core import attention
        from coso.visits.attention import visits_attention

        attention.register(visits_attention)
        import coso.visits.papers  # noqa: F401  (registers the visits' papers with the register)
