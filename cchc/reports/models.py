"""Periodic reports: the reporting calendar of a plan, each unit's report, its history.

A plan's reporting calendar is a list of ``ReportingPeriod`` rows (quý I, 6 tháng,
9 tháng, năm, plus ad-hoc "đột xuất" requests), each with its data cut-off, deadline and
the unit the plan's own report goes to (and through). A ``Report`` is one unit's report
for one period: figures pre-filled from what the unit recorded, narrative parts written
by the unit, a review by the receiving unit, and a history (``ReportEvent``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.orgs.models import Unit


class PeriodKind(models.TextChoices):
    Q1 = "q1", _("Quý I")
    H1 = "h1", _("6 tháng")
    Q3 = "q3", _("Quý III (9 tháng)")
    YEAR = "year", _("Năm")
    AD_HOC = "ad_hoc", _("Đột xuất")


class ReportingPeriod(models.Model):
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("kế hoạch"),
        on_delete=models.CASCADE,
        related_name="reporting_periods",
    )
    kind = models.CharField(_("kỳ báo cáo"), max_length=8, choices=PeriodKind.choices)
    label = models.CharField(_("tên kỳ"), max_length=128)
    start = models.DateField(_("số liệu từ ngày"))
    cutoff = models.DateField(_("chốt số liệu đến ngày"))
    deadline = models.DateField(_("hạn gửi báo cáo"))
    to_unit = models.ForeignKey(
        Unit, verbose_name=_("gửi về"), on_delete=models.PROTECT, related_name="+"
    )
    through_unit = models.ForeignKey(
        Unit,
        verbose_name=_("thông qua"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    locked_at = models.DateTimeField(
        _("khóa sổ lúc"),
        null=True,
        blank=True,
        help_text=_("Sau khi khóa sổ, không mở, sửa, gửi hay trả lại báo cáo của kỳ này được nữa."),
    )
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["plan_id", "deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cutoff__gte=models.F("start")), name="reports_period_cutoff_after_start"
            ),
            models.UniqueConstraint(
                fields=["plan", "kind", "cutoff"],
                condition=~Q(kind="ad_hoc"),
                name="reports_period_unique_regular",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("staff:period_completeness", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Bị trả lại")


EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
RECEIVED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


class Report(models.Model):
    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("kỳ báo cáo"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị báo cáo"),
        on_delete=models.PROTECT,
        related_name="periodic_reports",
    )
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(_("số liệu"), default=dict, blank=True)
    figures_at = models.DateTimeField(_("số liệu lấy lúc"), null=True, blank=True)
    rollup = models.JSONField(_("số liệu tổng hợp từ cấp dưới"), default=dict, blank=True)
    rolled_up_from = models.JSONField(default=dict, blank=True, editable=False)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế và nguyên nhân"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["period_id", "unit__path", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"], name="reports_report_unique_period_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period.label} — {self.unit.display_name}"

    def get_absolute_url(self) -> str:
        return reverse("staff:report_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ReportEvent(models.Model):
    """History of a report: opened, saved, submitted, returned (with reason), accepted..."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=32)
    revision = models.PositiveIntegerField(default=1)
    note = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d/%m/%Y %H:%M}"

    @property
    def action_label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))


EVENT_LABELS = {
    "open": _("Mở báo cáo"),
    "save": _("Lưu"),
    "refresh": _("Cập nhật số liệu"),
    "submit": _("Gửi báo cáo"),
    "return": _("Trả lại"),
    "accept": _("Tiếp nhận"),
    "rollup": _("Tổng hợp số liệu cấp dưới"),
    "rollup_changed": _("Số liệu cấp dưới đã thay đổi sau khi tổng hợp"),
}


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không tạo được")


class ExportJob(models.Model):
    """A roll-up workbook built in the background (a task), kept for the person who asked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.CASCADE,
        related_name="report_exports",
    )
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("tổng hợp từ đơn vị"), on_delete=models.CASCADE, null=True, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    file = models.FileField(_("tệp"), upload_to="exports/rollup/%Y/%m/", blank=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("bảng tổng hợp chạy nền")
        verbose_name_plural = _("bảng tổng hợp chạy nền")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("staff:export_job", args=[self.pk])

    @property
    def pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)
