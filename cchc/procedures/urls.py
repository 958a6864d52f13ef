"""Public pages of procedures, mounted at /thu-tuc/."""

from django.urls import path

from cchc.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.search, name="search"),
    path("goi-y/", views.suggest, name="suggest"),
    path("moi-cap-nhat/", views.recent, name="recent"),
    path("ma/<str:code>/", views.detail, name="detail"),
]
