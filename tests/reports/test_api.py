"""Reporting periods, reports and completeness through the REST API: the pages' permissions."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from cchc.orgs.models import Role, Unit, UnitKind, User
from cchc.orgs.services import UnitData, unit_create
from cchc.reports import services
from cchc.reports.models import Report, ReportingPeriod, ReportStatus
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PERIODS = "/api/reporting-periods/"
REPORTS = "/api/reports/"


def api_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def more(tree, people) -> dict[str, User]:  # type: ignore[no-untyped-def]
    return {
        **people,
        "province_editor": make_user("tinh.bientap", tree.province, Role.EDITOR),
        "province_approver": make_user("tinh.pheduyet", tree.province, Role.APPROVER),
        "commune_b_editor": make_user("phuong.bientap", tree.commune_b, Role.EDITOR),
        "outsider": make_user("phutho.bientap", tree.other_province, Role.EDITOR),
    }


@pytest.fixture
def report(tree, q1) -> Report:  # type: ignore[no-untyped-def]
    return services.report_open(period=q1, unit=tree.commune_a)


def _submitted(report: Report) -> Report:
    return services.report_submit(
        report=report, data=services.NarrativeData(results="Đã thực hiện")
    )


def _errors(response: Any) -> dict[str, list[str]]:
    return response.json()["errors"]  # type: ignore[no-any-return]


# --- Reporting periods ----------------------------------------------------------------


def test_periods_list_and_retrieve(tree, more, q1, periods):  # type: ignore[no-untyped-def]
    viewer = api_for(more["province_viewer"])
    response = viewer.get(PERIODS, {"plan": q1.plan_id})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["label"] for r in rows] == [p.label for p in periods]
    assert rows[0]["kind"] == "q1" and rows[0]["to_unit"]["id"] == tree.province.pk
    assert viewer.get(PERIODS, {"plan": q1.plan_id + 999}).json()["results"] == []
    bad = viewer.get(PERIODS, {"plan": "abc"})
    assert bad.status_code == 400 and "plan" in _errors(bad)
    detail = viewer.get(f"{PERIODS}{q1.pk}/")
    assert detail.status_code == 200 and detail.json()["deadline"] == "2024-03-10"
    assert api_for(more["nobody"]).get(PERIODS).json()["results"] == []
    assert api_for(more["nobody"]).get(f"{PERIODS}{q1.pk}/").status_code == 404
    assert api_for(more["outsider"]).get(f"{PERIODS}{q1.pk}/").json()["detail"] == "Không tìm thấy."
    assert api_for(None).get(PERIODS).status_code in (401, 403)


def _request(plan_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "plan": plan_id,
        "label": "Báo cáo đột xuất về TTHC",
        "start": "2024-01-01",
        "cutoff": "2024-05-15",
        "deadline": "2024-05-20",
        **extra,
    }


def test_ad_hoc_request_who_may(tree, more, issued_plan):  # type: ignore[no-untyped-def]
    body = _request(issued_plan.pk)
    assert api_for(more["province_viewer"]).post(PERIODS, body, format="json").status_code == 403
    assert api_for(more["nobody"]).post(PERIODS, body, format="json").status_code == 403
    refused = api_for(more["commune_editor"]).post(PERIODS, body, format="json")
    assert refused.status_code == 403 and "không có quyền" in refused.json()["detail"]
    hidden = api_for(more["outsider"]).post(PERIODS, body, format="json")
    assert hidden.status_code == 400 and "plan" in _errors(hidden)
    assert not ReportingPeriod.objects.exists()
    created = api_for(more["province_editor"]).post(PERIODS, body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["kind"] == "ad_hoc" and data["to_unit"]["id"] == tree.province.pk
    assert created["Location"].endswith(f"{PERIODS}{data['id']}/")


def test_ad_hoc_request_bad_input(more, issued_plan):  # type: ignore[no-untyped-def]
    editor = api_for(more["province_editor"])
    dates = editor.post(
        PERIODS, _request(issued_plan.pk, cutoff="2023-12-01", deadline="2023-11-01"), format="json"
    )
    assert dates.status_code == 400
    assert "trước ngày bắt đầu" in _errors(dates)["cutoff"][0]
    assert "trước ngày chốt" in _errors(dates)["deadline"][0]
    fmt = editor.post(
        PERIODS, _request(issued_plan.pk, start="15/01/2024", label=""), format="json"
    )
    assert (
        fmt.status_code == 400
        and "NNNN-TT-NN" in _errors(fmt)["start"][0]
        and "label" in _errors(fmt)
    )
    missing = editor.post(PERIODS, {"plan": issued_plan.pk}, format="json")
    assert missing.status_code == 400
    assert _errors(missing)["deadline"] == ["Hãy nhập hạn gửi báo cáo."]
    assert not ReportingPeriod.objects.exists()


def test_completeness(tree, more, q1):  # type: ignore[no-untyped-def]
    _submitted(services.report_open(period=q1, unit=tree.commune_a))  # after the deadline: late
    url = f"{PERIODS}{q1.pk}/completeness/"
    response = api_for(more["province_viewer"]).get(url)
    assert response.status_code == 200
    data = response.json()
    assert (data["expected"], data["received"], data["late"], data["missing"]) == (3, 1, 1, 2)
    assert data["completeness_pct"] == 33 and data["timeliness_pct"] == 0
    states = {row["unit"]["name"]: (row["state"], row["state_display"]) for row in data["rows"]}
    assert states[tree.commune_a.display_name] == ("late", "Trễ hạn")
    assert states[tree.commune_b.display_name] == ("missing", "Chưa gửi")
    row_b = next(r for r in data["rows"] if r["unit"]["id"] == tree.commune_b.pk)
    assert row_b["report"] is None and row_b["submitted_at"] is None
    assert api_for(more["nobody"]).get(url).status_code == 404
    # The commune reads the plan (it leads an activity) but not the province's completeness.
    assert api_for(more["commune_editor"]).get(f"{PERIODS}{q1.pk}/").status_code == 200
    assert api_for(more["commune_editor"]).get(url).status_code == 403
    assert api_for(more["province_viewer"]).post(url).status_code == 405


# --- Opening reports ------------------------------------------------------------------


def test_open_or_create(tree, more, q1):  # type: ignore[no-untyped-def]
    body = {"period": q1.pk, "unit": tree.commune_a.pk}
    assert api_for(more["province_viewer"]).post(REPORTS, body, format="json").status_code == 403
    assert api_for(more["nobody"]).post(REPORTS, body, format="json").status_code == 403
    other = api_for(more["commune_b_editor"]).post(REPORTS, body, format="json")
    assert other.status_code == 400 and "unit" in _errors(other)
    outsider = api_for(more["outsider"]).post(REPORTS, body, format="json")
    assert outsider.status_code == 400 and set(_errors(outsider)) == {"unit", "period"}
    assert not Report.objects.exists()
    editor = api_for(more["commune_editor"])
    created = editor.post(REPORTS, body, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "draft" and data["revision"] == 1 and data["can_edit"] is True
    assert data["figures"]["outputs_total"] == 0 and data["receiver"]["id"] == tree.province.pk
    assert [e["action"] for e in data["events"]] == ["open"]
    again = editor.post(REPORTS, body, format="json")
    assert again.status_code == 200 and again.json()["id"] == data["id"]
    assert Report.objects.count() == 1


def test_open_bad_input(tree, more, q1):  # type: ignore[no-untyped-def]
    closed = unit_create(parent=tree.province, data=UnitData(name="Xã Cũ", kind=UnitKind.COMMUNE))
    Unit.objects.filter(pk=closed.pk).update(
        valid_to=datetime.date(2024, 3, 1)
    )  # merged before the deadline
    province = api_for(more["province_editor"])
    not_expected = province.post(REPORTS, {"period": q1.pk, "unit": closed.pk}, format="json")
    assert not_expected.status_code == 400
    assert "không thuộc các đơn vị phải báo cáo" in _errors(not_expected)["non_field_errors"][0]
    editor = api_for(more["commune_editor"])
    missing = editor.post(REPORTS, {}, format="json")
    assert missing.status_code == 400 and _errors(missing)["period"] == ["Hãy chọn kỳ báo cáo."]
    wrong = editor.post(REPORTS, {"period": "x", "unit": -1}, format="json")
    assert wrong.status_code == 400 and set(_errors(wrong)) == {"period", "unit"}
    nothing = editor.post(
        REPORTS, {"period": q1.pk + 999, "unit": tree.commune_a.pk}, format="json"
    )
    assert nothing.status_code == 400 and "period" in _errors(nothing)
    junk = editor.generic("POST", REPORTS, "{not json", content_type="application/json")
    assert junk.status_code == 400


# --- Reading reports ------------------------------------------------------------------


def test_list_and_retrieve(tree, more, q1, report):  # type: ignore[no-untyped-def]
    other = services.report_open(period=q1, unit=tree.commune_b)
    _submitted(other)
    viewer = api_for(more["province_viewer"])
    rows = viewer.get(REPORTS).json()["results"]
    assert {r["id"] for r in rows} == {report.pk, other.pk}
    assert [r["id"] for r in viewer.get(REPORTS, {"status": "submitted"}).json()["results"]] == [
        other.pk
    ]
    assert [
        r["id"] for r in viewer.get(REPORTS, {"unit": tree.commune_a.pk}).json()["results"]
    ] == [report.pk]
    assert viewer.get(REPORTS, {"period": q1.pk + 999}).json()["results"] == []
    bad = viewer.get(REPORTS, {"status": "done"})
    assert bad.status_code == 400 and "status" in _errors(bad)
    hidden = viewer.get(REPORTS, {"unit": tree.other_province.pk})
    assert hidden.status_code == 400 and "unit" in _errors(hidden)
    # Each unit sees its own report only.
    commune_rows = api_for(more["commune_editor"]).get(REPORTS).json()["results"]
    assert [r["id"] for r in commune_rows] == [report.pk]
    assert api_for(more["nobody"]).get(REPORTS).json()["results"] == []
    detail = viewer.get(f"{REPORTS}{report.pk}/")
    assert detail.status_code == 200
    data = detail.json()
    assert data["unit"]["id"] == tree.commune_a.pk and data["can_edit"] is False
    assert "activities" in data["figures"] and data["events"][0]["action_display"] == "Mở báo cáo"
    assert api_for(more["commune_b_editor"]).get(f"{REPORTS}{report.pk}/").status_code == 404
    assert api_for(more["nobody"]).get(f"{REPORTS}{report.pk}/").status_code == 404


def test_reviewer_through_another_unit_sees_the_report(tree, more, q1, report):  # type: ignore[no-untyped-def]
    ReportingPeriod.objects.filter(pk=q1.pk).update(through_unit=tree.dept)
    dept_viewer = api_for(make_user("sonv.xem", tree.dept, Role.VIEWER))
    assert dept_viewer.get(f"{REPORTS}{report.pk}/").status_code == 200
    assert [r["id"] for r in dept_viewer.get(REPORTS).json()["results"]] == [report.pk]


# --- Writing reports ------------------------------------------------------------------


def _narrative(revision: int, **extra: Any) -> dict[str, Any]:
    return {
        "revision": revision,
        "results": "Đã đăng 6 tin",
        "proposals": "Bổ sung kinh phí",
        **extra,
    }


def test_update_narrative(tree, more, report):  # type: ignore[no-untyped-def]
    url = f"{REPORTS}{report.pk}/"
    editor = api_for(more["commune_editor"])
    saved = editor.put(url, _narrative(report.revision), format="json")
    assert saved.status_code == 200, saved.json()
    data = saved.json()
    assert (
        data["results"] == "Đã đăng 6 tin" and data["shortcomings"] == "" and data["revision"] == 2
    )
    assert [e["action"] for e in data["events"]] == ["save", "open"]
    stale = editor.put(url, _narrative(1, results="Bản cũ"), format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert "tải lại trang" in stale.json()["detail"]
    report.refresh_from_db()
    assert report.results == "Đã đăng 6 tin" and report.revision == 2
    no_revision = editor.put(url, {"results": "x"}, format="json")
    assert no_revision.status_code == 400 and "revision" in _errors(no_revision)
    too_long = editor.put(url, _narrative(2, results="x" * (services.MAX_TEXT + 1)), format="json")
    assert too_long.status_code == 400 and "results" in _errors(too_long)
    assert (
        api_for(more["province_viewer"]).put(url, _narrative(2), format="json").status_code == 403
    )
    assert api_for(more["dept_editor"]).put(url, _narrative(2), format="json").status_code == 404
    assert (
        api_for(more["commune_b_editor"]).put(url, _narrative(2), format="json").status_code == 404
    )
    assert (
        api_for(more["commune_editor"]).patch(url, _narrative(2), format="json").status_code == 405
    )


def test_submit(tree, more, report):  # type: ignore[no-untyped-def]
    url = f"{REPORTS}{report.pk}/submit/"
    editor = api_for(more["commune_editor"])
    assert api_for(more["province_viewer"]).post(url).status_code == 403
    assert api_for(more["nobody"]).post(url).status_code == 404
    empty = editor.post(url)
    assert empty.status_code == 400 and "kết quả đạt được" in _errors(empty)["results"][0]
    editor.put(f"{REPORTS}{report.pk}/", _narrative(1), format="json")
    stale = editor.post(url, {"revision": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    bad = editor.post(url, {"revision": "hai"}, format="json")
    assert bad.status_code == 400 and "revision" in _errors(bad)
    sent = editor.post(url, {"revision": 2}, format="json")
    assert sent.status_code == 200
    assert (
        sent.json()["status"] == "submitted"
        and sent.json()["submitted_at"]
        and sent.json()["can_edit"] is False
    )
    again = editor.post(url)
    assert again.status_code == 409 and again.json()["code"] == "bad_status"
    locked = editor.put(f"{REPORTS}{report.pk}/", _narrative(3), format="json")
    assert locked.status_code == 409 and locked.json()["code"] == "bad_status"
    refresh = editor.post(f"{REPORTS}{report.pk}/refresh/")
    assert refresh.status_code == 409 and refresh.json()["code"] == "bad_status"


def test_refresh(more, report):  # type: ignore[no-untyped-def]
    url = f"{REPORTS}{report.pk}/refresh/"
    editor = api_for(more["commune_editor"])
    assert api_for(more["province_viewer"]).post(url).status_code == 403
    stale = editor.post(url, {"revision": 7}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    done = editor.post(url, {"revision": 1}, format="json")
    assert done.status_code == 200 and done.json()["revision"] == 2
    assert done.json()["events"][0]["action"] == "refresh"


def test_accept_and_return(tree, more, report):  # type: ignore[no-untyped-def]
    accept, give_back = f"{REPORTS}{report.pk}/accept/", f"{REPORTS}{report.pk}/return/"
    approver = api_for(more["province_approver"])
    draft = approver.post(accept)
    assert draft.status_code == 409 and draft.json()["code"] == "bad_status"
    draft_return = approver.post(give_back, {"reason": "Sửa"}, format="json")
    assert draft_return.status_code == 409 and draft_return.json()["code"] == "bad_status"
    _submitted(report)
    # The unit cannot review itself; viewers and editors of the receiver cannot either.
    for name in ("commune_editor", "province_viewer", "province_editor"):
        assert api_for(more[name]).post(accept).status_code == 403, name
        assert (
            api_for(more[name]).post(give_back, {"reason": "x"}, format="json").status_code == 403
        ), name
    assert api_for(more["commune_b_editor"]).post(accept).status_code == 404
    no_reason = approver.post(give_back, {"reason": "  "}, format="json")
    assert no_reason.status_code == 400 and "lý do" in _errors(no_reason)["reason"][0]
    missing = approver.post(give_back, {}, format="json")
    assert missing.status_code == 400 and "reason" in _errors(missing)
    returned = approver.post(give_back, {"reason": "Thiếu số liệu hội nghị"}, format="json")
    assert returned.status_code == 200
    data = returned.json()
    assert data["status"] == "returned" and data["events"][0]["note"] == "Thiếu số liệu hội nghị"
    wrong = approver.post(accept)
    assert wrong.status_code == 409 and wrong.json()["code"] == "bad_status"
    # Corrected and sent again, then accepted; an accepted report can still be returned.
    report.refresh_from_db()
    _submitted(report)
    accepted = approver.post(accept)
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["can_return"] is True and accepted.json()["can_accept"] is False
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewer == more["province_approver"]
    assert approver.post(accept).json()["code"] == "bad_status"


def test_plan_unit_report_shows_rollup(tree, more, q1, report):  # type: ignore[no-untyped-def]
    services.report_accept(report=_submitted(report))
    top = api_for(more["province_editor"]).post(
        REPORTS, {"period": q1.pk, "unit": tree.province.pk}, format="json"
    )
    assert top.status_code == 201
    rollup = top.json()["rollup"]
    assert rollup["children"] == 1
    assert [s["source"] for s in rollup["sources"]] == ["own", "child"]
    assert top.json()["rollup_changes"] == []


# --- Schema ---------------------------------------------------------------------------

REPORT_PATHS = {
    "/api/reporting-periods/": {"get", "post"},
    "/api/reporting-periods/{id}/": {"get"},
    "/api/reporting-periods/{id}/completeness/": {"get"},
    "/api/reporting-periods/{id}/completeness-tree/": {"get"},
    "/api/reporting-periods/{id}/lock/": {"post"},
    "/api/reporting-periods/{id}/unlock/": {"post"},
    "/api/par-index/{id}/": {"get"},
    "/api/reports/": {"get", "post"},
    "/api/reports/{id}/": {"get", "put"},
    "/api/reports/{id}/submit/": {"post"},
    "/api/reports/{id}/refresh/": {"post"},
    "/api/reports/{id}/accept/": {"post"},
    "/api/reports/{id}/return/": {"post"},
}


def test_every_endpoint_is_documented() -> None:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, methods in REPORT_PATHS.items():
        ops = {
            m: op
            for m, op in schema["paths"][path].items()
            if m in {"get", "post", "put", "patch", "delete"}
        }
        assert set(ops) == methods, path
        for method, op in ops.items():
            assert op.get("summary") and not op["summary"].isascii(), (path, method)
            codes = set(op["responses"])
            assert codes & {"200", "201"}, (path, method)
            if "{id}" in path:
                assert "404" in codes, (path, method)
            if method in {"post", "put"}:
                assert {"400", "403"} <= codes, (path, method)
            if path.startswith("/api/reports/{id}/") and method in {"post", "put"}:
                assert "409" in codes, (path, method)
    components = schema["components"]["schemas"]
    assert "ReportStatusEnum" in components and "SubmissionStateEnum" in components
    assert not components["ReportDetail"]["description"].isascii()
