"""Unit and role pages, mounted inside the staff area's namespace."""

from django.urls import path

from cchc.orgs import views

urlpatterns = [
    path("units/", views.unit_tree, name="unit_tree"),
    path("units/suggest/", views.unit_suggest, name="unit_suggest"),
    path("units/new/", views.unit_create, name="unit_create_root"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/import/", views.unit_import, name="unit_import"),
    path("units/<int:pk>/roles/", views.unit_roles, name="unit_roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
]
