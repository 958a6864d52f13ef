"""Staff pages of procedures, inside the staff namespace."""

from django.urls import path

from cchc.procedures import views

urlpatterns = [
    path("thu-tuc/", views.staff_list, name="procedure_list"),
    path("thu-tuc/them/", views.staff_create, name="procedure_create"),
    path("thu-tuc/nhap/", views.staff_import, name="procedure_import"),
    path("thu-tuc/<int:pk>/sua/", views.staff_edit, name="procedure_edit"),
]
