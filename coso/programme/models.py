"""The members' programme "Rèn luyện và hành động" (seed 001, DOMAIN.md §2).

A district union (or any union above) runs a :class:`Programme` for a year: a catalogue of
:class:`Criterion` per target group, a general :class:`Track` with its :class:`Round` s (one
day a month), and a school track that runs on the school year. Each member fills a
:class:`Registration` (5 training + 5 action items by default, or points in groups), then for
each round (and at year end) an :class:`Assessment`: the member's own assessment of every item,
the branch committee's evaluation beside it, the base union's review and the district
Standing Committee's recognition (:class:`Recognition`, công nhận). Branches assess
themselves (:class:`BranchAssessment`), base unions report what they organised in a round
(:class:`RoundReport`) and the district inspects (:class:`Inspection`).

Every workflow is declared in ``workflows.py`` for the engine of ``coso/core/workflow.py``;
services move along it and each step is a row of the record's step log (a
``coso.core.models.WorkflowStep``: who, when, from, to, comment).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import VersionedModel, WorkflowStep
from coso.org.models import Unit
from coso.people.models import Person, TargetGroup

ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def fmt_date(day):
    return day.strftime("%d/%m/%Y") if day else ""


class ItemStatus(models.TextChoices):
    """How far one registered item was carried out."""

    DONE = "done", _("Hoàn thành")
    PARTLY = "partly", _("Hoàn thành một phần")
    NOT_DONE = "not_done", _("Chưa hoàn thành")


class Outcome(models.TextChoices):
    """The branch committee's overall result for a member in a period."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc")
    GOOD = "good", _("Hoàn thành tốt")
    COMPLETED = "completed", _("Hoàn thành")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành")


class Rating(models.TextChoices):
    """How well a branch or a base union carried the programme (self-assessment, review, inspection)."""

    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    AVERAGE = "average", _("Trung bình")
    WEAK = "weak", _("Yếu")


class ProgrammeStep(WorkflowStep):
    """One step of a programme workflow (``coso.programme.workflows``): the shape of
    :class:`coso.core.models.WorkflowStep` (from, to, who, when, why), the record in ``subject``."""

    SUBJECT = "subject"

    class Meta(WorkflowStep.Meta):
        abstract = True

    def describe(self):
        return f"{self.from_state or '∅'} → {self.to_state} ({timezone.localtime(self.at):%d/%m/%Y %H:%M})"

    def _state_label(self, state):
        model = self._meta.get_field("subject").related_model
        try:
            return model.State(state).label
        except ValueError:
            return state or "—"

    @property
    def from_label(self):
        return self._state_label(self.from_state) if self.from_state else ""

    @property
    def to_label(self):
        return self._state_label(self.to_state)


# --------------------------------------------------------------------------- the programme


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.programme import permissions

        return permissions.visible_programmes(user, self)


class Programme(VersionedModel):
    class Mode(models.TextChoices):
        COUNT = "count", _("Đăng ký theo số tiêu chí (rèn luyện, hành động)")
        POINTS = "points", _("Chấm điểm theo nhóm tiêu chí")

    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="programmes",
        verbose_name=_("đơn vị chỉ đạo"),
        help_text=_("Quận đoàn, Huyện đoàn (hoặc cấp trên) ban hành kế hoạch; áp dụng cho đoàn viên trong đơn vị."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên chương trình"), max_length=255)
    document_number = models.CharField(_("số, ký hiệu kế hoạch"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    basis = models.TextField(_("căn cứ, văn bản hướng dẫn"), blank=True)
    mode = models.CharField(_("cách đăng ký"), max_length=10, choices=Mode.choices, default=Mode.COUNT)
    training_count = models.PositiveSmallIntegerField(_("số tiêu chí rèn luyện"), default=5)
    action_count = models.PositiveSmallIntegerField(_("số tiêu chí hành động"), default=5)
    max_points = models.PositiveSmallIntegerField(_("tổng điểm tối đa"), default=100)
    direct_evaluation = models.BooleanField(
        _("chi đoàn được đánh giá trực tiếp đoàn viên chưa tự đánh giá"),
        default=False,
        help_text=_(
            "Khi đoàn viên không tự đánh giá (kể cả trên phiếu giấy), chi đoàn đánh giá thẳng từng nội dung;"
            " kết quả được ghi là chi đoàn đánh giá trực tiếp, Đoàn cơ sở thấy rõ."
        ),
    )
    history = HistoricalRecords()
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "owner", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "year", "name"], name="uniq_programme_name_year")]
        indexes = [models.Index(fields=["year"])]
        verbose_name = _("chương trình Rèn luyện và hành động")
        verbose_name_plural = _("chương trình Rèn luyện và hành động")

    def __str__(self):
        return self.name


