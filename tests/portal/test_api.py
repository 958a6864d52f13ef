"""The portal's read-only API: published news and index results with their change."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from cchc.portal import services
from tests.portal.factories import full_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(tree):  # type: ignore[no-untyped-def]
    return full_portal(tree)


def test_news_lists_only_published_articles_for_anyone(tree, portal):
    services.article_create(data=services.ArticleData(unit=tree.province, title="Bản nháp"))
    response = APIClient().get("/api/portal/news/")
    assert response.status_code == 200
    titles = [a["title"] for a in response.json()["results"]]
    assert titles == ["Tin về một cửa liên thông"]
    item = response.json()["results"][0]
    assert item["areas"] == ["procedures"] and item["image"].startswith("/media/portal/img/")
    assert APIClient().get(f"/api/portal/news/{portal['article'].slug}/").status_code == 200
    assert APIClient().get("/api/portal/news/ban-nhap/").status_code == 404
    assert APIClient().get("/api/portal/news/?area=digital").json()["count"] == 0


def test_bad_filters_get_a_400_with_a_vietnamese_message(portal):
    client = APIClient()
    assert "Lĩnh vực" in client.get("/api/portal/news/?area=x").json()["area"][0]
    response = client.get(
        "/api/portal/index-results/?index=abc&year=20x4&unit=99999999999999999999999"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"index", "year", "unit"}


def test_index_results_carry_their_change(tree, portal):
    response = APIClient().get(
        f"/api/portal/index-results/?index=par_index&year=2024&unit={tree.province.pk}"
    )
    rows = {r["unit_name"]: r for r in response.json()["results"]}
    province = rows[tree.province.display_name]
    assert (
        province["score"] == "85.10"
        and province["score_change"] == "-0.95"
        and province["rank_change"] == -2
    )
    assert province["components"] == {"Cải cách TTHC": "12.50"}
    assert rows["Sở Nội vụ"]["score_change"] == "2.70"
    one = APIClient().get(f"/api/portal/index-results/{province['id']}/").json()
    assert one["rank_change"] == -2
