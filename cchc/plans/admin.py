"""Plans in the site admin: read-mostly; edits go through the staff area's services."""

from __future__ import annotations

from django.contrib import admin

from cchc.orgs.admin import SiteAdminOnly
from cchc.plans.models import Plan, PlanEvent


class PlanEventInline(SiteAdminOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = PlanEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "changes", "note"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Plan)
class PlanAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "unit", "number", "symbol", "issued_on", "status", "version"]
    list_filter = ["status"]
    search_fields = ["title", "number", "unit__name"]
    readonly_fields = ["status", "version", "replaces", "derived_from", "revision", "created_by"]
    raw_id_fields = ["unit"]
    inlines = [PlanEventInline]
