"""Field training at lower levels (đào tạo thực tế tại cơ sở), DOMAIN.md §3, seed 002.

A provincial union's plan (``PlacementPlan``) carries its rules as data; the TCKT
department proposes a yearly list (``YearlyList`` with ``Candidate`` rows) that the Standing
Committee decides; each decided candidate becomes a ``Placement`` with its reports, host
evaluations, tasks and checklist. Every workflow step is logged in ``StepLog``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import VersionedModel, WorkflowStep
from coso.org.models import ClassificationLevel, Unit
from coso.people.models import Person, PostTitle

# The title printed under the signer of a yearly list's decision when none is given (the paper's
# text, Vietnamese in every language).
SIGNER_TITLE = "BÍ THƯ"


def default_start_months():
    return [1, 2, 3]


def default_group1_planned_titles():
    # "có quy hoạch vị trí cao hơn" than an Executive Committee member.
    return [
        PostTitle.SECRETARY,
        PostTitle.DEPUTY_SECRETARY,
        PostTitle.STANDING_MEMBER,
        PostTitle.INSPECTION_CHAIR,
        PostTitle.HEAD_OF_DEPARTMENT,
        PostTitle.DEPUTY_HEAD_OF_DEPARTMENT,
    ]


def default_group2_planned_titles():
    # "được quy hoạch chức danh phó phòng, ban tương đương trở lên".
    return [
        PostTitle.DEPUTY_HEAD_OF_DEPARTMENT,
        PostTitle.HEAD_OF_DEPARTMENT,
        PostTitle.STANDING_MEMBER,
        PostTitle.DEPUTY_SECRETARY,
        PostTitle.SECRETARY,
        PostTitle.INSPECTION_CHAIR,
    ]


class PlacementPlan(VersionedModel):
    """Kế hoạch cử cán bộ đi đào tạo thực tế tại cơ sở, with its rules as editable data."""

    owner = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="placement_plans", verbose_name=_("đơn vị"))
    name = models.CharField(_("tên kế hoạch"), max_length=255)
    number = models.CharField(_("số kế hoạch"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    min_months = models.PositiveSmallIntegerField(_("thời gian tối thiểu (tháng)"), default=12)
    start_window_months = models.JSONField(_("các tháng được bắt đầu"), default=default_start_months)
    yearly_cap = models.PositiveSmallIntegerField(_("số cán bộ tối đa mỗi năm"), default=2)
    age_limit = models.PositiveSmallIntegerField(_("tuổi tối đa"), default=30)
    child_months_limit = models.PositiveSmallIntegerField(_("con nhỏ dưới (tháng)"), default=24)
    evaluation_years = models.PositiveSmallIntegerField(
        _("số năm liền trước phải hoàn thành tốt nhiệm vụ"),
        default=3,
        help_text=_("Xét các năm liền trước năm bắt đầu; thiếu đánh giá một năm là chưa đạt."),
    )
    evaluation_max_rank = models.PositiveSmallIntegerField(
        _("bậc xếp loại thấp nhất được chấp nhận"), default=2, help_text=_("2 = Hoàn thành tốt nhiệm vụ trở lên")
    )
    report_interval_months = models.PositiveSmallIntegerField(_("báo cáo định kỳ (tháng)"), default=6)
    reminder_days = models.PositiveSmallIntegerField(_("nhắc trước hạn (ngày)"), default=7)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_year__gte=models.F("start_year")), name="plan_years_ordered"),
            models.CheckConstraint(condition=models.Q(min_months__gte=1), name="plan_min_months_positive"),
        ]
        verbose_name = _("kế hoạch đào tạo thực tế")
        verbose_name_plural = _("kế hoạch đào tạo thực tế")

    def __str__(self):
        return self.name


class TargetGroupRule(VersionedModel):
    """Đối tượng 1 / Đối tượng 2 of a plan: who qualifies and which post they take at the host."""

    plan = models.ForeignKey(PlacementPlan, on_delete=models.CASCADE, related_name="group_rules")
    group = models.PositiveSmallIntegerField(_("đối tượng"))
    name = models.CharField(_("mô tả"), max_length=255)
    requires_executive_full_time = models.BooleanField(_("là Ủy viên BCH chuyên trách tại cơ quan"), default=False)
    requires_department_staff = models.BooleanField(_("là cán bộ các ban, văn phòng"), default=False)
    planned_titles = models.JSONField(_("chức danh quy hoạch được chấp nhận"), default=list)
    host_titles = models.JSONField(_("vị trí tại cơ sở"), default=list)
    needs_party_agreement = models.BooleanField(_("cần sự thống nhất của cấp ủy địa phương"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "group"]
        constraints = [models.UniqueConstraint(fields=["plan", "group"], name="uniq_plan_group")]
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")

    def __str__(self):
        return gettext("Đối tượng %(group)s: %(name)s") % {"group": self.group, "name": self.name}


class CaseException(VersionedModel):
    """ "Xem xét từng trường hợp cụ thể": a promising cadre outside the planning, decided by the Standing Committee."""

    plan = models.ForeignKey(PlacementPlan, on_delete=models.CASCADE, related_name="exceptions")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placement_exceptions")
    reason = models.TextField(_("lý do"))
    decision_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="uniq_placement_exception"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="placement_exception_reason"),
        ]
        verbose_name = _("trường hợp xem xét cụ thể")
        verbose_name_plural = _("trường hợp xem xét cụ thể")


class YearlyList(VersionedModel):
    """Danh sách cử đi đào tạo thực tế của một năm: TCKT proposes, the Standing Committee decides."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PROPOSED = "proposed", _("Đã đề xuất")
        DECIDED = "decided", _("Đã quyết định")
        RETURNED = "returned", _("Trả lại")

    plan = models.ForeignKey(PlacementPlan, on_delete=models.PROTECT, related_name="yearly_lists")
    year = models.PositiveSmallIntegerField(_("năm"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.DRAFT)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)

    class Meta:
        ordering = ["plan", "year"]
        constraints = [models.UniqueConstraint(fields=["plan", "year"], name="uniq_yearly_list")]
        verbose_name = _("danh sách năm")
        verbose_name_plural = _("danh sách năm")

    def __str__(self):
        return gettext("%(plan)s – năm %(year)s") % {"plan": self.plan, "year": self.year}


