"""Staff pages of procedures, inside the staff namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
