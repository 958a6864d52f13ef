"""Staff pages of contests, inside the staff namespace."""

from django.urls import path

from cchc.contests import staff_views

urlpatterns = [
    path("contests/", staff_views.contest_list, name="contest_list"),
    path("contests/<int:pk>/", staff_views.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/import/", staff_views.questions_import, name="contest_import"),
    path("contests/rounds/<int:pk>/", staff_views.round_detail, name="contest_round"),
    path("contests/rounds/<int:pk>/publish/", staff_views.round_publish, name="contest_publish"),
    path("contests/rounds/<int:pk>/export.xlsx", staff_views.round_export, name="contest_export"),
    path(
        "contests/entries/<int:pk>/disqualify/",
        staff_views.submission_disqualify,
        name="contest_disqualify",
    ),
]
