"""Outputs, progress and dashboard pages, mounted inside the staff area's namespace."""

from django.urls import path

from cchc.tracking import views

urlpatterns = [
    path("activities/<int:pk>/outputs/", views.activity_outputs, name="activity_outputs"),
    path("outputs/<int:pk>/edit/", views.output_edit, name="output_edit"),
    path("outputs/<int:pk>/delete/", views.output_delete, name="output_delete"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    path("units/<int:pk>/dashboard/", views.unit_dashboard, name="unit_dashboard"),
    path("dashboard/", views.my_dashboard, name="my_dashboard"),
    path("plans/<int:pk>/progress/", views.plan_progress, name="plan_progress"),
]
