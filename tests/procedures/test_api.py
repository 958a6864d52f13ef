"""The read-only procedures endpoint: public, searchable, filtered."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_anyone_lists_and_searches(client: Client, catalog):
    response = client.get("/api/procedures/", {"q": "thu tuc dang ky ket hon"})
    assert response.status_code == 200
    data = response.json()
    assert data["results"][0]["code"] == "1.000894"
    assert data["results"][0]["methods"][0] == {
        "method": "in_person",
        "label": "Trực tiếp",
        "time_limit": "Ngay trong ngày",
        "fee": "Miễn lệ phí",
        "description": "",
    }
    assert data["count"] == len(data["results"])


def test_filters_and_paging(client: Client, catalog, tree):
    data = client.get("/api/procedures/", {"level": "province"}).json()
    assert [r["code"] for r in data["results"]] == ["1.012790"]
    data = client.get("/api/procedures/", {"unit": tree.commune_b.pk, "q": "dang ky"}).json()
    assert {r["code"] for r in data["results"]} == {"1.001193", "2.000575"}
    data = client.get("/api/procedures/", {"limit": 2, "offset": 2}).json()
    assert data["count"] == 6 and len(data["results"]) == 2 and data["previous"] and data["next"]


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"level": "moon"}, "level"),
        ({"unit": "abc"}, "unit"),
        ({"unit": "999999"}, "unit"),
    ],
)
def test_bad_parameters_are_400(client: Client, catalog, params, key):
    response = client.get("/api/procedures/", params)
    assert response.status_code == 400
    assert key in response.json()


def test_nul_characters_in_the_query_are_dropped(client: Client, catalog):
    # The site's middleware drops NUL before any view reads the query string.
    with_nul = client.get("/api/procedures/", {"q": "ket\x00 hon"})
    assert with_nul.status_code == 200
    assert with_nul.json() == client.get("/api/procedures/", {"q": "ket hon"}).json()


def test_odd_and_long_queries(client: Client, catalog):
    assert client.get("/api/procedures/", {"q": "x" * 10_000}).status_code == 200
    assert (
        client.get("/api/procedures/", {"q": '"*)(:^'}).json()["count"] == 6
    )  # no words: the whole list


def test_retrieve_by_code_and_404(client: Client, catalog):
    data = client.get("/api/procedures/1.000894/").json()
    assert data["name"] == "Thủ tục đăng ký kết hôn" and data["level_display"] == "Cấp xã"
    assert data["handling_unit_name"] == "Xã Minh Đức" or data["handling_unit_name"]
    assert client.get("/api/procedures/khong-co/").status_code == 404


def test_read_only(client: Client, catalog, people):
    from tests.conftest import client_for

    response = client_for(people["admin"]).post(
        "/api/procedures/", {"code": "x"}, content_type="application/json"
    )
    assert response.status_code == 405
