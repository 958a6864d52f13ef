"""Communication plans on administrative reform, as the seed documents write them.

A plan is issued by a unit for a period; it cites its legal bases (often the superior
plan), sets objectives and requirements, names audiences, content themes (tagged with
the reform areas of Resolution 76/NQ-CP and the indices they serve), channels, key
activities (lead and coordinating units, timing as written, expected outputs, budget,
sub-activities), funding, duties per unit, the reporting duty, recipients and the
signing block.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit


class ReformArea(models.TextChoices):
    """The six reform areas of the master programme (Resolution 76/NQ-CP)."""

    INSTITUTIONS = "institutions", _("Cải cách thể chế")
    PROCEDURES = "procedures", _("Cải cách thủ tục hành chính")
    APPARATUS = "apparatus", _("Cải cách tổ chức bộ máy hành chính")
    CIVIL_SERVICE = "civil_service", _("Cải cách chế độ công vụ")
    PUBLIC_FINANCE = "public_finance", _("Cải cách tài chính công")
    DIGITAL = "digital", _("Xây dựng, phát triển Chính phủ điện tử, Chính phủ số")


class ReformIndex(models.TextChoices):
    PAR_INDEX = "par_index", "PAR INDEX"
    SIPAS = "sipas", "SIPAS"
    PAPI = "papi", "PAPI"
    PCI = "pci", "PCI"
    DDCI = "ddci", "DDCI"
    DTI = "dti", "DTI"


class ChannelKind(models.TextChoices):
    WEBSITE = "website", _("Cổng/Trang thông tin điện tử")
    RADIO_TV = "radio_tv", _("Phát thanh, truyền hình")
    NEWSPAPER = "newspaper", _("Báo, tạp chí")
    LOUDSPEAKER = "loudspeaker", _("Hệ thống truyền thanh cơ sở, loa")
    MEETING = "meeting", _("Hội nghị, hội họp, giao ban")
    TRAINING = "training", _("Tập huấn, bồi dưỡng")
    CONTEST = "contest", _("Cuộc thi")
    ZALO = "zalo", _("Zalo")
    FACEBOOK = "facebook", _("Facebook, mạng xã hội")
    PRINT = "print", _("Tờ rơi, pa-nô, áp phích")
    MOBILE = "mobile", _("Tuyên truyền lưu động")
    VIDEO = "video", _("Video clip, phóng sự")
    SCREEN = "screen", _("Bảng, màn hình điện tử")
    SCHOOL = "school", _("Trường học")
    ONE_STOP = "one_stop", _("Niêm yết tại Bộ phận Một cửa")
    OTHER = "other", _("Hình thức khác")


class Audience(models.TextChoices):
    OFFICIALS = "officials", _("Cán bộ, công chức, viên chức")
    CITIZENS = "citizens", _("Người dân")
    BUSINESSES = "businesses", _("Doanh nghiệp")
    STUDENTS = "students", _("Học sinh, sinh viên")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Chờ phê duyệt")
    APPROVED = "approved", _("Đã phê duyệt")
    ISSUED = "issued", _("Đã ban hành")
    CLOSED = "closed", _("Đã kết thúc")


class Plan(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    header_parent = models.CharField(
        _("cơ quan chủ quản (dòng trên tiêu đề)"), max_length=255, blank=True
    )
    header_unit = models.CharField(_("tên cơ quan ban hành trên tiêu đề"), max_length=255, blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=64, default="Kế hoạch")
    number = models.CharField(_("số"), max_length=16, blank=True)
    symbol = models.CharField(
        _("ký hiệu"), max_length=64, blank=True, help_text=_("Ví dụ: KH-UBND, KH-SLĐTBXH.")
    )
    place = models.CharField(_("địa danh"), max_length=128, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    period_label = models.CharField(
        _("kỳ kế hoạch"), max_length=64, blank=True, help_text=_("Ví dụ: năm 2024; giai đoạn 2022 - 2025.")
    )
    slogan = models.TextField(_("chủ đề năm"), blank=True)
    intro = models.TextField(_("đoạn mở đầu"), blank=True)
    objectives = models.TextField(_("mục đích, mục tiêu"), blank=True)
    requirements = models.TextField(_("yêu cầu"), blank=True)
    funding = models.TextField(_("kinh phí"), blank=True)
    implementation = models.TextField(_("tổ chức thực hiện (chung)"), blank=True)
    signing_authority = models.TextField(
        _("thẩm quyền ký"),
        blank=True,
        help_text=_("Mỗi dòng một cấp, ví dụ: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH."),
    )
    signer_position = models.CharField(_("chức vụ người ký"), max_length=128, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=128, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay thế kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_plans",
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-period_start", "unit__path", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="plans_plan_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("staff:plan_detail", args=[self.pk])

    @property
    def number_symbol(self) -> str:
        """"40/KH-UBND"; "/KH-UBND" while the number is not yet given."""
        if not self.symbol:
            return self.number
        return f"{self.number}/{self.symbol}"

    @property
    def year(self) -> int:
        return self.period_start.year

    @property
    def is_multi_year(self) -> bool:
        return self.period_end.year > self.period_start.year

    @property
    def is_editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED)

    def covers(self, day: datetime.date) -> bool:
        return self.period_start <= day <= self.period_end


class PlanLegalBasis(models.Model):
    """A document the plan cites as its basis ("Căn cứ", "Thực hiện")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    reference = models.ForeignKey(
        "legal.LegalReference", on_delete=models.PROTECT, related_name="citing_plans"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "reference"], name="plans_legalbasis_unique")
        ]

    def __str__(self) -> str:
        return str(self.reference)


