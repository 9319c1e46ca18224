"""Going to the grassroots (đi cơ sở): policies, assignments, quarter plans, visits, monthly
reports confirmed by the hosts, good practices, weak-unit support, cluster meetings, ranking.

Thin models: fields, constraints, state tables and small derived properties. The rules are
in ``rules.py`` (pure functions), the writes in ``services.py``, who-may-do-what in
``permissions.py`` (to be folded into ``accounts/scoping.py``).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import VersionedModel, WorkflowStep
from coso.org.models import ClassificationLevel, Cluster, Unit
from coso.people.models import Person
from coso.visits import ancestry


class VisitForm(models.TextChoices):
    """Hình thức đi cơ sở (seed 003, plus the meetings and inspections of seed 000)."""

    SURVEY = "khao_sat", _("Khảo sát chuyên đề")
    CO_HOST = "phoi_hop", _("Cùng cơ sở đăng cai, phối hợp tổ chức hoạt động")
    BRANCH_MEETING = "sinh_hoat_chi_doan", _("Dự sinh hoạt chi đoàn, chi hội")
    SITUATION = "nam_tinh_hinh", _("Nắm bắt tình hình đoàn viên, thanh niên, công nhân")
    THEMATIC_INSPECTION = "kiem_tra_chuyen_de", _("Kiểm tra chuyên đề")
    INSPECTION_TEAM = "doan_kiem_tra", _("Tham gia đoàn kiểm tra, giám sát")
    UNION_MEETING = "hop_co_so", _("Dự họp Đoàn xã, Huyện đoàn và tương đương")
    OTHER = "khac", _("Khác")


class ActivityRelation(models.TextChoices):
    """ "Đi trước, về sau": a visit before a base activity prepares it, one after reviews it."""

    NONE = "none", _("Không gắn với hoạt động")
    BEFORE = "before", _("Đi trước (chuẩn bị hoạt động)")
    AFTER = "after", _("Về sau (đánh giá, rút kinh nghiệm)")


class BaseActivityFields(models.Model):
    activity_relation = models.CharField(
        _("gắn với hoạt động của cơ sở"), max_length=10, choices=ActivityRelation.choices, default=ActivityRelation.NONE
    )
    activity_name = models.CharField(_("tên hoạt động"), max_length=255, blank=True)
    activity_date = models.DateField(_("ngày hoạt động"), null=True, blank=True)

    class Meta:
        abstract = True


class CadreRecordQuerySet(models.QuerySet):
    """Records of one cadre (plans, assignments, weak-unit lists): scoped by the cadre's unit."""

    def visible_to(self, user):
        from coso.visits import permissions

        return self.filter(permissions.visible_cadre_records_q(user))


# --------------------------------------------------------------------------- policy


