"""An import job: one uploaded .xlsx, its validation, preview, errors and commit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A user sees their own jobs; system administrators see every job."""
        from coso.accounts import scoping

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if scoping.is_system_admin(user):
            return self
        return self.filter(created_by=user)

    def without_content(self):
        return self.defer("content", "validated_rows")


class ImportJob(models.Model):
    class Kind(models.TextChoices):
        PERSONS = "persons", _("Cán bộ, đoàn viên")
        UNITS = "units", _("Đơn vị")
        RECORDS = "records", _("Văn bằng, chứng chỉ và đào tạo của cán bộ, đoàn viên")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên")
        VALIDATING = "validating", _("Đang kiểm tra")
        INVALID = "invalid", _("Có lỗi, chưa nhập")
        READY = "ready", _("Sẵn sàng nhập")
        COMMITTING = "committing", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Thất bại")

    # The workflow: ``imports/workflows.py`` IMPORT_JOB (a status changes only along it).
    RUNNING = {Status.UPLOADED, Status.VALIDATING, Status.COMMITTING}

    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=Kind.choices)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(_("nội dung tệp"), editable=False)
    # Persons: the rows as validated (compressed), so the commit need not parse the file again.
    validated_rows = models.BinaryField(null=True, editable=False)
    # What the safety pass learnt at the upload (sheets and their parts, the parts holding a
    # formula), so that the worker parses the file once and never scans it again (issue 9).
    checked = models.JSONField(null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("người tải lên")
    )
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    row_count = models.PositiveIntegerField(_("số dòng dữ liệu"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    error_row_count = models.PositiveIntegerField(_("số dòng lỗi"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    errors_truncated = models.BooleanField(default=False)
    sheet_name = models.CharField(_("trang tính"), max_length=255, blank=True)
    header_row = models.PositiveIntegerField(default=1)
    preview = models.JSONField(_("xem trước"), default=dict, blank=True)
    created_count = models.PositiveIntegerField(_("số bản ghi đã tạo"), default=0)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    committed_at = models.DateTimeField(_("nhập lúc"), null=True, blank=True)
    failure = models.TextField(_("lý do thất bại"), blank=True)
    duration_ms = models.PositiveIntegerField(_("thời gian xử lý (ms)"), default=0)
    # The uploaded file is deleted after the retention period (manage.py purge_import_files);
    # the job, its counts and its listed errors stay.
    content_purged_at = models.DateTimeField(_("xoá tệp gốc lúc"), null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["uploaded", "validating", "invalid", "ready", "committing", "done", "failed"]),
                name="import_job_status_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=["persons", "units", "records"]), name="import_job_kind_valid"),
        ]
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.original_name}"

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def progress_percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class PendingUpload(models.Model):
    """A file uploaded to an import that checks and commits in the request (visits,
    programme registrations), kept in the database between the preview and the commit —
    never in the session, whose row every page of the user reads. Personal: only the
    uploader reaches it, by its random token; a user keeps the last few per kind."""

    kind = models.CharField(_("loại"), max_length=30)
    token = models.CharField(max_length=40, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # What the file is for (e.g. {"programme": 3, "branch": 17}); checked again on every use.
    target = models.JSONField(default=dict, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content = models.BinaryField(editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "kind", "-created_at"])]

    def __str__(self):
        return f"{self.kind}: {self.original_name}"


class ExportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An export is its requester's only: it holds what their scope showed them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(created_by=user)

    def without_content(self):
        return self.defer("content")


class ExportJob(models.Model):
    """A large list's .xlsx written by the worker (``imports.exporting``), with its progress;
    the requester downloads it from its page when done, for ``EXPORT_RETENTION_DAYS``: then
    the file is deleted and the job says it expired."""

    class Kind(models.TextChoices):
        PERSONS = "persons", _("Cán bộ, đoàn viên")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xuất")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Thất bại")
        # Its file deleted after ``EXPORT_RETENTION_DAYS`` (``export_running.purge_expired``).
        EXPIRED = "expired", _("Đã hết hạn")

    kind = models.CharField(_("loại dữ liệu"), max_length=20, choices=Kind.choices)
    # The list's filters as the page had them (its query string), applied again by the worker
    # with the requester's scope.
    params = models.TextField(_("bộ lọc"), blank=True, default="")
    language = models.CharField(_("ngôn ngữ"), max_length=10, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs", verbose_name=_("người yêu cầu")
    )
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    status_changed_at = models.DateTimeField(_("đổi trạng thái lúc"), null=True, blank=True)
    progress_done = models.PositiveIntegerField(_("số dòng đã xuất"), default=0)
    progress_total = models.PositiveIntegerField(_("tổng số dòng"), default=0)
    filename = models.CharField(_("tên tệp"), max_length=255, blank=True)
    content = models.BinaryField(_("tệp"), null=True, editable=False)
    failure = models.TextField(_("lý do thất bại"), blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed", "expired"]),
                name="export_job_status_valid",
            ),
        ]
        verbose_name = _("lượt xuất Excel")
        verbose_name_plural = _("lượt xuất Excel")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_running(self):
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress_percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
