"""Public pages of feedback, under /phan-anh/."""

from django.urls import path

from cchc.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.submit, name="submit"),
    path("tra-cuu/", views.track, name="track"),
    path("da-tra-loi/", views.published_list, name="published"),
    path("da-tra-loi/<int:pk>/", views.detail, name="detail"),
]
