"""Site administrators read surveys and responses; questions are changed in the builder."""

from __future__ import annotations

from django.contrib import admin

from cchc.orgs.admin import SiteAdminOnly
from cchc.surveys.models import CollectionPoint, Response, Survey


@admin.register(Survey)
class SurveyAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "unit", "status", "is_template", "publish_results", "created_at"]
    list_filter = ["status", "is_template", "publish_results"]
    search_fields = ["title"]
    raw_id_fields = ["unit", "activity", "created_by"]


@admin.register(CollectionPoint)
class CollectionPointAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["survey", "unit", "label", "token"]
    raw_id_fields = ["survey", "unit"]


@admin.register(Response)
class ResponseAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["pk", "survey", "unit", "channel", "submitted_at"]
    list_filter = ["channel"]
    raw_id_fields = ["survey", "version", "point", "unit", "visit_code", "entered_by"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # answers are never edited
