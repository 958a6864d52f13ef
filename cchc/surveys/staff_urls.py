"""Staff pages of surveys, inside the staff namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
