"""Staff pages of feedback, inside the staff namespace."""

from django.urls import path

from cchc.feedback import views

urlpatterns = [
    path("feedback/", views.staff_list, name="feedback_list"),
    path("feedback/new/", views.staff_new, name="feedback_new"),
    path("feedback/stats/", views.staff_stats, name="feedback_stats"),
    path("feedback/stats.xlsx", views.staff_stats_xlsx, name="feedback_stats_xlsx"),
    path("feedback/<int:pk>/", views.staff_detail, name="feedback_detail"),
    path("feedback/<int:pk>/publish/", views.staff_publish, name="feedback_publish"),
    path("feedback/<int:pk>/<slug:action>/", views.staff_action, name="feedback_action"),
    path("feedback/files/<int:pk>/", views.staff_attachment, name="feedback_attachment"),
]