class PointsGroup(VersionedModel):
    """A group of criteria with a cap (points mode), e.g. 5 groups of at most 20 points."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="points_groups")
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên nhóm"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa của nhóm"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="uniq_points_group_code")]
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")

    def __str__(self):
        return self.name


class Track(VersionedModel):
    """The general track runs on the calendar year; schools run on the school year (seed 001)."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("Chung")
        SCHOOL = "school", _("Khối trường học (theo năm học)")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="uniq_track_kind"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="track_ends_after_start"),
        ]
        verbose_name = _("khối thực hiện")
        verbose_name_plural = _("khối thực hiện")

    def __str__(self):
        return self.name


class Round(VersionedModel):
    """Đợt: the units organise the programme's day within the round's window (one day a month)."""

    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("đợt"))
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    theme = models.CharField(_("chủ đề"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["track", "number"]
        constraints = [
            models.UniqueConstraint(fields=["track", "number"], name="uniq_round_number"),
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=12), name="round_number_1_12"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="round_ends_after_start"),
        ]
        verbose_name = _("đợt")
        verbose_name_plural = _("đợt")

    def __str__(self):
        name = gettext("Đợt %(roman)s") % {"roman": self.roman}
        return f"{name}: {self.theme}" if self.theme else name

    @property
    def roman(self):
        return ROMAN[self.number] if 0 < self.number < len(ROMAN) else str(self.number)

    @property
    def window_text(self):
        if (self.starts_on.year, self.starts_on.month) == (self.ends_on.year, self.ends_on.month):
            return str(_("tháng %(m)s/%(y)s") % {"m": self.starts_on.month, "y": self.starts_on.year})
        return f"{fmt_date(self.starts_on)} – {fmt_date(self.ends_on)}"


class Criterion(VersionedModel):
    """One item a member may register: for a target group (or all groups when empty)."""

    class Kind(models.TextChoices):
        TRAINING = "training", _("Rèn luyện")
        ACTION = "action", _("Hành động")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=20)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đối tượng"),
        help_text=_("Để trống: áp dụng cho mọi đối tượng."),
    )
    title = models.CharField(_("tiêu chí"), max_length=255)
    description = models.TextField(_("thế nào là hoàn thành"), blank=True)
    points_group = models.ForeignKey(
        PointsGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("nhóm"),
    )
    max_points = models.PositiveSmallIntegerField(_("điểm tối đa"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "kind", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="uniq_criterion_code")]
        indexes = [models.Index(fields=["programme", "kind", "target_group"])]
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")

    def __str__(self):
        return self.title


# --------------------------------------------------------------------------- registration


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.programme import permissions

        return permissions.visible(user, self, member_field="member")


