"""Schedule pages and the public calendar feeds.

``urlpatterns`` go inside the staff area's namespace ("staff"):
``path("", include("cchc.schedule.urls"))`` in ``cchc/staff_urls.py``.

``feed_urlpatterns`` are public (no login, the private token is the credential) and
have no namespace: ``path("lich/", include(feed_urlpatterns))`` in ``cchc/urls.py``
gives ``/lich/don-vi/<unit_pk>/<token>.ics`` ("ical_unit") and
``/lich/ca-nhan/<token>.ics`` ("ical_user").
"""

from django.urls import path, re_path

from cchc.schedule import feeds, views

urlpatterns = [
    path("units/<int:pk>/calendar/", views.unit_calendar, name="unit_calendar"),
    path("plans/<int:pk>/calendar/", views.plan_calendar, name="plan_calendar"),
    path("activities/<int:pk>/schedule/", views.schedule_edit, name="schedule_edit"),
    path("activities/<int:pk>/schedule/clear/", views.schedule_clear, name="schedule_clear"),
    path("calendar/feeds/", views.calendar_feeds, name="calendar_feeds"),
    path("calendar/feeds/new/", views.calendar_feeds_rotate, name="calendar_feeds_rotate"),
]

feed_urlpatterns = [
    re_path(
        r"^don-vi/(?P<unit_pk>[0-9]{1,18})/(?P<token>[A-Za-z0-9_-]{16,64})\.ics$",
        feeds.ical_unit,
        name="ical_unit",
    ),
    re_path(r"^ca-nhan/(?P<token>[A-Za-z0-9_-]{16,64})\.ics$", feeds.ical_user, name="ical_user"),
]
