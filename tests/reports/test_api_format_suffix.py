"""Regression: `/api/reporting-periods.json`, `/api/reports/<pk>.json` ... answered 500.

The DefaultRouter's suffix routes pass ``format="json"``; the reports viewsets' handlers did not
accept it (TypeError). Found by the smoke crawl (tests/test_smoke.py).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cchc.reports import services

pytestmark = pytest.mark.django_db


def test_suffixed_reads_answer_like_the_plain_ones(tree, people, q1):  # type: ignore[no-untyped-def]
    report = services.report_open(period=q1, unit=tree.commune_a)
    client = APIClient()
    client.force_authenticate(people["admin"])
    for plain, suffixed in [
        ("/api/reporting-periods/", "/api/reporting-periods.json"),
        (f"/api/reporting-periods/{q1.pk}/", f"/api/reporting-periods/{q1.pk}.json"),
        (
            f"/api/reporting-periods/{q1.pk}/completeness/",
            f"/api/reporting-periods/{q1.pk}/completeness.json",
        ),
        (
            f"/api/reporting-periods/{q1.pk}/completeness-tree/",
            f"/api/reporting-periods/{q1.pk}/completeness-tree.json",
        ),
        ("/api/reports/", "/api/reports.json"),
        (f"/api/reports/{report.pk}/", f"/api/reports/{report.pk}.json"),
        (f"/api/par-index/{tree.province.pk}/", f"/api/par-index/{tree.province.pk}.json"),
    ]:
        expected = client.get(plain)
        response = client.get(suffixed)
        assert response.status_code == expected.status_code, suffixed
        assert response.status_code < 500, suffixed
        assert response.json() == expected.json(), suffixed