class Registration(VersionedModel):
    """Phiếu đăng ký of one member for one programme, signed by the member."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã đăng ký")
        RETURNED = "returned", _("Chi đoàn trả lại để sửa")

    EDITABLE = {State.DRAFT, State.RETURNED}

    member = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="programme_registrations", verbose_name=_("đoàn viên")
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="registrations")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("khối"))
    target_group = models.ForeignKey(
        TargetGroup,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đối tượng"),
        help_text=_("Đối tượng của đoàn viên khi đăng ký: tiêu chí được chọn theo đối tượng này."),
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    signed_on = models.DateField(_("ngày ký phiếu"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    on_behalf = models.BooleanField(_("chi đoàn nhập thay từ phiếu giấy"), default=False)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    # The member's name order (Person.sort_key), kept here so that a page of a district's
    # registrations by name walks this table's index from its cursor instead of sorting every
    # registration of the district (results.classification_keyset).
    member_sort_key = models.CharField(max_length=255, editable=False, default="")
    history = HistoricalRecords(excluded_fields=["member_sort_key"])
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "member__sort_key"]
        constraints = [models.UniqueConstraint(fields=["member", "programme"], name="uniq_registration_member")]
        indexes = [
            models.Index(fields=["programme", "state"]),
            models.Index(fields=["programme", "member_sort_key", "member"], name="registration_name_idx"),
        ]
        verbose_name = _("phiếu đăng ký")
        verbose_name_plural = _("phiếu đăng ký")

    def __str__(self):
        return gettext("Phiếu đăng ký – %(member)s") % {"member": self.member}


class RegistrationItem(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="registration_items")
    commitment = models.TextField(_("nội dung cam kết"))
    points = models.PositiveSmallIntegerField(_("điểm đăng ký"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["registration", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "criterion"], name="uniq_registration_criterion")
        ]
        verbose_name = _("nội dung đăng ký")
        verbose_name_plural = _("nội dung đăng ký")

    def __str__(self):
        return self.commitment[:80]


class RegistrationTransition(ProgrammeStep):
    subject = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="transitions")

    class Meta(ProgrammeStep.Meta):
        verbose_name = _("bước xử lý phiếu đăng ký")
        verbose_name_plural = _("bước xử lý phiếu đăng ký")

    def __str__(self):
        return self.describe()


# --------------------------------------------------------------------------- recognition


class Recognition(models.Model):
    """Công nhận: the district Standing Committee recognises the results of one base union's
    members and branches for a round (or the year) at once."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="recognitions")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, null=True, blank=True, related_name="recognitions")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programme_recognitions", verbose_name=_("đoàn cơ sở")
    )
    number = models.CharField(_("số quyết định, thông báo"), max_length=60, blank=True)
    decided_on = models.DateField(_("ngày công nhận"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("ghi lúc"))
    comment = models.TextField(_("ý kiến"), blank=True)
    members_recognised = models.PositiveIntegerField(_("số đoàn viên được công nhận"), default=0)
    branches_recognised = models.PositiveIntegerField(_("số chi đoàn được công nhận"), default=0)
    members_pending = models.PositiveIntegerField(_("số đoàn viên đã đăng ký chưa đến bước công nhận"), default=0)

    class Meta:
        ordering = ["programme", "-decided_on", "-id"]
        indexes = [models.Index(fields=["programme", "round", "unit"])]
        verbose_name = _("công nhận kết quả")
        verbose_name_plural = _("công nhận kết quả")

    def __str__(self):
        return (gettext("Công nhận %(number)s – %(unit)s") % {"number": self.number or "", "unit": self.unit}).replace(
            "  ", " "
        )


# --------------------------------------------------------------------------- assessment


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.programme import permissions

        return permissions.visible(user, self, member_field="registration__member")


class Assessment(VersionedModel):
    """One member's results for one round (or for the whole year when ``round`` is empty).

    The member's self-assessment (``summary``, ``opinion`` and each item's ``self_*``) and
    the branch committee's evaluation (``result``, ``branch_comment`` and each item's
    ``branch_*``) sit side by side, so every page shows where they differ.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Đoàn viên đang tự đánh giá")
        SUBMITTED = "submitted", _("Đã tự đánh giá, chờ chi đoàn")
        RETURNED = "returned", _("Chi đoàn trả lại đoàn viên")
        EVALUATED = "evaluated", _("Chi đoàn đã đánh giá, chờ Đoàn cơ sở")
        BASE_RETURNED = "base_returned", _("Đoàn cơ sở trả lại chi đoàn")
        REVIEWED = "reviewed", _("Đoàn cơ sở đã xem xét, chờ công nhận")
        DISTRICT_RETURNED = "district_returned", _("Cấp trên trả lại Đoàn cơ sở")
        RECOGNISED = "recognised", _("Đã công nhận")

    MEMBER_EDITABLE = {State.DRAFT, State.RETURNED}
    # Stages reached (for counting): a returned record counts at the stage it went back to.
    SELF_ASSESSED = {
        State.SUBMITTED,
        State.EVALUATED,
        State.BASE_RETURNED,
        State.REVIEWED,
        State.DISTRICT_RETURNED,
        State.RECOGNISED,
    }
    EVALUATED_STATES = {State.EVALUATED, State.REVIEWED, State.DISTRICT_RETURNED, State.RECOGNISED}
    REVIEWED_STATES = {State.REVIEWED, State.RECOGNISED}

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="assessments")
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("đợt"),
        help_text=_("Để trống: đánh giá cả năm (năm học)."),
    )
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    summary = models.TextField(_("tự nhận xét"), blank=True)
    opinion = models.TextField(_("ý kiến về kết quả rèn luyện chung của chi đoàn, đơn vị"), blank=True)
    self_submitted_at = models.DateTimeField(_("tự đánh giá lúc"), null=True, blank=True)
    # A member without an account fills a paper form; the branch committee enters it (who: the
    # account below, when: ``self_submitted_at``), and every later step shows that it did.
    self_on_behalf = models.BooleanField(_("chi đoàn nhập từ phiếu tự đánh giá giấy"), default=False)
    self_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập tự đánh giá"),
    )
    # Where the programme allows it, the branch evaluates a member who never self-assessed
    # (``services.branch_evaluate_directly``): no self marks, and every later step shows it.
    direct_by_branch = models.BooleanField(_("chi đoàn đánh giá trực tiếp, đoàn viên không tự đánh giá"), default=False)
    result = models.CharField(
        _("kết quả chung (chi đoàn đánh giá)"), max_length=20, choices=Outcome.choices, blank=True
    )
    branch_comment = models.TextField(_("nhận xét của chi đoàn"), blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evaluated_at = models.DateTimeField(_("chi đoàn đánh giá lúc"), null=True, blank=True)
    base_comment = models.TextField(_("ý kiến của Đoàn cơ sở"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("Đoàn cơ sở xem xét lúc"), null=True, blank=True)
    recognition = models.ForeignKey(
        Recognition, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments"
    )
    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["registration", "round__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "round"], condition=Q(round__isnull=False), name="uniq_assessment_round"
            ),
            models.UniqueConstraint(
                fields=["registration"], condition=Q(round__isnull=True), name="uniq_assessment_year"
            ),
        ]
        indexes = [models.Index(fields=["round", "state"])]
        verbose_name = _("kết quả rèn luyện")
        verbose_name_plural = _("kết quả rèn luyện")

    def __str__(self):
        period = gettext("đợt %(roman)s") % {"roman": self.round.roman} if self.round_id else gettext("cả năm")
        return gettext("Kết quả %(period)s – %(member)s") % {"period": period, "member": self.registration.member}


class AssessmentItem(models.Model):
    """One registered item in one period: the member's status and the branch's, side by side.

    In points mode an item done earns its registered points, an item not done none; an item
    done in part earns the points someone entered (``self_points``/``branch_points``) — never
    a figure nobody gave.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(RegistrationItem, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_status = models.CharField(_("đoàn viên tự đánh giá"), max_length=10, choices=ItemStatus.choices, blank=True)
    self_points = models.PositiveSmallIntegerField(_("điểm tự đánh giá"), null=True, blank=True)
    self_note = models.TextField(_("ghi chú của đoàn viên"), blank=True)
    branch_status = models.CharField(_("chi đoàn đánh giá"), max_length=10, choices=ItemStatus.choices, blank=True)
    branch_points = models.PositiveSmallIntegerField(_("điểm chi đoàn đánh giá"), null=True, blank=True)
    branch_note = models.TextField(_("nhận xét của chi đoàn"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "item__position", "id"]
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="uniq_assessment_item")]
        indexes = [models.Index(fields=["criterion", "branch_status"])]
        verbose_name = _("đánh giá từng nội dung")
        verbose_name_plural = _("đánh giá từng nội dung")

    def __str__(self):
        return f"{self.criterion_id}: {self.self_status or '–'} / {self.branch_status or '–'}"


class AssessmentTransition(ProgrammeStep):
    subject = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="transitions")

    class Meta(ProgrammeStep.Meta):
        verbose_name = _("bước xử lý kết quả rèn luyện")
        verbose_name_plural = _("bước xử lý kết quả rèn luyện")

    def __str__(self):
        return self.describe()


