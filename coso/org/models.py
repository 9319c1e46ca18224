"""The organisation: a tree of units whose levels, sectors and classification schemes are data."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from coso.core.models import VersionedModel
from coso.core.text import fold, vietnamese_key


class UnitLevel(models.Model):
    """A level of the tree (Tỉnh đoàn, Huyện đoàn, Đoàn cơ sở, Chi đoàn…), editable data.

    ``kind`` tells the rules what a level stands for, whatever it is called: rules about
    "district-level units" look for ``kind=district``, never for a name.
    """

    class Kind(models.TextChoices):
        CENTRAL = "central", _("Trung ương")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện và tương đương")
        BASE = "base", _("Cấp cơ sở")
        BRANCH = "branch", _("Chi đoàn")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)
    kind = models.CharField(_("loại cấp"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0, help_text=_("0 là cấp cao nhất"))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("cấp đơn vị")
        verbose_name_plural = _("cấp đơn vị")

    def __str__(self):
        return self.name


class Sector(models.Model):
    """Khu vực: địa bàn dân cư, trường học, công nhân lao động, hành chính sự nghiệp, lực lượng vũ trang."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("khu vực")
        verbose_name_plural = _("khu vực")

    def __str__(self):
        return self.name


class UnitQuerySet(MP_NodeQuerySet):
    def visible_to(self, user):
        from coso.accounts import scoping

        return scoping.visible_units(user, self)

    def active(self):
        return self.filter(is_active=True)

    def subtree_of(self, unit):
        return self.filter(path__startswith=unit.path)


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self):
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node, VersionedModel):
    """One union organisation. ``path`` (materialised path) makes a subtree one indexed prefix query."""

    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    code = models.CharField(
        _("mã đơn vị"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Mã riêng của đơn vị, ví dụ mã hành chính của xã."),
    )
    admin_code = models.CharField(_("mã đơn vị hành chính"), max_length=20, blank=True, db_index=True)
    level = models.ForeignKey(UnitLevel, on_delete=models.PROTECT, related_name="units", verbose_name=_("cấp"))
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, null=True, blank=True, related_name="units", verbose_name=_("khu vực")
    )
    is_mountainous = models.BooleanField(_("miền núi, vùng cao"), default=False)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_units",
        verbose_name=_("đã hợp nhất vào"),
    )
    ended_on = models.DateField(_("ngừng hoạt động từ"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="")

    node_order_by = None
    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "path", "depth", "numchild"])

    objects = UnitManager()

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        indexes = [
            models.Index(fields=["level", "is_active"]),
            models.Index(fields=["sort_key"]),
            # Lists of units are shown by level then name (the unit list, the API, the pickers):
            # the country's first page read from this index, not sorted from 240,759 rows.
            models.Index(fields=["depth", "sort_key"], name="unit_depth_sort_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(self.name)[:255]
        self.sort_key = vietnamese_key(self.name)[:600]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"search_text", "sort_key"}
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.short_name or self.name

    def ancestors_and_self(self):
        """Units from the root down to this one, in one query."""
        steps = [self.path[: i * self.steplen] for i in range(1, self.depth + 1)]
        return Unit.objects.filter(path__in=steps).order_by("depth")

    def district_ancestor(self):
        """The district-level union above (or equal to) this unit, if the tree has one."""
        return self.ancestors_and_self().filter(level__kind=UnitLevel.Kind.DISTRICT).last()

    def is_in_subtree_of(self, other):
        return self.path.startswith(other.path)


class UnitEvent(models.Model):
    """A structural change of the tree: moves and merges, with who and when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Thành lập")
        MOVED = "moved", _("Chuyển đơn vị cấp trên")
        MERGED = "merged", _("Hợp nhất")
        DISSOLVED = "dissolved", _("Giải thể")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events", verbose_name=_("đơn vị"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    occurred_on = models.DateField(_("ngày hiệu lực"))
    from_parent = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    to_parent = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    other_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Với hợp nhất: đơn vị nhận."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-recorded_at"]
        verbose_name = _("sự kiện tổ chức")
        verbose_name_plural = _("sự kiện tổ chức")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.unit} ({self.occurred_on:%d/%m/%Y})"


class ClassificationScheme(models.Model):
    """A classification scale in force for some years, for units, members or cadres."""

    class Subject(models.TextChoices):
        UNIT = "unit", _("Tổ chức Đoàn")
        MEMBER = "member", _("Đoàn viên")
        CADRE = "cadre", _("Cán bộ")

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    subject = models.CharField(_("áp dụng cho"), max_length=20, choices=Subject.choices)
    valid_from_year = models.PositiveSmallIntegerField(_("từ năm"))
    valid_to_year = models.PositiveSmallIntegerField(_("đến năm"), null=True, blank=True)
    source = models.CharField(_("văn bản"), max_length=200, blank=True)

    class Meta:
        ordering = ["subject", "-valid_from_year"]
        verbose_name = _("thang xếp loại")
        verbose_name_plural = _("thang xếp loại")

    def __str__(self):
        return self.name

    @classmethod
    def for_year(cls, subject, year):
        return (
            cls.objects.filter(subject=subject, valid_from_year__lte=year)
            .filter(Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year))
            .order_by("-valid_from_year")
            .first()
        )


class ClassificationLevel(models.Model):
    """One grade of a scheme. ``rank`` 1 is the best; rules compare ranks, never names."""

    scheme = models.ForeignKey(ClassificationScheme, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên"), max_length=120)
    rank = models.PositiveSmallIntegerField(_("bậc"), help_text=_("1 là cao nhất"))
    is_below_average = models.BooleanField(
        _("thuộc loại trung bình hoặc yếu"),
        default=False,
        help_text=_("Các mức mà kế hoạch đi cơ sở muốn xoá bỏ (trung bình, yếu)."),
    )

    class Meta:
        ordering = ["scheme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="uniq_level_code_per_scheme"),
            models.UniqueConstraint(fields=["scheme", "rank"], name="uniq_level_rank_per_scheme"),
        ]
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")

    def __str__(self):
        return self.name


class UnitClassification(VersionedModel):
    """Xếp loại tổ chức cơ sở Đoàn of one unit for one year."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="classifications")
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.ForeignKey(ClassificationLevel, on_delete=models.PROTECT, verbose_name=_("xếp loại"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="uniq_unit_classification_year")]
        verbose_name = _("xếp loại đơn vị")
        verbose_name_plural = _("xếp loại đơn vị")


class Department(VersionedModel):
    """A department (ban, văn phòng) of a union's agency, e.g. Ban Tổ chức – Kiểm tra."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="departments", verbose_name=_("đơn vị"))
    code = models.CharField(_("mã"), max_length=20, help_text=_("Ví dụ TCKT, VP, PT"))
    name = models.CharField(_("tên"), max_length=200)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="uniq_department_code_per_unit")]
        verbose_name = _("ban, phòng")
        verbose_name_plural = _("ban, phòng")

    def __str__(self):
        return self.name


class Cluster(VersionedModel):
    """Cụm thi đua of one year: district-level units of a province, a leader and a deputy."""

    owner = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="clusters",
        verbose_name=_("đơn vị tổ chức cụm"),
        help_text=_("Tỉnh đoàn, Thành đoàn lập cụm."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên cụm"), max_length=120)
    units = models.ManyToManyField(Unit, related_name="clusters_in", verbose_name=_("đơn vị trong cụm"), blank=True)
    leader = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clusters_led",
        verbose_name=_("cụm trưởng"),
    )
    deputy = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clusters_deputised",
        verbose_name=_("cụm phó"),
    )
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        ordering = ["owner", "-year", "name"]
        constraints = [models.UniqueConstraint(fields=["owner", "year", "name"], name="uniq_cluster_name_year")]
        verbose_name = _("cụm thi đua")
        verbose_name_plural = _("cụm thi đua")

    def __str__(self):
        return f"{self.name} ({self.year})"
