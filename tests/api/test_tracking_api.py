"""Outputs, progress and schedules through the REST API: the staff pages' permissions."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from cchc.orgs.models import Role, User
from cchc.plans.models import Activity, Plan
from cchc.plans.services import plan_create
from cchc.schedule import api as schedule_api
from cchc.schedule.models import ScheduleOverride
from cchc.tracking import api as tracking_api
from cchc.tracking.models import Output
from tests.conftest import make_user
from tests.plans.conftest import issued, province_plan_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_plan(tree, people) -> Plan:  # type: ignore[no-untyped-def]
    """The province's 2024 plan (draft): portal, broadcast (02 số/tháng) with a sub-activity, contest."""
    return plan_create(data=province_plan_data(tree), actor=people["admin"])


@pytest.fixture
def issued_plan(province_plan: Plan) -> Plan:
    return issued(province_plan)


@pytest.fixture
def broadcast(issued_plan: Plan) -> Activity:
    """"Chuyên mục CCHC trên truyền thanh xã": 02 số/tháng, led by both communes."""
    return Activity.objects.get(plan=issued_plan, title="Chuyên mục CCHC trên truyền thanh xã")

TODAY = datetime.date(2024, 6, 15)


def api_for(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def more(tree, people) -> dict[str, User]:  # type: ignore[no-untyped-def]
    return {
        **people,
        "province_editor": make_user("tinh.bientap", tree.province, Role.EDITOR),
        "commune_b_editor": make_user("phuong.bientap", tree.commune_b, Role.EDITOR),
        "commune_approver": make_user("xa.pheduyet", tree.commune_a, Role.APPROVER),
        "outsider": make_user("phutho.bientap", tree.other_province, Role.EDITOR),
    }


def body(activity: Activity, unit_pk: int, **extra: Any) -> dict[str, Any]:
    return {"activity": activity.pk, "unit": unit_pk, "kind": "loudspeaker", "date": "2024-06-03", **extra}


@pytest.fixture
def output(tree, more, broadcast) -> Output:  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY):
        response = api_for(more["commune_editor"]).post(
            "/api/outputs/", body(broadcast, tree.commune_a.pk, duration_minutes=10), format="json"
        )
    assert response.status_code == 201, response.json()
    return Output.objects.get(pk=response.json()["id"])


def test_routes_are_listed_for_the_router():
    assert [(p, b) for p, _v, b in tracking_api.ROUTES] == [
        ("outputs", "output"),
        ("activity-progress", "activity-progress"),
    ]
    assert [(p, b) for p, _v, b in schedule_api.ROUTES] == [("activity-schedules", "activity-schedule")]


# --- Outputs ---------------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_an_editor_records_reads_changes_and_deletes_an_output(tree, more, broadcast):
    client = api_for(more["commune_editor"])
    created = client.post(
        "/api/outputs/",
        body(broadcast, tree.commune_a.pk, title="  Số 1   tháng 6 ", link="https://xa.gov.vn/so-1"),
        format="json",
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert created["Location"] == reverse("output-detail", args=[data["id"]])
    assert data["activity"] == broadcast.pk and data["unit"] == tree.commune_a.pk
    assert data["title"] == "Số 1 tháng 6" and data["quantity"] == 1
    assert data["kind_display"] == "Buổi phát trên loa truyền thanh"
    assert data["evidence_count"] == 0 and data["period_closed"] is False

    url = f"/api/outputs/{data['id']}/"
    assert client.get(url).json()["unit_name"] == "UBND xã Minh Đức"
    changed = client.put(url, {"kind": "loudspeaker", "date": "2024-06-05", "quantity": 2}, format="json")
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["date"], changed.json()["quantity"], changed.json()["title"]) == ("2024-06-05", 2, "")
    patched = client.patch(url, {"participants": 40}, format="json")
    assert patched.status_code == 200
    assert (patched.json()["participants"], patched.json()["quantity"]) == (40, 2)
    assert client.delete(url).status_code == 204
    assert not Output.objects.exists()
    assert client.get(url).status_code == 404