class Candidate(VersionedModel):
    """A cadre proposed on a yearly list, with the host and post and (group 1) the party agreement."""

    yearly_list = models.ForeignKey(YearlyList, on_delete=models.CASCADE, related_name="candidates")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placement_candidacies")
    group = models.PositiveSmallIntegerField(_("đối tượng"))
    host = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("nơi đến"))
    host_title = models.CharField(_("vị trí tại cơ sở"), max_length=40, choices=PostTitle.choices)
    start_date = models.DateField(_("ngày bắt đầu"))
    months = models.PositiveSmallIntegerField(
        _("thời gian (tháng)"), default=12, help_text=_("Không ít hơn thời gian tối thiểu của kế hoạch.")
    )
    party_agreement_date = models.DateField(_("ngày cấp ủy thống nhất"), null=True, blank=True)
    party_agreement_document = models.CharField(_("văn bản thống nhất"), max_length=120, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        ordering = ["yearly_list", "start_date", "id"]
        constraints = [models.UniqueConstraint(fields=["yearly_list", "person"], name="uniq_candidate")]
        verbose_name = _("cán bộ đề xuất")
        verbose_name_plural = _("cán bộ đề xuất")


class Placement(VersionedModel):
    class State(models.TextChoices):
        ACTIVE = "active", _("Đang ở cơ sở")
        FINISHED = "finished", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="placements")
    plan = models.ForeignKey(PlacementPlan, on_delete=models.PROTECT, related_name="placements")
    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="placement")
    year = models.PositiveSmallIntegerField(_("năm"))
    group = models.PositiveSmallIntegerField(_("đối tượng"))
    host = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="hosted_placements")
    host_title = models.CharField(_("vị trí tại cơ sở"), max_length=40, choices=PostTitle.choices)
    start_date = models.DateField(_("ngày bắt đầu"))
    planned_end = models.DateField(_("dự kiến kết thúc"))
    actual_end = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.ACTIVE)
    # A cancellation: the date is ``actual_end``; who and why are kept here (and in StepLog).
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    # Finished before ``planned_end``: why (the compiled report shows it).
    early_end_reason = models.TextField(_("lý do kết thúc sớm"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "year", "start_date", "id"]
        indexes = [models.Index(fields=["plan", "year"]), models.Index(fields=["host", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gt=models.F("start_date")), name="placement_end_after_start"
            ),
        ]
        verbose_name = _("cán bộ đào tạo thực tế")
        verbose_name_plural = _("cán bộ đào tạo thực tế")

    def __str__(self):
        return f"{self.person} – {self.host}"


class Kind(models.TextChoices):
    SIX_MONTH = "six_month", _("Định kỳ 6 tháng")
    FINAL = "final", _("Kết thúc")


class PlacementTask(VersionedModel):
    """A task the host assigns to the cadre."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    assigned_on = models.DateField(_("ngày giao"))
    due_date = models.DateField(_("hạn"), null=True, blank=True)
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["placement", "assigned_on", "id"]
        verbose_name = _("nhiệm vụ được giao")
        verbose_name_plural = _("nhiệm vụ được giao")


class PlacementReport(VersionedModel):
    """The cadre's written report every 6 months and at the end."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã nộp")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        RETURNED = "returned", _("Trả lại")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(_("lần"))
    due_date = models.DateField(_("hạn nộp"))
    contributions = models.TextField(_("những việc đã đóng góp"), blank=True)
    problems = models.TextField(_("khó khăn, vướng mắc ở cơ sở"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.DRAFT)
    submitted_on = models.DateField(_("ngày nộp"), null=True, blank=True)

    class Meta:
        ordering = ["placement", "sequence"]
        indexes = [models.Index(fields=["state", "due_date"])]
        constraints = [models.UniqueConstraint(fields=["placement", "sequence"], name="uniq_placement_report")]
        verbose_name = _("báo cáo đào tạo thực tế")
        verbose_name_plural = _("báo cáo đào tạo thực tế")


class HostEvaluation(VersionedModel):
    """The host's written evaluation of the cadre, same cadence as the reports."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        SUBMITTED = "submitted", _("Đã gửi")
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        RETURNED = "returned", _("Trả lại")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(_("lần"))
    due_date = models.DateField(_("hạn"))
    strengths = models.TextField(_("ưu điểm"), blank=True)
    weaknesses = models.TextField(_("hạn chế"), blank=True)
    comment = models.TextField(_("nhận xét chung"), blank=True)
    level = models.ForeignKey(
        ClassificationLevel, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("xếp loại")
    )
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.DRAFT)
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)

    class Meta:
        ordering = ["placement", "sequence"]
        indexes = [models.Index(fields=["state", "due_date"])]
        constraints = [models.UniqueConstraint(fields=["placement", "sequence"], name="uniq_host_evaluation")]
        verbose_name = _("nhận xét của nơi đến")
        verbose_name_plural = _("nhận xét của nơi đến")


class ChecklistItem(models.Model):
    class Item(models.TextChoices):
        PARTY_MOVED = "party_moved", _("Chuyển sinh hoạt Đảng về nơi đến")
        UNION_MOVED = "union_moved", _("Chuyển sinh hoạt Đoàn về nơi đến")
        DUES_PAID = "dues_paid", _("Đóng đảng phí, đoàn phí tại nơi đến")
        MOVED_BACK = "moved_back", _("Chuyển sinh hoạt về lại cơ quan khi kết thúc")
        EXPENSES_SETTLED = "expenses_settled", _("Thanh quyết toán kinh phí")

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="checklist")
    item = models.CharField(_("việc"), max_length=20, choices=Item.choices)
    done = models.BooleanField(_("đã xong"), default=False)
    done_on = models.DateField(_("ngày"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["placement", "id"]
        constraints = [models.UniqueConstraint(fields=["placement", "item"], name="uniq_checklist_item")]
        verbose_name = _("việc cần làm")
        verbose_name_plural = _("việc cần làm")

    def __str__(self):
        return self.get_item_display()


class StepLog(WorkflowStep):
    """One workflow transition: which record, from → to, who, when, comment — the shape of
    ``coso.core.models.WorkflowStep``, for the four placement workflows in one table (the
    record named by ``workflow`` and ``object_id``, the person by ``actor``)."""

    # The model of each record → its ``workflow`` key (see workflows.py).
    KINDS = {
        "yearlylist": "yearly_list",
        "placementreport": "report",
        "hostevaluation": "evaluation",
        "placement": "placement",
    }

    workflow = models.CharField(max_length=20)  # yearly_list, report, evaluation, placement
    object_id = models.PositiveBigIntegerField()
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12)
    by = None
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["workflow", "object_id"])]

    @classmethod
    def record(cls, subject, from_state, to_state, *, by, at, comment="", **extra):
        return cls(
            workflow=cls.KINDS[subject._meta.model_name],
            object_id=subject.pk,
            from_state=from_state,
            to_state=to_state,
            actor=by,
            comment=comment,
        )

    def __str__(self):
        return f"{self.workflow} #{self.object_id}: {self.from_state} → {self.to_state}"
