"""Plans, activities and legal references through the REST API: same permissions as the services' policy."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from cchc.legal.models import LegalReference
from cchc.orgs.models import Role, User
from cchc.plans.models import Activity, Plan, PlanStatus, Theme
from cchc.plans.services import ActivityData, UnitRef, plan_create, plan_derive
from tests.conftest import make_user
from tests.plans.conftest import issued, province_plan_data

pytestmark = pytest.mark.django_db


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def fresh(user: User) -> User:
    """The same person without the per-object role cache (for counting queries)."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def more_people(tree, people) -> dict[str, User]:  # type: ignore[no-untyped-def]
    return {
        **people,
        "province_editor": make_user("tinh.bientap", tree.province, Role.EDITOR),
        "province_approver": make_user("tinh.pheduyet", tree.province, Role.APPROVER),
        "commune_b_editor": make_user("phuong.bientap", tree.commune_b, Role.EDITOR),
    }


@pytest.fixture
def plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    """The province's draft plan: names the department, both communes, three themes."""
    return plan_create(data=province_plan_data(tree), actor=people["admin"])


@pytest.fixture
def commune_b_plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    data = province_plan_data(
        tree,
        unit_id=tree.commune_b.pk,
        title="Kế hoạch tuyên truyền CCHC của phường",
        legal_bases=(),
        activities=(
            ActivityData("Chuyên mục trên loa phường", leads=(UnitRef(tree.commune_b.pk),)),
        ),
    )
    return plan_create(data=data, actor=people["admin"])


