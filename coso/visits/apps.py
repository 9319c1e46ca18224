from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "coso.visits"
    label = "visits"
    verbose_name = _("Đi cơ sở")

    def ready(self):
        from coso.core import attention
        from coso.org.signals import subtree_moved
        from coso.people.signals import members_moved
        from coso.visits import ancestry
        from coso.visits.attention import visits_attention

        members_moved.connect(ancestry.persons_moved, dispatch_uid="coso.visits.ancestry.persons")
        subtree_moved.connect(ancestry.subtree_moved, dispatch_uid="coso.visits.ancestry.subtree")

        attention.register(visits_attention)
        import coso.visits.papers  # noqa: F401  (registers the visits' papers with the register)
