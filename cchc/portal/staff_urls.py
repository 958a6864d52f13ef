"""Staff pages of portal, inside the staff namespace."""

from django.urls import path

from cchc.portal import staff_views as views

urlpatterns = [
    path("cong-thong-tin/", views.portal_admin, name="portal_admin"),
    path("cong-thong-tin/thiet-lap/", views.portal_settings, name="portal_settings"),
    path("cong-thong-tin/tin-tuc/", views.article_list, name="portal_article_list"),
    path("cong-thong-tin/tin-tuc/them/", views.article_create, name="portal_article_create"),
    path("cong-thong-tin/tin-tuc/<int:pk>/", views.article_edit, name="portal_article_edit"),
    path(
        "cong-thong-tin/tin-tuc/<int:pk>/xoa/", views.article_delete, name="portal_article_delete"
    ),
    path(
        "cong-thong-tin/tin-tuc/<int:pk>/<slug:action>/",
        views.article_action,
        name="portal_article_action",
    ),
    path("cong-thong-tin/duong-day-nong/", views.hotline_list, name="portal_hotline_list"),
    path("cong-thong-tin/duong-day-nong/them/", views.hotline_edit, name="portal_hotline_create"),
    path("cong-thong-tin/duong-day-nong/<int:pk>/", views.hotline_edit, name="portal_hotline_edit"),
    path(
        "cong-thong-tin/duong-day-nong/<int:pk>/xoa/",
        views.hotline_delete,
        name="portal_hotline_delete",
    ),
    path("cong-thong-tin/mo-hinh/", views.initiative_list, name="portal_initiative_list"),
    path("cong-thong-tin/mo-hinh/them/", views.initiative_edit, name="portal_initiative_create"),
    path("cong-thong-tin/mo-hinh/<int:pk>/", views.initiative_edit, name="portal_initiative_edit"),
    path(
        "cong-thong-tin/mo-hinh/<int:pk>/xoa/",
        views.initiative_delete,
        name="portal_initiative_delete",
    ),
    path("cong-thong-tin/chi-so/", views.index_list, name="portal_index_list"),
    path("cong-thong-tin/chi-so/them/", views.index_edit, name="portal_index_create"),
    path("cong-thong-tin/chi-so/nhap/", views.index_import, name="portal_index_import"),
    path("cong-thong-tin/chi-so/<int:pk>/", views.index_edit, name="portal_index_edit"),
    path("cong-thong-tin/chi-so/<int:pk>/xoa/", views.index_delete, name="portal_index_delete"),
    path("cong-thong-tin/tai-lieu/", views.media_list, name="portal_media_list"),
    path("cong-thong-tin/tai-lieu/them/", views.media_edit, name="portal_media_create"),
    path("cong-thong-tin/tai-lieu/<int:pk>/", views.media_edit, name="portal_media_edit"),
    path("cong-thong-tin/tai-lieu/<int:pk>/xoa/", views.media_delete, name="portal_media_delete"),
]
