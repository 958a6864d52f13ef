"""Staff pages of surveys, inside the staff namespace."""

from django.urls import path

from cchc.surveys import views

urlpatterns = [
    path("surveys/", views.survey_list, name="survey_list"),
    path("surveys/<int:pk>/", views.survey_builder, name="survey_builder"),
    path("surveys/<int:pk>/settings/", views.survey_settings, name="survey_settings"),
    path("surveys/<int:pk>/sections/", views.section_add, name="survey_section_add"),
    path("surveys/<int:pk>/questions/", views.question_add, name="survey_question_add"),
    path(
        "surveys/<int:pk>/questions/<str:code>/", views.question_edit, name="survey_question_edit"
    ),
    path("surveys/<int:pk>/sections/<str:code>/", views.section_edit, name="survey_section_edit"),
    path(
        "surveys/<int:pk>/save-as-template/",
        views.survey_save_as_template,
        name="survey_save_as_template",
    ),
    path("surveys/<int:pk>/status/", views.survey_status, name="survey_status"),
    path("surveys/<int:pk>/points/", views.survey_points, name="survey_points"),
    path("surveys/<int:pk>/paper/", views.survey_paper, name="survey_paper"),
    path("surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path(
        "surveys/<int:pk>/results/text/<str:code>/",
        views.survey_text_answers,
        name="survey_text_answers",
    ),
    path(
        "surveys/<int:pk>/results.<str:fmt>",
        views.survey_results_export,
        name="survey_results_export",
    ),
    path("survey-points/<int:pk>/qr.svg", views.point_qr, name="survey_point_qr"),
    path("survey-points/<int:pk>/print/", views.point_print, name="survey_point_print"),
    path("survey-points/<int:pk>/visit-codes/", views.visit_codes, name="survey_visit_codes"),
]
