"""Document pages, mounted inside the staff area's namespace."""

from django.urls import path

from cchc.documents import views

urlpatterns = [
    path("plans/<int:pk>/export/<str:fmt>/", views.plan_export, name="plan_export"),
]
