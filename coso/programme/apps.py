from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "coso.programme"
    label = "programme"
    verbose_name = _("Chương trình Rèn luyện và hành động")

    def ready(self):
        import coso.programme.papers  # noqa: F401  (registers the programme papers with the register)
        from coso.core import attention
        from coso.programme.attention import programme_attention

        attention.register(programme_attention)
        from coso.people.signals import members_moved, person_renamed
        from coso.programme.summary import count_moved_members, sort_renamed_member

        members_moved.connect(count_moved_members, dispatch_uid="coso.programme.summary")
        person_renamed.connect(sort_renamed_member, dispatch_uid="coso.programme.sort_key")