class VisitPolicy(VersionedModel):
    """The numbers of one organisation's grassroots plan for one year (defaults: seeds 000/003
    and the central guidance 03-HD/TWĐTN-BTC). Looked up on the cadre's unit or its nearest
    ancestor that has one; without any row, an unsaved instance with these defaults applies."""

    owner = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="visit_policies", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    cap_days_mountainous = models.PositiveSmallIntegerField(
        _("tối đa ngày/tháng ở huyện miền núi"),
        null=True,
        blank=True,
        default=3,
        help_text=_("Mỗi cán bộ, mỗi đơn vị cấp huyện, mỗi tháng. Để trống: không giới hạn."),
    )
    cap_days_other = models.PositiveSmallIntegerField(
        _("tối đa ngày/tháng ở đơn vị khác"),
        null=True,
        blank=True,
        default=2,
        help_text=_("Mỗi cán bộ, mỗi đơn vị cấp huyện, mỗi tháng. Để trống: không giới hạn."),
    )
    yearly_minimum_days = models.PositiveSmallIntegerField(_("số ngày cơ sở tối thiểu/năm"), default=60)
    days_per_month = models.PositiveSmallIntegerField(
        _("số ngày tính một tháng"), default=30, help_text=_("Chủ trương 1+2: 2 tháng tính là 60 ngày.")
    )
    branch_meetings_per_quarter = models.PositiveSmallIntegerField(_("số lần dự sinh hoạt chi đoàn/quý"), default=1)
    cluster_leader_base_units_per_quarter = models.PositiveSmallIntegerField(
        _("số Đoàn cơ sở cụm trưởng, cụm phó làm việc/quý"), default=2
    )
    weak_units_to_pick = models.PositiveSmallIntegerField(_("số đơn vị xếp loại thấp phải chọn"), default=3)
    monthly_report_due_day = models.PositiveSmallIntegerField(
        _("hạn báo cáo tháng"),
        default=0,
        help_text=_("0: ngày cuối tháng; 1–28: ngày đó của tháng sau."),
    )
    report_within_days_after_trip = models.PositiveSmallIntegerField(
        _("báo cáo chuyến đi trong vòng (ngày)"),
        null=True,
        blank=True,
        help_text=_("Hướng dẫn của Trung ương: 10 ngày. Để trống: không áp dụng."),
    )
    quarterly_plan_required = models.BooleanField(_("phải đăng ký kế hoạch quý"), default=True)
    quarterly_plan_grace_days = models.PositiveSmallIntegerField(_("số ngày được đăng ký muộn sau đầu quý"), default=0)
    quarterly_plan_needs_approval = models.BooleanField(_("kế hoạch quý cần được duyệt"), default=False)
    count_public_holidays_as_blackout = models.BooleanField(_("không đi cơ sở vào ngày lễ, Tết"), default=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("nhắc việc trước hạn (ngày)"),
        default=3,
        help_text=_("Thư nhắc báo cáo tháng, báo cáo chuyến đi được gửi từ chừng ấy ngày trước hạn."),
    )
    applies_from = models.DateField(_("áp dụng từ ngày"), null=True, blank=True)
    source = models.CharField(_("văn bản"), max_length=200, blank=True, help_text=_("Ví dụ 14-KH/TĐTN"))
    proof_radius_km = models.PositiveSmallIntegerField(
        _("bán kính đúng địa bàn (km)"),
        default=5,
        help_text=_("Vị trí ghi lúc ghi chuyến đi cách đơn vị đến không quá chừng ấy km: «đúng địa bàn»."),
    )
    proof_max_accuracy_m = models.PositiveIntegerField(
        _("sai số vị trí tối đa (m)"),
        default=1000,
        help_text=_("Vị trí có sai số lớn hơn: «vị trí kém chính xác»."),
    )
    location_required = models.BooleanField(
        _("bắt buộc có vị trí khi ghi chuyến đi"),
        default=False,
        help_text=_("Mặc định không bắt buộc: chuyến đi không có vị trí vẫn được ghi, có nhãn «không có vị trí»."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["owner", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], name="uniq_visit_policy_year"),
            models.CheckConstraint(condition=Q(days_per_month__gt=0), name="visit_policy_days_per_month_positive"),
            models.CheckConstraint(condition=Q(monthly_report_due_day__lte=28), name="visit_policy_due_day_le_28"),
            models.CheckConstraint(condition=Q(proof_radius_km__gt=0), name="visit_policy_proof_radius_positive"),
        ]
        verbose_name = _("quy định đi cơ sở")
        verbose_name_plural = _("quy định đi cơ sở")

    def __str__(self):
        return f"{self.owner} – {self.year}"

    def cap_for(self, mountainous):
        return self.cap_days_mountainous if mountainous else self.cap_days_other

    @property
    def yearly_minimum_months(self):
        return Decimal(self.yearly_minimum_days) / Decimal(self.days_per_month)

    @classmethod
    def for_unit(cls, unit, year):
        """The policy of ``unit`` or of its nearest ancestor for ``year`` (one query), else defaults."""
        steps = [unit.path[: i * unit.steplen] for i in range(1, unit.depth + 1)]
        policy = (
            cls.objects.filter(owner__path__in=steps, year=year)
            .select_related("owner")
            .order_by("-owner__depth")
            .first()
        )
        return policy or cls(owner=unit, year=year)

    @classmethod
    def for_units(cls, units, year):
        """``for_unit`` of each of ``units`` in one query: {unit id: policy}."""
        units = list(units)
        steps = {unit.path[: i * unit.steplen] for unit in units for i in range(1, unit.depth + 1)}
        stored = {p.owner.path: p for p in cls.objects.filter(owner__path__in=steps, year=year).select_related("owner")}
        found = {}
        for unit in units:
            deepest = next(
                (
                    stored[unit.path[: i * unit.steplen]]
                    for i in range(unit.depth, 0, -1)
                    if unit.path[: i * unit.steplen] in stored
                ),
                None,
            )
            found[unit.pk] = deepest or cls(owner=unit, year=year)
        return found


