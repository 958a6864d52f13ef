"""Public pages of surveys (mounted at /khao-sat/)."""

from django.urls import path

from cchc.surveys import public

app_name = "surveys"
urlpatterns = [
    path("", public.survey_list, name="list"),
    path("ket-qua/", public.results, name="results"),
    path("<slug:token>/", public.answer, name="answer"),
    path("<slug:token>/cam-on/", public.thanks, name="thanks"),
]
