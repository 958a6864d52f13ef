"""Regression: an empty POST to the units admin list answered 500.

treebeard's TreeAdmin only sets the shown tree level on GET, so a POST that re-renders the
change list (no action chosen) failed in its template tag with AttributeError. Found by the
smoke crawl (tests/test_smoke.py).
"""

from __future__ import annotations

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_empty_post_to_the_units_list_shows_the_list(tree, people):  # type: ignore[no-untyped-def]
    client = client_for(people["admin"])
    response = client.post("/admin/orgs/unit/", {})
    assert response.status_code == 200
    assert tree.root.name in response.content.decode()
    assert client.get("/admin/orgs/unit/").status_code == 200


def test_the_units_list_stays_closed_to_everyone_else(tree, people):  # type: ignore[no-untyped-def]
    response = client_for(people["dept_admin"]).post("/admin/orgs/unit/", {})
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.headers.get("Location", "/admin/login/")
