"""The register of outgoing papers (sổ đăng ký văn bản đi).

An office numbers its outgoing papers itself: one sequence per issuing body and year, or one
per type of paper where the office's rule (:class:`NumberingRule`) says so. Issuing a paper
takes the next number of its sequence under a database lock (:class:`NumberCounter`, row
locked with ``SELECT … FOR UPDATE``), and keeps the .docx and the PDF exactly as issued in
:class:`IssuedPaper`, so that a later change of the data never changes a paper that was
signed. A number is never reused: a cancelled number stays in the book with its reason, and
the database refuses a second row with the same (body, year, sequence, number).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from coso.org.models import Unit


class NumberingRule(models.Model):
    """An office's own numbering rule: its symbol and which types have their own sequence."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="numbering_rule", verbose_name=_("cơ quan ban hành")
    )
    issuer_code = models.CharField(
        _("ký hiệu cơ quan ban hành"),
        max_length=30,
        blank=True,
        help_text=_("Ví dụ TĐTN, HĐTN, ĐTN; để trống thì suy ra từ tên đơn vị."),
    )
    separate_types = models.CharField(
        _("loại văn bản đánh số riêng"),
        max_length=200,
        blank=True,
        help_text=_(
            "Các loại có dãy số riêng, cách nhau bởi dấu phẩy, ví dụ: QĐ, GGT. Các loại khác dùng chung một dãy."
        ),
    )

    class Meta:
        verbose_name = _("quy tắc đánh số văn bản")
        verbose_name_plural = _("quy tắc đánh số văn bản")

    def __str__(self):
        return str(self.unit)

    def separate(self):
        return {part.strip().upper() for part in self.separate_types.replace(";", ",").split(",") if part.strip()}


class NumberCounter(models.Model):
    """The last number given in one sequence; its row is locked while the next one is taken."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    series = models.CharField(max_length=20, blank=True)  # "" = the office's common sequence
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year", "series"], name="uniq_number_counter")]

    def __str__(self):
        return f"{self.unit_id}/{self.year}/{self.series or '*'}: {self.last}"


class IssuedPaperQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.accounts import scoping

        return self.filter(scoping.unit_q(user, scoping.VIEW, prefix="unit__"))

    def without_files(self):
        return self.defer("docx", "pdf")


class IssuedPaper(models.Model):
    """One line of the register: a number given to one paper, with the paper as issued."""

    class State(models.TextChoices):
        ISSUED = "issued", _("Đã ban hành")
        CANCELLED = "cancelled", _("Đã hủy số")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="issued_papers", verbose_name=_("cơ quan ban hành")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    series = models.CharField(_("dãy số"), max_length=20, blank=True)
    number = models.PositiveIntegerField(_("số"))
    symbol = models.CharField(_("số, ký hiệu"), max_length=80)  # "14-KH/TĐTN"
    doc_type = models.CharField(_("loại văn bản"), max_length=20)  # "KH"
    kind = models.CharField(_("loại giấy tờ"), max_length=40)  # "visits.plan"
    source_id = models.PositiveBigIntegerField(_("mã bản ghi"))
    source_key = models.CharField(max_length=40, blank=True)  # e.g. "2013-03" for a month's cluster report
    issued_on = models.DateField(_("ngày ban hành"))
    summary = models.CharField(_("trích yếu"), max_length=500)
    signer = models.CharField(_("người ký"), max_length=200, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    filename = models.CharField(max_length=200)
    docx = models.BinaryField(editable=False)
    pdf = models.BinaryField(null=True, editable=False)
    pdf_error = models.TextField(blank=True, editable=False)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.ISSUED)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người cấp số")
    )
    issued_at = models.DateTimeField(_("cấp số lúc"), auto_now_add=True)
    cancel_reason = models.TextField(_("lý do hủy số"), blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    cancelled_at = models.DateTimeField(_("hủy số lúc"), null=True, blank=True)

    objects = IssuedPaperQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-issued_at", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "series", "number"], name="uniq_register_number"),
            models.UniqueConstraint(
                fields=["kind", "source_id", "source_key"],
                condition=models.Q(state="issued"),
                name="uniq_issued_paper_per_record",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="cancelled") | ~models.Q(cancel_reason=""), name="cancel_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "source_id", "source_key"], name="register_source_idx"),
            models.Index(fields=["unit", "year", "number"], name="register_book_idx"),
        ]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("sổ đăng ký văn bản đi")

    def __str__(self):
        return self.symbol

    @property
    def is_issued(self):
        return self.state == self.State.ISSUED
