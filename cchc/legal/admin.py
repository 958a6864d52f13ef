from __future__ import annotations

from django.contrib import admin

from cchc.legal.models import LegalReference
from cchc.orgs.admin import SiteAdminOnly


@admin.register(LegalReference)
class LegalReferenceAdmin(SiteAdminOnly, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["doc_type", "number_symbol", "issued_on", "issuer"]
    search_fields = ["number_symbol", "issuer", "subject"]
    raw_id_fields = ["plan"]
