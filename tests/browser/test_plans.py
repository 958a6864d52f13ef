"""A province plan from first draft to issue, then a commune builds its own from it.

Every page on the way passes axe-core (WCAG 2.1 AA); the detail page is saved as a
screenshot (/tmp/plan_detail.png) for a person to look at the document layout.
"""

from __future__ import annotations

import re

import pytest

from cchc.orgs.models import Role
from cchc.orgs.services import role_grant
from cchc.plans.models import Plan, PlanStatus
from tests.browser.helpers import login as _login
from tests.browser.helpers import violations as _violations
from tests.conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN_TITLE = "Kế hoạch tuyên truyền cải cách hành chính năm 2024"


def test_province_plan_is_issued_and_a_commune_derives_its_own(live_server, page, tree, people):
    boss = make_user("tinh.pheduyet", tree.province, Role.EDITOR)
    role_grant(user=boss, unit=tree.province, role=Role.APPROVER)
    _login(page, live_server, "tinh.pheduyet")

    # The list, reached from the main navigation.
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Kế hoạch"
    ).click()
    page.wait_for_url("**/staff/plans/")
    assert page.get_by_role("heading", name="Kế hoạch", exact=True).is_visible()
    assert _violations(page) == []

    # A new plan with three activities, one split into a sub-activity (added by the script).
    page.get_by_role("link", name="Tạo kế hoạch của UBND tỉnh Quảng Ngãi").click()
    page.wait_for_url("**/staff/plans/new/**")
    page.get_by_label("Trích yếu (tên kế hoạch)").fill(PLAN_TITLE)
    page.locator("#id_period_start").fill("01/01/2024")
    page.locator("#id_period_end").fill("31/12/2024")
    page.get_by_label("Kỳ kế hoạch").fill("năm 2024")
    page.get_by_label("Địa danh").fill("Quảng Ngãi")
    page.get_by_label("Mục đích, mục tiêu").fill(
        "Nâng cao nhận thức của cán bộ, công chức và người dân về CCHC."
    )
    page.locator("#id_signing_authority").fill("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH")
    page.get_by_label("Chức vụ người ký").fill("PHÓ CHỦ TỊCH")
    page.get_by_label("Họ và tên người ký").fill("Trần Phước Hiền")
    page.locator("#id_recipients").fill("Bộ Nội vụ\nCác sở, ban, ngành\nLưu: VT, NC")
    page.locator("#id_legal_bases-0-doc_type").fill("Quyết định")
    page.locator("#id_legal_bases-0-number_symbol").fill("35/QĐ-BNV")
    page.locator("#id_legal_bases-0-issued_on").fill("22/01/2024")
    page.locator("#id_legal_bases-0-issuer").fill("Bộ Nội vụ")
    page.locator("#id_themes-0-title").fill(
        "Cải cách thủ tục hành chính, một cửa, một cửa liên thông"
    )
    page.locator("#id_themes-0-areas").get_by_label("Cải cách thủ tục hành chính").check()
    rows = [
        ("Tuyên truyền trên Cổng thông tin điện tử tỉnh", tree.dept.pk, "Thường xuyên"),
        ("Chuyên mục CCHC trên hệ thống truyền thanh cơ sở", tree.commune_a.pk, "02 số/tháng"),
        ("Cuộc thi tìm hiểu CCHC", tree.dept.pk, "Quý III/2024"),
    ]
    for i, (title, lead, timing) in enumerate(rows):
        page.locator(f"#id_activities-{i}-title").fill(title)
        page.locator(f"#id_activities-{i}-leads").select_option([str(lead)])
        page.locator(f"#id_activities-{i}-timing_text").fill(timing)
        page.locator(f"#id_activities-{i}-themes").fill("1")
    page.locator("#id_activities-1-expected_outputs").fill("02 số/tháng, 10 phút/số")
    page.locator("#row-activities-1").get_by_role("button", name="Thêm hoạt động con").click()
    child = page.locator("#id_activities-3-title")
    child.wait_for()
    assert page.locator("#id_activities-3-parent").input_value() == "2"
    child.fill("Xây dựng nội dung chuyên mục")
    assert _violations(page) == []
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.wait_for_url(re.compile(r".*/staff/plans/\d+/$"))
    plan = Plan.objects.get(title=PLAN_TITLE)
    assert [a.title for a in plan.activities.filter(parent=None)] == [r[0] for r in rows]
    assert plan.activities.get(title="Xây dựng nội dung chuyên mục").parent.title == rows[1][0]  # type: ignore[union-attr]
    assert _violations(page) == []

    # Submit, approve, issue as number 40.
    page.get_by_role("button", name="Trình duyệt").click()
    page.get_by_text("Đã trình duyệt kế hoạch.").wait_for()
    page.get_by_role("button", name="Phê duyệt").click()
    page.get_by_text("Đã phê duyệt kế hoạch.").wait_for()
    page.get_by_role("link", name="Ban hành").click()
    page.get_by_label("Số văn bản").fill("40")
    page.get_by_label("Ngày ban hành").fill("01/03/2024")
    assert _violations(page) == []
    page.get_by_role("button", name="Ban hành").click()
    page.get_by_text("Đã ban hành kế hoạch số 40/KH-UBND.").wait_for()
    assert page.get_by_text("Số: 40/KH-UBND").is_visible()
    assert page.get_by_text("Quảng Ngãi, ngày 01 tháng 3 năm 2024").is_visible()
    assert Plan.objects.get(pk=plan.pk).status == PlanStatus.ISSUED
    assert _violations(page) == []
    page.set_viewport_size({"width": 1360, "height": 900})
    page.screenshot(path="/tmp/plan_detail.png", full_page=True)  # noqa: S108 - a fixed path to look at

    page.get_by_role("link", name="Xem mức độ triển khai ở cấp dưới").click()
    page.wait_for_url("**/coverage/")
    assert page.get_by_text("0/3 đơn vị đã có kế hoạch").is_visible()
    assert _violations(page) == []
    page.get_by_role("button", name="Đăng xuất").click()

    # The commune the plan names reads it and builds its own plan from it.
    _login(page, live_server, "xa.bientap")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Kế hoạch"
    ).click()
    page.get_by_label("Được giao cho đơn vị tôi").check()
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**assigned_to_me=on**")
    page.get_by_role("link", name=PLAN_TITLE).click()
    page.wait_for_url(f"**/staff/plans/{plan.pk}/")
    page.get_by_label("Đơn vị xây dựng kế hoạch").select_option(str(tree.commune_a.pk))
    page.get_by_role("button", name="Xây dựng kế hoạch cấp dưới").click()
    page.wait_for_url(re.compile(r".*/staff/plans/\d+/edit/$"))
    child_plan = Plan.objects.get(derived_from=plan)
    assert child_plan.unit_id == tree.commune_a.pk
    assert page.locator("#id_activities-0-title").input_value() == rows[1][0]
    assert _violations(page) == []

    page.goto(f"{live_server.url}/staff/plans/{plan.pk}/coverage/")
    assert page.get_by_text("1/3 đơn vị đã có kế hoạch").is_visible()
    assert _violations(page) == []


