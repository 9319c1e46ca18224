from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadreworkConfig(AppConfig):
    name = "coso.cadrework"
    label = "cadrework"
    verbose_name = _("Công tác cán bộ")

    def ready(self):
        import coso.cadrework.papers  # noqa: F401  (registers the cadre-work papers with the register)
        from coso.cadrework.attention import cadrework_attention
        from coso.core import attention

        attention.register(cadrework_attention)
