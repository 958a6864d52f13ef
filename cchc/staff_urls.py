"""The staff area: one namespace ("staff") that each capability adds its pages to."""

from django.urls import include, path

from cchc import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("", include("cchc.orgs.urls")),
]