# --------------------------------------------------------------------------- branches and base unions


class BranchAssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.programme import permissions

        return permissions.visible(user, self, unit_field="branch")


class BranchAssessment(VersionedModel):
    """The branch committee assesses the branch's own carrying out of the programme (seed
    001); the base union reviews it, the district recognises it with the members' results."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi Đoàn cơ sở")
        RETURNED = "returned", _("Đoàn cơ sở trả lại")
        REVIEWED = "reviewed", _("Đoàn cơ sở đã đánh giá, chờ công nhận")
        DISTRICT_RETURNED = "district_returned", _("Cấp trên trả lại Đoàn cơ sở")
        RECOGNISED = "recognised", _("Đã công nhận")

    EDITABLE = {State.DRAFT, State.RETURNED}

    branch = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programme_self_assessments", verbose_name=_("chi đoàn")
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="branch_assessments")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, null=True, blank=True, related_name="branch_assessments")
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    rating = models.CharField(_("chi đoàn tự đánh giá"), max_length=10, choices=Rating.choices, blank=True)
    summary = models.TextField(_("kết quả thực hiện"), blank=True)
    strengths = models.TextField(_("ưu điểm"), blank=True)
    weaknesses = models.TextField(_("hạn chế"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    base_rating = models.CharField(_("Đoàn cơ sở đánh giá"), max_length=10, choices=Rating.choices, blank=True)
    base_comment = models.TextField(_("ý kiến của Đoàn cơ sở"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    recognition = models.ForeignKey(
        Recognition, on_delete=models.SET_NULL, null=True, blank=True, related_name="branch_assessments"
    )
    history = HistoricalRecords()
    objects = BranchAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "branch", "round__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "programme", "round"],
                condition=Q(round__isnull=False),
                name="uniq_branch_assessment_round",
            ),
            models.UniqueConstraint(
                fields=["branch", "programme"], condition=Q(round__isnull=True), name="uniq_branch_assessment_year"
            ),
        ]
        indexes = [models.Index(fields=["programme", "state"])]
        verbose_name = _("chi đoàn tự đánh giá")
        verbose_name_plural = _("chi đoàn tự đánh giá")


class BranchAssessmentTransition(ProgrammeStep):
    subject = models.ForeignKey(BranchAssessment, on_delete=models.CASCADE, related_name="transitions")

    class Meta(ProgrammeStep.Meta):
        verbose_name = _("bước xử lý đánh giá chi đoàn")
        verbose_name_plural = _("bước xử lý đánh giá chi đoàn")

    def __str__(self):
        return self.describe()


class RoundReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.programme import permissions

        return permissions.visible(user, self, unit_field="unit")


class RoundReport(VersionedModel):
    """What a base union organised in a round: the day, the activities, who took part."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi cấp trên")
        RETURNED = "returned", _("Cấp trên trả lại")
        ACCEPTED = "accepted", _("Cấp trên đã tiếp nhận")

    EDITABLE = {State.DRAFT, State.RETURNED}
    COUNTED = {State.SUBMITTED, State.ACCEPTED}

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programme_round_reports", verbose_name=_("đoàn cơ sở")
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    held_on = models.DateField(_("ngày tổ chức"))
    activities = models.TextField(_("hoạt động đã tổ chức"))
    participants = models.PositiveIntegerField(_("số đoàn viên tham gia"), default=0)
    youth_participants = models.PositiveIntegerField(_("số thanh niên (ngoài Đoàn) tham gia"), default=0)
    notes = models.TextField(_("ghi chú, đề xuất"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    district_comment = models.TextField(_("ý kiến cấp trên"), blank=True)
    history = HistoricalRecords()
    objects = RoundReportQuerySet.as_manager()

    class Meta:
        ordering = ["round", "unit__sort_key"]
        constraints = [models.UniqueConstraint(fields=["unit", "round"], name="uniq_round_report")]
        verbose_name = _("báo cáo đợt")
        verbose_name_plural = _("báo cáo đợt")


class RoundReportTransition(ProgrammeStep):
    subject = models.ForeignKey(RoundReport, on_delete=models.CASCADE, related_name="transitions")

    class Meta(ProgrammeStep.Meta):
        verbose_name = _("bước xử lý báo cáo đợt")
        verbose_name_plural = _("bước xử lý báo cáo đợt")

    def __str__(self):
        return self.describe()


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from coso.programme import permissions

        return permissions.visible(user, self, unit_field="unit")


class Inspection(VersionedModel):
    """After each round the district inspects and evaluates (kiểm tra, đánh giá) a base union."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Đang ghi")
        CONCLUDED = "concluded", _("Đã kết luận")

    EDITABLE = {State.DRAFT}

    district = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programme_inspections_made", verbose_name=_("đơn vị kiểm tra")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programme_inspections", verbose_name=_("đơn vị được kiểm tra")
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="inspections")
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT)
    inspected_on = models.DateField(_("ngày kiểm tra"))
    inspectors = models.ManyToManyField(
        Person, blank=True, related_name="programme_inspections", verbose_name=_("thành viên đoàn kiểm tra")
    )
    findings = models.TextField(_("kết quả kiểm tra"))
    recommendations = models.TextField(_("kiến nghị, rút kinh nghiệm"), blank=True)
    rating = models.CharField(_("đánh giá"), max_length=10, choices=Rating.choices, blank=True)
    history = HistoricalRecords(m2m_fields=[inspectors])
    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["round", "inspected_on", "id"]
        indexes = [models.Index(fields=["round", "unit"])]
        verbose_name = _("kiểm tra sau đợt")
        verbose_name_plural = _("kiểm tra sau đợt")


class InspectionTransition(ProgrammeStep):
    subject = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="transitions")

    class Meta(ProgrammeStep.Meta):
        verbose_name = _("bước xử lý biên bản kiểm tra")
        verbose_name_plural = _("bước xử lý biên bản kiểm tra")

    def __str__(self):
        return self.describe()


# --------------------------------------------------------------------------- helpers of base units


class Helper(VersionedModel):
    """A committee member or cadre of the district helping a base unit carry the programme
    (seed 001: "phân công BTV, BCH, cán bộ quận đoàn phụ trách giúp đỡ các cơ sở Đoàn").

    A base unit followed under the grassroots-visit assignments (``visits.Assignment``) is
    helped by those cadres already; a helper is added here only where nobody follows the unit.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="helpers")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="programme_helpers", verbose_name=_("đoàn cơ sở")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="programme_helping", verbose_name=_("cán bộ giúp đỡ")
    )
    task = models.CharField(_("nhiệm vụ"), max_length=255, blank=True)
    assigned_on = models.DateField(_("ngày phân công"))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "unit__sort_key", "person__sort_key"]
        constraints = [models.UniqueConstraint(fields=["programme", "unit", "person"], name="uniq_programme_helper")]
        verbose_name = _("cán bộ giúp đỡ cơ sở")
        verbose_name_plural = _("cán bộ giúp đỡ cơ sở")

    def __str__(self):
        return f"{self.person} – {self.unit}"


