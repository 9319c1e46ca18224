from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AccountsConfig(AppConfig):
    name = "coso.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("Tài khoản")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from coso.accounts import user_cache
        from coso.accounts.attention import accounts_attention
        from coso.accounts.middleware import mark_seen_at_sign_in
        from coso.accounts.session_store import name_account_in_key
        from coso.core import attention

        attention.register(accounts_attention)
        user_cache.connect()
        user_logged_in.connect(mark_seen_at_sign_in, dispatch_uid="coso.accounts.mark_seen_at_sign_in")
        user_logged_in.connect(name_account_in_key, dispatch_uid="coso.accounts.name_account_in_key")