class BlackoutDay(VersionedModel):
    """A day without visits: meetings of the party cell, the agency, the mass organisations (000)."""

    class Reason(models.TextChoices):
        PARTY_CELL = "party_cell", _("họp chi bộ")
        AGENCY = "agency", _("họp cơ quan")
        MASS_ORGANISATIONS = "mass_organisations", _("họp các đoàn thể")
        OTHER = "other", _("khác")

    owner = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="blackout_days", verbose_name=_("đơn vị"))
    date = models.DateField(_("ngày"))
    reason = models.CharField(_("lý do"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("ghi chú"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["owner", "date"]
        constraints = [models.UniqueConstraint(fields=["owner", "date", "reason"], name="uniq_blackout_day")]
        verbose_name = _("ngày không đi cơ sở")
        verbose_name_plural = _("ngày không đi cơ sở")

    def __str__(self):
        return f"{self.date:%d/%m/%Y} – {self.label}"

    @property
    def label(self):
        if self.reason == self.Reason.OTHER:
            return self.note or str(_("ngày không đi cơ sở"))
        return str(self.get_reason_display())


# --------------------------------------------------------------------------- assignment


class AssignmentDecision(VersionedModel):
    """Quyết định phân công of the Standing Committee (e.g. "15-QĐ/TĐTN")."""

    owner = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assignment_decisions", verbose_name=_("đơn vị ban hành")
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    decided_on = models.DateField(_("ngày ban hành"))
    signer = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người ký")
    )
    note = models.TextField(_("trích yếu, ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["owner", "-decided_on"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "number", "decided_on"], name="uniq_assignment_decision_number")
        ]
        verbose_name = _("quyết định phân công")
        verbose_name_plural = _("quyết định phân công")

    def __str__(self):
        return gettext("%(number)s ngày %(date)s") % {"number": self.number, "date": f"{self.decided_on:%d/%m/%Y}"}


def _ancestor():
    return models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+")


class Assignment(VersionedModel):
    """A cadre following a unit (normally district-level) for a period. Reassigning closes the
    row (``valid_to``, ``ended_by``) and opens a new one: the history is the rows themselves."""

    class Role(models.TextChoices):
        FOLLOW = "follow", _("Theo dõi, phụ trách")
        CLUSTER_LEADER = "cluster_leader", _("Cụm trưởng")
        CLUSTER_DEPUTY = "cluster_deputy", _("Cụm phó")

    decision = models.ForeignKey(
        AssignmentDecision, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("quyết định")
    )
    cadre = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="visit_assignments", verbose_name=_("cán bộ")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="followed_by", verbose_name=_("đơn vị theo dõi")
    )
    role = models.CharField(_("nhiệm vụ"), max_length=20, choices=Role.choices, default=Role.FOLLOW)
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visit_assignments",
        verbose_name=_("cụm"),
    )
    valid_from = models.DateField(_("từ ngày"))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    ended_by = models.ForeignKey(
        AssignmentDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ended_assignments",
        verbose_name=_("chấm dứt theo quyết định"),
    )
    # The cadre's province and district (coso.visits.ancestry): a province's leaders' list of
    # cadres late with their report reads the province's assignments by them.
    cadre_province = _ancestor()
    cadre_district = _ancestor()
    history = HistoricalRecords(excluded_fields=ancestry.ASSIGNMENTS.columns)
    objects = CadreRecordQuerySet.as_manager()

    class Meta:
        ordering = ["cadre", "valid_from"]
        indexes = [
            models.Index(fields=["cadre", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
            models.Index(fields=["cadre_province", "role"], name="assignment_prov_role_idx"),
            models.Index(fields=["cadre_district", "role"], name="assignment_dist_role_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="assignment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["cadre", "unit", "role"], condition=Q(valid_to__isnull=True), name="uniq_open_assignment"
            ),
        ]
        verbose_name = _("phân công theo dõi")
        verbose_name_plural = _("phân công theo dõi")

    def __str__(self):
        return f"{self.cadre} – {self.unit} ({self.get_role_display()})"

    def is_current_on(self, day):
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)

    def save(self, *args, **kwargs):
        ancestry.save(self, ancestry.ASSIGNMENTS, super().save, args, kwargs)


# --------------------------------------------------------------------------- quarter plans


class QuarterPlan(VersionedModel):
    """Kế hoạch đi cơ sở của một cán bộ trong một quý (registered at the quarter's start, 003)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã đăng ký")
        APPROVED = "approved", _("Đã duyệt")
        RETURNED = "returned", _("Bị trả lại")

    # The workflow: ``visits/workflows.py`` QUARTER_PLAN (docs/workflows.md).
    EDITABLE = {State.DRAFT, State.RETURNED}

    cadre = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quarter_plans", verbose_name=_("cán bộ"))
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    note = models.TextField(_("nội dung đăng ký"), blank=True)
    first_submitted_at = models.DateTimeField(_("đăng ký lần đầu lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The cadre's province and district (coso.visits.ancestry): the plans waiting for approval
    # in a province are read by them, not by every plan waiting in the country.
    cadre_province = _ancestor()
    cadre_district = _ancestor()
    history = HistoricalRecords(excluded_fields=ancestry.PLANS.columns)
    objects = CadreRecordQuerySet.as_manager()

    class Meta:
        ordering = ["cadre", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year", "quarter"], name="uniq_quarter_plan"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="quarter_plan_quarter_1_4"),
        ]
        indexes = [
            models.Index(fields=["year", "quarter", "state"]),
            # The plans waiting for approval (an inbox on every leader's home): a few thousand
            # of hundreds of thousands, read by state without scanning the table.
            models.Index(fields=["state", "cadre"], name="quarterplan_state_cadre_idx"),
            models.Index(fields=["state", "cadre_province"], name="quarterplan_state_prov_idx"),
            models.Index(fields=["state", "cadre_district"], name="quarterplan_state_dist_idx"),
            # The national inbox, oldest first: the first page read off the index.
            models.Index(fields=["state", "year", "quarter", "id"], name="quarterplan_state_period_idx"),
        ]
        verbose_name = _("kế hoạch quý")
        verbose_name_plural = _("kế hoạch quý")

    def __str__(self):
        return gettext("Kế hoạch quý %(quarter)s/%(year)s – %(cadre)s") % {
            "quarter": self.quarter,
            "year": self.year,
            "cadre": self.cadre,
        }

    def save(self, *args, **kwargs):
        ancestry.save(self, ancestry.PLANS, super().save, args, kwargs)

    @property
    def first_day(self):
        return datetime.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def last_day(self):
        if self.quarter == 4:
            return datetime.date(self.year, 12, 31)
        return datetime.date(self.year, 3 * self.quarter + 1, 1) - datetime.timedelta(days=1)


class PlanTransition(WorkflowStep):
    SUBJECT = "plan"

    plan = models.ForeignKey(QuarterPlan, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=QuarterPlan.State.choices)
    to_state = models.CharField(max_length=20, choices=QuarterPlan.State.choices)

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = _("bước xử lý kế hoạch quý")
        verbose_name_plural = _("bước xử lý kế hoạch quý")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class PlannedVisit(VersionedModel, BaseActivityFields):
    plan = models.ForeignKey(
        QuarterPlan, on_delete=models.CASCADE, related_name="planned_visits", verbose_name=_("kế hoạch")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="planned_visits", verbose_name=_("đơn vị đến")
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    form = models.CharField(_("hình thức"), max_length=30, choices=VisitForm.choices)
    content = models.TextField(_("nội dung"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="planned_visit_ends_after_start")
        ]
        verbose_name = _("chuyến đi dự kiến")
        verbose_name_plural = _("chuyến đi dự kiến")

    def __str__(self):
        return f"{self.unit} ({self.start_date:%d/%m/%Y})"

    @property
    def days(self):
        return (self.end_date - self.start_date).days + 1


# --------------------------------------------------------------------------- visits


class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.visits import permissions

        return self.filter(permissions.visible_visits_q(user))

    def overlapping(self, start, end):
        return self.filter(start_date__lte=end, end_date__gte=start)


class Proof(models.TextChoices):
    """What the phone's location says about a visit (``rules.location_proof``)."""

    NEAR = "near", _("đúng địa bàn")
    FAR = "far", _("xa địa bàn")
    LOW_ACCURACY = "low_accuracy", _("vị trí kém chính xác")
    NO_REFERENCE = "no_reference", _("đơn vị chưa có toạ độ")
    NONE = "none", _("không có vị trí")


class Visit(VersionedModel, BaseActivityFields):
    """One trip to the grassroots, as the cadre reports it. Days = end − start + 1; a trip
    across a month end counts its days in each month."""

    cadre = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="visits", verbose_name=_("cán bộ"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="visits", verbose_name=_("đơn vị đến"))
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    form = models.CharField(_("hình thức"), max_length=30, choices=VisitForm.choices)
    content = models.TextField(_("nội dung, việc đã làm"), blank=True)
    findings = models.TextField(_("kết quả, tình hình nắm được"), blank=True)
    problems = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    is_ad_hoc = models.BooleanField(
        _("đột xuất"), default=False, help_text=_("Ngoài kế hoạch hoặc ngoài địa bàn được phân công; thống kê riêng.")
    )
    planned_visit = models.ForeignKey(
        PlannedVisit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name=_("theo kế hoạch"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    # The id the phone gave the visit when it was saved (offline or not): a second send of the
    # same id is the same visit, never a second one.
    client_id = models.UUIDField(_("mã chuyến đi trên máy"), null=True, blank=True, editable=False)
    # Where the phone was when the visit was recorded (personal data: shown only to those who
    # see the visit, i.e. the cadre, the hosts and their leaders), and what it proves.
    latitude = models.FloatField(_("vĩ độ"), null=True, blank=True)
    longitude = models.FloatField(_("kinh độ"), null=True, blank=True)
    location_accuracy_m = models.FloatField(_("sai số vị trí (m)"), null=True, blank=True)
    located_at = models.DateTimeField(_("lấy vị trí lúc"), null=True, blank=True)
    distance_m = models.FloatField(_("cách đơn vị đến (m)"), null=True, blank=True)
    proof = models.CharField(_("xác minh vị trí"), max_length=20, choices=Proof.choices, default=Proof.NONE)
    # The province and district of the cadre (as on the person's row) and of the unit visited
    # (coso.visits.ancestry): a province's trip list filters and counts its trips by them
    # instead of joining every trip of the country to its cadre's and its unit's paths.
    cadre_province = _ancestor()
    cadre_district = _ancestor()
    host_province = _ancestor()
    host_district = _ancestor()
    history = HistoricalRecords(excluded_fields=ancestry.TRIPS.columns)

    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["cadre", "start_date", "id"]
        indexes = [
            models.Index(fields=["cadre", "start_date"]),
            models.Index(fields=["unit", "start_date"]),
            models.Index(fields=["proof", "start_date"]),
            # The trip list, newest first: walked until a page of the scope's trips is found.
            models.Index(fields=["-start_date", "-id"], name="visit_recent_idx"),
            # The coverage of a district's, a province's or a cluster's year (coso/visits/coverage.py):
            # its trips read from the index alone, from the year's first day on, with what the
            # grouped queries sum (the host district's index alone read every year's trips).
            models.Index(
                fields=["host_district", "end_date"],
                include=["start_date", "is_ad_hoc", "unit", "cadre"],
                name="visit_district_year_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="visit_ends_after_start"),
            models.UniqueConstraint(fields=["client_id"], name="uniq_visit_client_id"),
        ]
        verbose_name = _("chuyến đi cơ sở")
        verbose_name_plural = _("chuyến đi cơ sở")

    def __str__(self):
        return f"{self.cadre} – {self.unit} ({self.start_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        ancestry.save(self, ancestry.TRIPS, super().save, args, kwargs)

    @property
    def days(self):
        return (self.end_date - self.start_date).days + 1

    @property
    def distance_km(self):
        return None if self.distance_m is None else self.distance_m / 1000


def visit_photo_path(photo, filename):
    return f"visits/photos/{photo.visit.start_date:%Y/%m}/{photo.client_id or photo.visit_id}.jpg"


class VisitPhoto(models.Model):
    """A photo of a visit, resized and re-encoded on the phone (no location metadata), served
    only to those who see the visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("chuyến đi"))
    image = models.FileField(_("ảnh"), upload_to=visit_photo_path)
    client_id = models.UUIDField(_("mã ảnh trên máy"), null=True, blank=True, editable=False)
    size = models.PositiveIntegerField(_("dung lượng (byte)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        ordering = ["visit", "created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["client_id"], name="uniq_visit_photo_client_id")]
        verbose_name = _("ảnh chuyến đi")
        verbose_name_plural = _("ảnh chuyến đi")

    def __str__(self):
        return gettext("%(visit)s – ảnh %(number)s") % {"visit": self.visit, "number": self.pk}


class GoodPracticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.visits import permissions

        return self.filter(permissions.visible_practices_q(user))


class GoodPractice(VersionedModel):
    """Mô hình mới, cách làm hay, reported in writing to be spread across the cluster (000)."""

    title = models.CharField(_("tên mô hình, cách làm"), max_length=255)
    description = models.TextField(_("mô tả"), blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="good_practices", verbose_name=_("đơn vị"))
    visit = models.ForeignKey(
        Visit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="good_practices",
        verbose_name=_("phát hiện trong chuyến đi"),
    )
    reported_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="good_practices_reported", verbose_name=_("người báo cáo")
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    to_replicate = models.BooleanField(_("nhân rộng"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("đánh dấu nhân rộng lúc"), null=True, blank=True)
    # The reporter's and the unit's province and district (coso.visits.ancestry), for the list.
    reporter_province = _ancestor()
    reporter_district = _ancestor()
    unit_province = _ancestor()
    unit_district = _ancestor()
    history = HistoricalRecords(excluded_fields=ancestry.PRACTICES.columns)
    objects = GoodPracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_on", "id"]
        indexes = [models.Index(fields=["reported_by", "reported_on"])]
        verbose_name = _("mô hình mới, cách làm hay")
        verbose_name_plural = _("mô hình mới, cách làm hay")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        ancestry.save(self, ancestry.PRACTICES, super().save, args, kwargs)


# --------------------------------------------------------------------------- weak units


class WeakUnitSelection(VersionedModel):
    """The (at least) 3 base units of a followed district with the lowest classification of
    the previous year, which the cadre works with and reports to the cluster leader (000)."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        CONFIRMED = "confirmed", _("Đã thống nhất")

    # The workflow: ``visits/workflows.py`` WEAK_UNIT_SELECTION.

    cadre = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="weak_unit_selections", verbose_name=_("cán bộ")
    )
    district = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="weak_unit_selections", verbose_name=_("đơn vị cấp huyện")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.PROPOSED)
    units = models.ManyToManyField(Unit, through="WeakUnitPick", related_name="+", verbose_name=_("đơn vị được chọn"))
    confirmed_at = models.DateTimeField(_("thống nhất lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    objects = CadreRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "district"]
        constraints = [models.UniqueConstraint(fields=["cadre", "district", "year"], name="uniq_weak_unit_selection")]
        verbose_name = _("đơn vị xếp loại thấp được chọn giúp đỡ")
        verbose_name_plural = _("đơn vị xếp loại thấp được chọn giúp đỡ")


class WeakUnitPick(models.Model):
    selection = models.ForeignKey(WeakUnitSelection, on_delete=models.CASCADE, related_name="picks")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    previous_level = models.ForeignKey(
        ClassificationLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("xếp loại năm trước"),
    )

    class Meta:
        ordering = ["selection", "position"]
        constraints = [models.UniqueConstraint(fields=["selection", "unit"], name="uniq_weak_unit_pick")]

    def __str__(self):
        return f"{self.position}. {self.unit}"


# --------------------------------------------------------------------------- monthly reports


class MonthlyReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.visits import permissions

        return self.filter(permissions.visible_reports_q(user))


class MonthlyReport(VersionedModel):
    """Báo cáo kết quả đi cơ sở trong tháng, the basis of the month's emulation ranking (000)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi, chờ cơ sở xác nhận")
        HOST_CONFIRMED = "host_confirmed", _("Cơ sở đã xác nhận")
        RETURNED = "returned", _("Bị trả lại")
        REVIEWED = "reviewed", _("Cụm trưởng đã xem xét")

    # The workflow: ``visits/workflows.py`` MONTHLY_REPORT.
    EDITABLE = {State.DRAFT, State.RETURNED}
    # Visits of a month whose report is in these states are locked.
    LOCKING = {State.SUBMITTED, State.HOST_CONFIRMED, State.REVIEWED}
    RANKED = {State.HOST_CONFIRMED, State.REVIEWED}

    cadre = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="monthly_reports", verbose_name=_("cán bộ")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    month = models.PositiveSmallIntegerField(_("tháng"))
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("tự đánh giá, ghi chú"), blank=True)
    total_days = models.PositiveSmallIntegerField(_("số ngày cơ sở"), default=0)
    due_date = models.DateField(_("hạn nộp"))
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    was_returned = models.BooleanField(_("đã từng bị trả lại"), default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến cụm trưởng"), blank=True)
    visits = models.ManyToManyField(Visit, through="ReportVisit", related_name="reports", verbose_name=_("chuyến đi"))
    # The cadre's province and district (coso.visits.ancestry), as the quarter plans'.
    cadre_province = _ancestor()
    cadre_district = _ancestor()
    history = HistoricalRecords(excluded_fields=ancestry.REPORTS.columns)
    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        ordering = ["cadre", "-year", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["cadre", "year", "month"], name="uniq_monthly_report"),
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="monthly_report_month_1_12"),
        ]
        indexes = [
            models.Index(fields=["year", "month", "state"]),
            models.Index(fields=["state", "cadre_province"], name="monthlyreport_state_prov_idx"),
            models.Index(fields=["state", "cadre_district"], name="monthlyreport_state_dist_idx"),
            models.Index(fields=["state", "year", "month", "id"], name="monthlyreport_state_period_idx"),
        ]
        verbose_name = _("báo cáo đi cơ sở tháng")
        verbose_name_plural = _("báo cáo đi cơ sở tháng")

    def __str__(self):
        return gettext("Báo cáo tháng %(month)s/%(year)s – %(cadre)s") % {
            "month": self.month,
            "year": self.year,
            "cadre": self.cadre,
        }

    def save(self, *args, **kwargs):
        ancestry.save(self, ancestry.REPORTS, super().save, args, kwargs)

    @property
    def is_late(self):
        from django.utils import timezone

        return self.first_submitted_at is not None and timezone.localdate(self.first_submitted_at) > self.due_date


class ReportVisit(models.Model):
    """A visit in a monthly report, with the days it counts in that month (a snapshot)."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="lines")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="report_lines")
    days_in_month = models.PositiveSmallIntegerField(_("số ngày trong tháng"))
    host = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị xác nhận"))

    class Meta:
        ordering = ["report", "visit__start_date", "visit_id"]
        constraints = [models.UniqueConstraint(fields=["report", "visit"], name="uniq_report_visit")]

    def __str__(self):
        return gettext("%(visit)s – %(days)s ngày") % {"visit": self.visit, "days": self.days_in_month}


class ReportTransition(WorkflowStep):
    SUBJECT = "report"

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, choices=MonthlyReport.State.choices)
    to_state = models.CharField(max_length=20, choices=MonthlyReport.State.choices)

    class Meta:
        ordering = ["report", "at", "id"]
        verbose_name = _("bước xử lý báo cáo tháng")
        verbose_name_plural = _("bước xử lý báo cáo tháng")

    def __str__(self):
        return f"{self.get_from_state_display()} → {self.get_to_state_display()}"


class HostConfirmation(VersionedModel):
    """Xác nhận, nhận xét of one visited district-level union on a monthly report (000)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        RETURNED = "returned", _("Trả lại")

    # The workflow: ``visits/workflows.py`` HOST_CONFIRMATION.

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="host_confirmations")
    district = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="host_confirmations", verbose_name=_("đơn vị xác nhận")
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.PENDING)
    comment = models.TextField(_("nhận xét"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "district"]
        constraints = [models.UniqueConstraint(fields=["report", "district"], name="uniq_host_confirmation")]
        indexes = [
            models.Index(fields=["district", "state"]),
            # The confirmations waiting in the whole country (a few thousand of a million),
            # joined to the reports awaiting hosts without reading the rows.
            models.Index(fields=["state", "report"], name="hostconf_state_report_idx"),
        ]
        verbose_name = _("xác nhận của cơ sở")
        verbose_name_plural = _("xác nhận của cơ sở")


# --------------------------------------------------------------------------- clusters


class ClusterMeeting(VersionedModel):
    """Giao ban cụm thi đua: Q1, 6 months, Q3, year end, and the year-end inspection (000)."""

    class Kind(models.TextChoices):
        Q1 = "q1", _("Giao ban quý I")
        SIX_MONTHS = "six_months", _("Giao ban 6 tháng")
        Q3 = "q3", _("Giao ban quý III")
        YEAR_END = "year_end", _("Giao ban cả năm")
        YEAR_END_INSPECTION = "year_end_inspection", _("Kiểm tra cuối năm")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("cụm"))
    kind = models.CharField(_("loại"), max_length=30, choices=Kind.choices)
    scheduled_on = models.DateField(_("ngày dự kiến"))
    held_on = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    host_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("đơn vị đăng cai")
    )
    minutes_text = models.TextField(_("biên bản"), blank=True)
    minutes_file = models.FileField(_("tệp biên bản"), upload_to="visits/cluster-minutes/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["cluster", "scheduled_on"]
        constraints = [models.UniqueConstraint(fields=["cluster", "kind"], name="uniq_cluster_meeting_kind")]
        verbose_name = _("giao ban cụm")
        verbose_name_plural = _("giao ban cụm")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.cluster}"


# --------------------------------------------------------------------------- ranking


class RankingRule(VersionedModel):
    """Points of the monthly emulation ranking of visiting cadres (editable per owner and year)."""

    owner = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ranking_rules", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    points_per_day = models.DecimalField(_("điểm mỗi ngày cơ sở"), max_digits=6, decimal_places=2, default=Decimal("2"))
    points_per_base_unit = models.DecimalField(
        _("điểm mỗi Đoàn cơ sở đến làm việc"), max_digits=6, decimal_places=2, default=Decimal("1")
    )
    points_per_branch_meeting = models.DecimalField(
        _("điểm mỗi lần dự sinh hoạt chi đoàn"), max_digits=6, decimal_places=2, default=Decimal("3")
    )
    points_per_good_practice = models.DecimalField(
        _("điểm mỗi mô hình, cách làm hay"), max_digits=6, decimal_places=2, default=Decimal("5")
    )
    penalty_late_report = models.DecimalField(
        _("điểm trừ khi nộp báo cáo trễ"), max_digits=6, decimal_places=2, default=Decimal("5")
    )
    bonus_confirmed_without_return = models.DecimalField(
        _("điểm thưởng khi cơ sở xác nhận, không bị trả lại"), max_digits=6, decimal_places=2, default=Decimal("2")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["owner", "-year"]
        constraints = [models.UniqueConstraint(fields=["owner", "year"], name="uniq_ranking_rule_year")]
        verbose_name = _("cách tính điểm thi đua đi cơ sở")
        verbose_name_plural = _("cách tính điểm thi đua đi cơ sở")

    def __str__(self):
        return f"{self.owner} – {self.year}"

    @classmethod
    def for_owner(cls, owner, year):
        return cls.objects.filter(owner=owner, year=year).first() or cls(owner=owner, year=year)


# --------------------------------------------------------------------------- calendar feed


class CalendarToken(models.Model):
    """The secret of a cadre's calendar feed (.ics) URL, for a phone's calendar app: whoever
    has the URL reads the cadre's plan, so it can be regenerated (the old URL stops working)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="visit_calendar_token", verbose_name=_("cán bộ")
    )
    token = models.CharField(_("mã bí mật"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("mã lịch đi cơ sở")
        verbose_name_plural = _("mã lịch đi cơ sở")

    def __str__(self):
        return str(self.person)


class ReminderLog(models.Model):
    """One reminder e-mail sent (``key`` names what it was about and when), so that the daily
    task never sends the same reminder twice."""

    key = models.CharField(_("nhắc việc"), max_length=120, unique=True)
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="visit_reminders", verbose_name=_("cán bộ")
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    recipients = models.TextField(_("người nhận"))
    sent_at = models.DateTimeField(_("gửi lúc"))

    class Meta:
        ordering = ["-sent_at", "id"]
        verbose_name = _("thư nhắc việc đi cơ sở")
        verbose_name_plural = _("thư nhắc việc đi cơ sở")

    def __str__(self):
        return self.subject
