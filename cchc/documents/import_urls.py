"""The plan import pages, mounted inside the staff area's namespace."""

from django.urls import path

from cchc.documents import import_views

urlpatterns = [
    path("plans/import/", import_views.plan_import, name="plan_import"),
    path("plans/import/<str:token>/", import_views.plan_import_review, name="plan_import_review"),
]
