"""Cadre work (công tác cán bộ): yearly plans whose KPI indicators are computed from data,
training courses, rotation between departments, seats of elected bodies and the pool of
sources (tạo nguồn cán bộ).

There is no field anywhere to type an indicator's result: :mod:`coso.cadrework.indicators`
computes it from people, posts, trainings and certificates.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import VersionedModel, WorkflowStep
from coso.org.models import Department, Unit
from coso.people.models import Body, Person, Term, TrainingRecord


class CadrePlan(VersionedModel):
    """Kế hoạch công tác cán bộ of a unit for one year (e.g. Quận đoàn Tân Phú 2023)."""

    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cadre_plans", verbose_name=_("đơn vị ban hành")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ 14-KH/QĐTN"))
    title = models.CharField(_("trích yếu"), max_length=255)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    base_plan_deadline = models.DateField(
        _("hạn cơ sở gửi kế hoạch"),
        null=True,
        blank=True,
        help_text=_("Các cơ sở Đoàn gửi kế hoạch của đơn vị trước ngày này."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["owner", "-year", "number"]
        constraints = [models.UniqueConstraint(fields=["owner", "year", "title"], name="uniq_cadre_plan_title")]
        indexes = [models.Index(fields=["owner", "year"])]
        verbose_name = _("kế hoạch công tác cán bộ")
        verbose_name_plural = _("kế hoạch công tác cán bộ")

    def __str__(self):
        return f"{self.title} ({self.year})"


class BaseUnitPlanSubmission(models.Model):
    """A base union sent its own cadre-work plan to the owner of the plan."""

    plan = models.ForeignKey(CadrePlan, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="cadre_plan_submissions", verbose_name=_("cơ sở Đoàn")
    )
    submitted_on = models.DateField(_("ngày gửi"))
    document_number = models.CharField(_("số kế hoạch của cơ sở"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "submitted_on"]
        constraints = [models.UniqueConstraint(fields=["plan", "unit"], name="uniq_plan_submission_unit")]
        verbose_name = _("kế hoạch cơ sở đã gửi")
        verbose_name_plural = _("kế hoạch cơ sở đã gửi")

    def __str__(self):
        return f"{self.unit} – {self.submitted_on:%d/%m/%Y}"


class Indicator(VersionedModel):
    """One row of a plan's indicator table: who (population), what (measure), how much (target).

    ``population`` and ``measure`` are codes of the registries in ``indicators.py``.
    """

    class TargetKind(models.TextChoices):
        PERCENT = "percent", _("Tỷ lệ (%)")
        COUNT = "count", _("Số lượng")

    plan = models.ForeignKey(CadrePlan, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("chỉ tiêu"), max_length=500)
    population = models.CharField(_("đối tượng"), max_length=60)
    measure = models.CharField(_("tiêu chí đạt"), max_length=60)
    params = models.JSONField(
        _("tham số của tiêu chí"), default=dict, blank=True, help_text=_("Ví dụ cấp độ ngoại ngữ tối thiểu.")
    )
    target_kind = models.CharField(_("loại chỉ tiêu"), max_length=10, choices=TargetKind.choices)
    target_value = models.PositiveIntegerField(_("mức chỉ tiêu"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(target_kind="percent") | models.Q(target_value__lte=100),
                name="indicator_percent_at_most_100",
            ),
        ]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self):
        return self.name


class SourcePoolEntry(VersionedModel):
    """A candidate in the pool of sources (nguồn cán bộ), followed stage by stage."""

    class Kind(models.TextChoices):
        COLLABORATOR = "collaborator", _("Cộng tác viên")
        GRADUATING_STUDENT = "graduating_student", _("Sinh viên sắp tốt nghiệp")
        PIONEER_COMMANDER = "pioneer_commander", _("Chỉ huy Đội")
        SCHOOL_UNION_CADRE = "school_union_cadre", _("Cán bộ Đoàn trường THPT")

    class Stage(models.TextChoices):
        IN_POOL = "in_pool", _("Trong nguồn")
        HIGH_SCHOOL_UNION_CADRE = "hs_union_cadre", _("Cán bộ Đoàn trung học phổ thông")
        UNIVERSITY_UNION_CADRE = "uni_union_cadre", _("Cán bộ Đoàn – Hội đại học, cao đẳng")
        BASE_UNION_CADRE = "base_union_cadre", _("Cán bộ Đoàn cơ sở, cộng tác viên Quận Đoàn")
        LEFT = "left", _("Rời nguồn")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="source_pool", verbose_name=_("đơn vị theo dõi")
    )
    kind = models.CharField(_("loại nguồn"), max_length=30, choices=Kind.choices)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="source_entries")
    school = models.CharField(_("trường, nơi học tập, công tác"), max_length=200, blank=True)
    stage = models.CharField(_("giai đoạn hiện tại"), max_length=30, choices=Stage.choices, default=Stage.IN_POOL)
    added_on = models.DateField(_("đưa vào nguồn ngày"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "kind", "full_name"]
        indexes = [models.Index(fields=["unit", "kind"])]
        verbose_name = _("nguồn cán bộ")
        verbose_name_plural = _("nguồn cán bộ")

    def __str__(self):
        return self.full_name


class SourceStageChange(WorkflowStep):
    """One step of a source along ``workflows.SOURCE`` (who, when): a ``WorkflowStep`` whose
    columns keep their own names (stage, the day ``on`` it happened, a note)."""

    SUBJECT = "entry"
    from_state = to_state = by = at = comment = None

    entry = models.ForeignKey(SourcePoolEntry, on_delete=models.CASCADE, related_name="changes")
    from_stage = models.CharField(max_length=30, choices=SourcePoolEntry.Stage.choices)
    to_stage = models.CharField(max_length=30, choices=SourcePoolEntry.Stage.choices)
    on = models.DateField(_("ngày"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "on", "id"]
        indexes = [models.Index(fields=["to_stage", "on"])]
        verbose_name = _("chuyển giai đoạn nguồn")
        verbose_name_plural = _("chuyển giai đoạn nguồn")

    def __str__(self):
        return f"{self.entry} → {self.get_to_stage_display()}"

    @classmethod
    def record(cls, subject, from_state, to_state, *, by, at, comment="", on=None):
        return cls(
            entry=subject,
            from_stage=from_state,
            to_stage=to_state,
            on=on or timezone.localdate(at),
            note=comment,
            recorded_by=by if getattr(by, "pk", None) else None,
        )


class Course(VersionedModel):
    """A class (lớp đào tạo, bồi dưỡng, chuyên đề) a unit organises and sends cadres to."""

    kind = models.CharField(_("loại"), max_length=20, choices=TrainingRecord.Kind.choices)
    name = models.CharField(_("tên lớp"), max_length=255)
    level = models.CharField(_("trình độ"), max_length=40, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    organiser = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="courses", verbose_name=_("đơn vị tổ chức")
    )
    required_sessions = models.PositiveSmallIntegerField(
        _("số buổi tối thiểu để hoàn thành"),
        null=True,
        blank=True,
        help_text=_("Để trống: phải dự tất cả các buổi."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="course_ends_after_start",
            )
        ]
        verbose_name = _("lớp đào tạo, bồi dưỡng")
        verbose_name_plural = _("lớp đào tạo, bồi dưỡng")

    def __str__(self):
        return self.name


class CourseSession(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    on = models.DateField(_("ngày"))
    topic = models.CharField(_("nội dung"), max_length=255, blank=True)

    class Meta:
        ordering = ["course", "on", "id"]
        verbose_name = _("buổi học")
        verbose_name_plural = _("buổi học")

    def __str__(self):
        return f"{self.course} – {self.on:%d/%m/%Y}"


class Enrollment(VersionedModel):
    """A person sent to a course; completing it writes the person's TrainingRecord."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="course_enrollments")
    sent_on = models.DateField(_("ngày cử đi học"))
    attended = models.ManyToManyField(CourseSession, blank=True, related_name="attendees", verbose_name=_("buổi đã dự"))
    completed = models.BooleanField(_("hoàn thành"), default=False)
    training_record = models.OneToOneField(
        TrainingRecord, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrollment"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["course", "person"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="uniq_enrollment")]
        verbose_name = _("học viên")
        verbose_name_plural = _("học viên")

    def __str__(self):
        return f"{self.person} – {self.course}"


class Rotation(models.Model):
    """Luân chuyển a cadre between departments of a union's agency."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="rotations")
    from_department = models.ForeignKey(Department, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    to_department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("ngày"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person", "-on"]
        verbose_name = _("luân chuyển")
        verbose_name_plural = _("luân chuyển")

    def __str__(self):
        return f"{self.person}: {self.from_department} → {self.to_department}"


class BodySeats(VersionedModel):
    """Số lượng of an elected body of a unit for a term (e.g. BTV Quận Đoàn: 9)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="body_seats")
    body = models.CharField(_("cơ quan"), max_length=10, choices=Body.choices)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name=_("nhiệm kỳ"))
    seats = models.PositiveSmallIntegerField(_("số lượng"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "term", "body"]
        constraints = [models.UniqueConstraint(fields=["unit", "body", "term"], name="uniq_body_seats")]
        verbose_name = _("số lượng cơ quan")
        verbose_name_plural = _("số lượng cơ quan")

    def __str__(self):
        return f"{self.unit} – {self.get_body_display()}: {self.seats}"
