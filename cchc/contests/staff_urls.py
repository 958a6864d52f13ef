"""Staff pages of contests, inside the staff namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
