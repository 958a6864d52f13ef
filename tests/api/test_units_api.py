"""Units through the REST API: the same scoping as the staff pages, documented."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_request_is_refused(tree):
    response = APIClient().get("/api/units/")
    assert response.status_code in (401, 403)


def test_token_authentication_works(tree, people):
    token = Token.objects.create(user=people["province_viewer"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get("/api/units/").status_code == 200


def test_token_is_issued_for_a_correct_password_only(tree, people):
    from tests.conftest import PASSWORD

    ok = APIClient().post("/api/token/", {"username": "tinh.xem", "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["token"]
    bad = APIClient().post("/api/token/", {"username": "tinh.xem", "password": "sai"})
    assert bad.status_code in (400, 403)


def test_commune_editor_lists_only_own_commune(tree, people):
    response = api_for(people["commune_editor"]).get("/api/units/")
    names = {u["name"] for u in response.json()["results"]}
    assert names == {"Xã Minh Đức", "Công chức Tư pháp - Hộ tịch"}


def test_province_viewer_lists_every_unit_below(tree, people):
    response = api_for(people["province_viewer"]).get("/api/units/")
    names = {u["name"] for u in response.json()["results"]}
    assert {"Tỉnh Quảng Ngãi", "Sở Nội vụ", "Văn phòng Sở", "Phường Cẩm Thành"} <= names
    assert "Tỉnh Phú Thọ" not in names


def test_unit_outside_scope_is_not_found(tree, people):
    response = api_for(people["commune_editor"]).get(f"/api/units/{tree.commune_b.pk}/")
    assert response.status_code == 404


def test_unit_detail_names_its_parent_and_aliases(tree, people):
    data = api_for(people["admin"]).get(f"/api/units/{tree.office.pk}/").json()
    assert data["parent"] == tree.dept.pk
    assert data["aliases"] == ["VP Sở"]
    assert data["kind_display"] == "Văn phòng, phòng, chức danh"


def test_list_filters_by_parent_and_search(tree, people):
    client = api_for(people["admin"])
    children = client.get("/api/units/", {"parent": tree.province.pk}).json()["results"]
    assert {c["name"] for c in children} == {"Sở Nội vụ", "Xã Minh Đức", "Phường Cẩm Thành"}
    assert all(c["parent"] == tree.province.pk for c in children)
    found = client.get("/api/units/", {"q": "uy ban nhan dan xa minh duc"}).json()["results"]
    assert [u["name"] for u in found] == ["Xã Minh Đức"]


def test_units_are_read_only(tree, people):
    client = api_for(people["admin"])
    assert client.post("/api/units/", {"name": "X"}).status_code == 405
    assert client.delete(f"/api/units/{tree.dept.pk}/").status_code == 405


def test_list_runs_a_bounded_number_of_queries(tree, people, django_assert_max_num_queries):
    client = api_for(people["province_viewer"])
    with django_assert_max_num_queries(6):
        client.get("/api/units/")


def test_openapi_document_describes_units(client):
    response = client.get(reverse("openapi") + "?format=json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/units/" in schema["paths"]
    assert "/api/units/{id}/" in schema["paths"]


def test_interactive_docs_are_served_without_external_assets(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