# --------------------------------------------------------------------------- results summary


def _counter():
    return models.PositiveIntegerField(default=0)


class ResultCell(models.Model):
    """The programme's figures of one branch, target group and track for one period (a round,
    or the year when ``round`` is empty), kept by ``coso.programme.summary`` in the same
    transaction as every write they count, so that a page sums a few hundred cells instead of
    grouping every assessment and item of a district (``results.cells``).

    ``registered`` and the ``final_*`` figures (each registration's latest evaluated period, as
    ``results.final_assessments``) live on the year's cell only. Results and items are counted
    twice: over every evaluated assessment, and over the recognised ones only (``recognised_*``,
    for the round's report to the Standing Committee)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    target_group = models.ForeignKey(TargetGroup, on_delete=models.CASCADE, related_name="+")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, null=True, related_name="+")
    registered = _counter()
    assessments = _counter()  # in any state
    self_assessed = _counter()
    evaluated = _counter()
    reviewed = _counter()
    recognised = _counter()
    waiting_branch = _counter()
    waiting_base = _counter()
    waiting_district = _counter()
    result_excellent = _counter()
    result_good = _counter()
    result_completed = _counter()
    result_not_completed = _counter()
    items = _counter()
    done = _counter()
    partly = _counter()
    not_done = _counter()
    recognised_result_excellent = _counter()
    recognised_result_good = _counter()
    recognised_result_completed = _counter()
    recognised_result_not_completed = _counter()
    recognised_items = _counter()
    recognised_done = _counter()
    recognised_partly = _counter()
    recognised_not_done = _counter()
    final_evaluated = _counter()
    final_recognised = _counter()
    final_items = _counter()
    final_done = _counter()
    final_result_excellent = _counter()
    final_result_good = _counter()
    final_result_completed = _counter()
    final_result_not_completed = _counter()

    class Meta:
        indexes = [models.Index(fields=["programme", "branch"])]
        verbose_name = _("số liệu tổng hợp của chi đoàn")
        verbose_name_plural = _("số liệu tổng hợp của chi đoàn")

    def __str__(self):
        return f"{self.programme_id}/{self.branch_id}/{self.target_group_id}/{self.track_id}/{self.round_id or '-'}"


class CriterionCell(models.Model):
    """Per criterion, the figures of one branch and track for one period (kept as
    :class:`ResultCell`): ``registered`` (the year's cell only), the members' own marks of the
    self-assessed periods and the branch's marks of the evaluated (and of the recognised) ones."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, null=True, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    registered = _counter()
    self_done = _counter()
    self_partly = _counter()
    self_not_done = _counter()
    done = _counter()
    partly = _counter()
    not_done = _counter()
    recognised_done = _counter()
    recognised_partly = _counter()
    recognised_not_done = _counter()

    class Meta:
        indexes = [models.Index(fields=["programme", "branch"])]
        verbose_name = _("số liệu tổng hợp theo tiêu chí")
        verbose_name_plural = _("số liệu tổng hợp theo tiêu chí")

    def __str__(self):
        return f"{self.programme_id}/{self.branch_id}/{self.track_id}/{self.round_id or '-'}/{self.criterion_id}"
