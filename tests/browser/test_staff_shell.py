"""A person signs in, browses the unit tree, searches it, and the pages pass axe-core."""

from __future__ import annotations

import pytest

from tests.browser.helpers import login, violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_violations = violations


def _login(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, username, check_axe=True)


def test_login_browse_tree_and_search_without_accessibility_violations(
    live_server, page, tree, people
):
    _login(page, live_server, "tinh.xem")
    assert page.get_by_role("heading", name="Bảng điều khiển").is_visible()
    assert _violations(page) == []

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đơn vị"
    ).click()
    page.wait_for_url("**/staff/units/")
    assert page.get_by_role("heading", name="Cây đơn vị").is_visible()
    assert _violations(page) == []

    # Expand the province in the tree and open a commune.
    page.get_by_role("link", name="UBND xã Minh Đức").first.click()
    assert page.get_by_role("heading", name="UBND xã Minh Đức").is_visible()
    assert page.get_by_text("Công chức Tư pháp - Hộ tịch").is_visible()
    assert _violations(page) == []

    # Search without diacritics; suggestions appear as one types.
    page.goto(f"{live_server.url}/staff/units/")
    box = page.get_by_label("Tìm đơn vị (không cần gõ dấu)")
    box.press_sequentially("van phong so", delay=20)
    suggestion = page.locator("#unit-suggest").get_by_role("link", name="Văn phòng Sở")
    suggestion.wait_for()
    box.press("Enter")
    page.wait_for_url("**q=van+phong+so**")
    assert page.get_by_role("heading", name="1 kết quả cho “van phong so”").is_visible()
    assert _violations(page) == []


def test_pages_fit_a_phone_screen(live_server, browser, tree, people):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="vi-VN")
    page = context.new_page()
    try:
        _login(page, live_server, "sonv.quantri")
        page.goto(f"{live_server.url}/staff/units/{tree.dept.pk}/")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        assert _violations(page) == []
        page.goto(f"{live_server.url}/staff/units/{tree.dept.pk}/roles/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        assert _violations(page) == []
        page.goto(f"{live_server.url}/staff/units/{tree.dept.pk}/new/")
        page.get_by_role("button", name="Lưu").click()
        assert page.get_by_text("Trường này là bắt buộc.").first.is_visible()
        assert _violations(page) == []
    finally:
        context.close()
