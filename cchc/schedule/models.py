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


def new_calendar_token() -> str:
    """A fresh private token for calendar feed addresses (43 URL-safe characters)."""
    import secrets

    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The private token in a person's calendar feed addresses (``/lich/.../<token>.ics``).

    The feeds need no login: whoever knows the address reads the calendar, so the token
    is the credential. Rotating it makes every old address stop working.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("mã lịch riêng")
        verbose_name_plural = _("mã lịch riêng")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d/%m/%Y})"

    def rotate(self) -> str:
        """Replace the token (old feed addresses stop working) and return the new one."""
        from django.utils import timezone

        self.token = new_calendar_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])
        return self.token
