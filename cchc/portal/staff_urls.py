"""Staff pages of portal, inside the staff namespace."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
