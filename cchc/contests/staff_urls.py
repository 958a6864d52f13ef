"""Staff pages of contests, inside the staff namespace."""

from django.urls import path

from cchc.contests import staff_views

urlpatterns = [
    path("contests/", staff_views.contest_list, name="contest_list"),
    path("contests/new/", staff_views.contest_create, name="contest_create"),
    path("contests/<int:pk>/", staff_views.contest_detail, name="contest_detail"),
    path("contests/<int:pk>/edit/", staff_views.contest_edit, name="contest_edit"),
    path("contests/<int:pk>/delete/", staff_views.contest_delete, name="contest_delete"),
    path("contests/<int:pk>/import/", staff_views.questions_import, name="contest_import"),
    path("contests/<int:pk>/questions/", staff_views.question_list, name="contest_questions"),
    path(
        "contests/<int:pk>/questions/new/",
        staff_views.question_create,
        name="contest_question_create",
    ),
    path(
        "contests/questions/<int:pk>/edit/",
        staff_views.question_edit,
        name="contest_question_edit",
    ),
    path(
        "contests/questions/<int:pk>/delete/",
        staff_views.question_delete,
        name="contest_question_delete",
    ),
    path("contests/<int:pk>/rounds/new/", staff_views.round_create, name="contest_round_create"),
    path("contests/rounds/<int:pk>/", staff_views.round_detail, name="contest_round"),
    path("contests/rounds/<int:pk>/edit/", staff_views.round_edit, name="contest_round_edit"),
    path("contests/rounds/<int:pk>/delete/", staff_views.round_delete, name="contest_round_delete"),
    path(
        "contests/rounds/<int:pk>/prizes/new/",
        staff_views.prize_create,
        name="contest_prize_create",
    ),
    path("contests/prizes/<int:pk>/edit/", staff_views.prize_edit, name="contest_prize_edit"),
    path("contests/prizes/<int:pk>/delete/", staff_views.prize_delete, name="contest_prize_delete"),
    path("contests/rounds/<int:pk>/publish/", staff_views.round_publish, name="contest_publish"),
    path("contests/rounds/<int:pk>/export.xlsx", staff_views.round_export, name="contest_export"),
    path(
        "contests/entries/<int:pk>/disqualify/",
        staff_views.submission_disqualify,
        name="contest_disqualify",
    ),
]
