"""A citizen searches for a procedure from the portal home page, without diacritics, and opens it.

Then the suggest-as-you-type list is used with the keyboard alone. The search, detail and
recently-changed pages pass axe-core (WCAG 2.1 AA).
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from cchc.procedures.services import MethodData, ProcedureData, procedure_create
from tests.browser.helpers import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _catalog(tree) -> None:  # type: ignore[no-untyped-def]
    for code, name, field in [
        ("1.000894", "Thủ tục đăng ký kết hôn", "Hộ tịch"),
        ("1.001193", "Đăng ký khai sinh", "Hộ tịch"),
        ("1.000656", "Đăng ký khai tử", "Hộ tịch"),
        ("1.009972", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng"),
    ]:
        procedure_create(
            data=ProcedureData(
                code=code,
                name=name,
                field=field,
                level="commune",
                handling_unit=tree.commune_a,
                methods=[
                    MethodData("in_person", "Ngay trong ngày", "Miễn lệ phí"),
                    MethodData("online_full", "Ngay trong ngày", ""),
                ],
                online_url=f"https://dichvucong.gov.vn/p/home/{code}",
                documents="Tờ khai theo mẫu;\nGiấy tờ tùy thân.",
                steps="Bước 1: Nộp hồ sơ.\nBước 2: Nhận kết quả.",
                issued_on=datetime.date(2025, 7, 1),
                status="new",
            )
        )


def test_search_from_home_without_diacritics_and_open_the_procedure(live_server, page, tree):
    _catalog(tree)
    page.goto(f"{live_server.url}/")
    home_box = page.get_by_label("Tìm thủ tục hành chính")
    if home_box.count():
        home_box.fill("thu tuc dang ky ket hon")
        home_box.press("Enter")
    else:  # the portal home without its search box: through the nav link
        page.get_by_role("link", name="Thủ tục hành chính").first.click()
        page.get_by_role("combobox", name="Tên hoặc mã thủ tục").fill("thu tuc dang ky ket hon")
        page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_url("**/thu-tuc/?q=*")
    assert page.get_by_role("heading", name="Tìm thấy", exact=False).is_visible()
    results = page.locator(".proc-results a")
    assert results.first.inner_text() == "Thủ tục đăng ký kết hôn"
    assert violations(page) == []

    results.first.click()
    page.wait_for_url("**/thu-tuc/ma/1.000894/")
    assert page.get_by_role("heading", name="Thủ tục đăng ký kết hôn", level=1).is_visible()
    assert page.get_by_role("cell", name="Miễn lệ phí").is_visible()
    link = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
    assert link.get_attribute("href") == "https://dichvucong.gov.vn/p/home/1.000894"
    assert violations(page) == []


def test_suggestions_as_you_type_with_the_keyboard(live_server, page, tree):
    _catalog(tree)
    page.goto(f"{live_server.url}/thu-tuc/")
    assert violations(page) == []
    box = page.get_by_role("combobox", name="Tên hoặc mã thủ tục")
    box.press_sequentially("dang ky khai s", delay=20)
    listbox = page.get_by_role("listbox", name="Gợi ý thủ tục")
    # Earlier prefixes ("dang ky kh") may show more names first; the last answer wins.
    expect(listbox.get_by_role("option")).to_have_count(1)
    assert box.get_attribute("aria-expanded") == "true"
    assert violations(page) == []
    box.press("ArrowDown")
    assert listbox.get_by_role("option").first.get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/thu-tuc/ma/1.001193/")
    assert page.get_by_role("heading", name="Đăng ký khai sinh", level=1).is_visible()


def test_recently_changed_and_no_results_pages_are_accessible(live_server, page, tree):
    _catalog(tree)
    page.goto(f"{live_server.url}/thu-tuc/moi-cap-nhat/")
    assert page.get_by_role("link", name="Đăng ký khai tử").is_visible()
    assert violations(page) == []
    page.goto(f"{live_server.url}/thu-tuc/?q=zzzz+qqqq&cap=commune")
    assert page.get_by_text("Không tìm thấy thủ tục nào").is_visible()
    assert violations(page) == []