@time_machine.travel(TODAY)
def test_outputs_list_is_scoped_and_filtered(tree, more, broadcast, output):
    Output.objects.create(activity=broadcast, unit=tree.commune_b, kind="loudspeaker", date=datetime.date(2024, 5, 2))
    province = api_for(more["province_viewer"]).get("/api/outputs/").json()
    assert province["count"] == 2
    assert [r["date"] for r in province["results"]] == ["2024-06-03", "2024-05-02"]
    # Both communes lead the activity, so each may read the plan and its outputs.
    assert api_for(more["commune_b_editor"]).get("/api/outputs/").json()["count"] == 2
    assert api_for(more["outsider"]).get("/api/outputs/").json()["count"] == 0

    viewer = api_for(more["province_viewer"])
    assert viewer.get("/api/outputs/", {"unit": tree.commune_b.pk}).json()["count"] == 1
    assert viewer.get("/api/outputs/", {"unit": tree.province.pk}).json()["count"] == 2
    assert viewer.get("/api/outputs/", {"activity": broadcast.pk, "date_from": "2024-06-01"}).json()["count"] == 1
    assert viewer.get("/api/outputs/", {"date_to": "2024-05-31"}).json()["count"] == 1
    bad = viewer.get("/api/outputs/", {"date_from": "2024-06-30", "date_to": "2024-06-01"})
    assert bad.status_code == 400 and "date_to" in bad.json()["errors"]
    bad = viewer.get("/api/outputs/", {"date_from": "30/06/2024", "unit": "abc"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"date_from", "unit"}
    hidden = viewer.get("/api/outputs/", {"unit": tree.other_province.pk})
    assert hidden.status_code == 400
    assert hidden.json()["errors"]["unit"] == [
        f"Không có đơn vị mã {tree.other_province.pk}, hoặc bạn không được xem."
    ]


@time_machine.travel(TODAY)
def test_output_permissions_403_for_readers_404_for_strangers(tree, more, output):
    url = f"/api/outputs/{output.pk}/"
    change = {"kind": "loudspeaker", "date": "2024-06-03"}
    # May read (the plan names commune B), may not change commune A's output.
    reader = api_for(more["commune_b_editor"])
    assert reader.get(url).status_code == 200
    refused = reader.put(url, change, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Bạn không có quyền sửa sản phẩm này."
    assert reader.delete(url).status_code == 403
    stranger = api_for(more["outsider"])
    for response in (stranger.get(url), stranger.put(url, change, format="json"), stranger.delete(url)):
        assert response.status_code == 404
        assert response.json()["detail"] == "Không tìm thấy."
    assert APIClient().get(url).status_code in (401, 403)
    assert Output.objects.filter(pk=output.pk).exists()


@time_machine.travel(TODAY)
def test_recording_needs_an_editor_of_the_unit(tree, more, broadcast):
    viewer = api_for(more["province_viewer"])
    response = viewer.post("/api/outputs/", body(broadcast, tree.commune_a.pk), format="json")
    assert response.status_code == 403
    # Commune B's editor may see the plan but holds no role on commune A.
    response = api_for(more["commune_b_editor"]).post("/api/outputs/", body(broadcast, tree.commune_a.pk), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["unit"][0].startswith("Không có đơn vị mã")
    # The province editor reaches commune A (below it), so may record for it.
    response = api_for(more["province_editor"]).post("/api/outputs/", body(broadcast, tree.commune_a.pk), format="json")
    assert response.status_code == 201
    outsider = api_for(more["outsider"]).post("/api/outputs/", body(broadcast, tree.other_province.pk), format="json")
    assert outsider.status_code == 400
    assert outsider.json()["errors"]["activity"][0].startswith("Không có hoạt động mã")


@time_machine.travel(TODAY)
def test_a_closed_reporting_period_needs_an_approver(tree, more, broadcast):
    march = body(broadcast, tree.commune_a.pk, date="2024-03-01")  # Q1 closed on 10/04/2024
    refused = api_for(more["commune_editor"]).post("/api/outputs/", march, format="json")
    assert refused.status_code == 403
    assert "đã khóa" in refused.json()["detail"] and "01/03/2024" in refused.json()["detail"]
    created = api_for(more["commune_approver"]).post("/api/outputs/", march, format="json")
    assert created.status_code == 201 and created.json()["period_closed"] is True
    url = f"/api/outputs/{created.json()['id']}/"
    assert api_for(more["commune_editor"]).patch(url, {"quantity": 3}, format="json").status_code == 403
    assert api_for(more["commune_approver"]).patch(url, {"quantity": 3}, format="json").status_code == 200


@time_machine.travel(TODAY)
def test_moving_an_output_into_a_closed_period_needs_an_approver(tree, more, output):
    url = f"/api/outputs/{output.pk}/"
    response = api_for(more["commune_editor"]).patch(url, {"date": "2024-02-01"}, format="json")
    assert response.status_code == 403 and "01/02/2024" in response.json()["detail"]
    output.refresh_from_db()
    assert output.date == datetime.date(2024, 6, 3)


@time_machine.travel(TODAY)
def test_bad_output_input_is_a_400_in_vietnamese(tree, more, issued_plan, broadcast):
    client = api_for(more["commune_editor"])
    response = client.post("/api/outputs/", {"activity": broadcast.pk}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["unit"] == ["Hãy chọn đơn vị thực hiện."]
    assert errors["kind"] == ["Hãy chọn loại sản phẩm."]
    assert errors["date"] == ["Hãy nhập ngày thực hiện."]

    response = client.post(
        "/api/outputs/",
        body(broadcast, tree.commune_a.pk, kind="x", date="2024-02-30", link="không phải link"),
        format="json",
    )
    errors = response.json()["errors"]
    assert errors["kind"] == ["“x” không có trong danh mục."]
    assert errors["date"][0].startswith("Ngày không đúng định dạng")
    assert errors["link"][0].startswith("Đường dẫn không hợp lệ")

    # What only the service can judge comes back the same way.
    response = client.post("/api/outputs/", body(broadcast, tree.commune_a.pk, date="2024-07-01", quantity=0), format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["date"] == ["Ngày 01/07/2024 chưa đến: chỉ ghi nhận việc đã làm."]
    assert errors["quantity"] == ["Số lượng phải từ 1 trở lên."]
    contest = Activity.objects.get(plan=issued_plan, title="Cuộc thi tìm hiểu CCHC")
    response = client.post("/api/outputs/", body(contest, tree.commune_a.pk, kind="contest_round"), format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["unit"] == ["UBND xã Minh Đức không chủ trì hay phối hợp hoạt động này."]
    response = client.post("/api/outputs/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert not Output.objects.exists()


@time_machine.travel(TODAY)
def test_outputs_of_draft_plans_are_refused(tree, more, province_plan):
    activity = province_plan.activities.get(title="Chuyên mục CCHC trên truyền thanh xã")
    response = api_for(more["commune_editor"]).post("/api/outputs/", body(activity, tree.commune_a.pk), format="json")
    assert response.status_code == 400
    assert "kế hoạch đã ban hành" in response.json()["errors"]["activity"][0]


# --- Progress ---------------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_progress_of_one_activity(tree, more, broadcast):
    for day in (3, 20):
        Output.objects.create(activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=datetime.date(2024, 5, day))
    response = api_for(more["commune_editor"]).get(f"/api/activity-progress/{broadcast.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["activity"] == broadcast.pk and data["plan"] == broadcast.plan_id
    assert (data["status"], data["status_display"]) == ("late", "Chậm")
    assert (data["required"], data["met"], data["done_total"]) == (24, 2, 2)
    assert data["late"] == ["2024-01-31", "2024-01-31", "2024-02-29", "2024-02-29", "2024-03-31", "2024-03-31", "2024-04-30", "2024-04-30"]
    assert data["next_due"] == "2024-06-30"
    assert data["schedule_summary"].startswith("2 lần mỗi tháng") and data["understood"] is True
    assert data["today"] == "2024-06-15"
    assert api_for(more["outsider"]).get(f"/api/activity-progress/{broadcast.pk}/").status_code == 404


@time_machine.travel(TODAY)
def test_progress_list_by_plan_and_by_unit_in_bounded_queries(tree, more, issued_plan, broadcast):
    client = api_for(more["province_viewer"])
    rows = client.get("/api/activity-progress/", {"plan": issued_plan.pk}).json()
    assert rows["count"] == 4
    assert {r["activity_title"] for r in rows["results"]} == {
        "Tuyên truyền trên Cổng thông tin điện tử",
        "Chuyên mục CCHC trên truyền thanh xã",
        "Xây dựng nội dung chuyên mục",
        "Cuộc thi tìm hiểu CCHC",
    }
    commune = client.get("/api/activity-progress/", {"unit": tree.commune_a.pk}).json()
    assert {r["activity_title"] for r in commune["results"]} == {
        "Tuyên truyền trên Cổng thông tin điện tử",
        "Chuyên mục CCHC trên truyền thanh xã",
        "Xây dựng nội dung chuyên mục",
    }
    assert client.get("/api/activity-progress/", {"unit": tree.other_province.pk}).status_code == 400
    fresh = User.objects.get(pk=more["province_viewer"].pk)
    client = api_for(fresh)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/activity-progress/", {"plan": issued_plan.pk}).status_code == 200
    assert len(ctx.captured_queries) <= 8


# --- Schedules ----------------------------------------------------------------------------


@time_machine.travel(TODAY)
def test_read_an_activity_schedule(tree, more, broadcast):
    response = api_for(more["commune_editor"]).get(f"/api/activity-schedules/{broadcast.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["timing_text"] == "02 số/tháng"
    assert data["set_by_hand"] is False and data["can_set"] is False
    assert data["schedule"] == data["parsed"]
    assert data["schedule"]["kind"] == "recurring"
    assert (data["schedule"]["count"], data["schedule"]["per"]) == (2, "month")
    assert (data["schedule"]["start"], data["schedule"]["end"]) == ("2024-01-01", "2024-12-31")
    assert len(data["occurrences"]) == 24
    assert data["occurrences"][0] == {"due": "2024-01-31", "window_start": "2024-01-01", "label": "Tháng 1/2024 (1/2)"}
    assert api_for(more["outsider"]).get(f"/api/activity-schedules/{broadcast.pk}/").status_code == 404


@time_machine.travel(TODAY)
def test_set_a_schedule_by_hand_and_drop_it(tree, more, broadcast):
    url = f"/api/activity-schedules/{broadcast.pk}/"
    editor = api_for(more["province_editor"])
    response = editor.put(
        url,
        {"kind": "deadlines", "start": "2024-01-01", "end": "30/06/2024", "deadlines": ["2024-03-31", "30/06/2024"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["set_by_hand"] is True and data["set_by"] == "tinh.bientap" and data["can_set"] is True
    assert data["schedule"]["kind"] == "deadlines"
    assert data["schedule"]["deadlines"] == ["2024-03-31", "2024-06-30"]
    assert data["schedule"]["summary"].endswith("(đặt tay)")
    assert data["parsed"]["kind"] == "recurring"
    assert [o["due"] for o in data["occurrences"]] == ["2024-03-31", "2024-06-30"]
    progress = editor.get(f"/api/activity-progress/{broadcast.pk}/").json()
    assert progress["required"] == 2 and progress["status"] == "late"

    assert editor.delete(url).status_code == 204
    assert not ScheduleOverride.objects.exists()
    assert editor.get(url).json()["schedule"]["kind"] == "recurring"


@time_machine.travel(TODAY)
def test_schedule_put_permissions(tree, more, broadcast):
    url = f"/api/activity-schedules/{broadcast.pk}/"
    good = {"kind": "window", "start": "2024-06-01", "end": "2024-06-30"}
    refused = api_for(more["commune_editor"]).put(url, good, format="json")
    assert refused.status_code == 403 and "quyền đặt lịch" in refused.json()["detail"]
    assert api_for(more["province_viewer"]).put(url, good, format="json").status_code == 403
    assert api_for(more["province_viewer"]).delete(url).status_code == 403
    assert api_for(more["outsider"]).put(url, good, format="json").status_code == 404
    assert api_for(more["outsider"]).delete(url).status_code == 404
    assert not ScheduleOverride.objects.exists()


@time_machine.travel(TODAY)
def test_bad_schedule_input_is_a_400_with_the_service_messages(tree, more, broadcast):
    url = f"/api/activity-schedules/{broadcast.pk}/"
    editor = api_for(more["province_editor"])
    response = editor.put(url, {"kind": "recurring", "start": "2024-02-30", "end": "2023-12-31"}, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["start"] == ["Ngày “2024-02-30” không có thật: tháng 2/2024 chỉ có 29 ngày."]
    assert errors["end"] == ["Ngày kết thúc 31/12/2023 nằm ngoài kỳ kế hoạch (01/01/2024 - 31/12/2024)."]
    assert errors["count"] == ["Lịch định kỳ cần số lần (ví dụ 2 lần mỗi tháng)."]
    response = editor.put(url, {"kind": "sometimes", "per": "fortnight", "deadlines": "x"}, format="json")
    errors = response.json()["errors"]
    assert errors["kind"] == ["“sometimes” không có trong danh mục."]
    assert errors["start"] == ["Hãy nhập ngày bắt đầu."]
    assert errors["per"] == ["“fortnight” không có trong danh mục."]
    assert errors["deadlines"][0].startswith("Cần một danh sách")
    response = editor.put(
        url, {"kind": "deadline", "start": "2024-01-01", "end": "2024-03-31", "deadlines": ["2024-04-10"]}, format="json"
    )
    assert response.json()["errors"] == {"deadlines": ["Hạn 10/04/2024 nằm ngoài khoảng 01/01/2024 - 31/03/2024."]}
    assert not ScheduleOverride.objects.exists()


# --- OpenAPI ------------------------------------------------------------------------------

NEW_PATHS = {
    "/api/outputs/": {"get", "post"},
    "/api/outputs/{id}/": {"get", "put", "patch", "delete"},
    "/api/activity-progress/": {"get"},
    "/api/activity-progress/{id}/": {"get"},
    "/api/activity-schedules/{id}/": {"get", "put", "delete"},
}


def test_the_new_endpoints_are_documented_in_vietnamese_without_warnings(tmp_path: Path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    paths = yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    for path, methods in NEW_PATHS.items():
        operations = {m: op for m, op in paths[path].items() if m in {"get", "post", "put", "patch", "delete"}}
        assert set(operations) == methods, path
        for method, op in operations.items():
            assert op.get("summary") and not op["summary"].isascii(), (path, method)
            codes = set(op["responses"])
            if "{id}" in path:
                assert "404" in codes, (path, method)
                (param,) = [p for p in op["parameters"] if p["in"] == "path"]
                assert not param["description"].isascii()
            if method in {"post", "put", "patch", "delete"}:
                assert "403" in codes, (path, method)
            if method in {"post", "put", "patch"}:
                assert "400" in codes, (path, method)
