"""The site administrator's screens for units and accounts.

Only site administrators use the admin; every check goes through the app's policy.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from cchc.orgs.models import RoleAssignment, Unit, UnitAlias, User
from cchc.orgs.permissions import is_site_admin


class SiteAdminOnly:
    """Admin screens open to site administrators only, as the orgs policy says."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_site_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_site_admin(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_site_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_site_admin(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_site_admin(request.user)


class UnitAliasInline(SiteAdminOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = UnitAlias
    extra = 0


class RoleAssignmentInline(SiteAdminOnly, admin.TabularInline):  # type: ignore[type-arg]
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["unit"]
    exclude = ["granted_by"]


@admin.register(Unit)
class UnitAdmin(SiteAdminOnly, TreeAdmin):
    form = movenodeform_factory(Unit, exclude=["search_text"])
    list_display = ["name", "kind", "code", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code", "search_text"]
    autocomplete_fields = ["replaced_by"]
    inlines = [UnitAliasInline]

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> Any:
        # treebeard only sets the shown tree level on GET; a POST that shows the list again
        # (no action chosen, e.g. an empty or hand-made form) then broke in its template tag
        # (AttributeError ``_treebeard_parent`` -> 500). Show the list from the top instead.
        if not hasattr(request, "_treebeard_parent"):
            request._treebeard_parent = None  # type: ignore[attr-defined]
        return super().changelist_view(request, extra_context)

    def save_model(self, request: HttpRequest, obj: Unit, form: Any, change: bool) -> None:
        obj.search_text = obj.build_search_text([a.name for a in obj.aliases.all()] if obj.pk else [])
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(SiteAdminOnly, BaseUserAdmin):
    list_display = ["username", "full_name", "email", "unit", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    autocomplete_fields = ["unit"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email", "unit", "position")}),
        (_("Trạng thái"), {"fields": ("is_active", "is_staff", "is_superuser", "last_login")}),
    )
    readonly_fields = ["last_login"]
