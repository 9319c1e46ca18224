"""Base classes shared by the apps."""

from django.conf import settings
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


class WorkflowStep(models.Model):
    """One step of a workflow (``coso.core.workflow``): which record, from which state to
    which, who, when, why. Each workflow's log model inherits it and adds the record's
    foreign key, named by ``SUBJECT``; :meth:`record` is how the engine writes a step."""

    SUBJECT = "subject"

    from_state = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("lúc"))
    comment = models.TextField(_("ý kiến, lý do"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @classmethod
    def record(cls, subject, from_state, to_state, *, by, at, comment="", **extra):
        """The (unsaved) step of ``subject`` from ``from_state`` to ``to_state``. A log whose
        columns are named otherwise overrides this (its table stays as it is)."""
        return cls(
            **{cls.SUBJECT: subject}, from_state=from_state, to_state=to_state, by=by, at=at, comment=comment, **extra
        )