def plan_payload(tree, **overrides: Any) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A whole plan in the write shape, every field given in its canonical form."""
    payload: dict[str, Any] = {
        "unit": tree.province.pk,
        "header_parent": "",
        "header_unit": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        "doc_type": "Kế hoạch",
        "number": "",
        "symbol": "KH-UBND",
        "place": "Quảng Ngãi",
        "issued_on": None,
        "title": "Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "period_label": "năm 2025",
        "slogan": "Chính quyền phục vụ nhân dân",
        "intro": "Thực hiện Quyết định số 35/QĐ-BNV...",
        "objectives": "Nâng cao nhận thức của cán bộ, công chức và người dân.",
        "requirements": "Thiết thực, hiệu quả.",
        "funding": "Ngân sách tỉnh bố trí trong dự toán năm 2025.",
        "implementation": "Các cơ quan triển khai theo nhiệm vụ được giao.",
        "signing_authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "signer_position": "PHÓ CHỦ TỊCH",
        "signer_name": "Nguyễn Văn An",
        "derived_from": None,
        "legal_bases": [
            {
                "doc_type": "Quyết định",
                "number_symbol": "35/QĐ-BNV",
                "issued_on": "2024-01-22",
                "issuer": "Bộ Nội vụ",
                "subject": "ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính",
                "plan": None,
            }
        ],
        "audiences": [
            {
                "audience": "citizens",
                "description": "Người dân trên địa bàn",
                "content": "Thủ tục trực tuyến",
            },
            {"audience": "officials", "description": "", "content": ""},
        ],
        "themes": [
            {
                "title": "Cải cách thủ tục hành chính",
                "details": "Một cửa, một cửa liên thông",
                "audience": "",
                "areas": ["procedures"],
                "indices": ["par_index", "sipas"],
                "parent_theme": None,
            },
            {
                "title": "Chuyển đổi số",
                "details": "",
                "audience": "citizens",
                "areas": ["digital"],
                "indices": ["dti"],
                "parent_theme": None,
            },
            {
                "title": "Môi trường kinh doanh",
                "details": "",
                "audience": "businesses",
                "areas": [],
                "indices": ["pci"],
                "parent_theme": None,
            },
        ],
        "channels": [
            {"kind": "website", "description": "Cổng thông tin điện tử tỉnh"},
            {"kind": "loudspeaker", "description": ""},
        ],
        "activities": [
            {
                "title": "Tuyên truyền trên Cổng thông tin điện tử",
                "content": "Đăng tin, bài",
                "audiences": ["citizens", "businesses"],
                "channels": ["website"],
                "timing_text": "Thường xuyên",
                "expected_outputs": "Tối thiểu 24 tin, bài",
                "budget_estimate": "15000000",
                "leads": [{"unit": tree.dept.pk, "label": ""}],
                "coordinators": [
                    {"unit": tree.commune_a.pk, "label": ""},
                    {"unit": None, "label": "Các sở, ban, ngành"},
                ],
                "themes": [0, 2],
                "derived_from": None,
                "children": [
                    {
                        "title": "Xây dựng chuyên mục CCHC",
                        "content": "",
                        "audiences": [],
                        "channels": ["website"],
                        "timing_text": "Quý I/2025",
                        "expected_outputs": "",
                        "budget_estimate": None,
                        "leads": [],
                        "coordinators": [],
                        "themes": [1],
                        "derived_from": None,
                        "children": [],
                    }
                ],
            },
            {
                "title": "Chuyên mục CCHC trên loa truyền thanh xã",
                "content": "",
                "audiences": ["citizens"],
                "channels": ["loudspeaker"],
                "timing_text": "02 số/tháng",
                "expected_outputs": "",
                "budget_estimate": None,
                "leads": [{"unit": tree.commune_a.pk, "label": "UBND xã Minh Đức"}],
                "coordinators": [],
                "themes": [0],
                "derived_from": None,
                "children": [],
            },
        ],
        "responsibilities": [
            {"unit": tree.dept.pk, "label": "", "duties": "Chủ trì, theo dõi, tổng hợp."},
            {
                "unit": None,
                "label": "UBND các xã, phường",
                "duties": "Xây dựng kế hoạch của đơn vị.",
            },
        ],
        "funding_sources": [{"source": "Ngân sách tỉnh", "amount": "50000000", "note": ""}],
        "reporting_duties": [
            {
                "periods": "6 tháng, năm",
                "deadline_text": "trước ngày 10/6 và 10/12",
                "to_unit": tree.province.pk,
                "to_label": "UBND tỉnh",
                "through_unit": tree.dept.pk,
                "through_label": "Sở Nội vụ",
                "text": "Báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ).",
            }
        ],
        "recipients": [
            {"label": "Bộ Nội vụ", "unit": None, "purpose": "báo cáo", "is_archive": False},
            {"label": "Lưu: VT, NC", "unit": None, "purpose": "", "is_archive": True},
        ],
    }
    payload.update(overrides)
    return payload


def as_payload(detail: dict[str, Any]) -> dict[str, Any]:
    """A plan as read, turned into the write shape (activity themes by position)."""
    positions = {t["id"]: i for i, t in enumerate(detail["themes"])}

    def drop(row: dict[str, Any], *keys: str) -> dict[str, Any]:
        return {k: v for k, v in row.items() if k not in keys}

    def ref(row: dict[str, Any]) -> dict[str, Any]:
        return drop(row, "unit_name")

    def activity(row: dict[str, Any]) -> dict[str, Any]:
        return {
            **drop(row, "id"),
            "leads": [ref(r) for r in row["leads"]],
            "coordinators": [ref(r) for r in row["coordinators"]],
            "themes": [positions[t] for t in row["themes"]],
            "children": [activity(c) for c in row["children"]],
        }

    body = drop(
        detail,
        "id",
        "unit_name",
        "number_symbol",
        "status",
        "status_display",
        "version",
        "replaces",
        "revision",
        "created_at",
        "updated_at",
    )
    body["legal_bases"] = [drop(b, "id", "citation") for b in detail["legal_bases"]]
    body["audiences"] = [drop(a, "audience_display") for a in detail["audiences"]]
    body["themes"] = [drop(t, "id") for t in detail["themes"]]
    body["channels"] = [drop(c, "kind_display") for c in detail["channels"]]
    body["activities"] = [activity(a) for a in detail["activities"]]
    body["responsibilities"] = [ref(r) for r in detail["responsibilities"]]
    body["reporting_duties"] = [
        drop(r, "to_unit_name", "through_unit_name") for r in detail["reporting_duties"]
    ]
    return body


def counts() -> tuple[int, int, int]:
    return Plan.objects.count(), Activity.objects.count(), Theme.objects.count()


# --- Anonymous ----------------------------------------------------------------------

ENDPOINTS = [
    ("get", "/api/plans/"),
    ("post", "/api/plans/"),
    ("get", "/api/plans/{id}/"),
    ("put", "/api/plans/{id}/"),
    ("delete", "/api/plans/{id}/"),
    ("post", "/api/plans/{id}/submit/"),
    ("post", "/api/plans/{id}/approve/"),
    ("post", "/api/plans/{id}/return/"),
    ("post", "/api/plans/{id}/issue/"),
    ("post", "/api/plans/{id}/close/"),
    ("post", "/api/plans/{id}/revise/"),
    ("post", "/api/plans/{id}/derive/"),
    ("get", "/api/plans/{id}/coverage/"),
    ("get", "/api/activities/"),
    ("get", "/api/activities/{activity}/"),
    ("get", "/api/legal-references/"),
    ("post", "/api/legal-references/"),
    ("get", "/api/legal-references/{reference}/"),
]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_requests_are_refused(plan, method, url):
    url = url.format(
        id=plan.pk,
        activity=plan.activities.first().pk,
        reference=LegalReference.objects.first().pk,
    )
    before = counts()
    response = getattr(APIClient(), method)(url, {}, format="json")
    assert response.status_code in (401, 403)
    assert response.json()["detail"] == "Bạn cần đăng nhập để dùng API."
    assert counts() == before


# --- Reading plans ------------------------------------------------------------------


def test_list_is_scoped_like_the_staff_pages(tree, people, plan, commune_b_plan):
    def titles(user: User) -> set[str]:
        response = api_for(user).get("/api/plans/")
        assert response.status_code == 200
        return {p["title"] for p in response.json()["results"]}

    province, ward = plan.title, commune_b_plan.title
    assert titles(people["admin"]) == {province, ward}
    assert titles(people["province_viewer"]) == {province, ward}
    # The commune is named in the province plan, so its people read it; not the ward's.
    assert titles(people["commune_editor"]) == {province}
    assert titles(people["nobody"]) == set()


def test_list_rows_carry_the_header(tree, people, plan):
    row = api_for(people["province_viewer"]).get("/api/plans/").json()["results"][0]
    assert row["id"] == plan.pk
    assert row["unit"] == tree.province.pk and row["unit_name"] == tree.province.display_name
    assert row["status"] == "draft" and row["status_display"] == "Dự thảo"
    assert row["number_symbol"] == "/KH-UBND"
    assert row["revision"] == 1 and row["version"] == 1
    assert "activities" not in row


def test_list_filters(tree, people, plan, commune_b_plan):
    client = api_for(people["admin"])

    def ids(**params: Any) -> set[int]:
        response = client.get("/api/plans/", params)
        assert response.status_code == 200, response.json()
        return {p["id"] for p in response.json()["results"]}

    both = {plan.pk, commune_b_plan.pk}
    assert ids(year=2024) == both
    assert ids(year=2023) == set()
    assert ids(unit=tree.commune_b.pk) == {commune_b_plan.pk}
    assert ids(unit=tree.province.pk) == both
    assert ids(status="draft") == both
    assert ids(status="issued") == set()
    assert ids(area="digital") == both
    assert ids(channel="contest") == {plan.pk}
    assert ids(channel="zalo") == set()
    assert ids(q="của phường") == {commune_b_plan.pk}
    assert ids(status="") == both  # a blank parameter is no filter
    commune = api_for(people["commune_editor"])
    assert {
        p["id"] for p in commune.get("/api/plans/", {"assigned_to_me": "true"}).json()["results"]
    } == {plan.pk}


def test_list_refuses_bad_filters_in_vietnamese(people, plan):
    response = api_for(people["admin"]).get("/api/plans/", {"year": "abc", "status": "xyz"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["year"] == ["Phải là một số nguyên."]
    assert errors["status"] == ["“xyz” không có trong danh mục."]


def test_detail_is_the_whole_plan_nested(tree, people, plan):
    data = api_for(people["province_viewer"]).get(f"/api/plans/{plan.pk}/").json()
    assert data["title"] == plan.title and data["status_display"] == "Dự thảo"
    assert data["legal_bases"][0]["number_symbol"] == "35/QĐ-BNV"
    assert data["legal_bases"][0]["citation"].startswith("Quyết định số 35/QĐ-BNV ngày 22/01/2024")
    assert [t["areas"] for t in data["themes"]] == [["procedures"], ["digital"], []]
    theme_ids = [t["id"] for t in data["themes"]]
    first, second, third = data["activities"]
    assert first["themes"] == theme_ids[:2]
    assert first["leads"] == [
        {"unit": tree.dept.pk, "unit_name": tree.dept.display_name, "label": ""}
    ]
    assert first["coordinators"][1] == {
        "unit": None,
        "unit_name": None,
        "label": "Các sở, ban, ngành",
    }
    assert [c["title"] for c in second["children"]] == ["Xây dựng nội dung chuyên mục"]
    assert second["children"][0]["children"] == []
    assert third["leads"][0]["unit"] == tree.dept.pk
    for key in (
        "responsibilities",
        "funding_sources",
        "reporting_duties",
        "recipients",
        "audiences",
    ):
        assert data[key] == []
    assert {"signing_authority", "signer_position", "signer_name", "header_unit"} <= set(data)


def test_commune_editor_reads_the_province_plan_naming_it_but_not_another_communes(
    people, plan, commune_b_plan
):
    client = api_for(people["commune_editor"])
    assert client.get(f"/api/plans/{plan.pk}/").status_code == 200
    response = client.get(f"/api/plans/{commune_b_plan.pk}/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_unknown_and_malformed_ids_are_not_found(people):
    client = api_for(people["admin"])
    assert client.get("/api/plans/999999/").status_code == 404
    assert client.get("/api/plans/99999999999999999999999/").status_code == 404
    assert client.get("/api/plans/abc/").status_code == 404


def test_list_and_detail_run_a_bounded_number_of_queries(
    tree, people, plan, django_assert_max_num_queries
):
    viewer = people["province_viewer"]
    with CaptureQueriesContext(connection) as small_detail:
        api_for(fresh(viewer)).get(f"/api/plans/{plan.pk}/")
    with CaptureQueriesContext(connection) as small_list:
        api_for(fresh(viewer)).get("/api/plans/")

    # A bigger plan and more plans: the same number of queries.
    big = plan_create(
        data=province_plan_data(
            tree,
            title="Kế hoạch lớn",
            activities=province_plan_data(tree).activities * 10,
        ),
        actor=people["admin"],
    )
    for i in range(5):
        plan_create(data=province_plan_data(tree, title=f"Kế hoạch {i}"), actor=people["admin"])
    with CaptureQueriesContext(connection) as big_detail:
        api_for(fresh(viewer)).get(f"/api/plans/{big.pk}/")
    with CaptureQueriesContext(connection) as big_list:
        response = api_for(fresh(viewer)).get("/api/plans/")
    assert response.json()["count"] == 7
    assert len(big_detail) == len(small_detail) <= 14
    assert len(big_list) == len(small_list) <= 4
    with django_assert_max_num_queries(14):
        api_for(fresh(viewer)).get(f"/api/plans/{big.pk}/")


# --- Writing plans ------------------------------------------------------------------


def test_a_whole_plan_posted_reads_back_equal(tree, more_people):
    payload = plan_payload(tree)
    client = api_for(more_people["province_editor"])
    response = client.post("/api/plans/", payload, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert response["Location"] == f"/api/plans/{created['id']}/"
    assert created["status"] == "draft" and created["revision"] == 1
    read = client.get(f"/api/plans/{created['id']}/").json()
    assert read == created
    assert as_payload(read) == payload
    # Activities name themes by position when posted and by id when read.
    theme_ids = [t["id"] for t in read["themes"]]
    assert read["activities"][0]["themes"] == [theme_ids[0], theme_ids[2]]
    assert read["activities"][0]["children"][0]["themes"] == [theme_ids[1]]
    assert Plan.objects.get(pk=created["id"]).created_by == more_people["province_editor"]


def test_put_replaces_the_content_and_bumps_the_revision(tree, more_people):
    client = api_for(more_people["province_editor"])
    created = client.post("/api/plans/", plan_payload(tree), format="json").json()
    body = as_payload(created)
    body["title"] = "Kế hoạch đã sửa"
    body["activities"] = body["activities"][:1]
    body["themes"].append({"title": "Nội dung mới", "areas": ["apparatus"]})
    body["activities"][0]["themes"] = [3]
    body["revision"] = created["revision"]
    response = client.put(f"/api/plans/{created['id']}/", body, format="json")
    assert response.status_code == 200, response.json()
    updated = response.json()
    assert updated["title"] == "Kế hoạch đã sửa"
    assert updated["revision"] == created["revision"] + 1
    assert [a["title"] for a in updated["activities"]] == [
        "Tuyên truyền trên Cổng thông tin điện tử"
    ]
    assert updated["activities"][0]["themes"] == [updated["themes"][3]["id"]]
    assert updated["unit"] == tree.province.pk  # ``unit`` may be left out of a PUT


def test_stale_revision_is_a_conflict_and_nothing_changes(tree, more_people, plan):
    client = api_for(more_people["province_editor"])
    body = as_payload(client.get(f"/api/plans/{plan.pk}/").json())
    first = client.put(
        f"/api/plans/{plan.pk}/", {**body, "title": "Bản thứ nhất", "revision": 1}, format="json"
    )
    assert first.status_code == 200
    second = client.put(
        f"/api/plans/{plan.pk}/", {**body, "title": "Bản thứ hai", "revision": 1}, format="json"
    )
    assert second.status_code == 409
    assert second.json()["code"] == "stale"
    assert "chưa được lưu" in second.json()["detail"]
    assert Plan.objects.get(pk=plan.pk).title == "Bản thứ nhất"


def test_put_needs_the_revision(tree, more_people, plan):
    client = api_for(more_people["province_editor"])
    body = as_payload(client.get(f"/api/plans/{plan.pk}/").json())
    response = client.put(f"/api/plans/{plan.pk}/", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["revision"] == [
        "Hãy gửi kèm “revision” của bản kế hoạch bạn đã đọc."
    ]


def test_put_cannot_move_the_plan_to_another_unit(tree, people, plan):
    client = api_for(people["admin"])
    body = as_payload(client.get(f"/api/plans/{plan.pk}/").json())
    response = client.put(
        f"/api/plans/{plan.pk}/", {**body, "unit": tree.commune_a.pk, "revision": 1}, format="json"
    )
    assert response.status_code == 400
    assert "Không thể đổi cơ quan ban hành" in response.json()["errors"]["unit"][0]


def test_issued_plan_cannot_be_put(tree, more_people, plan):
    issued(plan)
    client = api_for(more_people["province_editor"])
    read = client.get(f"/api/plans/{plan.pk}/").json()
    body = {**as_payload(read), "title": "Sửa sau khi ban hành", "revision": read["revision"]}
    response = client.put(f"/api/plans/{plan.pk}/", body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    assert "hãy tạo bản sửa đổi" in response.json()["detail"]
    assert Plan.objects.get(pk=plan.pk).title == plan.title


def test_commune_editor_may_read_but_not_change_the_province_plan(
    tree, people, plan, commune_b_plan
):
    client = api_for(people["commune_editor"])
    body = {**as_payload(client.get(f"/api/plans/{plan.pk}/").json()), "revision": 1}
    response = client.put(f"/api/plans/{plan.pk}/", body, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền sửa kế hoạch này."
    assert client.put(f"/api/plans/{commune_b_plan.pk}/", body, format="json").status_code == 404
    assert client.delete(f"/api/plans/{plan.pk}/").status_code == 403
    assert client.delete(f"/api/plans/{commune_b_plan.pk}/").status_code == 404
    assert Plan.objects.filter(pk__in=[plan.pk, commune_b_plan.pk]).count() == 2


def test_only_editors_of_the_unit_create_plans(tree, people):
    payload = plan_payload(tree)
    before = counts()
    refused = api_for(people["commune_editor"]).post("/api/plans/", payload, format="json")
    assert refused.status_code == 403
    assert (
        refused.json()["detail"]
        == f"Bạn không có quyền tạo kế hoạch cho {tree.province.display_name}."
    )
    assert api_for(people["nobody"]).post("/api/plans/", payload, format="json").status_code == 403
    assert (
        api_for(people["province_viewer"]).post("/api/plans/", payload, format="json").status_code
        == 403
    )
    assert counts() == before
    own = plan_payload(
        tree,
        unit=tree.commune_a.pk,
        activities=[{"title": "Loa truyền thanh", "leads": [{"unit": tree.commune_a.pk}]}],
        reporting_duties=[],
        responsibilities=[],
    )
    assert (
        api_for(people["commune_editor"]).post("/api/plans/", own, format="json").status_code == 201
    )


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (lambda p, t: p.pop("title"), "title", "Kế hoạch phải có trích yếu (tên kế hoạch)."),
        (lambda p, t: p.update(title="   "), "title", "Kế hoạch phải có trích yếu (tên kế hoạch)."),
        (
            lambda p, t: p["activities"][1].update(leads=[]),
            "activities",
            "Hoạt động 2 (“Chuyên mục CCHC trên loa truyền thanh xã”) chưa có cơ quan chủ trì.",
        ),
        (
            lambda p, t: p["activities"][0].update(leads=[{"unit": t.other_province.pk}]),
            "activities",
            "Hoạt động 1: “{other}” không thuộc {province} nên không thể là cơ quan chủ trì"
            " của kế hoạch này (có thể là cơ quan phối hợp).",
        ),
        (
            lambda p, t: p["channels"].append({"kind": "telegraph"}),
            "channels.2.kind",
            "“telegraph” không có trong danh mục.",
        ),
        (
            lambda p, t: p["activities"][0]["children"][0].update(channels=["pigeon"]),
            "activities.0.children.0.channels.0",
            "“pigeon” không có trong danh mục.",
        ),
        (
            lambda p, t: p["activities"][0].update(themes=[7]),
            "activities",
            "Hoạt động 1 gắn với nội dung không tồn tại.",
        ),
        (
            lambda p, t: p.pop("period_start"),
            "period_start",
            "Kế hoạch phải có kỳ thực hiện (từ ngày, đến ngày).",
        ),
        (
            lambda p, t: p.update(period_end="2024-01-01"),
            "period_end",
            "Kỳ kế hoạch kết thúc (01/01/2024) trước khi bắt đầu (01/01/2025).",
        ),
        (
            lambda p, t: p.update(period_start="1/1/2025"),
            "period_start",
            "Ngày không đúng định dạng; hãy viết theo dạng NNNN-TT-NN (ví dụ 2024-03-01).",
        ),
        (
            lambda p, t: p["activities"][0]["leads"].append({"unit": 987654321}),
            "activities",
            "Đơn vị mã 987654321 không tồn tại.",
        ),
        (
            lambda p, t: p["legal_bases"].append(
                {**p["legal_bases"][0], "number_symbol": "35QĐ-BNV"}
            ),
            "legal_bases.1",
            "Căn cứ thứ 2 trùng với căn cứ thứ 1.",
        ),
        (
            lambda p, t: p["legal_bases"][0].update(number_symbol="không phải ký hiệu"),
            "legal_bases.0.number_symbol",
            "“không phải ký hiệu” không phải số, ký hiệu văn bản (ví dụ 40/KH-UBND).",
        ),
        (
            lambda p, t: p["themes"][0].update(parent_theme=987654321),
            "themes.0.parent_theme",
            "Không có nội dung tuyên truyền mã 987654321, hoặc bạn không được xem.",
        ),
        (
            lambda p, t: p["activities"][0].update(derived_from=987654321),
            "activities.0.derived_from",
            "Không có hoạt động mã 987654321, hoặc bạn không được xem.",
        ),
        (
            lambda p, t: p.update(activities="nhiều"),
            "activities",
            "Cần một danh sách, không phải “str”.",
        ),
        (
            lambda p, t: p.update(audiences=[42]),
            "audiences.0",
            "Cần một đối tượng JSON, không phải “int”.",
        ),
        (lambda p, t: p.update(unit="tỉnh"), "unit", "Phải là một số nguyên."),
        (lambda p, t: p.update(number="12a"), "number", "Số văn bản chỉ gồm chữ số, ví dụ “40”."),
        (lambda p, t: p.update(symbol="K" * 65), "symbol", "Không được dài quá 64 ký tự."),
        (
            lambda p, t: p["funding_sources"][0].update(amount="1.5"),
            "funding_sources.0.amount",
            "Không được có quá 0 chữ số thập phân.",
        ),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_nothing_saved(tree, people, change, key, message):
    payload = plan_payload(tree)
    change(payload, tree)
    before = (*counts(), LegalReference.objects.count())
    response = api_for(people["admin"]).post("/api/plans/", payload, format="json")
    assert response.status_code == 400, response.json()
    errors = response.json()["errors"]
    message = message.format(
        other=tree.other_province.display_name, province=tree.province.display_name
    )
    assert message in errors.get(key, []), errors
    assert (*counts(), LegalReference.objects.count()) == before


def test_sub_activities_nest_at_most_four_levels(tree, people):
    leaf: dict[str, Any] = {"title": "Cấp 5"}
    for level in (4, 3, 2):
        leaf = {"title": f"Cấp {level}", "children": [leaf]}
    payload = plan_payload(tree)
    payload["activities"][1]["children"] = [leaf]
    response = api_for(people["admin"]).post("/api/plans/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "activities.1.children.0.children.0.children.0.children": [
            "Hoạt động chỉ chia tối đa 4 cấp."
        ]
    }
    leaf["children"][0]["children"][0]["children"] = []
    assert api_for(people["admin"]).post("/api/plans/", payload, format="json").status_code == 201


@pytest.mark.parametrize("body", ["{", "[1, 2", "null", "[]", "42"])
def test_malformed_bodies_are_a_400(people, body):
    response = api_for(people["admin"]).post("/api/plans/", body, content_type="application/json")
    assert response.status_code == 400
    messages = [m for ms in response.json()["errors"].values() for m in ms]
    assert messages and all(not m.isascii() for m in messages)


def test_delete_only_drafts(tree, more_people, plan):
    client = api_for(more_people["province_editor"])
    client.post(f"/api/plans/{plan.pk}/submit/")
    response = client.delete(f"/api/plans/{plan.pk}/")
    assert response.status_code == 409
    assert response.json() == {"detail": "Chỉ xóa được kế hoạch dự thảo.", "code": "bad_status"}
    api_for(more_people["province_approver"]).post(
        f"/api/plans/{plan.pk}/return/", {"reason": "Sửa lại"}
    )
    assert client.delete(f"/api/plans/{plan.pk}/").status_code == 204
    assert not Plan.objects.filter(pk=plan.pk).exists()


# --- Lifecycle ----------------------------------------------------------------------


def test_lifecycle_happy_path(tree, more_people, plan):
    editor = api_for(more_people["province_editor"])
    approver = api_for(more_people["province_approver"])
    url = f"/api/plans/{plan.pk}"

    submitted = editor.post(f"{url}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    returned = approver.post(f"{url}/return/", {"reason": "Bổ sung kinh phí"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "draft"
    editor.post(f"{url}/submit/")
    approved = approver.post(f"{url}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    issued_response = approver.post(
        f"{url}/issue/", {"number": "40", "issued_on": "2024-03-01"}, format="json"
    )
    assert issued_response.status_code == 200, issued_response.json()
    data = issued_response.json()
    assert (data["status"], data["number_symbol"], data["issued_on"]) == (
        "issued",
        "40/KH-UBND",
        "2024-03-01",
    )
    closed = approver.post(f"{url}/close/")
    assert closed.status_code == 200 and closed.json()["status_display"] == "Đã kết thúc"
    actions = list(Plan.objects.get(pk=plan.pk).events.values_list("action", flat=True))
    assert actions[:6] == ["close", "issue", "approve", "submit", "return", "submit"]


def test_steps_need_the_right_role(more_people, people, plan):
    url = f"/api/plans/{plan.pk}"
    editor = api_for(more_people["province_editor"])
    editor.post(f"{url}/submit/")
    response = editor.post(f"{url}/approve/")
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền phê duyệt kế hoạch này."
    assert (
        api_for(people["province_viewer"]).post(f"{url}/return/", {"reason": "x"}).status_code
        == 403
    )
    assert api_for(people["commune_editor"]).post(f"{url}/approve/").status_code == 403
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_steps_out_of_order_are_conflicts(more_people, plan):
    url = f"/api/plans/{plan.pk}"
    approver = api_for(more_people["province_approver"])
    response = approver.post(f"{url}/approve/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Không thể phê duyệt kế hoạch đang ở trạng thái “Dự thảo”.",
        "code": "bad_status",
    }
    assert approver.post(f"{url}/close/").status_code == 409
    assert approver.post(f"{url}/revise/").status_code == 409
    issue = approver.post(
        f"{url}/issue/", {"number": "40", "issued_on": "2024-03-01"}, format="json"
    )
    assert issue.status_code == 409
    approver.post(f"{url}/submit/")
    assert approver.post(f"{url}/submit/").json()["code"] == "bad_status"
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_step_bodies_are_checked(more_people, plan):
    url = f"/api/plans/{plan.pk}"
    approver = api_for(more_people["province_approver"])
    approver.post(f"{url}/submit/")
    response = approver.post(f"{url}/return/", {"reason": "  "}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["reason"] == [
        "Hãy ghi lý do trả lại để người soạn biết cần sửa gì."
    ]
    approver.post(f"{url}/approve/")
    response = approver.post(f"{url}/issue/", {"number": ""}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["issued_on"] == ["Hãy nhập ngày ban hành."]
    response = approver.post(
        f"{url}/issue/", {"number": "", "issued_on": "2024-03-01"}, format="json"
    )
    assert response.json()["errors"]["number"] == ["Hãy nhập số văn bản khi ban hành."]
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_revise_returns_the_new_version(more_people, plan):
    issued(plan)
    client = api_for(more_people["province_editor"])
    response = client.post(f"/api/plans/{plan.pk}/revise/")
    assert response.status_code == 201
    new = response.json()
    assert (new["version"], new["replaces"], new["status"], new["number"]) == (
        2,
        plan.pk,
        "draft",
        "",
    )
    assert len(new["activities"]) == 3
    again = client.post(f"/api/plans/{plan.pk}/revise/")
    assert again.status_code == 409 and again.json()["code"] == "duplicate"


# --- Derive and coverage ------------------------------------------------------------


def test_commune_derives_its_plan_from_the_issued_province_plan(tree, people, plan):
    issued(plan)
    client = api_for(people["commune_editor"])
    response = client.post(
        f"/api/plans/{plan.pk}/derive/", {"unit": tree.commune_a.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    child = response.json()
    assert child["unit"] == tree.commune_a.pk and child["derived_from"] == plan.pk
    assert child["legal_bases"][0]["plan"] == plan.pk
    parent_themes = list(plan.themes.values_list("pk", flat=True))
    assert [t["parent_theme"] for t in child["themes"]] == parent_themes
    assert [a["leads"][0]["unit"] for a in child["activities"]] == [tree.commune_a.pk] * 2
    assert all(a["derived_from"] for a in child["activities"])

    again = client.post(f"/api/plans/{plan.pk}/derive/", {"unit": tree.commune_a.pk}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "duplicate"


def test_derive_is_refused_for_others_units_unrelated_units_and_drafts(tree, people, plan):
    client = api_for(people["commune_editor"])
    draft = client.post(f"/api/plans/{plan.pk}/derive/", {"unit": tree.commune_a.pk}, format="json")
    assert draft.status_code == 409 and draft.json()["code"] == "bad_status"
    issued(plan)
    other = client.post(f"/api/plans/{plan.pk}/derive/", {"unit": tree.commune_b.pk}, format="json")
    assert other.status_code == 403
    unrelated = api_for(people["admin"]).post(
        f"/api/plans/{plan.pk}/derive/", {"unit": tree.other_province.pk}, format="json"
    )
    assert unrelated.status_code == 400
    assert f"không thuộc {tree.province.display_name}" in unrelated.json()["errors"]["unit"][0]
    missing = client.post(f"/api/plans/{plan.pk}/derive/", {}, format="json")
    assert missing.json()["errors"]["unit"] == ["Hãy chọn đơn vị xây dựng kế hoạch."]
    assert not Plan.objects.filter(derived_from=plan).exists()


def test_a_derived_plan_keeps_its_links_to_a_parent_its_editors_do_not_see(tree, people, plan):
    """A commune the province plan does not name: derived for it by the admin, edited by its editor."""
    from cchc.orgs.models import Unit, UnitKind
    from cchc.orgs.services import UnitData, unit_create

    commune_c = unit_create(
        parent=Unit.objects.get(pk=tree.province.pk),
        data=UnitData(name="Xã Tịnh Sơn", kind=UnitKind.COMMUNE, code="99003"),
    )
    editor = api_for(make_user("tinhson.bientap", commune_c, Role.EDITOR))
    issued(plan)
    derived = api_for(people["admin"]).post(
        f"/api/plans/{plan.pk}/derive/", {"unit": commune_c.pk}, format="json"
    )
    assert derived.status_code == 201, derived.json()
    child = derived.json()
    assert editor.get(f"/api/plans/{plan.pk}/").status_code == 404
    body = {**as_payload(editor.get(f"/api/plans/{child['id']}/").json()), "revision": 1}
    body["activities"] = [{"title": "Treo pa-nô", "leads": [{"unit": commune_c.pk}]}]
    response = editor.put(f"/api/plans/{child['id']}/", body, format="json")
    assert response.status_code == 200, response.json()
    updated = response.json()
    assert [t["parent_theme"] for t in updated["themes"]] == [
        t["parent_theme"] for t in child["themes"]
    ]
    assert updated["legal_bases"][0]["plan"] == plan.pk
    assert updated["derived_from"] == plan.pk
    # A new link into the plan it does not see is refused.
    hidden = plan.activities.first().pk
    body = {**body, "revision": updated["revision"]}
    body["activities"][0]["derived_from"] = hidden
    refused = editor.put(f"/api/plans/{child['id']}/", body, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["activities.0.derived_from"] == [
        f"Không có hoạt động mã {hidden}, hoặc bạn không được xem."
    ]


def test_coverage_rows(tree, people, plan):
    parent = issued(plan)
    plan_derive(parent=parent, unit=tree.commune_a)
    response = api_for(people["province_viewer"]).get(f"/api/plans/{plan.pk}/coverage/")
    assert response.status_code == 200
    data = response.json()
    assert (data["plan"], data["expected"], data["with_plan"]) == (plan.pk, 3, 1)
    rows = {r["unit"]: r for r in data["rows"]}
    assert set(rows) == {tree.dept.pk, tree.commune_a.pk, tree.commune_b.pk}
    assert rows[tree.dept.pk]["unit_name"] == tree.dept.display_name
    commune = rows[tree.commune_a.pk]
    assert commune["plan"] is not None and commune["plan_status"] == "draft"
    assert (commune["themes_covered"], commune["themes_total"]) == (3, 3)
    assert (commune["assigned_covered"], commune["assigned_total"]) == (2, 2)
    assert commune["percent"] == 100 and commune["direct"] is True
    ward = rows[tree.commune_b.pk]
    assert ward["plan"] is None and ward["plan_status"] is None and ward["percent"] == 0
    assert len(ward["missing_themes"]) == 3 and len(ward["missing_activities"]) == 1


def test_coverage_seen_through_an_assignment_shows_only_own_rows(
    tree, people, plan, commune_b_plan
):
    issued(plan)
    client = api_for(people["commune_editor"])
    rows = client.get(f"/api/plans/{plan.pk}/coverage/").json()["rows"]
    assert [r["unit"] for r in rows] == [tree.commune_a.pk]
    assert client.get(f"/api/plans/{commune_b_plan.pk}/coverage/").status_code == 404


# --- Activities ---------------------------------------------------------------------


def test_activities_are_scoped_and_filtered(tree, people, plan, commune_b_plan):
    admin = api_for(people["admin"])
    everything = admin.get("/api/activities/").json()
    # Four in the province plan (one of them a sub-activity), one in the ward's.
    assert everything["count"] == 5
    by_plan = admin.get("/api/activities/", {"plan": plan.pk}).json()["results"]
    assert [a["title"] for a in by_plan] == [
        "Tuyên truyền trên Cổng thông tin điện tử",
        "Chuyên mục CCHC trên truyền thanh xã",
        "Xây dựng nội dung chuyên mục",
        "Cuộc thi tìm hiểu CCHC",
    ]
    sub = by_plan[2]
    assert sub["parent"] == by_plan[1]["id"] and by_plan[1]["children"] == [sub["id"]]
    assert (
        by_plan[0]["plan_title"] == plan.title
        and by_plan[0]["plan_unit_name"] == tree.province.display_name
    )

    def titles(client: APIClient, **params: Any) -> list[str]:
        response = client.get("/api/activities/", params)
        assert response.status_code == 200, response.json()
        return [a["title"] for a in response.json()["results"]]

    assert titles(admin, unit=tree.commune_a.pk) == [
        "Tuyên truyền trên Cổng thông tin điện tử",
        "Chuyên mục CCHC trên truyền thanh xã",
    ]
    assert titles(admin, unit=tree.commune_a.pk, role="lead") == [
        "Chuyên mục CCHC trên truyền thanh xã"
    ]
    assert titles(admin, unit=tree.dept.pk, role="coordinator") == []
    commune = api_for(people["commune_editor"])
    assert titles(commune, role="coordinator") == ["Tuyên truyền trên Cổng thông tin điện tử"]
    assert "Chuyên mục trên loa phường" not in titles(commune)
    assert len(titles(commune)) == 4
    bad = commune.get("/api/activities/", {"role": "boss"})
    assert bad.status_code == 400 and bad.json()["errors"]["role"] == [
        "“boss” không có trong danh mục."
    ]


def test_activity_detail_and_scope(tree, people, plan, commune_b_plan):
    activity = plan.activities.get(title="Tuyên truyền trên Cổng thông tin điện tử")
    ward_activity = commune_b_plan.activities.get()
    client = api_for(people["commune_editor"])
    data = client.get(f"/api/activities/{activity.pk}/").json()
    assert data["plan"] == plan.pk and data["channels"] == ["website"]
    assert [c["unit"] for c in data["coordinators"]] == [tree.commune_a.pk, None]
    assert client.get(f"/api/activities/{ward_activity.pk}/").status_code == 404
    assert client.post("/api/activities/", {}).status_code == 405


def test_activity_list_runs_a_bounded_number_of_queries(tree, people, plan):
    viewer = people["province_viewer"]
    with CaptureQueriesContext(connection) as small:
        api_for(fresh(viewer)).get("/api/activities/")
    plan_create(
        data=province_plan_data(
            tree, title="Kế hoạch lớn", activities=province_plan_data(tree).activities * 10
        ),
        actor=people["admin"],
    )
    with CaptureQueriesContext(connection) as big:
        response = api_for(fresh(viewer)).get("/api/activities/")
    assert response.json()["count"] == 44
    assert len(big) == len(small) <= 7


# --- Legal references ---------------------------------------------------------------


def test_any_signed_in_user_reads_and_searches_references(people, plan):
    client = api_for(people["nobody"])
    rows = client.get("/api/legal-references/").json()["results"]
    assert [r["number_symbol"] for r in rows] == ["35/QĐ-BNV"]
    assert client.get("/api/legal-references/", {"q": "Bộ Nội"}).json()["count"] == 1
    assert client.get("/api/legal-references/", {"q": "QĐ-BNV"}).json()["count"] == 1
    assert client.get("/api/legal-references/", {"q": "không có"}).json()["count"] == 0
    detail = client.get(f"/api/legal-references/{rows[0]['id']}/").json()
    assert detail["citation"] == "Quyết định số 35/QĐ-BNV ngày 22/01/2024 của Bộ Nội vụ"


def test_the_same_document_posted_twice_is_one_record(people):
    client = api_for(people["commune_editor"])
    body = {"doc_type": "Kế hoạch", "number_symbol": "99/KH-UBND", "issued_on": "2024-02-01"}
    first = client.post("/api/legal-references/", body, format="json")
    assert first.status_code == 201, first.json()
    second = client.post(
        "/api/legal-references/",
        {**body, "number_symbol": "99KH-UBND", "issuer": "UBND tỉnh", "subject": "tuyên truyền"},
        format="json",
    )
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert second.json()["issuer"] == "UBND tỉnh"  # blanks are completed
    with_year = {"doc_type": "Nghị định", "number_symbol": "61/2018/NĐ-CP"}
    assert client.post("/api/legal-references/", with_year, format="json").status_code == 201
    again = {**with_year, "number_symbol": "61/2018/nd-cp", "issued_on": "2018-04-23"}
    assert client.post("/api/legal-references/", again, format="json").status_code == 200
    assert LegalReference.objects.count() == 2


def test_references_are_created_by_editors_only_and_checked(people, plan):
    body = {"doc_type": "Công văn", "number_symbol": "123/UBND-NC"}
    assert (
        api_for(people["nobody"]).post("/api/legal-references/", body, format="json").status_code
        == 403
    )
    assert (
        api_for(people["province_viewer"])
        .post("/api/legal-references/", body, format="json")
        .status_code
        == 403
    )
    client = api_for(people["dept_editor"])
    missing = client.post("/api/legal-references/", {"number_symbol": "1/KH-UBND"}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"]["doc_type"] == [
        "Căn cứ pháp lý phải có loại văn bản (Quyết định, Kế hoạch...)."
    ]
    bad = client.post(
        "/api/legal-references/", {"doc_type": "Kế hoạch", "number_symbol": "abc"}, format="json"
    )
    assert (
        bad.status_code == 400
        and "không phải số, ký hiệu văn bản" in bad.json()["errors"]["number_symbol"][0]
    )
    hidden = client.post(
        "/api/legal-references/", {"doc_type": "Kế hoạch", "plan": 987654321}, format="json"
    )
    assert hidden.status_code == 400 and "plan" in hidden.json()["errors"]
    assert LegalReference.objects.count() == 1


# --- Junk never breaks the server ---------------------------------------------------

PLAN_KEYS = [
    "unit",
    "title",
    "period_start",
    "period_end",
    "number",
    "symbol",
    "issued_on",
    "derived_from",
    "legal_bases",
    "audiences",
    "themes",
    "channels",
    "activities",
    "responsibilities",
    "funding_sources",
    "reporting_duties",
    "recipients",
    "revision",
]
PART_KEYS = [
    "title",
    "unit",
    "label",
    "leads",
    "coordinators",
    "themes",
    "children",
    "channels",
    "audiences",
    "budget_estimate",
    "derived_from",
    "parent_theme",
    "areas",
    "indices",
    "kind",
    "audience",
    "doc_type",
    "number_symbol",
    "issued_on",
    "plan",
    "amount",
    "to_unit",
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["2024-01-01", "website", "digital", "35/QĐ-BNV", "", "0", "1e400"])
)
junk = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(PART_KEYS) | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=25,
)
bodies = st.dictionaries(st.sampled_from(PLAN_KEYS), junk, max_size=10) | junk


def leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (containers included), as a path of keys and indices."""
    paths = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            paths += leaf_paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            paths += leaf_paths(item, (*path, i))
    return paths


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies, data=st.data())
def test_junk_bodies_never_cause_a_server_error(tree, people, plan, body, data):
    """Junk documents, and valid plans with junk in one place: a 400 (or a success), never a 500."""
    client = api_for(people["admin"])
    mutated = plan_payload(tree)
    path = data.draw(st.sampled_from(leaf_paths(mutated)), label="path")
    target: Any = mutated
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = data.draw(junk, label="value")
    revision = Plan.objects.get(pk=plan.pk).revision
    for url, method, document in (
        ("/api/plans/", "post", body),
        (f"/api/plans/{plan.pk}/", "put", body),
        ("/api/plans/", "post", mutated),
        (f"/api/plans/{plan.pk}/", "put", {**mutated, "revision": revision}),
    ):
        response = getattr(client, method)(
            url, json.dumps(document), content_type="application/json"
        )
        assert response.status_code < 500
        if response.status_code == 400:
            assert isinstance(response.json()["errors"], dict)


def test_valid_body_with_junk_in_one_place_is_a_400(tree, people):
    """A few hand-picked shapes the generator rarely reaches, deep inside a valid plan."""
    client = api_for(people["admin"])
    for path, value in [
        (("activities", 0, "leads", 0, "unit"), 2**70),
        (("activities", 0, "themes"), [-1]),
        (("activities", 0, "budget_estimate"), "1e400"),
        (("themes", 0, "parent_theme"), 0),
        (("legal_bases", 0, "issued_on"), 20240101),
        (("recipients", 0, "is_archive"), "có"),
        (("reporting_duties", 0, "to_unit"), 987654321),
        (("title",), "a\x00b"),
    ]:
        payload = copy.deepcopy(plan_payload(tree))
        target: Any = payload
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
        response = client.post("/api/plans/", payload, format="json")
        assert response.status_code == 400, (path, response.json())
        assert all(not m.isascii() for ms in response.json()["errors"].values() for m in ms), (
            response.json()
        )
    assert Plan.objects.count() == 0
