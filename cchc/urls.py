"""Top-level URLs: the staff area, accounts, the API and the site admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from cchc import views
from cchc.schedule.urls import feed_urlpatterns

admin.site.site_header = "CCHC — Quản trị hệ thống"
admin.site.site_title = "CCHC"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="staff:dashboard", permanent=False)),
    path("staff/", include(("cchc.staff_urls", "staff"))),
    path("accounts/", include("cchc.orgs.account_urls")),
    path("api/", include("cchc.api.urls")),
    path("lich/", include(feed_urlpatterns)),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]

handler403 = "cchc.views.permission_denied"
handler404 = "cchc.views.page_not_found"
handler500 = "cchc.views.server_error"
