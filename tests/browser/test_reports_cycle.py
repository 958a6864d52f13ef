"""The review cycle in a real browser: a commune submits, the province returns it with a
reason, the commune corrects and resubmits, the province accepts and sees completeness
change. Every page visited passes axe-core (WCAG 2.1 AA). The browser runs on the real
clock, so the plan is for the current year."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cchc.orgs.models import Role
from cchc.plans.models import ReportingDuty
from cchc.plans.services import plan_create
from cchc.reports.models import Report, ReportStatus
from cchc.reports.services import reporting_calendar_create
from tests.browser.helpers import login, violations
from tests.conftest import make_user
from tests.plans.conftest import issued, province_plan_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLAUSE = "Định kỳ quý I, 6 tháng, quý III, năm (trước ngày 10 tháng 3, 6, 9, 12)"


def _row_state(page, unit_pk: int) -> str:  # type: ignore[no-untyped-def]
    return page.locator(f"#completeness-table tr[data-unit='{unit_pk}']").get_attribute(
        "data-state"
    )


def test_return_correct_resubmit_accept_changes_completeness(live_server, page, tree, people):  # type: ignore[no-untyped-def]
    year = timezone.localdate().year
    data = province_plan_data(
        tree, period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31)
    )
    plan = issued(plan_create(data=data))
    ReportingDuty.objects.create(plan=plan, periods=CLAUSE, deadline_text=CLAUSE)
    period = reporting_calendar_create(plan=plan)[0]
    make_user("tinh.duyetbc", tree.province, Role.APPROVER)
    completeness = f"{live_server.url}/staff/reporting-periods/{period.pk}/completeness/"

    # 1. The commune drafts and submits.
    login(page, live_server, "xa.bientap")
    page.goto(f"{live_server.url}/staff/plans/{plan.pk}/reporting/")
    page.get_by_role("button", name="Báo cáo của đơn vị tôi").first.click()
    page.wait_for_url("**/edit/")
    page.get_by_label("Kết quả đạt được").fill("Đã phát 2 số chuyên mục CCHC mỗi tháng.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_url("**/reports/*/")
    assert page.get_by_text("Đã gửi, chờ xem xét").first.is_visible()
    assert violations(page) == []
    report = Report.objects.get(period=period, unit=tree.commune_a)

    # 2. The province sees it received, then returns it with a reason.
    page.context.clear_cookies()
    login(page, live_server, "tinh.duyetbc")
    page.goto(completeness)
    assert _row_state(page, tree.commune_a.pk) in ("on_time", "late")
    received_before = page.locator("#levels-table tbody tr").first.locator("td").nth(1).inner_text()
    assert violations(page) == []
    page.locator(f"#completeness-table tr[data-unit='{tree.commune_a.pk}'] th a").click()
    page.get_by_role("link", name="Xem xét báo cáo").click()
    page.wait_for_url("**/review/")
    assert violations(page) == []
    page.get_by_role("button", name="Trả lại").click()  # no reason: refused, nothing changed
    assert page.get_by_role("alert").get_by_text("lý do").is_visible()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    page.get_by_label("Lý do trả lại").fill("Bổ sung số người nghe và đường dẫn minh chứng.")
    page.get_by_role("button", name="Trả lại").click()
    page.wait_for_url("**/reports/*/")
    page.goto(completeness)
    assert _row_state(page, tree.commune_a.pk) == "missing"  # returned: no longer received
    received_returned = (
        page.locator("#levels-table tbody tr").first.locator("td").nth(1).inner_text()
    )
    assert int(received_returned) == int(received_before) - 1

    # 3. The commune reads the reason, corrects and resubmits.
    page.context.clear_cookies()
    login(page, live_server, "xa.bientap")
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/edit/")
    assert page.get_by_role("alert").get_by_text("Bổ sung số người nghe").is_visible()
    assert violations(page) == []
    page.get_by_label("Kết quả đạt được").fill("Đã phát 24 số chuyên mục, khoảng 3.000 người nghe.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_url("**/reports/*/")

    # 4. The province accepts; completeness counts it again.
    page.context.clear_cookies()
    login(page, live_server, "tinh.duyetbc")
    page.goto(f"{live_server.url}/staff/reports/{report.pk}/review/")
    assert page.get_by_text("khoảng 3.000 người nghe").is_visible()
    page.get_by_role("button", name="Tiếp nhận").click()
    page.wait_for_url("**/reports/*/")
    assert page.get_by_text("Đã tiếp nhận").first.is_visible()
    page.goto(completeness)
    assert _row_state(page, tree.commune_a.pk) in ("on_time", "late")
    received_after = page.locator("#levels-table tbody tr").first.locator("td").nth(1).inner_text()
    assert int(received_after) == int(received_before)
    assert violations(page) == []
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.events.order_by("pk").values_list("action", flat=True)) == [
        "open",
        "submit",
        "return",
        "submit",
        "accept",
    ]


def test_drill_down_and_par_index_pages_pass_axe(live_server, page, tree, people):  # type: ignore[no-untyped-def]
    from cchc.orgs.models import UnitKind
    from cchc.orgs.services import UnitData, unit_create
    from cchc.plans.models import Activity
    from cchc.tracking.models import Output

    year = timezone.localdate().year
    data = province_plan_data(
        tree, period_start=datetime.date(year, 1, 1), period_end=datetime.date(year, 12, 31)
    )
    plan = issued(plan_create(data=data))
    period = reporting_calendar_create(plan=plan)[0]
    district = unit_create(
        parent=tree.province, data=UnitData(name="Huyện Sơn Tịnh", kind=UnitKind.DISTRICT)
    )
    unit_create(parent=district, data=UnitData(name="Xã Tịnh Hà", kind=UnitKind.COMMUNE))
    broadcast = Activity.objects.get(plan=plan, title="Chuyên mục CCHC trên truyền thanh xã")
    Output.objects.create(
        activity=broadcast, unit=tree.commune_a, kind="loudspeaker", date=datetime.date(year, 1, 5)
    )

    login(page, live_server, "tinh.xem")
    page.goto(f"{live_server.url}/staff/reporting-periods/{period.pk}/completeness/")
    assert page.locator("#levels-table tbody tr").count() == 2
    page.get_by_role("link", name=f"Xem các đơn vị cấp dưới của {district.display_name}").click()
    page.wait_for_url(f"**/completeness/?unit={district.pk}")
    assert page.get_by_role("heading", level=1).inner_text().endswith(district.display_name)
    assert violations(page) == []
    page.goto(f"{live_server.url}/staff/units/{tree.commune_a.pk}/par-index/?year={year}")
    assert page.locator("#par-parts tbody tr").count() == 3
    assert page.locator("#par-parts tr[data-part='traditional'] td").first.inner_text() == "0,50"
    assert violations(page) == []
    page.get_by_label("Năm").fill("năm ngoái")
    page.get_by_role("button", name="Xem").click()
    assert page.get_by_role("alert").get_by_text("Năm phải là một số").is_visible()
    assert violations(page) == []
