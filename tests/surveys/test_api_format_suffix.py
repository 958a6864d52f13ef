"""Regression: `/api/surveys/<pk>/results.json` answered 500.

The DefaultRouter's suffix route passes ``format="json"``; ``SurveyViewSet.results`` did not
accept it (TypeError). Found by the smoke crawl (tests/test_smoke.py).
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_suffixed_results_answer_like_the_plain_ones(sipas, people):  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(people["province_viewer"])
    expected = client.get(f"/api/surveys/{sipas.pk}/results/")
    response = client.get(f"/api/surveys/{sipas.pk}/results.json")
    assert expected.status_code == 200
    assert response.status_code == 200
    assert response.json() == expected.json()
    bad = client.get(f"/api/surveys/{sipas.pk}/results.json", {"year": "abc"})
    assert bad.status_code == 400
