"""Public pages of contests, mounted at /cuoc-thi/."""

from django.urls import path

from cchc.contests import views

app_name = "contests"
urlpatterns = [
    path("", views.contest_list, name="list"),
    path("bai-thi/<str:token>/", views.attempt_page, name="attempt"),
    path("bai-thi/<str:token>/nop/", views.submit, name="submit"),
    path("bai-thi/<str:token>/ket-qua/", views.result, name="result"),
    path("<slug:slug>/", views.contest_detail, name="detail"),
    path("<slug:slug>/dang-ky/", views.register, name="register"),
    path("<slug:slug>/tiep-tuc/", views.resume, name="resume"),
    path("<slug:slug>/vong/<int:pk>/bat-dau/", views.start, name="start"),
    path("<slug:slug>/vong/<int:pk>/xep-hang/", views.leaderboard, name="leaderboard"),
    path("<slug:slug>/vong/<int:pk>/giai-thuong/", views.winners, name="winners"),
]
