"""Schedules set by hand, for timing phrases the parser could not read (or read wrongly)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScheduleKindChoices(models.TextChoices):
    CONTINUOUS = "continuous", _("Thường xuyên")
    RECURRING = "recurring", _("Định kỳ, lặp lại")
    WINDOW = "window", _("Một lần trong khoảng thời gian")
    DEADLINE = "deadline", _("Một lần, có hạn")
    DEADLINES = "deadlines", _("Nhiều hạn")


class PerChoices(models.TextChoices):
    DAY = "day", _("ngày")
    WEEK = "week", _("tuần")
    MONTH = "month", _("tháng")
    QUARTER = "quarter", _("quý")
    YEAR = "year", _("năm")


class ScheduleOverride(models.Model):
    """A schedule a person set for an activity, replacing what its timing text says."""

    activity = models.OneToOneField(
        "plans.Activity", on_delete=models.CASCADE, related_name="schedule_override"
    )
    kind = models.CharField(_("loại lịch"), max_length=16, choices=ScheduleKindChoices.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    count = models.PositiveIntegerField(_("số lần"), null=True, blank=True)
    per = models.CharField(_("mỗi"), max_length=8, choices=PerChoices.choices, blank=True)
    deadlines = models.JSONField(_("các hạn"), default=list, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lịch đặt tay")
        verbose_name_plural = _("lịch đặt tay")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="schedule_override_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}-{self.end:%d/%m/%Y}"
