"""The surveys API: scoped list, results with the index, bad filters."""

from __future__ import annotations

from django.utils import timezone
from rest_framework.test import APIClient

from cchc.surveys import services
from tests.surveys.conftest import sipas_answers


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_list_is_scoped(sipas, people):
    assert APIClient().get("/api/surveys/").status_code in (401, 403)
    data = _api(people["province_viewer"]).get("/api/surveys/").json()
    assert [s["id"] for s in data["results"]] == [sipas.pk]
    assert _api(people["commune_editor"]).get("/api/surveys/").json()["results"] == []
    assert _api(people["commune_editor"]).get(f"/api/surveys/{sipas.pk}/").status_code == 404


def test_results(sipas, point_a, point_b, people):
    services.response_submit(point=point_a, raw=sipas_answers("4"))
    services.response_submit(point=point_b, raw=sipas_answers("3"))
    client = _api(people["province_viewer"])
    year = timezone.localdate().year
    data = client.get(f"/api/surveys/{sipas.pk}/results/", {"year": year}).json()
    assert data["respondents"] == 2 and data["sample_needed"] == 385
    assert data["overall"]["answered"] == 36 and data["overall"]["satisfied"] == 18
    assert data["overall"]["percent"] == 50.0
    first = data["factors"][0]
    assert (
        first["code"] == "YT1"
        and first["criteria"][0]["share"]["ci_low"] < 50 < first["criteria"][0]["share"]["ci_high"]
    )
    only_a = client.get(
        f"/api/surveys/{sipas.pk}/results/", {"year": year, "unit": point_a.unit_id}
    ).json()
    assert only_a["overall"]["percent"] == 100.0
    bad = client.get(f"/api/surveys/{sipas.pk}/results/", {"quarter": 5})
    assert bad.status_code == 400 and "quarter" in bad.json()["errors"]
    foreign = client.get(f"/api/surveys/{sipas.pk}/results/", {"unit": 999999})
    assert foreign.status_code == 400
