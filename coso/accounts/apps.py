from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"

    def ready(self):
        from coso.accounts.attention import accounts_attention
        from coso.core import attention

        attention.register(accounts_attention)
