"""Regression: the router's `.json` suffix routes answered 500 (handlers took no `format`).

DRF's DefaultRouter also routes ``/api/plans.json``, ``/api/plans/<pk>.json`` ... and passes
``format="json"`` to the handler; the plans, tracking and schedule viewsets' handlers did not
accept it (TypeError -> 500). Found by the smoke crawl (tests/test_smoke.py).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cchc.orgs.models import User

pytestmark = pytest.mark.django_db


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_suffixed_reads_answer_like_the_plain_ones(issued_plan, broadcast, people):  # type: ignore[no-untyped-def]
    client = api_for(people["province_viewer"])
    for plain, suffixed in [
        ("/api/plans/", "/api/plans.json"),
        (f"/api/plans/{issued_plan.pk}/", f"/api/plans/{issued_plan.pk}.json"),
        (f"/api/plans/{issued_plan.pk}/coverage/", f"/api/plans/{issued_plan.pk}/coverage.json"),
        ("/api/outputs/", "/api/outputs.json"),
        ("/api/activity-progress/", "/api/activity-progress.json"),
        (f"/api/activity-progress/{broadcast.pk}/", f"/api/activity-progress/{broadcast.pk}.json"),
        (
            f"/api/activity-schedules/{broadcast.pk}/",
            f"/api/activity-schedules/{broadcast.pk}.json",
        ),
    ]:
        expected = client.get(plain)
        response = client.get(suffixed)
        assert expected.status_code == 200, plain
        assert response.status_code == 200, suffixed
        assert response["Content-Type"].startswith("application/json")
        assert response.json() == expected.json(), suffixed


def test_suffixed_writes_get_the_usual_refusal_not_a_500(issued_plan, people):  # type: ignore[no-untyped-def]
    client = api_for(people["commune_editor"])
    # An issued plan cannot be submitted, and a commune editor may not do it anyway.
    response = client.post(f"/api/plans/{issued_plan.pk}/submit.json", {}, format="json")
    assert response.status_code in (400, 403, 409)
    assert response.json()
