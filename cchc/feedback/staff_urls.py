"""Staff pages of feedback, inside the staff namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
