"""Base classes shared by the apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.core.errors import ConflictError


class VersionedModel(models.Model):
    """A record people edit: optimistic locking on ``version``.

    Services call :meth:`save_checked` with the version the user's form was built on; the
    update only applies when the row still has that version, so a second concurrent save is
    refused instead of silently overwriting the first.
    """

    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    class Meta:
        abstract = True

    def save_checked(self, expected_version, update_fields=None):
        model = type(self)
        if expected_version is not None and int(expected_version) != self.version:
            raise ConflictError()
        current = self.version
        updated = model._default_manager.filter(pk=self.pk, version=current).update(version=current + 1)
        if not updated:
            raise ConflictError()
        self.version = current + 1
        fields = None if update_fields is None else list(update_fields) + ["version", "updated_at"]
        self.save(update_fields=fields)
        return self
