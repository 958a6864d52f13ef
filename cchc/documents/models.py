"""What was imported from which file: one row per plan saved from a document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRecord(models.Model):
    """A document saved as a draft plan; finds the same document imported twice."""

    sha256 = models.CharField(_("mã băm SHA-256 của văn bản"), max_length=64, db_index=True)
    file_name = models.CharField(_("tên tệp"), max_length=255, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="plan_imports",
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("kế hoạch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
    )
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập kế hoạch")
        verbose_name_plural = _("các lần nhập kế hoạch")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["unit", "sha256"])]

    def __str__(self) -> str:
        return self.file_name or self.sha256[:12]
