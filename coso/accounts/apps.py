from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "coso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản"