def test_editor_works_without_javascript(live_server, browser, tree, people):
    """With scripts off, rows are added by the server and nothing typed is lost."""
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    try:
        _login(page, live_server, "xa.bientap")
        page.goto(f"{live_server.url}/staff/plans/new/?unit={tree.commune_a.pk}")
        page.get_by_label("Trích yếu (tên kế hoạch)").fill("Kế hoạch CCHC của xã")
        page.locator("#id_activities-0-title").fill("Phát thanh chuyên mục CCHC")
        page.locator("#id_activities-0-lead_labels").fill("Công chức Văn hóa - Xã hội")
        page.locator("#row-activities-0").get_by_role("button", name="Thêm hoạt động con").click()
        page.locator("#id_activities-3-parent").wait_for()
        assert page.locator("#id_activities-3-parent").input_value() == "1"
        assert page.get_by_label("Trích yếu (tên kế hoạch)").input_value() == "Kế hoạch CCHC của xã"
        page.locator("#id_activities-3-title").fill("Biên tập nội dung")
        page.locator("#id_period_end").fill("01/01/2000")
        page.get_by_role("button", name="Lưu kế hoạch").click()
        assert page.get_by_role("heading", name="Chưa lưu được kế hoạch").is_visible()
        assert page.locator("#id_activities-3-title").input_value() == "Biên tập nội dung"
        # (axe-core needs scripts; the same page with errors is checked in the test below.)
        page.locator("#id_period_start").fill("01/01/2026")
        page.locator("#id_period_end").fill("31/12/2026")
        page.get_by_role("button", name="Lưu kế hoạch").click()
        page.wait_for_url(re.compile(r".*/staff/plans/\d+/$"))
        plan = Plan.objects.get(title="Kế hoạch CCHC của xã")
        assert [c.title for c in plan.activities.get(parent=None).children.all()] == [
            "Biên tập nội dung"
        ]
    finally:
        context.close()


def test_editor_with_errors_passes_axe(live_server, page, tree, people):
    _login(page, live_server, "xa.bientap")
    page.goto(f"{live_server.url}/staff/plans/new/?unit={tree.commune_a.pk}")
    page.locator("#id_activities-0-title").fill("Hoạt động chưa có chủ trì")
    page.locator("#id_period_end").fill("01/01/2000")
    page.get_by_role("button", name="Lưu kế hoạch").click()
    assert page.get_by_role("heading", name="Chưa lưu được kế hoạch").is_visible()
    assert page.get_by_text("Hãy chọn cơ quan chủ trì").first.is_visible()
    assert _violations(page) == []


def test_script_adds_rows_and_moves_activities(live_server, page, tree, people):
    _login(page, live_server, "xa.bientap")
    page.goto(f"{live_server.url}/staff/plans/new/?unit={tree.commune_a.pk}")
    page.get_by_label("Trích yếu (tên kế hoạch)").fill("Kế hoạch có sắp xếp lại")
    page.locator("#id_activities-0-title").fill("Hoạt động A")
    page.locator("#id_activities-0-lead_labels").fill("Văn phòng HĐND-UBND")
    page.locator("#id_activities-1-title").fill("Hoạt động B")
    page.locator("#id_activities-1-lead_labels").fill("Công chức Văn hóa - Xã hội")
    page.get_by_role("button", name="+ Thêm hoạt động").click()
    page.locator("#id_activities-3-title").wait_for()
    assert page.locator("[name='activities-TOTAL_FORMS']").input_value() == "4"
    page.locator("#row-activities-1").get_by_role("button", name="Chuyển lên").click()
    assert page.locator("#id_activities-1-ORDER").input_value() == "1"
    assert page.locator("#id_activities-0-ORDER").input_value() == "2"
    page.get_by_role("button", name="Lưu kế hoạch").click()
    page.wait_for_url(re.compile(r".*/staff/plans/\d+/$"))
    plan = Plan.objects.get(title="Kế hoạch có sắp xếp lại")
    assert [a.title for a in plan.activities.order_by("order")] == ["Hoạt động B", "Hoạt động A"]
