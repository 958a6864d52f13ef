"""The staff area: one namespace ("staff") that each capability adds its pages to."""

from django.urls import include, path

from cchc import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("", include("cchc.orgs.urls")),
    path("", include("cchc.plans.urls")),
    path("", include("cchc.documents.urls")),
    path("", include("cchc.documents.import_urls")),
    path("", include("cchc.schedule.urls")),
    path("", include("cchc.tracking.urls")),
    path("", include("cchc.reports.urls")),
    path("", include("cchc.notify.staff_urls")),
    path("", include("cchc.portal.staff_urls")),
    path("", include("cchc.procedures.staff_urls")),
    path("", include("cchc.feedback.staff_urls")),
    path("", include("cchc.contests.staff_urls")),
    path("", include("cchc.surveys.staff_urls")),
]
