from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class ImportsConfig(AppConfig):
    name = "coso.imports"
    label = "imports"
    verbose_name = gettext_lazy("Nhập, xuất Excel")

    def ready(self):
        from coso.core import attention
        from coso.imports.attention import imports_attention

        attention.register(imports_attention)
