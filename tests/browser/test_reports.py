"""A commune drafts and submits its quarterly report; the pages pass axe-core."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cchc.orgs.models import Role
from cchc.plans.models import ReportingDuty
from cchc.plans.services import plan_create
from cchc.reports.services import reporting_calendar_create
from tests.browser.helpers import login as _login
from tests.browser.helpers import violations as _violations
from tests.conftest import make_user
from tests.plans.conftest import issued, province_plan_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAUSE = "Định kỳ quý I, 6 tháng, quý III, năm (trước ngày 10 tháng 3, 6, 9, 12)"


def test_commune_reports_and_province_sees_completeness(live_server, page, tree, people):
    year = timezone.localdate().year
    data = province_plan_data(
        tree, period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31)
    )
    plan = issued(plan_create(data=data))
    ReportingDuty.objects.create(plan=plan, periods=CLAUSE, deadline_text=CLAUSE)
    reporting_calendar_create(plan=plan)
    make_user("tinh.duyetbc", tree.province, Role.APPROVER)

    _login(page, live_server, "xa.bientap")
    page.goto(f"{live_server.url}/staff/plans/{plan.pk}/reporting/")
    assert page.get_by_role("heading", level=1).is_visible()
    assert _violations(page) == []
    page.get_by_role("button", name="Báo cáo của đơn vị tôi").first.click()
    page.wait_for_url("**/edit/")
    assert _violations(page) == []
    page.get_by_label("Kết quả đạt được").fill("Đã phát 2 số chuyên mục CCHC mỗi tháng.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state()
    assert "Đã gửi" in page.content() or "đã gửi" in page.content()
    assert _violations(page) == []

    page.context.clear_cookies()
    _login(page, live_server, "tinh.xem")
    page.goto(f"{live_server.url}/staff/plans/{plan.pk}/reporting/")
    page.locator("th[scope=row] a").first.click()
    page.wait_for_url("**/completeness/")
    assert page.locator("svg").first.is_visible()
    assert _violations(page) == []
