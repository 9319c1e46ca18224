"""Users, the roles granted to them on a unit (reaching its subtree), and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("Quản trị hệ thống")
    PROVINCIAL_STANDING = "provincial_standing", _("Thường trực Tỉnh đoàn")
    TCKT_OFFICER = "tckt_officer", _("Cán bộ Ban Tổ chức – Kiểm tra")
    DEPARTMENT_LEADER = "department_leader", _("Lãnh đạo ban")
    CLUSTER_LEADER = "cluster_leader", _("Cụm trưởng")
    MOVEMENT_CADRE = "movement_cadre", _("Cán bộ phong trào")
    DISTRICT_STANDING = "district_standing", _("Thường trực Huyện đoàn")
    BASE_OFFICER = "base_officer", _("Cán bộ Đoàn cơ sở")
    BRANCH_OFFICER = "branch_officer", _("Bí thư chi đoàn")
    MEMBER = "member", _("Đoàn viên")


class User(AbstractUser):
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("hồ sơ cá nhân"),
    )
    # Set when an officer hands out a temporary password (a new account, a reset): nothing
    # opens until its holder has chosen their own (coso.accounts.middleware).
    must_change_password = models.BooleanField(_("phải đổi mật khẩu"), default=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")

    @property
    def display_name(self):
        if self.person_id:
            return self.person.full_name
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A role of a user over a unit and everything below it, for a period."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("tài khoản"))
    role = models.CharField(_("vai trò"), max_length=40, choices=Role.choices)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("phạm vi (đơn vị)"),
        null=True,
        blank=True,
        help_text=_("Để trống chỉ với Quản trị hệ thống: toàn bộ hệ thống."),
    )
    valid_from = models.DateField(_("từ ngày"), default=timezone.localdate)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="uniq_grant"),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(role="system_admin"),
                name="grant_unit_required_except_admin",
            ),
        ]
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")

    def __str__(self):
        return f"{self.get_role_display()} – {self.unit or _('toàn hệ thống')}"

    def is_current(self, day=None):
        day = day or timezone.localdate()
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class ApiToken(models.Model):
    """A personal token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("khoá API")
        verbose_name_plural = _("khoá API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key):
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name):
        key = secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), prefix=key[:8])
        return token, key

    @classmethod
    def authenticate(cls, key):
        token = (
            cls.objects.select_related("user")
            .filter(key_hash=cls.hash_key(key or ""), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user
