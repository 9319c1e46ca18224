from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "coso.imports"
    label = "imports"
    verbose_name = "Nhập, xuất Excel"

    def ready(self):
        from coso.core import attention
        from coso.imports.attention import imports_attention

        attention.register(imports_attention)
