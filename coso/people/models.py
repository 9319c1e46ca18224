"""People: cadres and members, with the facts the rules of DOMAIN.md need."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coso.core.models import VersionedModel
from coso.core.text import fold, name_sort_key
from coso.org.models import ClassificationLevel, Department, Unit
from coso.people import ancestry


class TargetGroup(models.Model):
    """Đối tượng đoàn viên: học sinh, sinh viên, công nhân, thanh niên địa bàn dân cư…"""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("đối tượng")
        verbose_name_plural = _("đối tượng")

    def __str__(self):
        return self.name


class Term(models.Model):
    """Nhiệm kỳ, e.g. 2022–2027."""

    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))

    class Meta:
        ordering = ["start_year"]
        constraints = [
            models.UniqueConstraint(fields=["start_year", "end_year"], name="uniq_term"),
            models.CheckConstraint(
                condition=models.Q(end_year__gt=models.F("start_year")), name="term_ends_after_start"
            ),
        ]
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")

    def __str__(self):
        return f"{self.start_year}–{self.end_year}"


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user, *, by_ancestor=False):
        from coso.accounts import scoping

        return scoping.visible_people(user, self, by_ancestor=by_ancestor)

    def search(self, text, lookup="contains"):
        """Tone-free, case-free search on the full name (and phone, e-mail). ``lookup``:
        ``contains`` can use the trigram index (PostgreSQL), ``icontains`` cannot (the same
        rows: ``search_text`` is folded already)."""
        words = fold(text).split()
        qs = self
        for word in words:
            qs = qs.filter(**{f"search_text__{lookup}": word})
        return qs

    def cadres(self):
        return self.filter(is_cadre=True)

    def members(self):
        return self.filter(is_member=True)


class Person(VersionedModel):
    class Sex(models.TextChoices):
        MALE = "M", _("Nam")
        FEMALE = "F", _("Nữ")

    class PartyStatus(models.TextChoices):
        MEMBER = "member", _("Đảng viên")
        SOURCE = "source", _("Quần chúng ưu tú, đối tượng phát triển Đảng")
        NONE = "none", _("Chưa")

    class Education(models.TextChoices):
        SECONDARY = "secondary", _("Trung học phổ thông")
        VOCATIONAL = "vocational", _("Trung cấp")
        COLLEGE = "college", _("Cao đẳng")
        UNIVERSITY = "university", _("Đại học")
        MASTER = "master", _("Thạc sĩ")
        DOCTOR = "doctor", _("Tiến sĩ")

    class PoliticalTheory(models.TextChoices):
        NONE = "", _("Chưa qua đào tạo")
        ELEMENTARY = "elementary", _("Sơ cấp")
        INTERMEDIATE = "intermediate", _("Trung cấp")
        ADVANCED = "advanced", _("Cao cấp")

    family_name = models.CharField(_("họ"), max_length=60)
    middle_name = models.CharField(_("tên đệm"), max_length=120, blank=True)
    given_name = models.CharField(_("tên"), max_length=60)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    sex = models.CharField(_("giới tính"), max_length=1, choices=Sex.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("đơn vị"),
        help_text=_("Đơn vị công tác (cán bộ) hoặc chi đoàn sinh hoạt (đoàn viên)."),
    )
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="staff", verbose_name=_("ban, phòng")
    )
    is_cadre = models.BooleanField(_("cán bộ"), default=False)
    is_member = models.BooleanField(_("đoàn viên"), default=True)
    target_group = models.ForeignKey(
        TargetGroup, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("đối tượng")
    )
    joined_union_on = models.DateField(_("ngày vào Đoàn"), null=True, blank=True)
    party_status = models.CharField(_("Đảng"), max_length=10, choices=PartyStatus.choices, default=PartyStatus.NONE)
    party_joined_on = models.DateField(_("ngày vào Đảng"), null=True, blank=True)
    on_payroll = models.BooleanField(_("trong biên chế"), default=False)
    works_full_time = models.BooleanField(_("chuyên trách"), default=False)
    job_title = models.CharField(_("chức danh công tác"), max_length=120, blank=True)
    education = models.CharField(_("trình độ học vấn"), max_length=20, choices=Education.choices, blank=True)
    political_theory = models.CharField(
        _("lý luận chính trị"), max_length=20, choices=PoliticalTheory.choices, blank=True
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    national_id = models.CharField(_("số định danh"), max_length=20, blank=True)
    search_text = models.CharField(max_length=255, editable=False, default="", db_index=True)
    sort_key = models.CharField(max_length=255, editable=False, default="")
    # The unit's province and district (coso.people.ancestry), kept by the writes: a province's
    # list reads the index (province, sort_key, id). No database constraint: a unit with persons
    # in its subtree cannot be deleted (``unit`` protects it), so these never dangle.
    province = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, db_constraint=False, null=True, editable=False, related_name="+"
    )
    district = models.ForeignKey(
        Unit, on_delete=models.DO_NOTHING, db_constraint=False, null=True, editable=False, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "province", "district"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "id"]
        indexes = [
            # Lists are ordered by (sort_key, id): this index serves a national list; holding the
            # search text, a national search walks it without reading the rows (issue 9).
            models.Index(fields=["sort_key", "id"], include=["search_text"], name="person_sort_search_idx"),
            # A province's list and search in name order, any page deep (issue 9).
            models.Index(
                fields=["province", "sort_key", "id"], include=["search_text"], name="person_province_search_idx"
            ),
            models.Index(fields=["unit", "sort_key"]),
            models.Index(fields=["is_cadre", "sort_key"]),
            # The cadres of a province or a district (a few thousand among hundreds of thousands
            # of members), counted by the KPI dashboard and listed in name order by the
            # evaluations (issue 9): read from a partial index of the cadres alone.
            models.Index(
                fields=["province", "sort_key", "id"], condition=Q(is_cadre=True), name="person_cadre_province_idx"
            ),
            models.Index(
                fields=["district", "sort_key", "id"], condition=Q(is_cadre=True), name="person_cadre_district_idx"
            ),
        ]
        verbose_name = _("người")
        verbose_name_plural = _("người")

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(p for p in (self.family_name, self.middle_name, self.given_name) if p)

    @classmethod
    def from_db(cls, db, field_names, values):
        person = super().from_db(db, field_names, values)
        person._ancestors_of = person.__dict__.get("unit_id")
        return person

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.full_name} {self.phone} {self.email}")[:255]
        self.sort_key = name_sort_key(self.family_name, self.middle_name, self.given_name)
        derived = {"search_text", "sort_key"}
        if self._state.adding or self.unit_id != getattr(self, "_ancestors_of", None):
            ancestry.fill(self)
            derived |= {"province", "district"}
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | derived
        super().save(*args, **kwargs)
        self._ancestors_of = self.unit_id

    def age_on(self, day):
        if not self.birth_date:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class Body(models.TextChoices):
    """Cơ quan, tổ chức bên trong một đơn vị Đoàn nơi một người giữ chức vụ."""

    EXECUTIVE = "bch", _("Ban Chấp hành")
    STANDING = "btv", _("Ban Thường vụ")
    STANDING_OFFICERS = "tt", _("Thường trực")
    INSPECTION = "ubkt", _("Ủy ban Kiểm tra")
    AGENCY = "agency", _("Cơ quan chuyên trách")
    YOUTH_FEDERATION = "hlhtn", _("Hội LHTN Việt Nam")
    PIONEERS = "doi", _("Hội đồng Đội")


class PostTitle(models.TextChoices):
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
    STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
    EXECUTIVE_MEMBER = "executive_member", _("Ủy viên Ban Chấp hành")
    INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")
    INSPECTION_MEMBER = "inspection_member", _("Ủy viên Ủy ban Kiểm tra")
    HEAD_OF_DEPARTMENT = "head_of_department", _("Trưởng ban")
    DEPUTY_HEAD_OF_DEPARTMENT = "deputy_head_of_department", _("Phó Trưởng ban")
    STAFF = "staff", _("Chuyên viên")
    FEDERATION_CHAIR = "federation_chair", _("Chủ tịch Hội LHTN")
    PIONEER_LEADER = "pioneer_leader", _("Tổng phụ trách Đội")
    PIONEER_COUNCIL_CHAIR = "pioneer_council_chair", _("Chủ tịch Hội đồng Đội")
    OTHER = "other", _("Khác")


class Post(VersionedModel):
    """A post held in a body of a unit, with dates and term (nhiệm kỳ)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("người"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="posts", verbose_name=_("đơn vị"))
    body = models.CharField(_("cơ quan"), max_length=10, choices=Body.choices)
    title = models.CharField(_("chức vụ"), max_length=40, choices=PostTitle.choices)
    department = models.ForeignKey(Department, on_delete=models.SET_NULL, null=True, blank=True)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("nhiệm kỳ"))
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "body", "start_date"]
        indexes = [models.Index(fields=["unit", "body", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="post_ends_after_start",
            )
        ]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self):
        return f"{self.get_title_display()} – {self.unit}"

    def is_current_on(self, day):
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Planning(VersionedModel):
    """Quy hoạch: a person planned for a post of a unit in a term."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="plannings")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="plannings")
    title = models.CharField(_("chức danh quy hoạch"), max_length=40, choices=PostTitle.choices)
    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name=_("nhiệm kỳ"))
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    removed_on = models.DateField(_("đưa ra khỏi quy hoạch ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "unit", "title"]
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "title", "term"], name="uniq_planning"),
        ]
        verbose_name = _("quy hoạch")
        verbose_name_plural = _("quy hoạch")


class Certificate(VersionedModel):
    class Kind(models.TextChoices):
        FOREIGN_LANGUAGE = "language", _("Ngoại ngữ")
        IT = "it", _("Tin học, kỹ năng số")
        POLITICAL_THEORY = "political_theory", _("Lý luận chính trị")
        YOUTH_WORK = "youth_work", _("Nghiệp vụ công tác Đoàn")
        PIONEER_LEADER = "pioneer_leader", _("Phụ trách Đội")
        OTHER = "other", _("Khác")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="certificates")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên văn bằng, chứng chỉ"), max_length=200)
    level = models.CharField(_("trình độ"), max_length=40, blank=True, help_text=_("Ví dụ B1, trung cấp"))
    issuer = models.CharField(_("nơi cấp"), max_length=200, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "kind", "-issued_on"]
        verbose_name = _("văn bằng, chứng chỉ")
        verbose_name_plural = _("văn bằng, chứng chỉ")


class TrainingRecord(VersionedModel):
    """A training or study a person attended (courses managed by cadre work link here)."""

    class Kind(models.TextChoices):
        POLITICAL_THEORY = "political_theory", _("Lý luận chính trị")
        YOUTH_WORK = "youth_work", _("Nghiệp vụ công tác Đoàn")
        PIONEER_LEADER = "pioneer_leader", _("Phụ trách Đội")
        FOREIGN_LANGUAGE = "language", _("Ngoại ngữ")
        DIGITAL_SKILLS = "digital", _("Kỹ năng số")
        RESOLUTION_STUDY = "resolution", _("Học tập nghị quyết")
        THEMATIC = "thematic", _("Chuyên đề")
        OTHER = "other", _("Khác")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên lớp, chuyên đề"), max_length=255)
    level = models.CharField(_("trình độ"), max_length=40, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    completed = models.BooleanField(_("đã hoàn thành"), default=False)
    result = models.CharField(_("kết quả"), max_length=120, blank=True, help_text=_("Ví dụ: Giỏi, Khá, Đạt"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-start_date"]
        indexes = [models.Index(fields=["kind", "start_date"])]
        verbose_name = _("đào tạo, bồi dưỡng")
        verbose_name_plural = _("đào tạo, bồi dưỡng")


class DisciplineRecord(VersionedModel):
    class Status(models.TextChoices):
        UNDER_REVIEW = "review", _("Đang xem xét kỷ luật")
        DISCIPLINED = "disciplined", _("Đang chịu kỷ luật")
        CLEARED = "cleared", _("Đã xoá kỷ luật / không kỷ luật")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="discipline_records")
    status = models.CharField(_("tình trạng"), max_length=20, choices=Status.choices)
    form = models.CharField(_("hình thức"), max_length=120, blank=True)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-start_date"]
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")

    def is_active_on(self, day):
        if self.status == self.Status.CLEARED:
            return False
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)


class Evaluation(VersionedModel):
    """Kiểm điểm, đánh giá, phân loại of a person for one year."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.ForeignKey(ClassificationLevel, on_delete=models.PROTECT, verbose_name=_("xếp loại"))
    self_assessment = models.TextField(_("tự kiểm điểm"), blank=True)
    note = models.TextField(_("nhận xét"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="uniq_evaluation_year")]
        verbose_name = _("đánh giá, xếp loại")
        verbose_name_plural = _("đánh giá, xếp loại")


