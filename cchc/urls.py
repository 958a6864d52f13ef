"""Top-level URLs: the staff area, accounts, the API, the site admin and the public site."""

from django.contrib import admin
from django.urls import include, path

from cchc import views
from cchc.schedule.urls import feed_urlpatterns

admin.site.site_header = "CCHC — Quản trị hệ thống"
admin.site.site_title = "CCHC"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("staff/", include(("cchc.staff_urls", "staff"))),
    path("accounts/", include("cchc.orgs.account_urls")),
    path("api/", include("cchc.api.urls")),
    path("lich/", include(feed_urlpatterns)),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    # The public site (portal home at "/"); each public capability under its own address.
    path("thu-tuc/", include("cchc.procedures.urls")),
    path("phan-anh/", include("cchc.feedback.urls")),
    path("cuoc-thi/", include("cchc.contests.urls")),
    path("khao-sat/", include("cchc.surveys.urls")),
    path("", include("cchc.portal.urls")),
]

handler403 = "cchc.views.permission_denied"
handler404 = "cchc.views.page_not_found"
handler500 = "cchc.views.server_error"
