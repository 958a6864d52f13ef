"""The REST API: each app's endpoints under one router, and the OpenAPI document."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from cchc.contests.api import ROUTES as CONTESTS_ROUTES
from cchc.feedback.api import ROUTES as FEEDBACK_ROUTES
from cchc.legal.api import LegalReferenceViewSet
from cchc.notify.api import ROUTES as NOTIFY_ROUTES
from cchc.orgs.api import UnitViewSet
from cchc.plans.api import ActivityViewSet, PlanViewSet
from cchc.portal.api import ROUTES as PORTAL_ROUTES
from cchc.procedures.api import ROUTES as PROCEDURES_ROUTES
from cchc.reports.api import ROUTES as REPORTS_ROUTES
from cchc.schedule.api import ROUTES as SCHEDULE_ROUTES
from cchc.surveys.api import ROUTES as SURVEYS_ROUTES
from cchc.tracking.api import ROUTES as TRACKING_ROUTES

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("plans", PlanViewSet, basename="plan")
router.register("activities", ActivityViewSet, basename="activity")
router.register("legal-references", LegalReferenceViewSet, basename="legal-reference")
for prefix, viewset, basename in (
    *TRACKING_ROUTES,
    *SCHEDULE_ROUTES,
    *REPORTS_ROUTES,
    *NOTIFY_ROUTES,
    *PORTAL_ROUTES,
    *PROCEDURES_ROUTES,
    *FEEDBACK_ROUTES,
    *CONTESTS_ROUTES,
    *SURVEYS_ROUTES,
):
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("openapi.json", SpectacularAPIView.as_view(), name="openapi"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="openapi"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="openapi"), name="api-redoc"),
    path("token/", obtain_auth_token, name="api-token"),
    path("", include(router.urls)),
]
