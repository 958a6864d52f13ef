"""Who may use each reporting page, and what bad input does."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cchc.orgs.models import Role
from cchc.reports import services
from cchc.reports.models import ReportingPeriod, ReportStatus
from tests.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def test_calendar_page_and_generate(tree, people, issued_plan):  # type: ignore[no-untyped-def]
    url = reverse("staff:plan_reporting", args=[issued_plan.pk])
    gen = reverse("staff:plan_reporting_generate", args=[issued_plan.pk])
    assert client_for(people["nobody"]).get(url).status_code == 404
    assert client_for(people["province_viewer"]).post(gen).status_code == 403
    editor = client_for(make_user("tinh.bt", tree.province, Role.EDITOR))
    assert editor.get(gen).status_code == 405
    assert editor.post(gen).status_code == 302
    page = editor.get(url)
    assert page.status_code == 200 and "Quý I/2024" in page.content.decode()
    bad = editor.post(
        reverse("staff:reporting_request_create", args=[issued_plan.pk]),
        {"label": "Đột xuất", "start": "32/13/2024", "cutoff": "", "deadline": ""},
    )
    assert bad.status_code == 400 and "ngày/tháng/năm" in bad.content.decode()
    assert ReportingPeriod.objects.filter(kind="ad_hoc").count() == 0


def test_open_edit_submit_review(tree, people, q1):  # type: ignore[no-untyped-def]
    open_url = reverse("staff:report_open", args=[q1.pk, tree.commune_a.pk])
    editor = client_for(people["commune_editor"])
    assert editor.get(open_url).status_code == 405
    assert client_for(people["province_viewer"]).post(open_url).status_code == 403
    response = editor.post(open_url)
    assert response.status_code == 302
    report = q1.reports.get(unit=tree.commune_a)
    edit = reverse("staff:report_edit", args=[report.pk])
    assert client_for(people["province_viewer"]).get(edit).status_code == 403
    assert client_for(make_user("xa.b", tree.commune_b, Role.EDITOR)).get(edit).status_code == 404
    stale = editor.post(edit, {"revision": "0", "results": "Kết quả", "action": "save"})
    assert stale.status_code == 400 and "tải lại trang" in stale.content.decode()
    missing = editor.post(
        edit, {"revision": str(report.revision), "results": "", "action": "submit"}
    )
    assert missing.status_code == 400
    assert (
        editor.post(
            edit, {"revision": str(report.revision), "results": "Kết quả", "action": "submit"}
        ).status_code
        == 302
    )
    detail = reverse("staff:report_detail", args=[report.pk])
    assert client_for(people["province_viewer"]).get(detail).status_code == 200
    assert client_for(people["nobody"]).get(detail).status_code == 404
    review = reverse("staff:report_review", args=[report.pk])
    assert editor.get(review).status_code == 403  # the unit cannot review itself
    assert client_for(people["commune_admin"]).post(review, {"action": "accept"}).status_code == 403
    approver = client_for(make_user("tinh.duyet", tree.province, Role.APPROVER))
    no_reason = approver.post(review, {"action": "return", "reason": ""})
    assert no_reason.status_code == 400 and "lý do" in no_reason.content.decode()
    assert approver.post(review, {"action": "return", "reason": "Bổ sung"}).status_code == 302
    assert (
        approver.post(review, {"action": "accept"}).status_code == 400
    )  # returned: resubmit first
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED


def test_completeness_page(tree, people, q1):  # type: ignore[no-untyped-def]
    services.report_submit(
        report=services.report_open(period=q1, unit=tree.commune_a),
        data=services.NarrativeData(results="Đã làm"),
    )
    url = reverse("staff:period_completeness", args=[q1.pk])
    assert client_for(people["nobody"]).get(url).status_code == 404
    assert client_for(people["commune_editor"]).get(url).status_code == 404
    page = client_for(people["province_viewer"]).get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "<svg" in body and "Chưa gửi" in body and "Trễ hạn" in body
    assert client_for(people["province_viewer"]).post(url).status_code == 405
