"""A commune editor records an output with a photo as evidence, then reads the unit dashboard.

Both pages pass axe-core (WCAG 2.1 AA). The browser runs on the real clock, so the plan
is for the current year.
"""

from __future__ import annotations

import datetime

import pytest

from cchc.plans.models import Activity
from cchc.plans.services import plan_create
from cchc.tracking.models import Output
from tests.browser.helpers import login as _login
from tests.browser.helpers import violations as _violations
from tests.plans.conftest import issued, province_plan_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_commune_editor_records_an_output_with_evidence_and_reads_the_dashboard(
    live_server, page, tree, people, tmp_path
):
    today = datetime.date.today()  # noqa: DTZ011 - the live server's clock, as the browser sees it
    year = today.year
    plan = issued(
        plan_create(
            data=province_plan_data(
                tree,
                title=f"Kế hoạch tuyên truyền cải cách hành chính năm {year}",
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                period_label=f"năm {year}",
            ),
            actor=people["admin"],
        )
    )
    broadcast = Activity.objects.get(plan=plan, title="Chuyên mục CCHC trên truyền thanh xã")
    photo = tmp_path / "anh-buoi-phat.png"
    photo.write_bytes(PNG)

    _login(page, live_server, "xa.bientap")
    page.goto(f"{live_server.url}/staff/activities/{broadcast.pk}/outputs/")
    assert page.get_by_role(
        "heading", name="Chuyên mục CCHC trên truyền thanh xã", level=1
    ).is_visible()
    assert page.get_by_text("Chưa có kết quả nào được ghi nhận").is_visible()
    assert _violations(page) == []

    # Sent empty first: the errors are announced and tied to their fields.
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    assert page.get_by_role("alert").get_by_text("Chưa lưu").is_visible()
    assert page.get_by_label("Ngày thực hiện").get_attribute("aria-invalid") == "true"
    assert _violations(page) == []

    page.get_by_label("Loại sản phẩm").select_option(label="Buổi phát trên loa truyền thanh")
    page.get_by_label("Ngày thực hiện").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Thời lượng (phút)").fill("10")
    page.get_by_label("Tên sản phẩm").fill("Chuyên mục CCHC số 1")
    page.get_by_label("Minh chứng (chọn được nhiều tệp)").set_input_files(str(photo))
    page.get_by_role("button", name="Ghi nhận kết quả").click()
    page.wait_for_url(f"**/staff/activities/{broadcast.pk}/outputs/#output-*")

    output = Output.objects.get()
    row = page.locator(f"#output-{output.pk}")
    assert "Chuyên mục CCHC số 1" in row.locator("td").nth(1).inner_text()
    assert row.get_by_role("link", name="anh-buoi-phat.png").is_visible()
    assert page.get_by_role("status").get_by_text("Đã ghi nhận").is_visible()
    assert _violations(page) == []

    # The dashboard of the editor's own unit, from the personal dashboard address.
    page.goto(f"{live_server.url}/staff/dashboard/")
    page.wait_for_url(f"**/staff/units/{tree.commune_a.pk}/dashboard/")
    assert page.get_by_role("heading", name="Tình hình thực hiện của UBND xã Minh Đức").is_visible()
    chart = page.get_by_role("img", name="Sản phẩm theo tháng và hình thức của UBND xã Minh Đức")
    assert chart.is_visible()
    assert chart.locator("g.bar-group").count() == 12
    assert (
        page.get_by_role(
            "table", name="Sản phẩm theo tháng và hình thức của UBND xã Minh Đức"
        ).count()
        == 1
    )
    assert _violations(page) == []

    # Every activity of the plan, from the plan's progress page linked on the dashboard.
    page.get_by_role("link", name=f"Kế hoạch tuyên truyền cải cách hành chính năm {year}").click()
    page.wait_for_url(f"**/staff/plans/{plan.pk}/progress/")
    assert page.get_by_role("rowheader", name="Chuyên mục CCHC trên truyền thanh xã").is_visible()
    assert _violations(page) == []
