"""Units of Vietnamese government, their history, and the roles people hold on them."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from cchc.text import fold

# Districts were abolished and provinces merged on this day (Resolution 202/2025/QH15).
REFORM_2025 = datetime.date(2025, 7, 1)


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("Cơ quan trung ương")
    MINISTRY = "ministry", _("Bộ, cơ quan ngang bộ")
    PROVINCE = "province", _("Tỉnh, thành phố trực thuộc trung ương")
    AGENCY = "agency", _("Sở, ban, ngành")
    DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    OFFICE = "office", _("Văn phòng, phòng, chức danh")
    NEWSPAPER = "newspaper", _("Báo, tạp chí")
    BROADCASTER = "broadcaster", _("Đài phát thanh - truyền hình")
    SCHOOL = "school", _("Trường học")
    MASS_ORG = "mass_org", _("Tổ chức chính trị - xã hội, đoàn thể")
    OTHER = "other", _("Đơn vị khác")


# Kinds that are administrative divisions: their government body is the People's
# Committee ("UBND"), which is how plans usually name them.
DIVISION_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE})


class Unit(MP_Node):
    """A body of government, or an office inside one, or an outside body a plan names.

    Units form one tree (materialized path): a role held on a unit reaches every unit
    below it. Units carry validity dates, so plans written before the 2025 reform can
    still name the districts and former provinces they were addressed to.
    """

    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(
        _("tên thường dùng"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: “UBND xã Minh Đức”, “Sở Nội vụ”."),
    )
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKind.choices)
    division_type = models.CharField(
        _("loại đơn vị hành chính"),
        max_length=64,
        blank=True,
        help_text=_("Theo danh mục hành chính: xã, phường, đặc khu, huyện, thị xã..."),
    )
    code = models.CharField(
        _("mã"),
        max_length=32,
        blank=True,
        db_index=True,
        help_text=_("Mã chính thức (mã đơn vị hành chính, mã định danh) nếu có."),
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị thay thế"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="orgs_unit_valid_to_after_valid_from",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True) & ~Q(code=""),
                name="orgs_unit_current_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("staff:unit_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def type_label(self) -> str:
        """What kind of unit this is, as people say it: "Phường", "Sở, ban, ngành"..."""
        if self.division_type:
            return self.division_type[:1].upper() + self.division_type[1:]
        return str(self.get_kind_display())

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None or self.valid_to >= timezone.localdate()

    def build_search_text(self, aliases: list[str] | None = None) -> str:
        """What name lookups match against: folded names, short names and aliases."""
        from cchc.orgs.naming import canonical_name

        names = [self.name, self.short_name, self.code, *(aliases or [])]
        return " | ".join(canonical_name(fold(n)) for n in names if n)


class UnitAlias(models.Model):
    """Another name a unit goes by: an abbreviation ("VP Ban") or a former name."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("tên gọi khác"), max_length=255)
    is_former = models.BooleanField(_("là tên cũ"), default=False)
    used_until = models.DateField(_("dùng đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="orgs_unitalias_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. Their rights come from the roles they hold on units."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị công tác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()


class Role(models.TextChoices):
    """Roles are ordered: each one can do what the ones before it can."""

    VIEWER = "viewer", _("Xem")
    EDITOR = "editor", _("Biên tập")
    APPROVER = "approver", _("Phê duyệt")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


ROLE_RANK: dict[str, int] = {
    Role.VIEWER: 1,
    Role.EDITOR: 2,
    Role.APPROVER: 3,
    Role.UNIT_ADMIN: 4,
}


class RoleAssignment(models.Model):
    """A role held by a person on a unit; it reaches every unit below."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], name="orgs_roleassignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"

    @property
    def rank(self) -> int:
        return ROLE_RANK[self.role]
