"""Bad input on reports: a locked period, two reviewers at once, reviewers outside the
hierarchy. Clear Vietnamese messages, nothing lost."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cchc.orgs.models import Role
from cchc.reports import services
from cchc.reports.models import Report, ReportingPeriod, ReportStatus
from tests.conftest import client_for, make_user
from tests.reports.test_api import api_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(tree):  # type: ignore[no-untyped-def]
    return make_user("tinh.duyet", tree.province, Role.APPROVER)


def _sent(period, unit):  # type: ignore[no-untyped-def]
    report = services.report_open(period=period, unit=unit)
    return services.report_submit(
        report=report, data=services.NarrativeData(results="Đã thực hiện")
    )


def test_locked_period_refuses_changes_and_keeps_everything(tree, people, q1, approver):  # type: ignore[no-untyped-def]
    draft = services.report_open(period=q1, unit=tree.commune_a)
    draft = services.report_save(
        report=draft,
        data=services.NarrativeData(results="Bản nháp"),
        expected_revision=draft.revision,
    )
    sent = _sent(q1, tree.commune_b)
    lock_url = reverse("staff:period_lock", args=[q1.pk])
    assert client_for(people["nobody"]).post(lock_url, {"action": "lock"}).status_code == 404
    assert (
        client_for(people["province_viewer"]).post(lock_url, {"action": "lock"}).status_code == 403
    )
    assert client_for(people["province_viewer"]).get(lock_url).status_code == 405
    reviewer = client_for(approver)
    assert reviewer.post(lock_url, {"action": "lock"}).status_code == 302
    q1 = ReportingPeriod.objects.select_related("plan__unit", "to_unit").get(pk=q1.pk)
    assert q1.is_locked and q1.locked_by == approver
    page = reviewer.get(reverse("staff:period_completeness", args=[q1.pk])).content.decode()
    assert 'id="period-locked"' in page and "Mở lại kỳ báo cáo" in page
    again = reviewer.post(lock_url, {"action": "lock"}, follow=True).content.decode()
    assert "đã khóa sổ rồi" in again

    # The unit submits after the lock: refused with a clear message, its text not lost or saved.
    edit = client_for(people["commune_editor"]).post(
        reverse("staff:report_edit", args=[draft.pk]),
        {"revision": str(draft.revision), "results": "Kết quả mới", "action": "submit"},
    )
    body = edit.content.decode()
    assert edit.status_code == 400 and "đã khóa sổ" in body and "Kết quả mới" in body
    assert 'id="report-period-locked"' in body
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT and draft.results == "Bản nháp"
    with pytest.raises(ValidationError) as err:
        services.report_submit(report=draft, data=services.NarrativeData(results="x"))
    assert err.value.code == "not_editable"
    api = api_for(people["commune_editor"]).post(
        f"/api/reports/{draft.pk}/submit/", {}, format="json"
    )
    assert (
        api.status_code == 409
        and api.json()["code"] == "not_editable"
        and "khóa sổ" in api.json()["detail"]
    )
    # No new report either; returning is refused; accepting what was sent in time still works.
    with pytest.raises(ValidationError):
        services.report_open(period=q1, unit=tree.dept)
    assert not Report.objects.filter(period=q1, unit=tree.dept).exists()
    with pytest.raises(ValidationError):
        services.report_return(report=sent, reason="Sửa")
    assert services.report_accept(report=sent).status == ReportStatus.ACCEPTED
    # Reopened: the unit can send.
    assert reviewer.post(lock_url, {"action": "unlock"}).status_code == 302
    assert (
        services.report_submit(
            report=draft, data=services.NarrativeData(results="Gửi sau khi mở lại")
        ).status
        == "submitted"
    )


def test_lock_through_the_api(tree, people, q1, approver):  # type: ignore[no-untyped-def]
    url = f"/api/reporting-periods/{q1.pk}/"
    assert api_for(people["province_viewer"]).post(url + "lock/").status_code == 403
    locked = api_for(approver).post(url + "lock/")
    assert locked.status_code == 200 and locked.json()["locked_at"]
    twice = api_for(approver).post(url + "lock/")
    assert twice.status_code == 409 and twice.json()["code"] == "bad_status"
    assert api_for(approver).post(url + "unlock/").json()["locked_at"] is None
    assert api_for(approver).post(url + "unlock/").status_code == 409
    assert api_for(people["nobody"]).post(url + "lock/").status_code == 404


def test_two_reviewers_at_once(tree, q1, approver):  # type: ignore[no-untyped-def]
    report = _sent(q1, tree.commune_a)
    second = make_user("tinh.duyet2", tree.province, Role.APPROVER)
    review = reverse("staff:report_review", args=[report.pk])
    first_client, second_client = client_for(approver), client_for(second)
    # Both open the page on the same version.
    assert (
        first_client.get(review).status_code == 200 and second_client.get(review).status_code == 200
    )
    seen = str(report.revision)
    assert first_client.post(review, {"action": "accept", "revision": seen}).status_code == 302
    late = second_client.post(
        review, {"action": "return", "reason": "Thiếu số liệu", "revision": seen}
    )
    assert late.status_code == 400 and "tải lại trang" in late.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.reviewer == approver
    assert not report.events.filter(action="return").exists()
    # The same through the API, with the version read.
    stale = api_for(second).post(
        f"/api/reports/{report.pk}/return/", {"reason": "Sửa", "revision": int(seen)}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    twice = api_for(second).post(
        f"/api/reports/{report.pk}/accept/", {"revision": report.revision}, format="json"
    )
    assert twice.status_code == 409 and twice.json()["code"] == "bad_status"
    bad = api_for(second).post(
        f"/api/reports/{report.pk}/accept/", {"revision": "x"}, format="json"
    )
    assert bad.status_code == 400 and "revision" in bad.json()["errors"]


def test_reviewers_outside_the_hierarchy(tree, people, q1):  # type: ignore[no-untyped-def]
    report = _sent(q1, tree.commune_a)
    review = reverse("staff:report_review", args=[report.pk])
    outsider = make_user("phutho.duyet", tree.other_province, Role.APPROVER)
    sibling = make_user("phuong.duyet", tree.commune_b, Role.APPROVER)
    below = make_user("xa.to.duyet", tree.post_a, Role.APPROVER)
    for user in (outsider, sibling, below):
        assert client_for(user).post(review, {"action": "accept"}).status_code in (403, 404)
        assert api_for(user).post(f"/api/reports/{report.pk}/accept/").status_code in (403, 404)
    assert (
        client_for(people["commune_admin"]).post(review, {"action": "accept"}).status_code == 403
    )  # its own unit
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.reviewer is None
