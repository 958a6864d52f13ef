"""Site administrators edit holidays, deadlines per kind, unit settings and response templates."""

from __future__ import annotations

from django.contrib import admin

from cchc.feedback.models import DeadlineRule, Feedback, Holiday, ResponseTemplate, UnitSetting
from cchc.orgs.admin import SiteAdminOnly


@admin.register(Holiday)
class HolidayAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "name", "working_day"]
    list_filter = ["working_day"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["kind", "working_days", "remind_days_before"]


@admin.register(UnitSetting)
class UnitSettingAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["unit", "is_default_desk", "hotline_activity"]
    raw_id_fields = ["unit", "hotline_activity"]


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "subject", "unit"]
    list_filter = ["subject"]
    raw_id_fields = ["unit"]


@admin.register(Feedback)
class FeedbackAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    """Site administrators may set the plan activity one item counts for; the rest is read-only
    here (changes of status go through the staff pages, which keep the history)."""

    list_display = ["code", "title", "status", "receiving_unit", "unit", "received_on", "due_on"]
    list_filter = ["status", "kind", "subject"]
    search_fields = ["code", "title"]
    raw_id_fields = ["activity"]
    fields = [
        "code",
        "title",
        "status",
        "receiving_unit",
        "unit",
        "received_on",
        "due_on",
        "activity",
    ]
    readonly_fields = ["code", "title", "status", "receiving_unit", "unit", "received_on", "due_on"]

    def has_add_permission(self, request, *args):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
