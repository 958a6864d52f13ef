"""The OpenAPI document: valid, without generator warnings, and describing every endpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

PLAN_PATHS = {
    "/api/plans/": {"get", "post"},
    "/api/plans/{id}/": {"get", "put", "delete"},
    "/api/plans/{id}/submit/": {"post"},
    "/api/plans/{id}/approve/": {"post"},
    "/api/plans/{id}/return/": {"post"},
    "/api/plans/{id}/issue/": {"post"},
    "/api/plans/{id}/close/": {"post"},
    "/api/plans/{id}/revise/": {"post"},
    "/api/plans/{id}/derive/": {"post"},
    "/api/plans/{id}/coverage/": {"get"},
    "/api/activities/": {"get"},
    "/api/activities/{id}/": {"get"},
    "/api/legal-references/": {"get", "post"},
    "/api/legal-references/{id}/": {"get"},
}
HTTP_METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict[str, Any], path: str) -> dict[str, Any]:
    return {m: op for m, op in schema["paths"][path].items() if m in HTTP_METHODS}


def test_the_generator_validates_without_warnings(tmp_path: Path):
    """The same check as ``manage.py spectacular --validate --fail-on-warn`` (units included)."""
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    document = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.")
    assert {"/api/units/", "/api/units/{id}/"} <= set(document["paths"])


def test_the_schema_is_valid_openapi(schema):
    validate_schema(json.loads(json.dumps(schema, default=str)))


def test_every_new_endpoint_is_listed_with_exactly_its_methods(schema):
    for path, methods in PLAN_PATHS.items():
        assert path in schema["paths"], path
        assert set(operations(schema, path)) == methods, path


def test_every_new_operation_has_a_vietnamese_summary_and_error_responses(schema):
    for path in PLAN_PATHS:
        for method, op in operations(schema, path).items():
            summary = op.get("summary", "")
            assert summary and not summary.isascii(), (path, method, summary)
            codes = set(op["responses"])
            assert codes & {"200", "201", "204"}, (path, method)
            if "{id}" in path:
                assert "404" in codes, (path, method)
                (param,) = [p for p in op["parameters"] if p["in"] == "path"]
                assert not param["description"].isascii()
            if method in {"post", "put", "delete"}:
                assert "403" in codes, (path, method)
            if method in {"post", "put"}:
                assert "400" in codes, (path, method)


def test_write_bodies_and_responses_are_described(schema):
    paths = schema["paths"]
    create = paths["/api/plans/"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PlanWriteRequest"
    }
    assert create["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/PlanDetail"
    }
    assert "vị trí" in create["description"] and '"themes": [0, 2]' in create["description"]
    update = paths["/api/plans/{id}/"]["put"]
    assert update["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "PlanUpdateRequest"
    )
    assert set(update["responses"]) >= {"200", "400", "403", "404", "409"}
    assert paths["/api/plans/{id}/issue/"]["post"]["requestBody"]["content"]["application/json"][
        "schema"
    ]["$ref"].endswith("IssueRequest")
    assert paths["/api/plans/{id}/derive/"]["post"]["responses"]["201"]
    assert paths["/api/plans/{id}/revise/"]["post"]["responses"]["201"]
    assert set(paths["/api/legal-references/"]["post"]["responses"]) >= {"200", "201", "400", "403"}
    list_params = {p["name"] for p in paths["/api/plans/"]["get"]["parameters"]}
    assert {
        "year",
        "unit",
        "status",
        "area",
        "channel",
        "assigned_to_me",
        "q",
        "limit",
        "offset",
    } <= list_params
    activity_params = {p["name"] for p in paths["/api/activities/"]["get"]["parameters"]}
    assert {"plan", "unit", "role"} <= activity_params


def test_components_describe_the_nested_plan(schema):
    components = schema["components"]["schemas"]
    detail = components["PlanDetail"]["properties"]
    for key in (
        "legal_bases",
        "audiences",
        "themes",
        "channels",
        "activities",
        "responsibilities",
        "funding_sources",
        "reporting_duties",
        "recipients",
        "status_display",
        "revision",
        "signer_name",
    ):
        assert key in detail, key
    node = components["ActivityNode"]["properties"]
    assert node["children"]["items"] == {"$ref": "#/components/schemas/ActivityNode"}
    assert node["leads"]["items"] == {"$ref": "#/components/schemas/UnitRef"}
    posted = components["ActivityInputRequest"]["properties"]
    assert posted["children"]["items"] == {"$ref": "#/components/schemas/ActivityInputRequest"}
    assert "vị trí" in posted["themes"]["description"].lower()
    assert components["ChannelKindEnum"]["enum"][0] == "website"
    assert components["ValidationErrors"]["properties"]["errors"]["type"] == "object"
    assert set(components["Conflict"]["properties"]) == {"detail", "code"}
    for name in ("PlanDetail", "PlanSummary", "ActivityNode", "Activity", "LegalReference"):
        assert not components[name]["description"].isascii(), name


def test_the_served_document_lists_the_new_paths(client):
    response = client.get("/api/openapi.json?format=json")
    assert response.status_code == 200
    assert set(PLAN_PATHS) <= set(json.loads(response.content)["paths"])
