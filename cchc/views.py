"""Project-level pages: the staff dashboard, the health check and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from cchc.orgs import selectors
from cchc.plans import selectors as plan_selectors


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The staff home page; each capability adds its own panel here."""
    assignments = list(selectors.role_assignments_for_user(request.user))
    return render(
        request,
        "staff/dashboard.html",
        {
            "assignments": assignments,
            "visible_units": selectors.unit_visible_qs(request.user)
            .filter(selectors.current_q())
            .count(),
            "plans": plan_selectors.plan_counts_for_user(request.user),
        },
    )


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
