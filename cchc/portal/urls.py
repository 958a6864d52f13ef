"""Public pages of the portal."""

from django.urls import path

from cchc.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/", views.news_list, name="news_list"),
    path("tin-tuc/rss/", views.news_feed, name="news_feed"),
    path("tin-tuc/atom/", views.news_atom, name="news_atom"),
    path("tin-tuc/<slug:slug>/", views.news_detail, name="news_detail"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("duong-day-nong/", views.hotline, name="hotline"),
    path("mo-hinh-sang-kien/", views.initiatives, name="initiatives"),
    path("mo-hinh-sang-kien/<int:pk>/", views.initiative_detail, name="initiative_detail"),
    path("chi-so/", views.indices, name="indices"),
    path("tai-lieu/", views.media, name="media"),
    path("tai-lieu/<int:pk>/tai-ve/", views.media_download, name="media_download"),
    path("media/<path:name>", views.media_file, name="media_file"),
]