class PlanAudience(models.Model):
    """An audience of the plan, with the content meant for it (as in Phú Thọ's plan)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="audiences")
    audience = models.CharField(_("đối tượng"), max_length=16, choices=Audience.choices)
    description = models.TextField(_("mô tả"), blank=True)
    content = models.TextField(_("nội dung tuyên truyền cho đối tượng này"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.get_audience_display()


class Theme(models.Model):
    """A content theme ("Nội dung tuyên truyền")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveIntegerField(default=0)
    title = models.TextField(_("nội dung"))
    details = models.TextField(_("chi tiết"), blank=True)
    audience = models.CharField(_("đối tượng"), max_length=16, choices=Audience.choices, blank=True)
    areas = models.JSONField(_("lĩnh vực cải cách"), default=list, blank=True)
    indices = models.JSONField(_("chỉ số"), default=list, blank=True)
    parent_theme = models.ForeignKey(
        "self",
        verbose_name=_("nội dung của kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_themes",
    )

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanChannel(models.Model):
    """A channel the plan uses ("Hình thức tuyên truyền"), with what it says of it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("hình thức"), max_length=16, choices=ChannelKind.choices)
    description = models.TextField(_("mô tả"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Activity(models.Model):
    """A key activity: one row of the plan's table, or one numbered item of its prose."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    order = models.PositiveIntegerField(default=0)
    title = models.TextField(_("hoạt động"))
    content = models.TextField(_("nội dung"), blank=True)
    audiences = models.JSONField(_("đối tượng"), default=list, blank=True)
    channels = models.JSONField(_("hình thức"), default=list, blank=True)
    timing_text = models.CharField(_("thời gian thực hiện"), max_length=500, blank=True)
    expected_outputs = models.TextField(_("sản phẩm, kết quả dự kiến"), blank=True)
    budget_estimate = models.DecimalField(
        _("dự toán kinh phí (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="activities")
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("hoạt động của kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived_activities",
    )

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATOR = "coordinator", _("Phối hợp")


class ActivityUnit(models.Model):
    """A unit that leads or coordinates an activity.

    Plans also assign work to groups ("UBND các xã, thị trấn"); such a row keeps the
    words in ``label`` and may have no single unit.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="activity_assignments"
    )
    label = models.CharField(_("tên như trong văn bản"), max_length=500, blank=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=UnitRole.choices)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["role", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(label=""), name="plans_activityunit_named"
            )
        ]

    def __str__(self) -> str:
        return self.label or str(self.unit)

    @property
    def name(self) -> str:
        return self.label or (self.unit.display_name if self.unit else "")


class Responsibility(models.Model):
    """Duties of one unit ("Tổ chức thực hiện")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibilities")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="plan_duties"
    )
    label = models.CharField(_("đơn vị"), max_length=500, blank=True)
    duties = models.TextField(_("nhiệm vụ"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label or str(self.unit)


class FundingSource(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="funding_sources")
    source = models.CharField(_("nguồn kinh phí"), max_length=255)
    amount = models.DecimalField(
        _("dự toán (đồng)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.source


class ReportingDuty(models.Model):
    """What the plan asks to be reported, when, to whom and through whom."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_duties")
    periods = models.CharField(_("kỳ báo cáo"), max_length=255)
    deadline_text = models.CharField(_("thời hạn"), max_length=255, blank=True)
    to_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_label = models.CharField(_("gửi về"), max_length=255, blank=True)
    through_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    through_label = models.CharField(_("thông qua"), max_length=255, blank=True)
    text = models.TextField(_("nguyên văn"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.periods


class Recipient(models.Model):
    """One line of "Nơi nhận"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    label = models.CharField(_("nơi nhận"), max_length=255)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("để"), max_length=128, blank=True)
    is_archive = models.BooleanField(_("lưu"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label


class PlanEvent(models.Model):
    """The audit trail: who did what to a plan, when, and what changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=32)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"
