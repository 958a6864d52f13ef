"""Reporting calendar, periodic reports and completeness pages, inside the staff namespace."""

from django.urls import path

from cchc.reports import views

urlpatterns = [
    path("plans/<int:pk>/reporting/", views.plan_reporting, name="plan_reporting"),
    path(
        "plans/<int:pk>/reporting/generate/",
        views.plan_reporting_generate,
        name="plan_reporting_generate",
    ),
    path(
        "plans/<int:pk>/reporting/request/",
        views.reporting_request_create,
        name="reporting_request_create",
    ),
    path(
        "reporting-periods/<int:pk>/units/<int:unit_pk>/open/",
        views.report_open,
        name="report_open",
    ),
    path(
        "reporting-periods/<int:pk>/completeness/",
        views.period_completeness,
        name="period_completeness",
    ),
    path("reporting-periods/<int:pk>/lock/", views.period_lock, name="period_lock"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("units/<int:pk>/par-index/", views.par_index, name="par_index"),
    path("reports/<int:pk>/export.<str:fmt>", views.report_export, name="report_export"),
    path(
        "reporting-periods/<int:pk>/rollup.xlsx",
        views.period_rollup_export,
        name="period_rollup_export",
    ),
    path(
        "reporting-periods/<int:pk>/rollup/background/",
        views.period_rollup_background,
        name="period_rollup_background",
    ),
    path("report-exports/<int:pk>/", views.export_job, name="export_job"),
    path(
        "report-exports/<int:pk>/download/", views.export_job_download, name="export_job_download"
    ),
]
