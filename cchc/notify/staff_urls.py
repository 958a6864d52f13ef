"""The notification list, inside the staff namespace."""

from django.urls import path

from cchc.notify import views

urlpatterns = [
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/da-doc/", views.notification_read_all, name="notifications_read_all"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification_open"),
]