class Pregnancy(VersionedModel):
    """Sensitive: visible only to roles with ``view_sensitive`` (field-training eligibility)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pregnancies")
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-start_date"]
        verbose_name = _("thai sản")
        verbose_name_plural = _("thai sản")


class Child(VersionedModel):
    """Sensitive: a child's birth date (the 24-month rule of field training)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="children")
    birth_date = models.DateField(_("ngày sinh của con"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-birth_date"]
        verbose_name = _("con")
        verbose_name_plural = _("con")


class UnitHeadcount(models.Model):
    """How many persons, cadres and members have this unit as their own unit (not its subtree).

    Kept by database triggers (migration ``0005_unit_headcount``) in the same statement as
    every write to persons, bulk imports and ``QuerySet.update`` included, so a subtree's
    count is a sum over its units' rows (``people.selectors.headcount``) instead of a count
    over millions of persons. Not managed by Django: the table, with no foreign key (a
    flush truncates units), and its triggers are the migration's own SQL.
    """

    unit = models.OneToOneField(
        Unit, on_delete=models.DO_NOTHING, primary_key=True, db_constraint=False, related_name="headcount"
    )
    # The unit's path, kept by the triggers (migration ``0010_headcount_path``): a subtree's
    # counts are one range of an index holding them.
    path = models.CharField(max_length=255, default="")
    persons = models.IntegerField(default=0)
    cadres = models.IntegerField(default=0)
    members = models.IntegerField(default=0)

    class Meta:
        managed = False
        db_table = "people_unitheadcount"

    def __str__(self):
        return f"{self.unit_id}: {self.persons}"
